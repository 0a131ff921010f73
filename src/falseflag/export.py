"""Writing a corpus out as a DuckDB database file, a Parquet data package, or a SQLite database for datasette."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from .connection import package_files
from .db import quote_literal
from .outputs import DUCKDB_FILE, SQLITE_FILE, FileKind, OutputError, output_file, output_folder
from .package import DataPackage, PackageError, load_package
from .sources import load_tables, scans
from .sqlite import SQLiteExportError, datasette_metadata, is_falseflag_metadata, write_sqlite

DUCKDB_STORAGE_VERSION = "v1.0.0"
"""Storage format of exported database files: readable by DuckDB 1.0 and every later release."""

EXPORT_FORMATS = ("duckdb", "parquet", "sqlite")
DATASETTE_METADATA = FileKind("datasette metadata.json written by falseflag", is_falseflag_metadata)


class ExportError(Exception):
    """The export could not be written; nothing was left at the destination."""


def export(out: str | Path, fmt: str = "duckdb", package: str | Path | DataPackage | None = None, *, force: bool = False) -> Path:
    """Export the corpus to ``out`` as a DuckDB file, a Parquet data package folder, or a SQLite
    database with a datasette ``metadata.json`` beside it.

    The result is written beside ``out`` and moved into place when complete, so a failure
    never leaves a half-written export. An existing ``out`` is replaced only with
    ``force=True``, and only when it is falseflag's own kind of output (a DuckDB file, a
    package folder falseflag wrote); files falseflag did not write are never removed.
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    protected = package_files(pkg)
    try:
        if fmt == "duckdb":
            with output_file(out, DUCKDB_FILE, force=force, protected=protected) as staged:
                write_duckdb(pkg, staged)
        elif fmt == "sqlite":
            write_sqlite_export(pkg, Path(out), force=force, protected=protected)
        else:
            with output_folder(out, force=force, protected=protected, what="a Parquet data package") as staged:
                write_parquet_package(pkg, staged)
    except SQLiteExportError as exc:
        raise ExportError(f"{pkg.descriptor_path}: {exc}") from None
    except OutputError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    return Path(out)


def write_duckdb(pkg: DataPackage, path: Path) -> None:
    """Every table of ``pkg``, typed, in a new DuckDB database file at ``path``."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {quote_literal(str(path))} AS export (STORAGE_VERSION '{DUCKDB_STORAGE_VERSION}')")
        load_tables(con, pkg, schema="export")
        con.execute("DETACH export")
    finally:
        con.close()


def write_sqlite_export(pkg: DataPackage, out: Path, *, force: bool, protected: list[Path]) -> None:
    """The SQLite database at ``out`` and datasette's metadata.json beside it, each written whole."""
    metadata = out.parent / "metadata.json"
    with output_file(metadata, DATASETTE_METADATA, force=force, protected=protected) as staged_metadata:
        with output_file(out, SQLITE_FILE, force=force, protected=protected) as staged:
            write_sqlite(pkg, staged)
            text = json.dumps(datasette_metadata(pkg, out.stem), indent=2, ensure_ascii=False) + "\n"
            staged_metadata.write_text(text, encoding="utf-8")


def write_parquet_package(pkg: DataPackage, folder: Path, config: dict[str, str] | None = None) -> None:
    """``pkg`` as a data package of typed Parquet tables in the existing folder ``folder``."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    descriptor = json.loads(json.dumps(pkg.descriptor))
    con = duckdb.connect(config=config or {})
    try:
        table_scans = scans(pkg)
        for res_desc in descriptor["resources"]:
            resource = pkg.resources[res_desc["name"]]
            relpath = f"data/{resource.name}.parquet"
            target = quote_literal(str(folder / relpath))
            table_scans[resource.name].run(con, "COPY ({scan}) TO " + target + " (FORMAT parquet, COMPRESSION zstd)")
            res_desc.update(path=relpath, format="parquet", mediatype="application/vnd.apache.parquet")
            res_desc.pop("encoding", None)
            if resource.schema_path is not None:
                schema_target = folder / res_desc["schema"]
                schema_target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(resource.schema_path, schema_target)
    finally:
        con.close()
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


__all__ = ["DUCKDB_STORAGE_VERSION", "EXPORT_FORMATS", "ExportError", "PackageError", "export", "write_duckdb", "write_parquet_package", "write_sqlite_export"]
