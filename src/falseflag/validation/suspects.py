"""Column checks at scale: DuckDB picks the rows that may fail, pandera checks those rows.

Every constraint has an SQL form next to its polars form (``constraints.py``). The read
that loads a file also tests each row with the SQL forms (``may_fail``, the test of
``flagged.<table>``), and one query per unique column keeps the rows whose value repeats;
only those rows leave DuckDB, in batches, for the pandera schema (``columns.py``), which
names each failure. On a corpus without bad values nothing leaves DuckDB and pandera is
never imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import duckdb

from ..db import quote_ident
from ..package import TableSchema
from .constraints import field_constraints, has_checks, is_required
from .files import LoadedTable, RowTest
from .report import Problem

if TYPE_CHECKING:
    import polars as pl

BATCH_ROWS = 100_000
"""Rows handed to pandera at a time."""


def may_fail(con: duckdb.DuckDBPyConnection, schema: TableSchema) -> RowTest:
    """The test of ``flagged.<table>`` for ``files.load_table``."""
    return lambda present: f"NOT ({row_test(con, schema, checked_columns(schema, present))})"


def checked_columns(schema: TableSchema, present: list[str]) -> list[str]:
    return [c for c in present if has_checks(schema.field(c), schema)]


def column_problems(con: duckdb.DuckDBPyConnection, table: LoadedTable) -> list[Problem]:
    """Every failure of a column check in one table (``src.<table>``, the text as written)."""
    resource, schema = table.resource, table.resource.schema
    checked = checked_columns(schema, table.columns)
    if not checked:
        return []
    name = quote_ident(resource.name)
    src = f"src.{name}"
    columns = ", ".join(quote_ident(c) for c in checked)
    problems: list[Problem] = []
    rows = con.sql(f"SELECT _row, {columns} FROM flagged.{name} ORDER BY _row")
    for frame in _frames(rows):
        problems += _pandera(frame, schema, resource.name, resource.relpath, checked, unique=False)
    for name in unique_columns(schema, checked):
        column = quote_ident(name)
        repeated = con.sql(
            f"SELECT _row, {column} FROM {src} WHERE {column} IN "
            f"(SELECT {column} FROM {src} WHERE {column} IS NOT NULL GROUP BY ALL HAVING count(*) > 1) ORDER BY _row"
        )
        for frame in _frames(repeated, whole=True):
            problems += _pandera(frame, schema, resource.name, resource.relpath, [name], unique=True)
    return problems


def row_test(con: duckdb.DuckDBPyConnection, schema: TableSchema, columns: list[str]) -> str:
    """SQL that is true for a row whose ``columns`` pass every check of one value (all but unique)."""
    tests = []
    for name in columns:
        field, column = schema.field(name), quote_ident(name)
        if is_required(field, schema):
            tests.append(f"{column} IS NOT NULL")
        for constraint in field_constraints(field, typed=False):
            if constraint.sql is None:
                continue
            if constraint.name == "type" and field.type == "integer":
                # Cheaper than the pattern, and stricter: "+5" and "007" go to pandera, which passes them.
                tests.append(f"({column} IS NULL OR coalesce(CAST(TRY_CAST({column} AS BIGINT) AS VARCHAR) = {column}, false))")
                continue
            sql = constraint.sql(column)
            if constraint.name == "pattern" and not _compiles(con, sql, column):
                # A pattern DuckDB's regular expressions cannot read: every value goes to pandera.
                sql = "false"
            tests.append(f"({column} IS NULL OR coalesce({sql}, false))")
    return " AND ".join(tests) or "true"


def unique_columns(schema: TableSchema, columns: list[str]) -> list[str]:
    """The unique columns to check here: a single-column primary key is the primary-key rule's."""
    key = list(schema.primary_key)
    return [c for c in columns if schema.field(c).unique and key != [c]]


def _compiles(con: duckdb.DuckDBPyConnection, sql: str, column: str) -> bool:
    """Whether DuckDB can run a test (a user's pattern may use syntax its regular expressions lack)."""
    try:
        con.execute(f"SELECT {sql} FROM (SELECT NULL::VARCHAR AS {column})").fetchall()
    except duckdb.Error:
        return False
    return True


def _frames(relation: duckdb.DuckDBPyRelation, *, whole: bool = False) -> Iterator[pl.DataFrame]:
    """A query's rows as polars DataFrames: in batches, or in one frame when ``whole``."""
    method = "to_arrow_reader" if "to_arrow_reader" in dir(relation) else "fetch_arrow_reader"  # DuckDB 2.x, 1.x
    reader = getattr(relation, method)(BATCH_ROWS)
    if whole:
        table = reader.read_all()
        if table.num_rows:
            yield _polars(table)
        return
    for batch in reader:
        if batch.num_rows:
            yield _polars(batch)


def _polars(data) -> pl.DataFrame:
    import polars as pl  # only once some row may fail

    return pl.from_arrow(data)


def _pandera(frame: pl.DataFrame, schema: TableSchema, table: str, file: str, columns: list[str], *, unique: bool) -> list[Problem]:
    from .columns import column_problems as run  # pandera is slow to import: only when a row may fail

    return run(frame, schema, table, file, columns, unique=unique)
