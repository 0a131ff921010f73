"""What validation found: one Problem per fault, gathered in a ValidationReport."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..package import TABLES

PACKAGE = "(package)"
"""The group of problems that belong to no table (a malformed descriptor)."""

CHECKS = {
    # The descriptor and the schemas.
    "descriptor": "The descriptor has a 'resources' list.",
    "missing-resource": "Every falseflag table is a resource of the descriptor.",
    "resource": "A resource entry has a name, one relative 'path' to a local file at or below the descriptor (no URL, glob or compressed file) and a format falseflag reads (csv or parquet).",
    "schema": "A resource's Table Schema file exists and is JSON; its fields, types and constraints are well-formed (constraints an object, patterns valid regular expressions, bounds numbers); its keys name fields it has, and foreign keys fields of a resource the package has; a field of a falseflag table has the type falseflag's schema declares.",
    # The files.
    "missing-file": "The resource's data file exists and can be read.",
    "outside-package": "The data file's real path (symbolic links followed) lies inside the package folder.",
    "not-a-file": "The data file is a regular file (not a folder, named pipe, socket or device).",
    "empty-file": "A CSV file has a header row, on its first line.",
    "encoding": "A CSV file is UTF-8 (the row, field and line of every bad byte are named).",
    "csv-syntax": "A CSV row is well-formed: every quoted value is closed and followed by a delimiter.",
    "ragged-row": "A CSV row has as many fields as the header (a trailing delimiter adds one).",
    "missing-column": "Every column of the schema is in the file.",
    "extra-column": "Every column of the file is in the schema.",
    "duplicate-column": "No column name appears twice in the file.",
    "column-order": "The columns are in the schema's order.",
    "parquet": "A Parquet resource can be read as Parquet.",
    "column-type": "A Parquet column's physical type holds its Table Schema type (integer: an integer type, ...).",
    # The columns (pandera).
    "required": "A required field (or a primary-key field) is not empty.",
    "type": "A value is well-formed for its field type: integer, number, boolean, date, ...",
    "enum": "A value is one of the field's enum values.",
    "pattern": "A value matches the field's pattern (the whole value).",
    "minimum": "A number is at least the field's minimum.",
    "maximum": "A number is at most the field's maximum.",
    "unique": "A unique field's value does not repeat an earlier row.",
}
"""Every package, file and column check, by the name problems carry; the cross-table
rules are listed in ``falseflag.validation.rules``."""


@dataclass(frozen=True)
class Problem:
    """One fault in a corpus.

    ``row`` counts like frictionless: the header is row 1 and the first data row is 2;
    it is None when the problem is not about one row (a missing file or column).
    """

    table: str | None
    file: str | None
    row: int | None
    field: str | None
    check: str
    value: Any
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TableSummary:
    """A table as validation saw it: its file and how many data rows were read."""

    name: str
    file: str | None
    format: str | None
    rows: int | None


@dataclass(frozen=True)
class SkippedRule:
    """A cross-table rule that could not run, and why (a table it reads was unreadable)."""

    rule: str
    table: str
    reason: str


@dataclass
class ValidationReport:
    """Every problem found in one corpus, in table order."""

    package: str
    problems: list[Problem] = field(default_factory=list)
    tables: list[TableSummary] = field(default_factory=list)
    skipped_rules: list[SkippedRule] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def by_table(self) -> dict[str, list[Problem]]:
        """Problems grouped by table name; problems of no table are under ``"(package)"``."""
        grouped: dict[str, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.table or PACKAGE, []).append(problem)
        return grouped

    def summary(self) -> str:
        """One line: ``valid`` or ``N problems in M tables``."""
        if self.valid:
            rows = sum(t.rows or 0 for t in self.tables)
            return f"valid: {len(self.tables)} tables, {rows:,} rows"
        groups = self.by_table()
        n, m = len(self.problems), len(groups)
        return f"invalid: {n:,} problem{'s' if n != 1 else ''} in {m} table{'s' if m != 1 else ''}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "package": self.package,
            "summary": self.summary(),
            "problem_count": len(self.problems),
            "tables": [
                {**asdict(t), "problem_count": sum(1 for p in self.problems if p.table == t.name)} for t in self.tables
            ],
            "problems": [p.to_dict() for p in self.problems],
            "skipped_rules": [asdict(s) for s in self.skipped_rules],
        }

    def sort(self) -> None:
        """Order problems by table (corpus order), then row, field and check."""
        order: dict[str | None, int] = {}
        for name in (None, *TABLES, *(t.name for t in self.tables)):
            order.setdefault(name, len(order))
        self.problems.sort(
            key=lambda p: (order.get(p.table, len(order)), p.table or "", p.row or 0, p.field or "", p.check)
        )
