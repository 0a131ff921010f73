"""``falseflag analyzers``, ``falseflag analyze`` and ``falseflag plugins``."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from .. import plugins
from ..analysis import Analyzer
from ..connection import package_files
from ..output import render_rows, to_json
from ..outputs import OutputError
from ..package import PackageError, load_package
from ..runner import ANALYZER_MEMORY_LIMIT, UnknownAnalyzerError, analyze, check_memory_limit
from ..writing import TABLE_FORMATS, ResultWriter
from .common import exit_with, fail, package_option, package_problem, progress, quiet_option
from .render import render_overview, render_run


def _report_load_errors() -> None:
    for error in plugins.get_load_errors():
        fail(str(error))


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
        exit_with(str(UnknownAnalyzerError([name], list(analyzers))), 2)
    analyzer = analyzers[name]
    if not analyzer.sql_files:
        click.echo(f"-- analyzer {name!r} has no SQL files")
        return
    for i, path in enumerate(analyzer.sql_files):
        try:
            sql = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            exit_with(f"cannot read {path}: {exc.strerror}", 1)
        click.echo(("\n" if i else "") + f"-- {name}: {path}")
        click.echo(sql.rstrip("\n"))


def _memory_size(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return None if value is None else check_memory_limit(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("analyze")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@package_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text: each analyzer's summary and its most telling findings; markdown and json: everything.")
@click.option("--tables", "all_tables", is_flag=True, help="In text, also print every result table (its first rows) and more findings.")
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write every result table, the findings and run.json to this folder, whole or not at all.")
@click.option("--table-format", type=click.Choice(TABLE_FORMATS), default="csv", show_default=True,
              help="File format of the result tables written with --out.")
@click.option("--force", is_flag=True, help="With --out, write into a folder that falseflag did not write (its files are kept).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Stop an analyzer that runs longer than this; the others still run.")
@click.option("--memory-limit", metavar="SIZE", default=None, callback=_memory_size,
              help=f"DuckDB memory while the corpus is loaded and while each analyzer runs, like 3GB (default {ANALYZER_MEMORY_LIMIT}); "
                   "beyond it DuckDB spills to disk.")
@click.option("--temp-dir", type=click.Path(path_type=Path, file_okay=False, exists=True, writable=True), default=None,
              help="Where the run's working files and spills go (default: FALSEFLAG_TMPDIR, else the system's temporary folder).")
@click.option("--debug", is_flag=True, help="Also print the traceback of every analyzer that failed.")
@quiet_option
def analyze_command(
    names: tuple[str, ...], package: Path | None, fmt: str, all_tables: bool, out: Path | None, table_format: str,
    force: bool, timeout: float | None, memory_limit: str | None, temp_dir: Path | None, debug: bool, quiet: bool,
) -> None:
    """Run every analyzer, or the NAMEd ones, and show what they found.

    The terminal shows each analyzer's summary and its most telling findings with their
    evidence; --tables adds every result table, --out writes everything to files (each
    analyzer's while the next one runs), --format json prints everything.

    Exit code 0 when everything ran, 1 when an analyzer failed or a plugin did not load
    (the other results are still shown and written), 2 when the package cannot be read
    or a NAME is unknown, 130 when stopped with Ctrl-C.

    \b
        falseflag analyze
        falseflag analyze hedging --tables
        falseflag analyze --out results --table-format parquet
    """
    try:
        pkg = load_package(package)
    except PackageError as exc:
        exit_with(package_problem(exc), 2)
    writer = None
    if out is not None:
        try:
            writer = ResultWriter(out, table_format, force=force, protected=package_files(pkg))
        except (OSError, OutputError) as exc:
            exit_with(f"cannot write to {out}: {exc}", 1)
    try:
        with progress(quiet or fmt == "json", "analyzing") as update:
            def started(name: str, n: int, total: int) -> None:
                update(completed=n - 1, total=total, description=f"analyzer {name} ({n} of {total})")

            run = analyze(names or None, pkg, on_result=writer.add if writer else None, on_start=started, timeout=timeout,
                          memory_limit=memory_limit, temp_dir=temp_dir)
        # The results live until the command ends: the cycle collector need not walk them
        # again (over a second on a large corpus) while they are printed and written.
        gc.freeze()
        if writer is not None:
            written = writer.finish(run)
        if fmt == "json":
            click.echo(to_json(run.to_dict()))
        elif fmt == "markdown":
            click.echo(render_run(run, "markdown"))
        elif all_tables:
            click.echo(render_run(run, "text"))
        else:
            click.echo(render_overview(run, hint=_hint(out)))
        for error in run.load_errors:
            fail(str(error))
        for error in run.errors:
            fail(str(error))
            if debug and error.traceback:
                click.echo(error.traceback.rstrip(), err=True)
        if writer is not None:
            click.echo(f"Wrote {len(written)} file{'s' if len(written) != 1 else ''} to {out}", err=True)
    except PackageError as exc:
        exit_with(package_problem(exc), 2)
    except UnknownAnalyzerError as exc:
        exit_with(str(exc), 2)
    except (OSError, OutputError) as exc:
        if writer is None:
            raise
        exit_with(f"cannot write to {out}: {exc}", 1)
    finally:
        if writer is not None:
            writer.close()
    sys.exit(0 if run.ok else 1)


def _hint(out: Path | None) -> str:
    more = "falseflag analyze --tables prints every result table; --format json prints everything"
    if out is not None:
        return f"Every table and finding is in {out}. {more}."
    return f"{more}; --out DIR writes every table and finding to files."


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
