"""The corpus as a SQLite database, with a datasette ``metadata.json`` beside it.

    falseflag export corpus.db --format sqlite
    datasette corpus.db -m metadata.json

Tables, column types, primary keys, foreign keys, required, unique, enum and range
constraints all come from the package's Table Schemas. Tables are STRICT (SQLite checks every
value's type); a boolean is an INTEGER 0 or 1, dates and times are ISO 8601 TEXT. A field's
``pattern`` has no SQLite equivalent and is not carried over (``falseflag validate`` checks it).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from .connection import connect
from .db import quote_ident, quote_literal
from .package import DataPackage, Field, Resource

SQLITE_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "year": "INTEGER"}
"""Table Schema type -> SQLite column type; every other type is TEXT."""
LABEL_COLUMNS = ("name", "title", "statement")
"""Columns datasette shows in place of a row's key, where a table has one that is required."""
BATCH_ROWS = 10_000


class SQLiteExportError(Exception):
    """The package's rows break a constraint of its own schemas."""


def _sql_value(value: Any) -> str:
    return quote_literal(value) if isinstance(value, str) else repr(value)


def column_sql(f: Field, primary_key: tuple[str, ...] = ()) -> str:
    """One column's definition, with the constraints its Table Schema gives."""
    name = quote_ident(f.name)
    parts = [name, SQLITE_TYPES.get(f.type, "TEXT")]
    if f.required:
        parts.append("NOT NULL")
    if f.unique and primary_key != (f.name,):  # the primary key is unique already
        parts.append("UNIQUE")
    checks = []
    if f.type == "boolean":
        checks.append(f"{name} IN (0, 1)")
    if f.enum is not None:
        checks.append(f"{name} IN ({', '.join(_sql_value(v) for v in f.enum)})")
    if f.minimum is not None:
        checks.append(f"{name} >= {f.minimum!r}")
    if f.maximum is not None:
        checks.append(f"{name} <= {f.maximum!r}")
    parts += [f"CHECK ({c})" for c in checks]
    return " ".join(parts)


def _referable(pkg: DataPackage, table: str, fields: tuple[str, ...]) -> bool:
    """SQLite needs a foreign key's parent columns to be the primary key or unique."""
    parent = pkg.resources.get(table)
    if parent is None:
        return False
    schema = parent.schema
    return tuple(fields) == schema.primary_key or (len(fields) == 1 and fields[0] in schema.field_names and schema.field(fields[0]).unique)


def create_table_sql(pkg: DataPackage, resource: Resource) -> str:
    schema = resource.schema
    lines = [column_sql(f, schema.primary_key) for f in schema.fields]
    if schema.primary_key:
        lines.append(f"PRIMARY KEY ({', '.join(map(quote_ident, schema.primary_key))})")
    for fk in schema.foreign_keys:
        if _referable(pkg, fk.resource, fk.reference_fields):
            lines.append(f"FOREIGN KEY ({', '.join(map(quote_ident, fk.fields))}) "
                         f"REFERENCES {quote_ident(fk.resource)} ({', '.join(map(quote_ident, fk.reference_fields))})")
    strict = " STRICT" if sqlite3.sqlite_version_info >= (3, 37) else ""
    return f"CREATE TABLE {quote_ident(resource.name)} (\n  " + ",\n  ".join(lines) + f"\n){strict}"


def _select(resource: Resource) -> str:
    """The table's rows from DuckDB, each value as SQLite stores it."""
    columns = []
    for f in resource.schema.fields:
        name = quote_ident(f.name)
        if f.type == "boolean":
            columns.append(f"CAST({name} AS INTEGER)")
        elif f.type == "datetime":
            columns.append(f"replace(CAST({name} AS VARCHAR), ' ', 'T')")
        elif f.duckdb_type in ("DATE", "TIME"):
            columns.append(f"CAST({name} AS VARCHAR)")
        else:
            columns.append(name)
    return f"SELECT {', '.join(columns)} FROM {quote_ident(resource.name)}"


