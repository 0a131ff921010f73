"""``falseflag synth``."""

from __future__ import annotations

from pathlib import Path

import click

from ..output import render_rows, to_json
from .common import exit_with, progress, quiet_option


def _shares(ctx, param, values: tuple[str, ...]) -> dict[str, float]:
    shares = {}
    for value in values:
        kind, sep, number = value.partition("=")
        try:
            shares[kind.strip()] = float(number)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not KIND=SHARE (e.g. drift=0.02)") from None
        if not sep:
            raise click.BadParameter(f"{value!r} is not KIND=SHARE (e.g. drift=0.02)")
    return shares


@click.command("synth")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--articles", "-n", type=click.IntRange(min=1), required=True, help="Number of articles.")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed; the same seed gives the same bytes.")
@click.option("--format", "-f", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
@click.option("--plant-errors", is_flag=True, help="Also plant one validation error of each kind (listed in OUT/truth/errors.csv).")
@click.option("--share", "shares", multiple=True, callback=_shares, metavar="KIND=SHARE",
              help="Planted share of a kind (default 0.01 each): speaker_conflict, drift, agreement "
                   "(of quotes), numeric_discrepancy, hedge_conflict (of claim mentions). Repeatable.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Worker processes (default: up to 4 from 5,000 articles on).")
@click.option("--force", is_flag=True, help="Replace OUT if falseflag wrote it (files falseflag did not write are kept).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@quiet_option
def synth_command(out: Path, articles: int, seed: int, fmt: str, plant_errors: bool, shares: dict, workers: int | None,
                  force: bool, as_json: bool, quiet: bool) -> None:
    """Generate a synthetic corpus of N articles in the new folder OUT.

    OUT is a valid data package of the same shape as the bundled corpus (same tables and
    Table Schemas), with invented outlets, people and places, and planted cases of
    misattribution, quote drift, numeric discrepancy and hedged-versus-flat wording.
    The answer key is in OUT/truth/ (see docs/synth.md).

    \b
        falseflag synth corpus --articles 10000 --seed 1
        falseflag validate corpus
    """
    from ..synth import SynthError, generate

    try:
        with progress(quiet, "articles written", total=articles) as update:
            summary = generate(
                out, articles, seed, fmt, plant_errors, force=force, shares=shares, workers=workers,
                progress=lambda n: update(advance=n),
            )
    except SynthError as exc:
        exit_with(str(exc), 1)
    if as_json:
        click.echo(to_json(summary.to_dict()))
        return
    click.echo(f"Wrote {summary.out} ({summary.articles:,} articles, seed {summary.seed}, {fmt}) in {summary.seconds:.1f} s")
    click.echo(render_rows(["table", "rows"], list(summary.tables.items())))
    planted = [(k, v) for k, v in summary.planted.items() if not k.endswith("_pairs")]
    pairs = {k[: -len("_pairs")]: v for k, v in summary.planted.items() if k.endswith("_pairs")}
    click.echo(render_rows(["planted", "cases", "truth rows"], [(k, v, pairs.get(k, v)) for k, v in planted]))
    click.echo(f"Answer key: {summary.paths['truth']}")
