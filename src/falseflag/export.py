"""Writing a corpus out as a DuckDB database file or a Parquet data package."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import duckdb

from .db import materialize, quote_literal, scan_sql
from .package import DataPackage, load_package

DUCKDB_STORAGE_VERSION = "v1.0.0"
"""Storage format of exported database files: readable by DuckDB 1.0 and every later release."""

EXPORT_FORMATS = ("duckdb", "parquet")


class ExportError(Exception):
    """The export could not be written; nothing was left at the destination."""


def export(out: str | Path, fmt: str = "duckdb", package: str | Path | DataPackage | None = None, *, force: bool = False) -> Path:
    """Export the corpus to ``out`` as a DuckDB file or a Parquet data package folder.

    The result is written beside ``out`` first and moved into place at the end, so a
    failure never leaves a half-written export; an existing ``out`` is replaced only
    with ``force=True``.
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    out = Path(out)
    if out.exists() and not force:
        raise ExportError(f"{out} already exists; choose another path or pass --force to replace it")
    if not out.parent.exists():
        raise ExportError(f"{out.parent} does not exist")
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".falseflag-export-") as tmp:
        staged = Path(tmp) / out.name
        if fmt == "duckdb":
            _write_duckdb(pkg, staged)
        else:
            _write_parquet_package(pkg, staged)
        if out.exists():
            shutil.rmtree(out) if out.is_dir() else out.unlink()
        staged.replace(out)
    return out


def _write_duckdb(pkg: DataPackage, path: Path) -> None:
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {quote_literal(str(path))} AS export (STORAGE_VERSION '{DUCKDB_STORAGE_VERSION}')")
        materialize(con, pkg, schema="export")
        con.execute("DETACH export")
    finally:
        con.close()


def _write_parquet_package(pkg: DataPackage, folder: Path) -> None:
    (folder / "data").mkdir(parents=True)
    descriptor = json.loads(json.dumps(pkg.descriptor))
    con = duckdb.connect()
    try:
        for res_desc in descriptor["resources"]:
            resource = pkg.resources[res_desc["name"]]
            relpath = f"data/{resource.name}.parquet"
            con.execute(
                f"COPY ({scan_sql(resource)}) TO {quote_literal(str(folder / relpath))} (FORMAT parquet, COMPRESSION zstd)"
            )
            res_desc.update(path=relpath, format="parquet", mediatype="application/vnd.apache.parquet")
            res_desc.pop("encoding", None)
            if resource.schema_path is not None:
                target = folder / res_desc["schema"]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(resource.schema_path, target)
    finally:
        con.close()
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

