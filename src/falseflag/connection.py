"""A DuckDB connection to a corpus that no query can use to change the corpus or read past it.

``connect()`` reads every table of the package into DuckDB (the one loader,
``falseflag.sources``), then switches file access off and locks the configuration: no
query can read, write or ``COPY`` to a file, attach another database, load an extension or
change a setting (``log_query_path``, ``profiling_output``, ...). With ``allow_writes=DIR``
a query may read and write files inside DIR, and nowhere else; DIR may not hold any file
of the package.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterable
from pathlib import Path

import duckdb

from .db import first_line, quote_ident, quote_literal
from .package import DataPackage, PackageError, load_package


class WriteDirError(ValueError):
    """A folder that a query may not be allowed to write in."""


def package_files(package: DataPackage) -> list[Path]:
    """The real paths of every file the package consists of: descriptor, schemas, data."""
    files = [package.descriptor_path]
    for resource in package.resources.values():
        files.append(resource.path)
        if resource.schema_path is not None:
            files.append(resource.schema_path)
    return [f.resolve() for f in files]


def check_write_dir(folder: str | Path, package: DataPackage) -> Path:
    """The real path of ``folder``, if queries may write in it: an existing folder holding no file of ``package``."""
    real = Path(folder).resolve()
    if not real.is_dir():
        raise WriteDirError(f"{folder} is not an existing folder")
    for file in package_files(package):
        if file.is_relative_to(real):
            raise WriteDirError(
                f"{folder} holds the package's file {file}; queries may not write where they could change the corpus: name another folder"
            )
    return real


def lock_down(con: duckdb.DuckDBPyConnection, directories: Iterable[Path] = ()) -> None:
    """Switch file access off (but inside ``directories``) and lock every setting."""
    allowed = [str(d).rstrip("/") + "/" for d in directories]
    if allowed:
        con.execute(f"SET allowed_directories = [{', '.join(map(quote_literal, allowed))}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def connect(
    package: str | Path | DataPackage | None = None,
    *,
    allow_writes: str | Path | None = None,
    memory_limit: str | None = None,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a typed table per table of the corpus.

    ``package`` is a folder, a ``datapackage.json``, a loaded DataPackage or None for the
    bundled corpus. The tables are copies: a query may change them, never the files. No
    file can be read or written, unless ``allow_writes`` names a folder, inside which a
    query may read and write (``COPY quotes TO 'DIR/quotes.csv'``, or a relative path when
    DIR is the working folder). Beyond ``memory_limit`` (DuckDB's default: 80% of memory)
    DuckDB spills to a private temporary folder, removed with the connection.

    Raises PackageError when a file of the package cannot be read, WriteDirError when
    ``allow_writes`` is not a folder queries may write in.
    """
    from .sources import load_tables

    pkg = package if isinstance(package, DataPackage) else load_package(package)
    directories = [check_write_dir(allow_writes, pkg)] if allow_writes is not None else []
    spill = tempfile.mkdtemp(prefix="falseflag-query-")
    config = {"temp_directory": spill}
    if memory_limit:
        config["memory_limit"] = memory_limit
    con = duckdb.connect(config=config)
    weakref.finalize(con, shutil.rmtree, spill, ignore_errors=True)
    try:
        con.execute("SET enable_progress_bar = false")
        load_tables(con, pkg)
        lock_down(con, directories)
    except BaseException:
        con.close()
        raise
    return con


def table_counts(package: DataPackage) -> dict[str, int | str]:
    """Row count of every table, or why a table cannot be read."""
    from .sources import Scan

    con = duckdb.connect()
    counts: dict[str, int | str] = {}
    try:
        for name, resource in package.resources.items():
            try:
                scan = Scan(resource, package.root)
                # Every column is counted, so that every value is read (and a bad byte found).
                every = ", ".join(f"count({quote_ident(f)})" for f in resource.schema.field_names)
                counts[name] = scan.run(con, f"SELECT count(*), {every} FROM " + "({scan})").fetchall()[0][0]
            except PackageError as exc:
                counts[name] = exc.message
            except duckdb.Error as exc:
                counts[name] = first_line(str(exc))
    finally:
        con.close()
    return counts


__all__ = ["WriteDirError", "check_write_dir", "connect", "lock_down", "package_files", "table_counts"]
