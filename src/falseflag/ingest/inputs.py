"""Reading a user's articles: text files, web pages, and JSON Lines or CSV files of one article a row.

``read_inputs`` yields a ``Source`` for every article and a ``Skipped`` for every input that
cannot be one (named by file, and line or row), so that one bad file never stops the rest:

* ``.txt``: one article, its bytes decoded as UTF-8 and kept exactly as ``articles.text``;
* ``.html`` / ``.htm``: the main text, extracted by trafilatura, with the page's title,
  date, site name and author from its metadata;
* ``.jsonl``: one JSON object a line; ``.csv``: one row a line, with a header. Column
  ``text`` and, where known, ``title``, ``outlet``, ``published``, ``url``, ``id``, ``author``.

A folder is read recursively, in name order; files in it with other endings, and hidden
files, are passed over.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv")
COLUMNS = ("text", "title", "outlet", "published", "url", "id", "author")
MIN_PAGE_WORDS = 10
"""A web page whose main text is shorter than this holds no article (a menu, a login wall)."""


@dataclass
class Source:
    """One article as read: its text exactly, and what the input says about it."""

    text: str
    source_file: str
    title: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    outlet: str | None = None
    outlet_evidence: str | None = None
    author: str | None = None
    url: str | None = None


@dataclass
class Skipped:
    """An input (or one row of it) that gave no article, and why."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def expand(paths: list[str | Path]) -> Iterator[tuple[Path, str] | Skipped]:
    """(file, the name it goes by) for every input file; folders recursively, in name order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or file.suffix.lower() not in SUFFIXES:
                    continue
                yield file, relative.as_posix()
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                yield Skipped(str(path), f"not an article file: falseflag ingest reads {', '.join(SUFFIXES)}")
            else:
                yield path, path.name
        elif path.exists():
            yield Skipped(str(path), "not a regular file or folder")
        else:
            yield Skipped(str(path), "does not exist")


def read_inputs(paths: list[str | Path]) -> Iterator[Source | Skipped]:
    """Every article of the inputs, and every input that gave none."""
    for item in expand(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        file, name = item
        try:
            raw = file.read_bytes()
        except OSError as exc:
            yield Skipped(str(file), f"cannot be read: {exc.strerror or exc}")
            continue
        suffix = file.suffix.lower()
        if suffix == ".txt":
            yield _text_file(raw, name, str(file))
        elif suffix in (".html", ".htm"):
            yield _web_page(raw, name, str(file))
        elif suffix == ".jsonl":
            yield from _json_lines(raw, name, str(file))
        else:
            yield from _csv_rows(raw, name, str(file))


def _decoded(raw: bytes, where: str) -> str | Skipped:
    if not raw.strip():
        return Skipped(where, "is empty")
    if b"\x00" in raw[:8192]:
        return Skipped(where, "is a binary file, not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Skipped(where, f"is not UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r}); convert it to UTF-8 first")


def _text_file(raw: bytes, name: str, where: str) -> Source | Skipped:
    text = _decoded(raw, where)
    if isinstance(text, Skipped):
        return text
    if not text.strip():
        return Skipped(where, "holds only white space")
    return Source(text=text, source_file=name)


def _web_page(raw: bytes, name: str, where: str) -> Source | Skipped:
    if not raw.strip():
        return Skipped(where, "is empty")
    if b"\x00" in raw[:8192]:
        return Skipped(where, "is a binary file, not a web page")
    try:
        import trafilatura
    except ImportError:
        from .model import INSTALL_HINT

        return Skipped(where, f"reading web pages needs trafilatura: {INSTALL_HINT}")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            page = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False)
        except Exception as exc:  # noqa: BLE001 - a page trafilatura cannot parse is skipped, not a crash
            return Skipped(where, f"cannot be parsed as a web page ({type(exc).__name__})")
    if page is None or len((page.text or "").split()) < MIN_PAGE_WORDS:
        return Skipped(where, "has no main text that trafilatura can find")
    published = _iso_date(page.date)
    return Source(
        text=page.text,
        source_file=name,
        title=_clean(page.title),
        published=published,
        published_evidence="the page's metadata (read by trafilatura)" if published else None,
        outlet=_clean(page.sitename),
        outlet_evidence="the page's site name (read by trafilatura)" if _clean(page.sitename) else None,
        author=_clean(page.author),
        url=_clean(page.url),
    )


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _iso_date(value: Any) -> str | None:
    text = _clean(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def _record(values: dict[str, Any], name: str, row: int, where: str) -> Source | Skipped:
    text = values.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(f"{where} {row}", "has no text")
    ident = _clean(values.get("id"))
    published = values.get("published")
    iso = _iso_date(published)
    if published not in (None, "") and iso is None:
        return Skipped(f"{where} {row}", f"published {published!r} is not a date (YYYY-MM-DD)")
    outlet = _clean(values.get("outlet"))
    return Source(
        text=text,
        source_file=f"{name}#{ident or row}",
        title=_clean(values.get("title")),
        published=iso,
        published_evidence="given in the input's published column" if iso else None,
        outlet=outlet,
        outlet_evidence="given in the input's outlet column" if outlet else None,
        author=_clean(values.get("author")),
        url=_clean(values.get("url")),
    )


def _json_lines(raw: bytes, name: str, where: str) -> Iterator[Source | Skipped]:
    text = _decoded(raw, where)
    if isinstance(text, Skipped):
        yield text
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(f"{where} line {number}", f"is not JSON ({exc.msg})")
            continue
        if not isinstance(values, dict):
            yield Skipped(f"{where} line {number}", "is not a JSON object")
            continue
        yield _record(values, name, number, f"{where} line")


def _csv_rows(raw: bytes, name: str, where: str) -> Iterator[Source | Skipped]:
    text = _decoded(raw, where)
    if isinstance(text, Skipped):
        yield text
        return
    csv.field_size_limit(max(csv.field_size_limit(), 2**28))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield Skipped(where, f"has no 'text' column (its columns: {', '.join(reader.fieldnames or [])})")
        return
    try:
        for row in reader:
            yield _record(row, name, reader.line_num, f"{where} line")
    except csv.Error as exc:
        yield Skipped(f"{where} line {reader.line_num}", f"is not valid CSV ({exc}); the rows after it are not read")


__all__ = ["COLUMNS", "SUFFIXES", "Skipped", "Source", "expand", "read_inputs"]
