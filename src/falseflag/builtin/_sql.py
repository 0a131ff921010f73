"""Running an analyzer's SQL files, and turning result rows into evidence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from .._bundle import analyzers_dir
from ..analysis import AnalyzerResult, Evidence
from ..db import quote_literal, to_arrow


class AnalyzerSetupError(RuntimeError):
    """An analyzer's data files are not loaded on the connection it was given."""


def folder(name: str) -> Path:
    """The folder holding one built-in analyzer's SQL files and data files."""
    return analyzers_dir() / name


def sql_paths(name: str, files: Sequence[str]) -> tuple[str, ...]:
    """Absolute paths of an analyzer's SQL files, in the order they run."""
    return tuple(str(folder(name) / f) for f in files)


def run_files(con: duckdb.DuckDBPyConnection, name: str, files: Iterable[str]) -> None:
    """Run SQL files of analyzer ``name`` in order; each may hold several statements."""
    for file in files:
        path = folder(name) / file
        try:
            con.execute(path.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RuntimeError(f"{path}: {message}") from exc


def load_data_files(con: duckdb.DuckDBPyConnection, name: str, file: str) -> None:
    """Run a loader SQL file that reads data files lying beside it.

    It names them relative to the variable ``data_folder``, which is set to the analyzer's
    folder (its connection may read that folder, and no other).
    """
    con.execute(f"SET VARIABLE data_folder = {quote_literal(str(folder(name)))}")
    run_files(con, name, [file])


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND database_name = current_database()", [table]
    ).fetchall()
    return rows[0][0] > 0


def ensure_loaded(con: duckdb.DuckDBPyConnection, name: str, table: str, loader: str) -> None:
    """Load an analyzer's data files if ``prepare_connection`` has not (a caller that skips it)."""
    if has_table(con, table):
        return
    try:
        load_data_files(con, name, loader)
    except (RuntimeError, duckdb.Error) as exc:
        raise AnalyzerSetupError(
            f"{name}: table {table} is missing and {loader} cannot be read now ({exc}); "
            "the connection must be able to read the analyzer's folder"
        ) from None


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Rows of a query as dicts."""
    # Through Arrow: much faster than fetchall() for the nested lists findings are built from.
    return to_arrow(con.sql(sql, params=list(params) or None)).to_pylist()


def rows_with_evidence(con: duckdb.DuckDBPyConnection, sql: str, column: str = "evidence") -> list[dict[str, Any]]:
    """Rows of a query as dicts, its ``column`` (a list of {article_id, char_start, char_end,
    text} structs) turned into a tuple of Evidence.

    The spans are read column by column: many times faster than a dict per span.
    """
    table = to_arrow(con.sql(sql))
    spans = table[column].combine_chunks()
    flat = spans.flatten()
    evidence = [
        Evidence(*fields)
        for fields in zip(*(flat.field(name).to_pylist() for name in ("article_id", "char_start", "char_end", "text")))
    ]
    out = table.drop_columns([column]).to_pylist()
    start = 0
    for row, length in zip(out, spans.value_lengths().fill_null(0).to_pylist()):
        row[column] = tuple(evidence[start : start + length])
        start += length
    return out


def add_tables(result: AnalyzerResult, con: duckdb.DuckDBPyConnection, tables: Sequence[tuple[str, str]]) -> None:
    """Add each (table, description) of the connection to the result, in that order."""
    for table, description in tables:
        result.add_table(table, con.sql(f"SELECT * FROM {table}"), description)


CLAIM_MENTION_WORDS = "JOIN (SELECT claim_mention_id, text AS span FROM claim_mentions) words USING (claim_mention_id)"
"""Joined to rows with a ``claim_mention_id``: the mention's words as ``words.span``
(validation checks that they are the article's text at the mention's offsets)."""


def evidence(row: dict[str, Any], article: str = "article_id", start: str = "char_start", end: str = "char_end", text: str = "span") -> Evidence:
    """Evidence from a result row, by the names of its article, offset and span-text columns."""
    return Evidence(article_id=row[article], char_start=int(row[start]), char_end=int(row[end]), text=row[text])


def quoted(text: str, limit: int = 90) -> str:
    """Short quoted form of a span for messages."""
    flat = " ".join(text.split())
    return "“" + (flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…") + "”"


def listing(items: Sequence[str], limit: int = 6) -> str:
    """'a, b and c', or 'a, b, c and 4 more'."""
    items = list(items)
    if len(items) > limit:
        shown, rest = items[:limit], len(items) - limit
        return ", ".join(shown) + f" and {rest} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
