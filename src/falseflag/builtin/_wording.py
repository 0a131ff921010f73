"""Word-level comparison of two quotations of the same statement.

Used by the attribution analyzer on the few pairs of quotes that blocking and 3-gram
overlap have already found to be the same statement. Two outlets often quote different
stretches of one statement, so only the stretch both quote is compared: words outside it
at either end are not differences, unless both quotes end there with different words
('expect worse' against 'expect the worst').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
QUOTED = re.compile(r"[“\"]([^“”\"]*)[”\"]")
BRACKETED = re.compile(r"\[[^\]]*\]")
EDGE_MATCH = 50
"""fuzz.ratio (0-100) two differing quote ends need to count as one changed wording."""


@dataclass(frozen=True)
class Change:
    before: tuple[str, ...]
    after: tuple[str, ...]

    def __str__(self) -> str:
        return f"{' '.join(self.before) or '(nothing)'} → {' '.join(self.after) or '(nothing)'}"


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]
    similarity: float
    """fuzz.ratio (0-100) of the compared stretches."""
    diff: str
    """The compared stretch with changes marked [-removed-] and {+added+}, trimmed around them."""


def quoted_words(text: str, kind: str) -> list[str]:
    """The words a quote gives as the speaker's: inside quotation marks for a mixed quote,
    without editorial [brackets] for a direct one."""
    if kind == "mixed":
        fragments = QUOTED.findall(text)
        if fragments:
            text = " … ".join(fragments)
    return WORD.findall(BRACKETED.sub(" ", text))


def _key(word: str) -> str:
    return word.lower().replace("’", "'")


def _best_edge(short: list[str], long: list[str], at_end: bool) -> int:
    """How many words at the inner edge of ``long`` best match ``short`` (0: none close enough)."""
    best_k, best_score = 0, EDGE_MATCH
    joined = " ".join(_key(w) for w in short)
    for k in range(1, min(len(long), len(short) + 1) + 1):
        part = long[:k] if at_end else long[-k:]
        score = fuzz.ratio(joined, " ".join(_key(w) for w in part))
        if score >= best_score:
            best_k, best_score = k, score
    return best_k


def _edge(a: list[str], b: list[str], at_end: bool) -> tuple[list[str], list[str]] | None:
    """The differing words where both quotes end (at_end) or begin at the shared stretch."""
    if not a or not b:
        return None
    if len(a) <= len(b):
        k = _best_edge(a, b, at_end)
        return (a, b[:k] if at_end else b[-k:]) if k else None
    k = _best_edge(b, a, at_end)
    return (a[:k] if at_end else a[-k:], b) if k else None


def compare(a: list[str], b: list[str], context: int = 3) -> Comparison | None:
    """Compare two word lists over the stretch they share; None when they share no word."""
    ka, kb = [_key(w) for w in a], [_key(w) for w in b]
    ops = [op for op in Indel.opcodes(ka, kb)]
    equal = [i for i, op in enumerate(ops) if op.tag == "equal"]
    if not equal:
        return None
    first, last = ops[equal[0]], ops[equal[-1]]
    # Segments of the shared stretch: ('=', words) or ('~', before, after).
    segments: list[tuple] = []
    head = _edge(a[: first.src_start], b[: first.dest_start], at_end=False)
    if head:
        segments.append(("~", head[0], head[1]))
    pending_a: list[str] = []
    pending_b: list[str] = []
    for op in ops[equal[0] : equal[-1] + 1]:
        if op.tag == "equal":
            if pending_a or pending_b:
                segments.append(("~", pending_a, pending_b))
                pending_a, pending_b = [], []
            segments.append(("=", a[op.src_start : op.src_end]))
        else:
            pending_a += a[op.src_start : op.src_end]
            pending_b += b[op.dest_start : op.dest_end]
    tail = _edge(a[last.src_end :], b[last.dest_end :], at_end=True)
    if tail:
        segments.append(("~", tail[0], tail[1]))
    changes = tuple(Change(tuple(s[1]), tuple(s[2])) for s in segments if s[0] == "~")
    region_a = [w for s in segments for w in (s[1] if s[0] == "=" else s[1])]
    region_b = [w for s in segments for w in (s[1] if s[0] == "=" else s[2])]
    similarity = fuzz.ratio(" ".join(map(_key, region_a)), " ".join(map(_key, region_b)))
    return Comparison(changes, round(similarity, 1), _render(segments, context))


def _render(segments: list[tuple], context: int) -> str:
    parts: list[str] = []
    for i, seg in enumerate(segments):
        if seg[0] == "~":
            removed = f"[-{' '.join(seg[1])}-]" if seg[1] else ""
            added = f"{{+{' '.join(seg[2])}+}}" if seg[2] else ""
            parts.append(" ".join(p for p in (removed, added) if p))
            continue
        words = list(seg[1])
        has_before = i > 0
        has_after = i < len(segments) - 1
        if len(words) > 2 * context and has_before and has_after:
            words = words[:context] + ["…"] + words[-context:]
        elif not has_before and len(words) > context:
            words = ["…"] + words[-context:]
        elif not has_after and len(words) > context:
            words = words[:context] + ["…"]
        parts.append(" ".join(words))
    return " ".join(parts)
