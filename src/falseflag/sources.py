"""Reading a package's data files: what is refused before anything is read, and the one scan
every command reads a table with.

A data file is read only when it is a regular file whose real path (symbolic links
followed) lies inside the package's folder. A CSV file is read by its header's column
names, never by position: the schema's columns in any order, extra columns left aside;
a file that lacks a schema column, repeats a name, starts with a blank line, or has a row
with more fields than its header is refused. ``falseflag validate`` reports the same faults
row by row (``falseflag.validation.files``).
"""

from __future__ import annotations

import csv
import mmap
import os
import stat
from pathlib import Path

import duckdb

from .db import csv_options, first_line, quote_ident, quote_literal
from .package import DataPackage, PackageError, Resource

LONG_LINE_BYTES = 2**28
"""The longest CSV row (all its fields together) any command reads: 256 MiB. Rows up to
DuckDB's default of 2 MB are read at full speed; a longer one makes the file be read
again with this limit."""

_LINE_TOO_LONG = "maximum line size"


class FileFault(Exception):
    """Why a data file is not read: ``check`` names the fault as validation does, ``field`` the column."""

    def __init__(self, check: str, message: str, field: str | None = None, row: int | None = None, value: object = None):
        self.check, self.message, self.field, self.row, self.value = check, message, field, row, value
        super().__init__(message)


def check_file(resource: Resource, root: Path) -> None:
    """Raise FileFault unless ``resource``'s file is a regular file inside ``root`` (symbolic links followed)."""
    path = resource.path
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise FileFault("missing-file", f"{resource.relpath} is a symbolic link to a file that does not exist") from None
        raise FileFault("missing-file", f"{resource.relpath} does not exist") from None
    except OSError as exc:
        raise FileFault("missing-file", f"{resource.relpath} cannot be read: {exc.strerror}") from None
    real = path.resolve()
    if not real.is_relative_to(root.resolve()):
        raise FileFault("outside-package", f"{resource.relpath} leads outside the package (to {real}); data files must lie inside its folder")
    if not stat.S_ISREG(info.st_mode):
        raise FileFault("not-a-file", f"{resource.relpath} is {_kind(info.st_mode)}, not a regular file")
    if not os.access(path, os.R_OK):
        raise FileFault("missing-file", f"{resource.relpath} cannot be read: permission denied")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def csv_reader(fh):
    """A strict csv reader; field size unlimited up to LONG_LINE_BYTES."""
    csv.field_size_limit(max(csv.field_size_limit(), LONG_LINE_BYTES))
    return csv.reader(fh, strict=True)


