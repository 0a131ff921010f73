"""Rendering result rows as terminal tables, CSV, JSON or Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from collections.abc import Sequence
from typing import Any

import orjson

from rich.console import Console
from rich.table import Table

FORMATS = ("text", "csv", "json", "markdown")


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def to_json(value: Any) -> str:
    """JSON with dates as ISO strings and non-ASCII kept readable."""
    return json.dumps(value, default=_plain, ensure_ascii=False, indent=2)


def to_json_bytes(value: Any) -> bytes:
    """``to_json`` on one line, as UTF-8: orjson, many times faster for large values (dataclasses
    such as Finding are encoded field by field, as their ``to_dict`` gives them)."""
    return orjson.dumps(value, default=_plain, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(_plain(value))


def _shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def render_rows(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "text", title: str | None = None, max_cell: int | None = None
) -> str:
    """Render rows in one of FORMATS; ``text`` is a rich table for terminals.

    In ``text`` and ``markdown``, ``max_cell`` cuts longer cell values short with '…'.
    """
    if fmt == "json":
        return to_json([dict(zip(columns, map(_plain, row))) for row in rows])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else _plain(v) for v in row] for row in rows])
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        def esc(v: Any) -> str:
            return _shorten(_cell(v), max_cell).replace("|", "\\|").replace("\n", " ")
        lines = [f"**{title}**", ""] if title else []
        lines.append("| " + " | ".join(esc(c) for c in columns) + " |")
        lines.append("|" + "|".join("---" for _ in columns) + "|")
        lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
        return "\n".join(lines)
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    table = Table(title=title, show_lines=False, title_justify="left")
    for c in columns:
        table.add_column(str(c), overflow="fold")
    for row in rows:
        table.add_row(*(_shorten(_cell(v), max_cell) for v in row))
    console = Console(file=io.StringIO(), width=_width(), force_terminal=False, color_system=None)
    console.print(table)
    return console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]


def _width() -> int:
    import shutil

    return max(80, shutil.get_terminal_size((120, 24)).columns)
