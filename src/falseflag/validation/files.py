"""File checks: reading each resource into DuckDB as text, and what can be wrong with the file.

The fast path is one strict DuckDB read per file (``falseflag.sources.csv_scan`` with every
column as VARCHAR, by the header's names). Only when that read fails, or a row may have
more fields than the header, does the file get a second, diagnostic pass with Python's
csv module, which names every bad row and keeps the good ones.

The read stores each column once, with the type its Table Schema declares (``raw.<table>``);
the text of a non-text value is kept as well, but only where DuckDB would not write the
typed value back the same, or where the row may fail a column check (see ``suspects.py``;
the read that loads a file also runs that test). Each readable table then has three
views, each with a ``_row`` column (the frictionless row number: the header is row 1),
the schema's columns present in the file and any derived columns the caller asks for
(``Derive``), computed by the same read:

* ``src.<table>``: every value as text, as it stands in the file;
* ``flagged.<table>``: the same, for only the rows that may fail a column check;
* ``LoadedTable.typed_select()``: every value with its declared type (NULL where a value
  did not parse).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..db import first_line, quote_ident, quote_literal
from ..package import Resource
from ..sources import FileFault, check_file, csv_scan, read_header, trailing_fields
from .report import Problem

CHUNK_ROWS = 50_000
"""Rows buffered by the diagnostic pass before they are handed to DuckDB."""

_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
PARQUET_TYPES: dict[str, set[str] | None] = {
    "string": {"VARCHAR"},
    "integer": _INTEGERS,
    "year": _INTEGERS,
    "number": _INTEGERS | {"FLOAT", "DOUBLE", "DECIMAL"},
    "boolean": {"BOOLEAN"},
    "date": {"DATE"},
    "datetime": {"TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"},
    "time": {"TIME"},
    "any": None,
}
"""The DuckDB types of Parquet columns that hold each Table Schema type."""

_BAD_BYTES = re.compile("[\udc80-\udcff]+")

RowTest = Callable[[list[str]], str]
"""The schema columns a file has -> SQL that is true for a row that may fail a column check."""

Derive = Callable[[list[str]], dict[str, str]]
"""The schema columns a file has -> derived columns to compute while reading it (name -> SQL)."""


@dataclass
class LoadedTable:
    """A resource read into DuckDB: which schema columns it has and which rows are unusable."""

    resource: Resource
    columns: list[str]
    rows: int = 0
    broken_rows: set[int] = field(default_factory=set)
    """Rows with a file-level problem (bad bytes, wrong number of fields): left out of the rule checks."""
    derived: list[str] = field(default_factory=list)
    """The derived columns of ``src.<table>``."""
    numbered: bool = False
    """``raw.<table>`` has its own ``_row`` column (else rows are numbered in file order)."""

    @property
    def missing_columns(self) -> list[str]:
        return [f for f in self.resource.schema.field_names if f not in self.columns]

    def typed_select(self) -> str:
        """A SELECT of ``_row``, every present column with its declared type, and the derived columns."""
        return _select(self.resource.name, self.numbered, [*map(quote_ident, self.columns), *map(quote_ident, self.derived)])


class _Collector:
    """Problems of one resource's file."""

    def __init__(self, resource: Resource):
        self.resource = resource
        self.problems: list[Problem] = []

    def add(self, check: str, message: str, *, row: int | None = None, field: str | None = None, value: object = None) -> None:
        self.problems.append(Problem(self.resource.name, self.resource.relpath, row, field, check, value, message))


def load_table(
    con: duckdb.DuckDBPyConnection,
    resource: Resource,
    root: Path,
    may_fail: RowTest = lambda columns: "false",
    derive: Derive = lambda columns: {},
) -> tuple[list[Problem], LoadedTable | None]:
    """Read ``resource`` (a file inside ``root``) into ``raw.<name>``, define ``src.<name>`` and ``flagged.<name>``.

    ``may_fail`` gives the test of ``flagged.<name>``, ``derive`` the derived columns. The
    table is None when the file cannot be read.
    """
    found = _Collector(resource)
    try:
        check_file(resource, root)
    except FileFault as fault:
        found.add(fault.check, fault.message)
        return found.problems, None
    if resource.format == "parquet":
        table = _load_parquet(con, resource, found, may_fail, derive)
    else:
        table = _load_csv(con, resource, found, may_fail, derive)
    if table is not None:
        table.rows = con.execute(f"SELECT count(*) FROM src.{quote_ident(resource.name)}").fetchall()[0][0]
    return found.problems, table


