"""``falseflag evaluate``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..evaluate import BratError, evaluate, headline
from ..output import render_rows, to_json
from ..package import PackageError
from .common import exit_with, package_problem


@click.command("evaluate")
@click.argument("system", type=click.Path(path_type=Path))
@click.option("--gold", type=click.Path(path_type=Path), default=None, help="A package of the same articles, annotated by hand.")
@click.option("--gold-brat", type=click.Path(path_type=Path), default=None,
              help="A folder of gold attributions in brat standoff (text/ and attributions/, as PolNeAR).")
@click.option("--json", "as_json", is_flag=True, help="Print every score as JSON.")
def evaluate_command(system: Path, gold: Path | None, gold_brat: Path | None, as_json: bool) -> None:
    """Score the annotations of package SYSTEM against gold annotations of the same articles.

    Articles are paired by the sha256 of their text. Quotes, entity mentions and claim
    mentions are matched one to one, exactly and at overlaps of 30% and 50% of the
    shorter span; quotes matched at 50% are compared for speaker, source type, kind, cue
    and relay.

    \b
        falseflag evaluate ingested --gold falseflag-corpus
        falseflag evaluate ingested-polnear --gold-brat ../shared/polnear/dev
    """
    if gold is None and gold_brat is None:
        exit_with("give --gold PACKAGE, --gold-brat FOLDER, or both", 2)
    try:
        scores = evaluate(system, gold, gold_brat=gold_brat)
    except PackageError as exc:
        exit_with(package_problem(exc), 2)
    except (BratError, OSError) as exc:
        exit_with(f"cannot read the brat gold: {exc}", 2)
    if as_json:
        click.echo(to_json({"headline": headline(scores), **scores}))
        return
    click.echo(render_scores(scores))


def _prf_rows(block: dict[str, Any]) -> list[tuple]:
    names = ("exact", "overlap_30", "overlap_50")
    rows = []
    for measure in ("precision", "recall", "f1"):
        rows.append((measure, *(_number(block[n][measure]) for n in names)))
    rows.append(("system / gold / matched", *(f"{block[n]['system']} / {block[n]['gold']} / {block[n]['matched']}" for n in names)))
    return rows


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _agreement(name: str, a: dict[str, Any]) -> str:
    return f"{name} {_number(a['accuracy'])} ({a['agreed']} of {a['compared']})"


def render_scores(scores: dict[str, Any]) -> str:
    parts = []
    header = ["", "exact", "overlap 30%", "overlap 50%"]
    package = scores.get("package")
    if package:
        a = package["articles"]
        parts.append(f"Articles: {a['system']} in the system, {a['gold']} in the gold, {a['shared']} in both (paired by the sha256 of their text).")
        quotes = package["quotes"]
        parts.append(render_rows(header, _prf_rows(quotes), title="quotes"))
        matched = quotes["on_matched"]
        parts.append("On quotes matched at 50% overlap: " + "; ".join(_agreement(k, v) for k, v in matched.items()) + ".")
        mentions = package["mentions"]
        parts.append(render_rows(header, _prf_rows(mentions), title="entity mentions"))
        b3 = mentions["linking_b_cubed"]
        parts.append(f"Entity linking on exactly matched mentions: {_agreement('accuracy', mentions['linking_accuracy'])}; B-cubed F1 {_number(b3['f1'])}.")
        claims = package["claims"]
        parts.append(render_rows(header, _prf_rows(claims), title="claim mentions"))
        hedged = claims["hedged"]
        parts.append(
            f"On claim mentions matched at 50% overlap: clustering B-cubed F1 {_number(claims['clustering_b_cubed']['f1'])}; "
            f"hedged precision {_number(hedged['precision'])}, recall {_number(hedged['recall'])}, F1 {_number(hedged['f1'])}; "
            f"{_agreement('stance', claims['stance'])}; {_agreement('values', claims['values'])}."
        )
    brat = scores.get("brat")
    if brat:
        a = brat["articles"]
        parts.append(f"Brat gold: {a['gold']} annotated articles, {a['shared']} of them in the system package ({brat['annotation_file']}).")
        parts.append(render_rows(header, _prf_rows(brat["content"]), title="attribution content"))
        parts.append("On attributions matched at 50% overlap: " + "; ".join(_agreement(k, v) for k, v in brat["on_matched"].items()) + ".")
    return "\n\n".join(parts)
