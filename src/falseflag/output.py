"""Showing values to people (terminal tables, Markdown) and to machines (CSV, JSON).

Every value keeps its own characters. Nothing is read as markup: rich gets ``Text``
objects, never strings it would parse for ``[bold]`` or ``:emoji:``; Markdown escapes
the characters that would format; in the terminal, control characters (other than
newline and tab) are shown as escapes such as ``\\x1b``, so that a value cannot move
the cursor or change colours.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
import re
import shutil
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from rich.cells import cell_len
from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

FORMATS = ("text", "csv", "json", "markdown")

WORD_FLOOR = 32
"""A one-word cell (an id, a number, a code) up to this many characters is never broken."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKDOWN = re.compile(r"[\\`*\[\]|]|(?<!\w)_|_(?!\w)|<(?=[A-Za-z/!?])|~~|&(?=#?\w+;)")


# -- single values ---------------------------------------------------------------------


def display(value: Any) -> str:
    """A value as text, written the way DuckDB writes it (``[1, 2]``, ``{'a': 1}``, ``true``)."""
    if value is None:
        return "NULL"
    return _display(value, top=True)


def _display(value: Any, top: bool = False) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return value if top or not _needs_quotes(value) else "'" + value.replace("'", "''") + "'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return blob_text(bytes(value))
    if isinstance(value, dt.timedelta):
        return interval_text(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_display(k)}: {_display(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_display(v) for v in value) + "]"
    return str(value)


def _needs_quotes(value: str) -> bool:
    return value == "" or any(c in value for c in ",[]{}:'") or value != value.strip()


def _float_text(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def blob_text(value: bytes) -> str:
    """Bytes as DuckDB shows a BLOB: printable ASCII as itself, every other byte as ``\\xNN``."""
    return "".join(chr(b) if 0x20 <= b < 0x7F and b != 0x5C else f"\\x{b:02X}" for b in value)


def interval_text(value: dt.timedelta) -> str:
    """A duration as ISO 8601 (``P3DT2H``); DuckDB gives intervals to Python as timedelta."""
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    days, seconds, micros = value.days, value.seconds, value.microseconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if secs or micros:
        time += f"{secs}.{micros:06d}".rstrip("0").rstrip(".") + "S"
    text = (f"{days}D" if days else "") + (f"T{time}" if time else "")
    return f"{sign}P{text or 'T0S'}"


def json_value(value: Any) -> Any:
    """A value as plain JSON data: every DuckDB type has a faithful, valid form.

    Integers of any size stay numbers; a DECIMAL is a number when a float keeps its digits,
    else a string; NaN and infinities are the strings ``"NaN"``, ``"Infinity"``,
    ``"-Infinity"``; dates and times are ISO 8601; an INTERVAL is an ISO 8601 duration; a
    UUID is its string; a BLOB is its DuckDB text (``\\xNN`` escapes); a MAP is an object
    whose keys are the keys' text.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return json_value(float(value))
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
            return int(value)
        as_float = float(value)
        return as_float if decimal.Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return interval_text(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return blob_text(bytes(value))
    if isinstance(value, dict):
        return {k if isinstance(k, str) else display(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_value(v) for v in value]
    if hasattr(value, "to_dict"):
        return json_value(value.to_dict())
    return str(value)


def to_json(value: Any) -> str:
    """Indented JSON, non-ASCII kept readable, every value in its ``json_value`` form."""
    try:  # the C encoder, when every float is finite and every key a plain one
        return json.dumps(value, default=json_value, ensure_ascii=False, indent=2, allow_nan=False)
    except (ValueError, TypeError):
        try:
            return json.dumps(json_value(value), ensure_ascii=False, indent=2, allow_nan=False)
        except (RecursionError, ValueError) as exc:
            raise TypeError(f"cannot be written as JSON: {exc}") from None


def to_json_bytes(value: Any) -> bytes:
    """``to_json`` on one line, as UTF-8: orjson, many times faster for large values (dataclasses
    such as Finding are encoded field by field, as their ``to_dict`` gives them).

    Raises TypeError for a value JSON cannot hold (a structure that contains itself)."""
    try:
        return orjson.dumps(value, default=json_value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME)
    except orjson.JSONEncodeError as exc:
        if "Integer exceeds 64-bit range" not in str(exc):
            raise TypeError(str(exc)) from None
        return json.dumps(json_value(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


# -- text for terminals -----------------------------------------------------------------


def terminal_safe(text: str) -> str:
    """Control characters (but newline and tab) as visible escapes: ``\\x1b``, ``\\r``."""
    return _CONTROL.sub(lambda m: {"\r": "\\r", "\x00": "\\0"}.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


def shorten(text: str, limit: int | None) -> str:
    """At most ``limit`` characters, the last one '…' when cut."""
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 file``, ``2 files``, ``1,000 rows``."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def terminal_width() -> int:
    return max(60, shutil.get_terminal_size((120, 24)).columns)


def make_console(file: Any = None, width: int | None = None) -> Console:
    """A console that prints exactly what it is given: no markup, emoji codes or highlighting."""
    return Console(
        file=file, width=width, force_terminal=False, color_system=None, markup=False, emoji=False, highlight=False, soft_wrap=False
    )


def render(renderable: Any, width: int | None = None) -> str:
    """A rich renderable as plain text lines."""
    console = make_console(io.StringIO(), width or terminal_width())
    console.print(renderable)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip(" ") for line in text.rstrip("\n").split("\n"))


# -- rows ---------------------------------------------------------------------------------


def markdown_escape(text: str) -> str:
    """Text for a Markdown table cell: formatting characters escaped, newlines as spaces."""
    return _MARKDOWN.sub(lambda m: "".join("\\" + c for c in m.group()), text).replace("\r\n", " ").replace("\n", " ")


def render_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str = "text",
    title: str | None = None,
    max_cell: int | None = None,
    width: int | None = None,
) -> str:
    """Rows in one of FORMATS. ``text`` is a terminal table, or one block per row when the
    table would not fit ``width``; in ``text`` and ``markdown`` ``max_cell`` cuts long values."""
    if fmt == "json":
        return to_json([dict(zip(columns, row)) for row in rows])
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(buf, columns, rows)
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        def cell(v: Any) -> str:
            return markdown_escape(shorten("" if v is None else display(v), max_cell))
        lines = [f"**{markdown_escape(title)}**", ""] if title else []
        lines.append("| " + " | ".join(markdown_escape(str(c)) for c in columns) + " |")
        lines.append("|" + "|".join("---" for _ in columns) + "|")
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
        return "\n".join(lines)
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return render(text_table(columns, rows, title, max_cell, width or terminal_width()), width)


def write_csv(fh: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]], header: bool = True) -> None:
    """CSV (RFC 4180) with empty cells for NULL."""
    writer = csv.writer(fh, lineterminator="\n")
    if header:
        writer.writerow(columns)
    writer.writerows([["" if v is None else (v if isinstance(v, str) else display(v)) for v in row] for row in rows])


def text_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str | None, max_cell: int | None, width: int) -> Any:
    """A rich Table whose headers and one-word cells stay whole, or one block per row when
    they cannot all fit in ``width``."""
    headers = [terminal_safe(str(c)) for c in columns]
    cells = [[terminal_safe(shorten("" if v is None else display(v), max_cell)) for v in row] for row in rows]
    floors = []
    for j, header in enumerate(headers):
        words = [cell_len(row[j]) for row in cells if len(row[j]) <= WORD_FLOOR and not any(c.isspace() for c in row[j])]
        floors.append(max([cell_len(header), *words]))
    if len(headers) > 1 and sum(floors) + 3 * len(headers) + 1 > width:
        return records(headers, cells, title)
    table = Table(title=Text(terminal_safe(title)) if title else None, title_justify="left", show_lines=False)
    for header, floor in zip(headers, floors):
        table.add_column(Text(header), min_width=floor, overflow="fold")
    for row in cells:
        table.add_row(*(Text(c) for c in row))
    return table


def records(headers: list[str], cells: list[list[str]], title: str | None) -> Any:
    """One block per row: each column's name, then its value (for tables too wide for the terminal)."""
    parts: list[Any] = [Text(terminal_safe(title))] if title else []
    for i, row in enumerate(cells, 1):
        parts.append(Rule(Text(f"{i} of {len(cells)}"), align="left", characters="─"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for header, value in zip(headers, row):
            grid.add_row(Text(header), Text(value))
        parts.append(grid)
    if not cells:
        parts.append(Text("(no rows)"))
    return Group(*parts)