def _create_table(
    con: duckdb.DuckDBPyConnection,
    resource: Resource,
    scan: str,
    present: list[str],
    test: str,
    derived: dict[str, str],
    *,
    numbered: bool = False,
) -> None:
    """``raw.<name>`` from ``scan`` (the ``present`` columns as text), typed, with the test of each row
    and the derived columns; the ``src`` and ``flagged`` views of it.

    ``numbered``: ``scan`` has its own ``_row`` column; otherwise rows are numbered in file order.
    """
    name = quote_ident(resource.name)
    stored, as_text = ["_row"] if numbered else [], []
    for f in resource.schema.fields:
        if f.name not in present:
            continue
        column = quote_ident(f.name)
        if f.duckdb_type == "VARCHAR":
            stored.append(column)
            as_text.append(column)
            continue
        written = quote_ident(f"{f.name}:written")
        value = f"TRY_CAST({column} AS {f.duckdb_type})"
        stored += [
            f"{value} AS {column}",
            f"CASE WHEN _may_fail OR CAST({value} AS VARCHAR) IS DISTINCT FROM {column} THEN {column} END AS {written}",
        ]
        as_text.append(f"coalesce({written}, CAST({column} AS VARCHAR)) AS {column}")
    stored += ["_may_fail", *(f"{sql} AS {quote_ident(n)}" for n, sql in derived.items())]
    con.execute(f"CREATE OR REPLACE TABLE raw.{name} AS SELECT {', '.join(stored)} FROM (SELECT *, {test} AS _may_fail FROM ({scan}))")
    as_text += map(quote_ident, derived)
    con.execute(f"CREATE OR REPLACE VIEW src.{name} AS {_select(resource.name, numbered, as_text)}")
    con.execute(f"CREATE OR REPLACE VIEW flagged.{name} AS {_select(resource.name, numbered, as_text)} WHERE _may_fail")


def _select(table: str, numbered: bool, columns: list[str]) -> str:
    row = "_row" if numbered else "rowid + 2 AS _row"
    return f"SELECT {', '.join([row, *columns])} FROM raw.{quote_ident(table)}"


def _header_problems(header: list[str], resource: Resource, found: _Collector, row: int | None = 1) -> None:
    """Compare a file's column names with the schema's (``row`` is 1 for a CSV header, None for Parquet)."""
    expected = resource.schema.field_names
    seen: set[str] = set()
    for name in header:
        if name in seen:
            found.add("duplicate-column", f"column {name!r} appears more than once in the file", row=row, field=name)
        seen.add(name)
    for name in expected:
        if name not in seen:
            found.add("missing-column", f"column {name!r} of the schema is missing from the file", row=row, field=name)
    for name in dict.fromkeys(header):
        if name not in expected:
            found.add("extra-column", f"column {name!r} is not in the schema", row=row, field=name)
    shared = [n for n in dict.fromkeys(header) if n in expected]
    if shared != [n for n in expected if n in seen]:
        found.add(
            "column-order",
            "the columns are not in the schema's order: expected " + ", ".join(n for n in expected if n in seen),
            row=row,
            value=", ".join(header),
        )


