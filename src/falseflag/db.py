"""DuckDB access to a corpus: one typed view per table, straight over the files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from .package import DataPackage, Resource, load_package


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
    """The read_csv arguments every falseflag reader uses: strict RFC 4180, no guessing."""
    cols = ", ".join(f"{quote_literal(k)}: {quote_literal(v)}" for k, v in columns.items())
    return (
        f"header = true, auto_detect = false, columns = {{{cols}}}, delim = ',', quote = '\"', "
        "escape = '\"', nullstr = ''" + _STRICT_UTF8
    )


def scan_sql(resource: Resource, *, all_varchar: bool = False) -> str:
    """A SELECT reading one resource's file with the types its Table Schema declares."""
    path = quote_literal(str(resource.path))
    if resource.format == "parquet":
        casts = ", ".join(
            f"CAST({quote_ident(f.name)} AS {'VARCHAR' if all_varchar else f.duckdb_type}) AS {quote_ident(f.name)}"
            for f in resource.schema.fields
        )
        return f"SELECT {casts} FROM read_parquet({path})"
    columns = {f.name: ("VARCHAR" if all_varchar else f.duckdb_type) for f in resource.schema.fields}
    return f"SELECT * FROM read_csv({path}, {csv_options(columns)})"


def create_views(con: duckdb.DuckDBPyConnection, package: DataPackage) -> None:
    """Create one view per resource in ``con``, typed from the Table Schemas."""
    for resource in package.resources.values():
        con.execute(f"CREATE OR REPLACE VIEW {quote_ident(resource.name)} AS {scan_sql(resource)}")


def connect(package: str | Path | DataPackage | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a typed view per table of the corpus.

    ``package`` is a folder, a ``datapackage.json``, a loaded DataPackage or None for the
    bundled corpus.
    """
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    con = duckdb.connect()
    create_views(con, pkg)
    return con


def materialize(con: duckdb.DuckDBPyConnection, package: DataPackage, schema: str = "main") -> None:
    """Copy every table of ``package`` into tables of ``schema`` (a database attached to ``con``)."""
    for resource in package.resources.values():
        con.execute(f"CREATE OR REPLACE TABLE {quote_ident(schema)}.{quote_ident(resource.name)} AS {scan_sql(resource)}")


def table_counts(package: DataPackage) -> dict[str, int | str]:
    """Row count of every table, or the read error of a table DuckDB cannot read."""
    con = duckdb.connect()
    counts: dict[str, int | str] = {}
    try:
        for name, resource in package.resources.items():
            try:
                counts[name] = con.execute(f"SELECT count(*) FROM ({scan_sql(resource)})").fetchall()[0][0]
            except duckdb.Error as exc:
                counts[name] = first_line(str(exc))
    finally:
        con.close()
    return counts


def first_line(message: str) -> str:
    """DuckDB errors span several lines; the first one says what went wrong."""
    return message.strip().splitlines()[0] if message.strip() else message
