"""``falseflag report``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..output import plural
from ..package import PackageError
from .common import exit_with, fail, package_option, package_problem, progress, quiet_option


@click.command("report")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@package_option
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("report.html"), show_default=True,
              help="The HTML file to write (a folder when the corpus is large).")
@click.option("--force", is_flag=True, help="Replace OUT if it is a report falseflag wrote.")
@quiet_option
def report_command(names: tuple[str, ...], package: Path | None, out: Path, force: bool, quiet: bool) -> None:
    """Run the analyzers (all, or the NAMEd ones) and write a report to open in a browser.

    One HTML file that opens from disk, offline: the corpus and each analyzer's summary
    with charts, every article with its quotes, speakers, cues, claims and hedges marked,
    the findings with their evidence, and each claim's mentions side by side. From 200
    articles on, OUT is a folder instead (index.html and one page per article). Needs the
    report extra: pip install "falseflag[report]".

    \b
        falseflag report --out report.html
        falseflag report attribution --package my-corpus --out attribution.html
    """
    from ..outputs import OutputError
    from ..report import ReportError, build_report
    from ..runner import UnknownAnalyzerError

    try:
        with progress(quiet, "making the report"):
            summary = build_report(list(names) or None, package, out, force=force)
    except PackageError as exc:
        exit_with(package_problem(exc), 2)
    except (ReportError, UnknownAnalyzerError) as exc:
        exit_with(str(exc), 2)
    except OutputError as exc:
        exit_with(str(exc), 1)
    for error in [*summary.run.load_errors, *summary.run.errors]:
        fail(str(error))
    where = f"{out}/index.html ({plural(summary.pages, 'page')})" if summary.folder else str(out)
    click.echo(f"Wrote {where}: {plural(summary.articles, 'article')}, {summary.bytes / 1e6:.1f} MB, in {summary.seconds:.1f} s")
    sys.exit(0 if summary.run.ok else 1)
