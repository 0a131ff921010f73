"""Small DuckDB helpers: quoting, the strict CSV reader options, code-point slices, Arrow."""

from __future__ import annotations

import duckdb
import pyarrow as pa


def to_arrow(relation: duckdb.DuckDBPyRelation) -> pa.Table:
    """A relation's rows as an Arrow table (DuckDB 2 renamed the method)."""
    fetch = getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table
    return fetch()


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def text_slice(text: str, length: str, start: str, end: str) -> str:
    """SQL for ``text[start:end]`` (0-based offsets in code points), given ``length``, the text's length.

    DuckDB finds a code-point offset in non-ASCII text by walking to it from one end: this
    walks from the nearer end, which halves the work on long texts.
    """
    return f"substring({text}, CASE WHEN 2 * ({start}) > {length} THEN ({start}) - {length} ELSE ({start}) + 1 END, ({end}) - ({start}))"


# DuckDB 1.1 has neither option; its reader is already strict and reads only UTF-8.
_STRICT_UTF8 = ", strict_mode = true, encoding = 'utf-8'" if tuple(map(int, duckdb.__version__.split(".")[:2])) >= (1, 2) else ""


def csv_options(columns: dict[str, str]) -> str:
    """The read_csv arguments every falseflag reader uses: strict RFC 4180, no guessing, no decompression."""
    cols = ", ".join(f"{quote_literal(k)}: {quote_literal(v)}" for k, v in columns.items())
    return (
        f"header = true, auto_detect = false, columns = {{{cols}}}, delim = ',', quote = '\"', "
        "escape = '\"', nullstr = '', compression = 'none'" + _STRICT_UTF8
    )


def first_line(message: str) -> str:
    """DuckDB errors span several lines; the first one says what went wrong."""
    return message.strip().splitlines()[0] if message.strip() else message