def read_header(resource: Resource) -> list[str]:
    """The header row of a CSV file; raises FileFault when there is none or it is unreadable."""
    try:
        with open(resource.path, encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
            first = fh.readline()
            if first == "":
                raise FileFault("empty-file", f"{resource.relpath} is empty: it has no header row")
            if first.strip("\r\n") == "":
                raise FileFault("empty-file", f"{resource.relpath} starts with a blank line: the header row must be the first line", row=1)
            fh.seek(0)
            header = next(csv_reader(fh))
    except csv.Error as exc:
        raise FileFault("csv-syntax", f"{resource.relpath}: the header row is not valid CSV: {exc}", row=1) from None
    for position, name in enumerate(header):
        if any("\udc80" <= c <= "\udcff" for c in name):
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise FileFault("encoding", f"{resource.relpath}: the header row is not valid UTF-8 (column {position + 1})", row=1, value=shown)
    return header


def header_faults(header: list[str], resource: Resource) -> list[FileFault]:
    """What keeps a CSV file from being read by name: a schema column missing, a name twice."""
    faults = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            faults.append(FileFault("duplicate-column", f"column {name!r} appears more than once in the file", field=name, row=1))
        seen.add(name)
    for name in resource.schema.field_names:
        if name not in seen:
            faults.append(FileFault("missing-column", f"column {name!r} of the schema is missing from the file", field=name, row=1))
    return faults


def unique_names(header: list[str]) -> list[str]:
    """Header names made unique (DuckDB needs that), keeping the first of each as it is."""
    names, seen = [], set()
    for i, name in enumerate(header):
        unique = name if name not in seen and name else f"{name}#{i + 1}"
        seen.add(unique)
        names.append(unique)
    return names


def csv_scan(resource: Resource, header: list[str], *, all_varchar: bool = False, long_lines: bool = False, extra: bool = False) -> str:
    """A SELECT of the schema's columns present in ``header``, by name, typed (or all VARCHAR).

    ``extra``: read one column more than the header has, for ``trailing_fields``.
    """
    names = unique_names(header)
    types = {f.name: ("VARCHAR" if all_varchar else f.duckdb_type) for f in resource.schema.fields}
    columns = {name: (types.get(original, "VARCHAR") if name == original else "VARCHAR") for name, original in zip(names, header)}
    if extra:
        columns["falseflag:extra"] = "VARCHAR"
    present = [f.name for f in resource.schema.fields if f.name in header]
    select = ", ".join(quote_ident(names[header.index(n)]) + (f" AS {quote_ident(n)}" if names[header.index(n)] != n else "") for n in present)
    if extra:
        select = quote_ident("falseflag:extra")
    options = csv_options(columns) + (f", max_line_size = {LONG_LINE_BYTES}, buffer_size = {LONG_LINE_BYTES}" if long_lines else "")
    if extra:
        options += ", ignore_errors = true"
    return f"SELECT {select or 'NULL AS _none'} FROM read_csv({quote_literal(str(resource.path))}, {options})"


def parquet_scan(resource: Resource, columns: list[str], *, all_varchar: bool = False) -> str:
    """A SELECT of the schema's columns present in a Parquet file, cast to their declared types."""
    casts = ", ".join(
        f"CAST({quote_ident(f.name)} AS {'VARCHAR' if all_varchar else f.duckdb_type}) AS {quote_ident(f.name)}"
        for f in resource.schema.fields
        if f.name in columns
    )
    return f"SELECT {casts or 'NULL AS _none'} FROM read_parquet({quote_literal(str(resource.path))})"


def may_have_trailing_fields(resource: Resource) -> bool:
    """Whether some line of the file ends in a delimiter: a quick byte search, no parsing.

    DuckDB accepts a row with one empty field more than the header (``a,b,``) as if the
    last delimiter were not there; only a file where this returns True can hold one.
    """
    size = resource.path.stat().st_size
    if size == 0:
        return False
    with open(resource.path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b",\n") >= 0 or data.find(b",\r") >= 0 or data[-1:] == b","


def trailing_fields(con: duckdb.DuckDBPyConnection, resource: Resource, header: list[str]) -> int:
    """How many rows have a field more than the header (0 when none)."""
    if not may_have_trailing_fields(resource):
        return 0
    scan = csv_scan(resource, header, all_varchar=True, extra=True)
    try:
        return con.execute(f"SELECT count(*) FROM ({scan})").fetchall()[0][0]
    except duckdb.Error:
        return 0  # the main read reports what is wrong with such a file


class Scan:
    """How to read one resource: checked once, then usable in any SQL as ``{scan}``."""

    def __init__(self, resource: Resource, root: Path, *, all_varchar: bool = False):
        self.resource = resource
        self.all_varchar = all_varchar
        try:
            check_file(resource, root)
            if resource.format == "parquet":
                self.header = None
            else:
                self.header = read_header(resource)
                faults = header_faults(self.header, resource)
                if faults:
                    raise faults[0]
        except FileFault as fault:
            message = fault.message.removeprefix(f"{resource.relpath}: ").removeprefix(f"{resource.relpath} ")
            raise PackageError(resource.relpath, message, fault.field) from None

    def sql(self, con: duckdb.DuckDBPyConnection, *, long_lines: bool = False) -> str:
        if self.header is None:
            described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({quote_literal(str(self.resource.path))})").fetchall()
            present = [row[0] for row in described]
            missing = [n for n in self.resource.schema.field_names if n not in present]
            if missing:
                raise PackageError(self.resource.relpath, f"column {missing[0]!r} of the schema is missing from the file")
            return parquet_scan(self.resource, present, all_varchar=self.all_varchar)
        return csv_scan(self.resource, self.header, all_varchar=self.all_varchar, long_lines=long_lines)

    def run(self, con: duckdb.DuckDBPyConnection, statement: str) -> duckdb.DuckDBPyConnection:
        """Execute ``statement`` with ``{scan}`` standing for this resource's SELECT.

        Raises PackageError naming the file when DuckDB cannot read it.
        """
        if self.header is not None:
            extra = trailing_fields(con, self.resource, self.header)
            if extra:
                raise PackageError(self.resource.relpath, f"{extra:,} row{'s have' if extra != 1 else ' has'} more fields than the header (a trailing delimiter?)")
        try:
            try:
                return con.execute(statement.replace("{scan}", self.sql(con)))
            except duckdb.InvalidInputException as exc:
                if self.header is None or _LINE_TOO_LONG not in str(exc).lower():
                    raise
                return con.execute(statement.replace("{scan}", self.sql(con, long_lines=True)))
        except (duckdb.BinderException, duckdb.CatalogException, duckdb.ParserException):
            raise  # a fault in the statement, not in the file
        except duckdb.Error as exc:
            raise PackageError(self.resource.relpath, f"cannot be read: {_reason(exc)}") from None


def _reason(exc: duckdb.Error) -> str:
    """DuckDB's CSV errors: the line and what is wrong, without the row itself or the reader's options."""
    kept = []
    for line in str(exc).strip().splitlines():
        line = line.strip()
        if line.startswith("Possible Solution") or "(Set By User)" in line or line.startswith("file ="):
            break
        if line and not line.startswith("Original Line"):
            kept.append(line)
    return " ".join(kept) or first_line(str(exc))


def scans(package: DataPackage, names: list[str] | None = None, *, all_varchar: bool = False) -> dict[str, Scan]:
    """The checked scan of every resource (or of the named ones); PackageError for the first bad file."""
    wanted = set(package.resources if names is None else names)
    return {name: Scan(r, package.root, all_varchar=all_varchar) for name, r in package.resources.items() if name in wanted}


def load_tables(con: duckdb.DuckDBPyConnection, package: DataPackage, schema: str = "main", names: list[str] | None = None) -> None:
    """Every table of ``package`` (or the named ones) as a typed table in ``schema`` of ``con``."""
    for name, scan in scans(package, names).items():
        scan.run(con, f"CREATE OR REPLACE TABLE {quote_ident(schema)}.{quote_ident(name)} AS " + "{scan}")


__all__ = ["LONG_LINE_BYTES", "FileFault", "Scan", "check_file", "load_tables", "read_header", "scans"]
