"""Running frictionless' own validator on a corpus, as Problems (``--frictionless``)."""

from __future__ import annotations

from typing import Any

from ..package import DataPackage
from .report import Problem

PREFIX = "frictionless:"


def frictionless_problems(package: DataPackage) -> list[Problem]:
    """``frictionless.Package(descriptor).validate()``, each error as a Problem ``frictionless:<type>``."""
    import frictionless

    descriptor = package.descriptor_path.name
    try:
        report = frictionless.Package(str(package.descriptor_path)).validate()
    except Exception as exc:  # frictionless raises its own and many library errors on bad input
        return [Problem(None, descriptor, None, None, PREFIX + "error", None, f"frictionless could not run: {exc}")]
    problems = [_problem(error.to_dict(), None, descriptor) for error in report.errors]
    for task in report.tasks:
        problems += [_problem(error.to_dict(), task.name, task.place) for error in task.errors]
    return problems


def _problem(error: dict[str, Any], table: str | None, file: str | None) -> Problem:
    fields = error.get("fieldNames") or ([error["fieldName"]] if error.get("fieldName") else [])
    cells = error.get("fieldCells")
    value = ", ".join(map(str, cells)) if cells else error.get("cell")
    return Problem(
        table,
        file,
        error.get("rowNumber"),
        ", ".join(fields) or None,
        PREFIX + error.get("type", "error"),
        value,
        error.get("message", ""),
    )
