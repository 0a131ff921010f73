"""``falseflag validate``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..output import plural, render_rows, to_json
from ..package import PackageError
from ..validation import ValidationReport, validate
from .common import exit_with, package_problem, progress, quiet_option

VALUE_WIDTH = 60
"""Longest value shown in the text report (the JSON report has them in full)."""


@click.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--frictionless", is_flag=True, help="Also run frictionless' own validator and merge its errors.")
@quiet_option
def validate_command(path: Path | None, as_json: bool, frictionless: bool, quiet: bool) -> None:
    """Check a data package: files, columns and cross-table rules, every problem at once.

    PATH is a data package folder or datapackage.json (default: the bundled corpus).
    Exit status: 0 valid, 1 problems found, 2 the descriptor cannot be read.

        falseflag validate my-corpus/ --json
    """
    try:
        with progress(quiet, "validating") as update:
            report = validate(path, frictionless=frictionless, progress=lambda stage, done, total: update(completed=done, total=total, description=stage))
    except PackageError as exc:
        exit_with(package_problem(exc), 2)
    click.echo(to_json(report.to_dict()) if as_json else render_report(report))
    sys.exit(0 if report.valid else 1)


def render_report(report: ValidationReport) -> str:
    """The summary line, then one terminal table of problems per table."""
    parts = [f"{report.summary()}  ({report.package})"]
    files = {t.name: t.file for t in report.tables}
    for table, problems in report.by_table().items():
        file = problems[0].file or files.get(table) or ""
        count = plural(len(problems), "problem")
        rows = [(p.row, p.field, p.check, _short(p.value), p.message) for p in problems]
        parts.append(render_rows(["row", "field", "check", "value", "message"], rows, "text", title=f"{table}  {file}  ({count})"))
    if report.skipped_rules:
        skipped = sorted({f"  {s.rule} on {s.table}: {s.reason}" for s in report.skipped_rules})
        parts.append("\n".join(["Not checked:", *skipped]))
    return "\n\n".join(parts)


def _short(value: object) -> object:
    if isinstance(value, str) and len(value) > VALUE_WIDTH:
        return value[: VALUE_WIDTH - 1] + "…"
    return value