@contextmanager
def _csv_reader(path: Path) -> Iterator[Iterator[list[str]]]:
    """A strict csv reader over a file; undecodable bytes become lone surrogates, not errors."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 2**31 - 1))  # an article text can be longer than the default 128 KiB
    try:
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
            yield csv.reader(fh, strict=True)
    finally:
        csv.field_size_limit(limit)


def _read_header(resource: Resource, found: _Collector) -> list[str] | None:
    try:
        return read_header(resource)
    except FileFault as fault:
        found.add(fault.check, fault.message, row=fault.row, value=fault.value)
        return None


def _load_csv(
    con: duckdb.DuckDBPyConnection, resource: Resource, found: _Collector, may_fail: RowTest, derive: Derive
) -> LoadedTable | None:
    header = _read_header(resource, found)
    if header is None:
        return None
    _header_problems(header, resource, found)
    present = [n for n in resource.schema.field_names if n in header]
    derived = derive(present)
    table = LoadedTable(resource, present, derived=list(derived))
    test = may_fail(present)
    if trailing_fields(con, resource, header):
        _diagnose_csv(con, resource, header, present, table, found, "", may_fail, derived)
        return table
    try:
        try:
            _create_table(con, resource, csv_scan(resource, header, all_varchar=True), present, test, derived)
        except duckdb.InvalidInputException as exc:
            if "maximum line size" not in str(exc).lower():
                raise
            _create_table(con, resource, csv_scan(resource, header, all_varchar=True, long_lines=True), present, test, derived)
    except (duckdb.BinderException, duckdb.CatalogException, duckdb.ParserException):
        raise  # a fault in the query, not in the file
    except duckdb.Error as exc:
        _diagnose_csv(con, resource, header, present, table, found, first_line(str(exc)), may_fail, derived)
    return table


def _diagnose_csv(
    con: duckdb.DuckDBPyConnection,
    resource: Resource,
    header: list[str],
    present: list[str],
    table: LoadedTable,
    found: _Collector,
    duckdb_error: str,
    may_fail: RowTest,
    derived: dict[str, str],
) -> None:
    """Stream a file DuckDB rejected through the csv module: report every bad row, load the rest."""
    import pyarrow as pa

    before = len(found.problems)
    positions = [header.index(n) for n in present]
    text = f"raw.{quote_ident(resource.name + ':text')}"
    columns = ", ".join(f"{quote_ident(n)} VARCHAR" for n in present)
    con.execute(f"CREATE OR REPLACE TABLE {text} (_row BIGINT{', ' + columns if columns else ''})")
    arrow_schema = pa.schema([("_row", pa.int64()), *((n, pa.string()) for n in present)])
    for batch in _chunks(_records(resource, header, positions, table, found), CHUNK_ROWS):
        con.register("_chunk", pa.Table.from_pylist(batch, schema=arrow_schema))
        con.execute(f"INSERT INTO {text} SELECT * FROM _chunk")
        con.unregister("_chunk")
    _create_table(con, resource, f"SELECT * FROM {text}", present, may_fail(present), derived, numbered=True)
    con.execute(f"DROP TABLE {text}")
    table.numbered = True
    if len(found.problems) == before and duckdb_error:
        found.add("csv-syntax", f"DuckDB cannot read the file: {duckdb_error}")


def _records(
    resource: Resource, header: list[str], positions: list[int], table: LoadedTable, found: _Collector
) -> Iterator[dict[str, object]]:
    """The file's data rows as dicts (``_row`` plus present columns), reporting bad ones on the way."""
    with _csv_reader(resource.path) as reader:
        next(reader)
        row = 1
        while True:
            first_line_of_record = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row += 1
                found.add("csv-syntax", f"line {first_line_of_record}: {_csv_error(exc)}", row=row)
                table.broken_rows.add(row)
                continue
            if not record:  # a blank line; DuckDB skips these too
                continue
            row += 1
            if len(record) != len(header):
                found.add(
                    "ragged-row",
                    f"line {first_line_of_record}: {len(record)} fields where the header has {len(header)}",
                    row=row,
                    value=len(record),
                )
                table.broken_rows.add(row)
            for position, value in enumerate(record):
                bad = _BAD_BYTES.search(value)
                if bad:
                    line = first_line_of_record + sum(v.count("\n") for v in record[:position]) + value[: bad.start()].count("\n")
                    found.add(
                        "encoding",
                        f"line {line}: not valid UTF-8 (bytes {_shown(bad.group())})",
                        row=row,
                        field=header[position] if position < len(header) else None,
                        value=_shown(value),
                    )
                    table.broken_rows.add(row)
                    record[position] = _repaired(value)
            values: dict[str, object] = {"_row": row}
            for name, position in zip(table.columns, positions):
                value = record[position] if position < len(record) else ""
                values[name] = value if value != "" else None
            yield values


def _csv_error(exc: csv.Error) -> str:
    message = str(exc)
    if "unexpected end of data" in message:
        return "a quoted value is never closed (unbalanced quotes)"
    if "expected after" in message:
        return 'a quoted value is followed by more text (a quote inside a quoted value must be doubled: "")'
    return message


def _repaired(value: str) -> str:
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _shown(value: str) -> str:
    """A value with undecodable bytes shown as \\xNN escapes."""
    raw = value.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "backslashreplace")


def _chunks(items: Iterator[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_parquet(
    con: duckdb.DuckDBPyConnection, resource: Resource, found: _Collector, may_fail: RowTest, derive: Derive
) -> LoadedTable | None:
    path = quote_literal(str(resource.path))
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({path})").fetchall()
    except duckdb.Error as exc:
        found.add("parquet", f"{resource.relpath} cannot be read as Parquet: {first_line(str(exc))}")
        return None
    types = {row[0]: row[1] for row in described}
    _header_problems([row[0] for row in described], resource, found, row=None)
    present = [f for f in resource.schema.fields if f.name in types]
    for f in present:
        allowed = PARQUET_TYPES.get(f.type)
        physical = types[f.name]
        if allowed is not None and physical.split("(")[0] not in allowed:
            found.add(
                "column-type",
                f"column {f.name!r} is stored as {physical}; a {f.type} field needs one of {', '.join(sorted(allowed))}",
                field=f.name,
                value=physical,
            )
    casts = ", ".join(f"CAST({quote_ident(f.name)} AS VARCHAR) AS {quote_ident(f.name)}" for f in present) or "NULL AS _none"
    columns = [f.name for f in present]
    derived = derive(columns)
    _create_table(con, resource, f"SELECT {casts} FROM read_parquet({path})", columns, may_fail(columns), derived)
    return LoadedTable(resource, columns, derived=list(derived))

