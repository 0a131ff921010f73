"""The corpus as analyzers read it: loaded once into a DuckDB database file, attached read-only.

``Store.build`` reads the tables of a package (the one loader, ``falseflag.sources``) into
``corpus.duckdb`` in a private temporary folder, within a memory budget beyond which
DuckDB spills to disk. Each analyzer then gets a new in-memory database of its own with
that file attached read-only as ``corpus`` and a view in ``main`` of each table it reads:
whatever it creates, drops or replaces lives in its own database only, and the corpus
file cannot be written through it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import duckdb

from .connection import lock_down, package_files
from .db import quote_ident, quote_literal
from .package import DataPackage
from .sources import load_tables

LOAD_MEMORY_LIMIT = "2GB"
"""DuckDB memory while the corpus is read into the store (beyond it DuckDB spills)."""


class Store:
    """A package's tables in a read-only DuckDB database file (``path``), in ``folder``."""

    def __init__(self, package: DataPackage, folder: Path, tables: list[str]):
        self.package = package
        self.folder = folder
        self.path = folder / "corpus.duckdb"
        self.tables = tables

    @classmethod
    def build(
        cls, package: DataPackage, folder: Path, names: Iterable[str] | None = None, *, memory_limit: str = LOAD_MEMORY_LIMIT
    ) -> Store:
        """Read the package's tables (or the named ones) into a new database file in ``folder``.

        Raises PackageError naming the file that cannot be read.
        """
        wanted = set(package.resources if names is None else names)
        tables = [name for name in package.resources if name in wanted]
        store = cls(package, folder, tables)
        spill = folder / "load-spill"
        con = duckdb.connect(str(store.path), config={"memory_limit": memory_limit, "temp_directory": str(spill)})
        try:
            con.execute("SET enable_progress_bar = false")
            load_tables(con, package, names=tables)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        return store

    def connect(
        self,
        tables: Iterable[str] | None = None,
        *,
        config: dict[str, str] | None = None,
        readable: Iterable[Path] = (),
        lock: bool = True,
        allowed_configs: Iterable[str] = (),
    ) -> duckdb.DuckDBPyConnection:
        """A new in-memory database with the store attached read-only and a view in ``main`` per table.

        With ``lock`` (the default) no file can be read or written but inside those of
        ``readable`` that hold no file of the package, and no setting changed but
        ``allowed_configs``.
        """
        con = duckdb.connect(config=config or {})
        try:
            con.execute("SET enable_progress_bar = false")
            con.execute(f"ATTACH {quote_literal(str(self.path))} AS corpus (READ_ONLY)")
            for name in self.tables if tables is None else [t for t in tables if t in self.tables]:
                con.execute(f"CREATE VIEW main.{quote_ident(name)} AS SELECT * FROM corpus.{quote_ident(name)}")
            if lock:
                allowed = [str(d) for d in safe_directories(readable, self.package)]
                if allowed_configs:
                    con.execute(f"SET allowed_configs = [{', '.join(map(quote_literal, allowed_configs))}]")
                lock_down(con, [Path(d) for d in allowed])
        except BaseException:
            con.close()
            raise
        return con


def safe_directories(directories: Iterable[Path], package: DataPackage) -> list[Path]:
    """The real paths of ``directories`` that hold no file of ``package`` (nor its store)."""
    files = package_files(package)
    safe = []
    for directory in directories:
        real = Path(directory).resolve()
        if real.is_dir() and not any(f.is_relative_to(real) for f in files):
            safe.append(real)
    return safe


def work_folder(prefix: str = "falseflag-run-", parent: str | Path | None = None) -> tempfile.TemporaryDirectory:
    """A private temporary folder for a run, in ``parent``, else ``FALSEFLAG_TMPDIR``, else the system's default."""
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-", dir=parent or os.environ.get("FALSEFLAG_TMPDIR") or None)


__all__ = ["LOAD_MEMORY_LIMIT", "Store", "safe_directories", "work_folder"]
