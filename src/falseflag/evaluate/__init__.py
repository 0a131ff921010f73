"""How good an annotation is: one package scored against a gold package, or against brat gold.

    scores = falseflag.evaluate.evaluate("ingested", gold="path/to/gold")
    scores = falseflag.evaluate.evaluate("ingested", gold_brat="../shared/polnear/dev")

Quotes, entity mentions and claim mentions are matched one to one, exactly and at overlaps of
30% and 50% of the shorter span (``spans.py``); matched items are then compared for their
other properties (speaker, source type, kind, cue, relay; entity linking; claim clusters,
hedged flags, stance, values). See docs/ingest.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..package import DataPackage
from .brat import BratError, read_gold, score_brat
from .packages import score_packages


def evaluate(
    system: str | Path | DataPackage, gold: str | Path | DataPackage | None = None, *, gold_brat: str | Path | None = None
) -> dict[str, Any]:
    """Scores of ``system`` against a gold package, a brat gold folder, or both."""
    if gold is None and gold_brat is None:
        raise ValueError("give a gold package, a brat gold folder, or both")
    scores: dict[str, Any] = {}
    if gold is not None:
        scores["package"] = score_packages(system, gold)
    if gold_brat is not None:
        scores["brat"] = score_brat(system, gold_brat)
    return scores


def headline(scores: dict[str, Any]) -> dict[str, float | None]:
    """The numbers people ask for first: quote F1 at 50% overlap, speaker accuracy, and so on."""
    out: dict[str, float | None] = {}
    package = scores.get("package")
    if package:
        quotes = package["quotes"]
        out["quote_f1_overlap_50"] = quotes["overlap_50"]["f1"]
        out["quote_f1_exact"] = quotes["exact"]["f1"]
        for name in ("speaker", "source_type", "kind", "cue", "relay"):
            out[f"{name}_accuracy"] = quotes["on_matched"][name]["accuracy"]
        out["mention_f1_exact"] = package["mentions"]["exact"]["f1"]
        out["linking_accuracy"] = package["mentions"]["linking_accuracy"]["accuracy"]
        out["claim_mention_f1_overlap_50"] = package["claims"]["overlap_50"]["f1"]
        out["claim_clustering_b_cubed_f1"] = package["claims"]["clustering_b_cubed"]["f1"]
        out["hedged_f1"] = package["claims"]["hedged"]["f1"]
        out["values_accuracy"] = package["claims"]["values"]["accuracy"]
    brat = scores.get("brat")
    if brat:
        out["content_f1_overlap_50"] = brat["content"]["overlap_50"]["f1"]
        out["content_f1_overlap_30"] = brat["content"]["overlap_30"]["f1"]
        out["content_f1_exact"] = brat["content"]["exact"]["f1"]
        out["source_accuracy"] = brat["on_matched"]["source"]["accuracy"]
        out["cue_accuracy"] = brat["on_matched"]["cue"]["accuracy"]
    return out


__all__ = ["BratError", "evaluate", "headline", "read_gold"]
