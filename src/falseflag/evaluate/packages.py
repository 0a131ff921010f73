"""Scoring one package's annotations against another's (the gold), article by article.

Articles are paired by the sha256 of their text, so the two packages may give them other
ids. Entities are paired through their mentions: each system entity stands for the gold
entity most of its matched mentions belong to.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..connection import connect
from ..package import DataPackage, load_package
from .spans import PRF, THRESHOLDS, Agreement, b_cubed, match, match_all, overlap

SPAN = 0.5
"""The overlap at which matched items are compared for their other properties."""
MATCHED = "overlap_50"
VALUE_FIELDS = ("value_low", "value_high", "period_start", "period_end")


@dataclass
class Side:
    """The rows of one package, by the sha256 of their article's text."""

    articles: dict[str, str]
    """sha256 -> article_id"""
    rows: dict[str, dict[str, list[dict[str, Any]]]]
    """table -> sha256 -> rows"""


def read_side(package: str | Path | DataPackage, tables: tuple[str, ...]) -> Side:
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    con = connect(pkg)
    try:
        articles = dict(con.execute("SELECT sha256, article_id FROM articles").fetchall())
        sha_of = {a: s for s, a in articles.items()}
        rows: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for table in tables:
            cursor = con.execute(f"SELECT * FROM {table} ORDER BY article_id, char_start")
            names = [d[0] for d in cursor.description]
            grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for values in cursor.fetchall():
                row = dict(zip(names, values))
                grouped[sha_of.get(row["article_id"], "")].append(row)
            rows[table] = grouped
    finally:
        con.close()
    return Side(articles, rows)


def span(row: dict[str, Any], prefix: str = "char") -> tuple[tuple[int, int], ...]:
    start, end = row.get(f"{prefix}_start"), row.get(f"{prefix}_end")
    return () if start is None or end is None else ((start, end),)


def spans_match(a: dict, b: dict, prefix: str) -> bool:
    return bool(span(a, prefix)) and bool(span(b, prefix)) and overlap(span(a, prefix), span(b, prefix)) >= SPAN


def score_packages(system: str | Path | DataPackage, gold: str | Path | DataPackage) -> dict[str, Any]:
    """Every score of ``system`` against ``gold``, over the articles both have."""
    tables = ("quotes", "mentions", "claim_mentions")
    ours, theirs = read_side(system, tables), read_side(gold, tables)
    shared = sorted(set(ours.articles) & set(theirs.articles))
    entity_map = _entity_map(ours, theirs, shared)
    return {
        "articles": {"system": len(ours.articles), "gold": len(theirs.articles), "shared": len(shared)},
        "quotes": _quotes(ours, theirs, shared, entity_map),
        "mentions": _mentions(ours, theirs, shared, entity_map),
        "claims": _claims(ours, theirs, shared),
    }


def _entity_map(ours: Side, theirs: Side, shared: list[str]) -> dict[str, str]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for sha in shared:
        for s, g in match(ours.rows["mentions"].get(sha, []), theirs.rows["mentions"].get(sha, []), span, SPAN):
            votes[s["entity_id"]][g["entity_id"]] += 1
    return {entity: counts.most_common(1)[0][0] for entity, counts in votes.items()}


def _quotes(ours: Side, theirs: Side, shared: list[str], entity_map: dict[str, str]) -> dict[str, Any]:
    found = {name: PRF() for name in THRESHOLDS}
    agree = {name: Agreement() for name in ("speaker", "source_type", "kind", "cue", "relay")}
    for sha in shared:
        system, gold = ours.rows["quotes"].get(sha, []), theirs.rows["quotes"].get(sha, [])
        for s, g in match_all(found, system, gold, span, MATCHED):
            agree["speaker"].add(_same_speaker(s, g, entity_map))
            agree["source_type"].add(s["source_type"] == g["source_type"])
            agree["kind"].add(s["kind"] == g["kind"])
            agree["cue"].add(spans_match(s, g, "cue") or (not span(s, "cue") and not span(g, "cue")))
            agree["relay"].add(_same_relay(s, g, entity_map))
    return {**{name: prf.to_dict() for name, prf in found.items()}, "on_matched": {k: v.to_dict() for k, v in agree.items()}}


def _same_speaker(s: dict, g: dict, entity_map: dict[str, str]) -> bool:
    """Same entity, or both anonymous, or both without a source, or speaker spans that overlap."""
    if g["source_type"] == "unattributed" or not span(g, "speaker"):
        return s["source_type"] == "unattributed" or not span(s, "speaker")
    if g["speaker_entity_id"] and s["speaker_entity_id"] and entity_map.get(s["speaker_entity_id"]) == g["speaker_entity_id"]:
        return True
    if g["source_type"] == "anonymous" and s["source_type"] == "anonymous":
        return True
    return spans_match(s, g, "speaker")


def _same_relay(s: dict, g: dict, entity_map: dict[str, str]) -> bool:
    if not span(g, "relay"):
        return not span(s, "relay")
    if g["relay_entity_id"] and s["relay_entity_id"] and entity_map.get(s["relay_entity_id"]) == g["relay_entity_id"]:
        return True
    return spans_match(s, g, "relay")


def _mentions(ours: Side, theirs: Side, shared: list[str], entity_map: dict[str, str]) -> dict[str, Any]:
    found = {name: PRF() for name in THRESHOLDS}
    linked = Agreement()
    system_cluster, gold_cluster = {}, {}
    for sha in shared:
        system, gold = ours.rows["mentions"].get(sha, []), theirs.rows["mentions"].get(sha, [])
        for s, g in match_all(found, system, gold, span, "exact"):
            linked.add(entity_map.get(s["entity_id"]) == g["entity_id"])
            key = (sha, g["char_start"], g["char_end"])
            system_cluster[key], gold_cluster[key] = s["entity_id"], g["entity_id"]
    return {
        **{name: prf.to_dict() for name, prf in found.items()},
        "linking_accuracy": linked.to_dict(),
        "linking_b_cubed": b_cubed(system_cluster, gold_cluster),
    }


def _claims(ours: Side, theirs: Side, shared: list[str]) -> dict[str, Any]:
    found = {name: PRF() for name in THRESHOLDS}
    hedged = PRF()
    stance, values = Agreement(), Agreement()
    system_cluster, gold_cluster = {}, {}
    for sha in shared:
        system, gold = ours.rows["claim_mentions"].get(sha, []), theirs.rows["claim_mentions"].get(sha, [])
        for s, g in match_all(found, system, gold, span, MATCHED):
            key = (sha, g["claim_mention_id"])
            system_cluster[key], gold_cluster[key] = s["claim_id"], g["claim_id"]
            hedged.add(int(bool(s["hedged"])), int(bool(g["hedged"])), int(bool(s["hedged"]) and bool(g["hedged"])))
            stance.add(s["stance"] == g["stance"])
            if any(g[f] is not None for f in VALUE_FIELDS):
                values.add(all(_same_value(s[f], g[f]) for f in VALUE_FIELDS))
    return {
        **{name: prf.to_dict() for name, prf in found.items()},
        "clustering_b_cubed": b_cubed(system_cluster, gold_cluster),
        "hedged": hedged.to_dict(),
        "stance": stance.to_dict(),
        "values": values.to_dict(),
    }


def _same_value(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    return str(a) == str(b)


__all__ = ["score_packages"]
