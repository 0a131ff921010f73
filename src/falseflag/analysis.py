"""What an analyzer is, and what it returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .db import to_arrow

if TYPE_CHECKING:
    import duckdb
    import pandas
    import polars


@dataclass(frozen=True, slots=True)
class Evidence:
    """The exact words a finding is about: a span of one article's text."""

    article_id: str
    char_start: int
    char_end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "char_start": self.char_start, "char_end": self.char_end, "text": self.text}

    def __str__(self) -> str:
        return f"{self.article_id}[{self.char_start}:{self.char_end}] «{self.text}»"


@dataclass(frozen=True, slots=True)
class Finding:
    """Something an analyzer found, in words a person can read, with its evidence."""

    kind: str
    message: str
    evidence: tuple[Evidence, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "evidence": [e.to_dict() for e in self.evidence], "data": self.data}


class ResultTable:
    """A named result table, held as Arrow; converts to pandas or polars for notebooks."""

    def __init__(self, name: str, table: pa.Table, description: str = ""):
        self.name = name
        self.arrow = table
        self.description = description

    @classmethod
    def from_relation(cls, name: str, relation: duckdb.DuckDBPyRelation, description: str = "") -> ResultTable:
        return cls(name, to_arrow(relation), description)

    @property
    def columns(self) -> list[str]:
        return list(self.arrow.column_names)

    @property
    def num_rows(self) -> int:
        return self.arrow.num_rows

    def rows(self, limit: int | None = None) -> list[tuple[Any, ...]]:
        """The rows as tuples: all of them, or the first ``limit``."""
        table = self.arrow if limit is None else self.arrow.slice(0, limit)
        cols = [c.to_pylist() for c in table.columns]
        return list(zip(*cols)) if cols else []

    def to_dict(self, *, rows: bool = True) -> dict[str, Any]:
        """Name, description, columns and row count; with ``rows``, the rows as dicts."""
        out: dict[str, Any] = {"name": self.name, "description": self.description, "columns": self.columns, "num_rows": self.num_rows}
        if rows:
            out["rows"] = self.arrow.to_pylist()
        return out

    def to_pandas(self) -> pandas.DataFrame:
        return self.arrow.to_pandas()

    def to_polars(self) -> polars.DataFrame:
        import polars as pl

        return pl.from_arrow(self.arrow)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"ResultTable({self.name!r}, rows={self.num_rows}, columns={self.columns})"


@dataclass
class AnalyzerResult:
    """What one analyzer returns: named tables and findings."""

    tables: dict[str, ResultTable] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    summary: str = ""

    def add_table(self, name: str, relation: duckdb.DuckDBPyRelation | pa.Table, description: str = "") -> ResultTable:
        """Add a table from a DuckDB relation (``connection.sql(...)``) or an Arrow table."""
        if isinstance(relation, pa.Table):
            table = ResultTable(name, relation, description)
        else:
            table = ResultTable.from_relation(name, relation, description)
        self.tables[name] = table
        return table

    def to_dict(self, *, data: bool = True) -> dict[str, Any]:
        """Summary, tables and findings; ``data=False`` keeps only table shapes and the finding count."""
        out: dict[str, Any] = {
            "summary": self.summary,
            "tables": {name: t.to_dict(rows=data) for name, t in self.tables.items()},
            "num_findings": len(self.findings),
        }
        if data:
            out["findings"] = [f.to_dict() for f in self.findings]
        return out


@dataclass(frozen=True)
class Analyzer:
    """An analyzer: its identity, and the function that runs it on a read-only connection.

    ``run(connection)`` receives a DuckDB connection whose corpus tables are read-only and
    returns an AnalyzerResult. ``sql_files`` lists the paths of the SQL it runs, for
    ``falseflag analyzers --sql``. ``tables`` names the corpus tables it reads, when it
    reads only some: its connection then has views of those, and a table no selected
    analyzer needs is not read at all (None: every table). ``plugin``, ``distribution``
    and ``distribution_version`` are filled in when the analyzer is registered.
    """

    name: str
    title: str
    description: str
    version: str
    run: Callable[[duckdb.DuckDBPyConnection], AnalyzerResult]
    sql_files: tuple[str, ...] = ()
    plugin: str | None = None
    distribution: str | None = None
    distribution_version: str | None = None
    tables: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Everything but ``run``, for listings and run records."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "version": self.version,
            "plugin": self.plugin,
            "distribution": self.distribution,
            "distribution_version": self.distribution_version,
            "sql_files": [str(p) for p in self.sql_files],
            "tables": None if self.tables is None else list(self.tables),
        }
