"""``falseflag analyzers``, ``falseflag analyze`` and ``falseflag plugins``."""

from __future__ import annotations

import gc
import sys
from collections import Counter
from pathlib import Path

import click

from .. import plugins
from ..analysis import Analyzer, AnalyzerResult, Finding, ResultTable
from ..output import render_rows, to_json
from ..package import PackageError
from ..runner import AnalysisRun, UnknownAnalyzerError, analyze
from ..writing import TABLE_FORMATS, ResultWriter

TEXT_MAX_ROWS = 20
"""Rows of a result table (and findings of a kind) shown in text mode before '… N more rows'."""

TEXT_MAX_COLUMNS = 12
"""Columns of a result table shown in text mode; the others are named in a note."""

OUT_MAX_ROWS = 3
"""Rows of a result table (and findings of a kind) shown with --out, which writes them all."""

OUT_MAX_CELL = 60
"""Characters of a table cell shown with --out (findings: OUT_MAX_CELL * 5)."""


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

    With --out every row goes to the files (each analyzer's while the next one runs) and
    the terminal shows the first rows of each table and the first findings of each kind.

    Exit code 0 when everything ran, 1 when an analyzer failed or a plugin did not load
    (the other results are still printed and written), 2 when the package cannot be read
    or a NAME is unknown.

    \b
        falseflag analyze
        falseflag analyze hedging --format markdown
        falseflag analyze --out results --table-format parquet
    """
    writer = None
    if out is not None:
        try:
            writer = ResultWriter(out, table_format)
        except (OSError, ValueError) as exc:
            _fail(f"cannot write to {out}: {exc}")
            sys.exit(1)
    try:
        run = analyze(names or None, package, on_result=writer.add if writer else None)
        # The results live until the command ends: the cycle collector need not walk them
        # again (over a second on a large corpus) while they are printed and written.
        gc.freeze()
        if fmt == "json":
            click.echo(to_json(run.to_dict()))
        elif writer is not None:
            click.echo(render_run(run, fmt, max_rows=OUT_MAX_ROWS, max_cell=OUT_MAX_CELL, more_hint=f"all in {out}"))
        else:
            click.echo(render_run(run, fmt))
        for error in run.load_errors:
            _fail(str(error))
        for error in run.errors:
            _fail(str(error))
        if writer is not None:
            written = writer.finish(run)
            click.echo(f"Wrote {len(written)} files to {out}", err=True)
    except PackageError as exc:
        _fail(f"cannot read the package: {exc}")
        sys.exit(2)
    except UnknownAnalyzerError as exc:
        _fail(str(exc))
        sys.exit(2)
    except (OSError, ValueError) as exc:
        if writer is None:
            raise
        _fail(f"cannot write to {out}: {exc}")
        sys.exit(1)
    finally:
        if writer is not None:
            writer.close()
    sys.exit(0 if run.ok else 1)


def render_run(
    run: AnalysisRun, fmt: str, max_rows: int | None = None, max_cell: int | None = None, more_hint: str = "use --out or --format json"
) -> str:
    """The results as readable text or Markdown.

    At most ``max_rows`` rows of each table and findings of each kind are shown (default:
    TEXT_MAX_ROWS in text, everything in Markdown); only those rows are converted to Python.
    ``max_cell`` cuts long values in tables short (five times as long in findings).
    """
    if max_rows is None and fmt != "markdown":
        max_rows = TEXT_MAX_ROWS
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
            blocks.append(_render_result_table(name, table, fmt, max_rows, max_cell, more_hint))
        blocks.append(_render_findings(name, result, fmt, max_rows, more_hint, max_cell and max_cell * 5))
    if not blocks:
        return "No results."
    return "\n\n".join(blocks)


def _render_result_table(name: str, table: ResultTable, fmt: str, max_rows: int | None, max_cell: int | None, more_hint: str) -> str:
    """A result table; in text mode only its first TEXT_MAX_COLUMNS columns (a wide table is slow to lay out, and unreadable)."""
    columns = table.columns
    arrow = table.arrow
    hidden = 0
    if fmt != "markdown" and len(columns) > TEXT_MAX_COLUMNS:
        hidden = len(columns) - TEXT_MAX_COLUMNS
        columns = columns[:TEXT_MAX_COLUMNS]
        arrow = arrow.select(list(range(TEXT_MAX_COLUMNS)))
    rows = ResultTable(table.name, arrow).rows(max_rows)
    text = _render_table(f"{name} / {table.name}", columns, rows, table.num_rows, fmt, more_hint, max_cell)
    if hidden:
        text += f"\n… {hidden} more columns ({more_hint})"
    return text


def _render_table(title: str, columns: list[str], rows: list, total: int, fmt: str, more_hint: str, max_cell: int | None = None) -> str:
    text = render_rows(columns, rows, fmt, title, max_cell)
    if total > len(rows):
        text += f"\n… {total - len(rows)} more rows ({more_hint})"
    return text


def _render_findings(name: str, result: AnalyzerResult, fmt: str, max_rows: int | None, more_hint: str, max_cell: int | None) -> str:
    """The findings, by kind in the order they come: at most ``max_rows`` of each kind."""
    if not result.findings:
        return f"{name}: no findings"
    by_kind: dict[str, list[Finding]] = {}
    for finding in result.findings:
        shown = by_kind.setdefault(finding.kind, [])
        if max_rows is None or len(shown) < max_rows:
            shown.append(finding)
    counts = Counter(f.kind for f in result.findings)
    rows = [(f.kind, f.message, "\n".join(str(e) for e in f.evidence)) for shown in by_kind.values() for f in shown]
    title = f"{name} / findings (" + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + ")"
    return _render_table(title, ["kind", "message", "evidence"], rows, len(result.findings), fmt, more_hint, max_cell)


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

