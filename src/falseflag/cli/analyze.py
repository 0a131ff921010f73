"""``falseflag analyzers``, ``falseflag analyze`` and ``falseflag plugins``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import plugins
from ..analysis import Analyzer, AnalyzerResult
from ..output import render_rows, to_json
from ..package import PackageError
from ..runner import TABLE_FORMATS, AnalysisRun, UnknownAnalyzerError, analyze

TEXT_MAX_ROWS = 20
"""Rows of a result table (or findings) shown in text mode before '… N more rows'."""


def _fail(message: str) -> None:
    """One line on stderr per problem, whatever the message holds."""
    click.echo("Error: " + " ".join(message.split()), err=True)


def _report_load_errors() -> None:
    for error in plugins.get_load_errors():
        _fail(str(error))


@click.command("analyzers")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--sql", "sql_of", metavar="NAME", help="Print the SQL files of analyzer NAME.")
def analyzers_command(as_json: bool, sql_of: str | None) -> None:
    """List the analyzers of the built-in and installed plugins.

    Plugins that fail to load are reported on stderr.

        falseflag analyzers --sql hedging
    """
    analyzers = plugins.get_analyzers()
    _report_load_errors()
    if sql_of is not None:
        _print_sql(analyzers, sql_of)
        return
    if as_json:
        click.echo(to_json([a.to_dict() for a in analyzers.values()]))
        return
    if not analyzers:
        click.echo("No analyzers.")
        return
    rows = [(a.name, a.title, a.version, a.plugin, _dist(a)) for a in analyzers.values()]
    click.echo(render_rows(["name", "title", "version", "plugin", "distribution"], rows))


def _dist(analyzer: Analyzer) -> str:
    return " ".join(p for p in (analyzer.distribution, analyzer.distribution_version) if p)


def _print_sql(analyzers: dict[str, Analyzer], name: str) -> None:
    if name not in analyzers:
        _fail(str(UnknownAnalyzerError([name], list(analyzers))))
        sys.exit(2)
    analyzer = analyzers[name]
    if not analyzer.sql_files:
        click.echo(f"-- analyzer {name!r} has no SQL files")
        return
    for i, path in enumerate(analyzer.sql_files):
        try:
            sql = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot read {path}: {exc.strerror}")
            sys.exit(1)
        click.echo(("\n" if i else "") + f"-- {name}: {path}")
        click.echo(sql.rstrip("\n"))


@click.command("analyze")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option(
    "--package", "-p", "package", type=click.Path(path_type=Path), default=None,
    help="A data package folder or datapackage.json (default: the bundled corpus).",
)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write every result table, the findings and run.json to this folder (created if needed).")
@click.option("--table-format", type=click.Choice(TABLE_FORMATS), default="csv", show_default=True,
              help="File format of the result tables written with --out.")
def analyze_command(names: tuple[str, ...], package: Path | None, fmt: str, out: Path | None, table_format: str) -> None:
    """Run every analyzer, or the NAMEd ones, and print their tables and findings.

    Exit code 0 when everything ran, 1 when an analyzer failed or a plugin did not load
    (the other results are still printed and written), 2 when the package cannot be read
    or a NAME is unknown.

    \b
        falseflag analyze
        falseflag analyze hedging --format markdown
        falseflag analyze --out results --table-format parquet
    """
    try:
        run = analyze(names or None, package)
    except PackageError as exc:
        _fail(f"cannot read the package: {exc}")
        sys.exit(2)
    except UnknownAnalyzerError as exc:
        _fail(str(exc))
        sys.exit(2)
    if fmt == "json":
        click.echo(to_json(run.to_dict()))
    else:
        click.echo(render_run(run, fmt))
    for error in run.load_errors:
        _fail(str(error))
    for error in run.errors:
        _fail(str(error))
    if out is not None:
        try:
            written = run.write(out, table_format)
        except (OSError, ValueError) as exc:
            _fail(f"cannot write to {out}: {exc}")
            sys.exit(1)
        click.echo(f"Wrote {len(written)} files to {out}", err=True)
    sys.exit(0 if run.ok else 1)


def render_run(run: AnalysisRun, fmt: str) -> str:
    """The results as readable text (long tables cut short) or Markdown (complete)."""
    blocks = []
    for name, result in run.results.items():
        analyzer = run.analyzers[name]
        if fmt == "markdown":
            blocks.append(f"## {name}: {analyzer.title}\n\n*version {analyzer.version}, plugin {analyzer.plugin}*")
        else:
            blocks.append(f"{name}: {analyzer.title} (version {analyzer.version}, plugin {analyzer.plugin})")
        if result.summary:
            blocks.append(result.summary)
        for table in result.tables.values():
            blocks.append(_render_table(f"{name} / {table.name}", table.columns, table.rows(), fmt))
        blocks.append(_render_findings(name, result, fmt))
    if not blocks:
        return "No results."
    return "\n\n".join(blocks)


def _render_table(title: str, columns: list[str], rows: list, fmt: str) -> str:
    if fmt == "markdown" or len(rows) <= TEXT_MAX_ROWS:
        return render_rows(columns, rows, fmt, title)
    more = len(rows) - TEXT_MAX_ROWS
    return render_rows(columns, rows[:TEXT_MAX_ROWS], fmt, title) + f"\n… {more} more rows (use --out or --format json)"


def _render_findings(name: str, result: AnalyzerResult, fmt: str) -> str:
    if not result.findings:
        return f"{name}: no findings"
    rows = [(f.kind, f.message, "\n".join(str(e) for e in f.evidence)) for f in result.findings]
    return _render_table(f"{name} / findings", ["kind", "message", "evidence"], rows, fmt)


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--all", "include_builtin", is_flag=True, help="Include the built-in plugins.")
def plugins_command(as_json: bool, include_builtin: bool) -> None:
    """List installed plugins: distribution, version, the hooks they implement, load errors."""
    infos = plugins.get_plugins(include_builtin=include_builtin)
    if as_json:
        click.echo(to_json([p.to_dict() for p in infos]))
        return
    if not infos:
        click.echo("No plugins installed." + ("" if include_builtin else " (--all shows the built-in ones)"))
        return
    rows = [(p.name, p.distribution, p.version, ", ".join(p.hooks), p.error) for p in infos]
    click.echo(render_rows(["name", "distribution", "version", "hooks", "error"], rows))