def write_sqlite(pkg: DataPackage, path: Path) -> None:
    """Every table of ``pkg`` in a new SQLite database at ``path``; SQLiteExportError if a row breaks its schema."""
    source = connect(pkg)
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = OFF")  # tables are filled in any order; the keys are checked at the end
        db.execute("BEGIN")
        for resource in pkg.resources.values():
            db.execute(create_table_sql(pkg, resource))
            insert = (f"INSERT INTO {quote_ident(resource.name)} VALUES "
                      f"({', '.join('?' * len(resource.schema.fields))})")
            cursor = source.execute(_select(resource))
            done = 0
            while batch := cursor.fetchmany(BATCH_ROWS):
                db.execute("SAVEPOINT batch")
                try:
                    db.executemany(insert, batch)
                except sqlite3.IntegrityError as exc:
                    db.execute("ROLLBACK TO batch")
                    raise SQLiteExportError(f"{resource.name}: data row {_first_bad_row(db, insert, batch, done)}: {exc}") from None
                db.execute("RELEASE batch")
                done += len(batch)
            for fields in dict.fromkeys(fk.fields for fk in resource.schema.foreign_keys):
                index = quote_ident(resource.name + "_" + "_".join(fields))
                db.execute(f"CREATE INDEX {index} ON {quote_ident(resource.name)} ({', '.join(map(quote_ident, fields))})")
        broken = db.execute("PRAGMA foreign_key_check").fetchone()
        if broken:
            raise SQLiteExportError(_dangling(db, *broken))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.close()
        source.close()


def _dangling(db: sqlite3.Connection, table: str, rowid: int, parent: str, key: int) -> str:
    """What a row that breaks a foreign key refers to (rows are numbered in the order they were read)."""
    parts = [r for r in db.execute(f"PRAGMA foreign_key_list({quote_ident(table)})") if r[0] == key]
    columns, referenced = [r[3] for r in parts], [r[4] for r in parts]
    values = db.execute(f"SELECT {', '.join(map(quote_ident, columns))} FROM {quote_ident(table)} WHERE rowid = ?", [rowid]).fetchone()
    shown = ", ".join(f"{c} {v!r}" for c, v in zip(columns, values))
    return f"{table}: data row {rowid}: {shown} matches no {', '.join(referenced)} of {parent}"


def _first_bad_row(db: sqlite3.Connection, insert: str, batch: list[tuple], before: int) -> int | str:
    """Which row of the batch breaks a constraint (1-based over the table's rows)."""
    for n, row in enumerate(batch, before + 1):
        try:
            db.execute(insert, row)
        except sqlite3.IntegrityError:
            return n
    return f"{before + 1}-{before + len(batch)}"


def datasette_metadata(pkg: DataPackage, database: str) -> dict[str, Any]:
    """datasette's metadata for the export named ``database``: title, licences, sources, and every table's and column's description."""
    from . import __version__

    d = pkg.descriptor
    licenses = [lic for lic in d.get("licenses", []) if isinstance(lic, dict)]
    sources = [s for s in d.get("sources", []) if isinstance(s, dict)]
    meta: dict[str, Any] = {"title": d.get("title") or d.get("name") or database}
    if d.get("description"):
        meta["description"] = d["description"]
    if licenses:
        meta["license"] = "; ".join(lic.get("title") or lic.get("name") or "" for lic in licenses)
        urls = [lic.get("path") for lic in licenses if lic.get("path")]
        if urls:
            meta["license_url"] = urls[0]
    if sources:
        meta["source"] = "; ".join(s.get("title") or s.get("path") or "" for s in sources)
        urls = [s.get("path") for s in sources if s.get("path")]
        if urls:
            meta["source_url"] = urls[0]
    meta["about"] = f"Exported by falseflag {__version__}"
    tables = {}
    for res_desc in d.get("resources", []):
        resource = pkg.resources.get(res_desc.get("name"))
        if resource is None:
            continue
        table: dict[str, Any] = {}
        description = res_desc.get("description") or res_desc.get("title")
        if description:
            table["description"] = description
        table["columns"] = {f.name: f.description for f in resource.schema.fields if f.description}
        # datasette shows an empty label as "None", so only a required column will do; else the
        # key itself, which keeps datasette from choosing a "title" or "name" that may be empty
        label = next((c for c in LABEL_COLUMNS if c in resource.schema.field_names and resource.schema.field(c).required), None)
        if label is None and len(resource.schema.primary_key) == 1:
            label = resource.schema.primary_key[0]
        if label:
            table["label_column"] = label
        tables[resource.name] = table
    meta["databases"] = {database: {**({"description": d["rights"]} if d.get("rights") else {}), "tables": tables}}
    return meta


def is_falseflag_metadata(path: Path) -> bool:
    """Whether ``path`` is a metadata.json an earlier export wrote (and so may be replaced)."""
    try:
        return str(json.loads(path.read_text(encoding="utf-8")).get("about", "")).startswith("Exported by falseflag")
    except (OSError, ValueError, AttributeError):
        return False


__all__ = ["SQLITE_TYPES", "SQLiteExportError", "create_table_sql", "datasette_metadata", "is_falseflag_metadata", "write_sqlite"]
