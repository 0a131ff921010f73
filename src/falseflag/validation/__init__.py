"""Validation of a falseflag corpus: files, columns (pandera) and cross-table rules (DuckDB).

    report = falseflag.validate("path/to/datapackage.json")
    report.valid, report.problems, report.by_table(), report.to_dict()

See docs/validation.md for every check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .core import validate
from .report import CHECKS, Problem, ValidationReport
from .rules import RULES, Rule, all_rules

if TYPE_CHECKING:
    from .columns import pandera_schema


def __getattr__(name: str) -> Any:
    # pandera takes a while to import; load it on first use only.
    if name == "pandera_schema":
        from .columns import pandera_schema

        return pandera_schema
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CHECKS", "RULES", "Problem", "Rule", "ValidationReport", "all_rules", "pandera_schema", "validate"]
