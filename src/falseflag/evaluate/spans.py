"""Matching spans one to one, exactly or by overlap, as quote extractors are scored.

A span is a set of character ranges (one range, or several for a discontinuous span). Two
spans match at overlap ``t`` when the characters they share are at least ``t`` of the
shorter one's (the Gender Gap Tracker and BBC Citron score at 0.3 and 0.5 of the shorter
span). Matching is one to one: pairs are taken greedily, most shared characters first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

Ranges = tuple[tuple[int, int], ...]
T = TypeVar("T")
U = TypeVar("U")

THRESHOLDS = {"exact": None, "overlap_30": 0.3, "overlap_50": 0.5}
"""The matchings every span score is reported at."""


def length(ranges: Ranges) -> int:
    return sum(end - start for start, end in ranges)


def shared(a: Ranges, b: Ranges) -> int:
    """Characters two spans have in common."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def overlap(a: Ranges, b: Ranges) -> float:
    """Shared characters as a share of the shorter span (0 when either is empty)."""
    shorter = min(length(a), length(b))
    return shared(a, b) / shorter if shorter else 0.0


def match(
    system: Sequence[T], gold: Sequence[U], span_of: Callable[[Any], Ranges], threshold: float | None
) -> list[tuple[T, U]]:
    """One-to-one pairs of items whose spans match: exactly (``threshold`` None) or by overlap."""
    if threshold is None:
        by_span: dict[Ranges, list[U]] = {}
        for g in gold:
            by_span.setdefault(tuple(sorted(span_of(g))), []).append(g)
        pairs = []
        for s in system:
            candidates = by_span.get(tuple(sorted(span_of(s))))
            if candidates:
                pairs.append((s, candidates.pop(0)))
        return pairs
    candidates = []
    for i, s in enumerate(system):
        a = span_of(s)
        for j, g in enumerate(gold):
            b = span_of(g)
            common = shared(a, b)
            if common and common >= threshold * min(length(a), length(b)):
                candidates.append((common, -i, -j))
    used_s, used_g, pairs = set(), set(), []
    for _, i, j in sorted(candidates, reverse=True):
        if -i in used_s or -j in used_g:
            continue
        used_s.add(-i)
        used_g.add(-j)
        pairs.append((system[-i], gold[-j]))
    return pairs


def match_all(found: dict[str, PRF], system: Sequence[T], gold: Sequence[U], span_of: Callable[[Any], Ranges], keep: str) -> list[tuple[T, U]]:
    """Count the matches of ``system`` against ``gold`` at every threshold into ``found``;
    return the pairs of the ``keep`` matching."""
    kept: list[tuple[T, U]] = []
    for name, threshold in THRESHOLDS.items():
        pairs = match(system, gold, span_of, threshold)
        found[name].add(len(system), len(gold), len(pairs))
        if name == keep:
            kept = pairs
    return kept


@dataclass
class PRF:
    """Precision, recall and F1 of a matching."""

    system: int = 0
    gold: int = 0
    matched: int = 0

    def add(self, system: int, gold: int, matched: int) -> None:
        self.system += system
        self.gold += gold
        self.matched += matched

    @property
    def precision(self) -> float | None:
        return self.matched / self.system if self.system else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.system + self.gold
        return 2 * self.matched / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {"system": self.system, "gold": self.gold, "matched": self.matched,
                "precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1)}


@dataclass
class Agreement:
    """How often a property agrees on matched items."""

    agreed: int = 0
    compared: int = 0

    def add(self, agreed: bool) -> None:
        self.compared += 1
        self.agreed += bool(agreed)

    @property
    def accuracy(self) -> float | None:
        return self.agreed / self.compared if self.compared else None

    def to_dict(self) -> dict[str, Any]:
        return {"agreed": self.agreed, "compared": self.compared, "accuracy": _round(self.accuracy)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def b_cubed(system_cluster: dict[Any, Any], gold_cluster: dict[Any, Any]) -> dict[str, Any]:
    """B-cubed precision, recall and F1 of a clustering of the same items (item -> cluster)."""
    items = [i for i in system_cluster if i in gold_cluster]
    if not items:
        return {"items": 0, "precision": None, "recall": None, "f1": None}
    by_system: dict[Any, set] = {}
    by_gold: dict[Any, set] = {}
    for item in items:
        by_system.setdefault(system_cluster[item], set()).add(item)
        by_gold.setdefault(gold_cluster[item], set()).add(item)
    precision = recall = 0.0
    for item in items:
        s, g = by_system[system_cluster[item]], by_gold[gold_cluster[item]]
        both = len(s & g)
        precision += both / len(s)
        recall += both / len(g)
    precision, recall = precision / len(items), recall / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"items": len(items), "precision": _round(precision), "recall": _round(recall), "f1": _round(f1)}


__all__ = ["PRF", "THRESHOLDS", "Agreement", "Ranges", "b_cubed", "match", "match_all", "overlap", "shared"]
