"""The answer key written to OUT/truth/: planted quote pairs, claim pairs and errors."""

from __future__ import annotations

import csv
import difflib
from collections import defaultdict
from pathlib import Path

from .article import claim_id
from .plan import CLAIM_KINDS, Plan

QUOTE_PAIR_FIELDS = (
    "kind", "group_id", "quote_id_a", "quote_id_b", "article_id_a", "article_id_b", "outlet_id_a", "outlet_id_b",
    "source_type_a", "source_type_b", "speaker_text_a", "speaker_text_b", "speaker_entity_id_a", "speaker_entity_id_b",
    "word_edits", "words_a", "words_b",
)
CLAIM_PAIR_FIELDS = (
    "kind", "claim_id", "claim_mention_id_a", "claim_mention_id_b", "article_id_a", "article_id_b",
    "outlet_id_a", "outlet_id_b", "hedged_a", "hedged_b", "hedge_cues_a", "hedge_cues_b",
    "value_low_a", "value_high_a", "value_low_b", "value_high_b",
    "period_start_a", "period_end_a", "period_start_b", "period_end_b",
)
ERROR_FIELDS = ("table", "row", "field", "check", "also_checks", "error_kind", "value", "description")

README = """\
# Planted cases (the answer key)

Written by `falseflag synth`; not part of the data package (`datapackage.json` does not list
these files). Every id refers to a row of the package. See docs/synth.md for how the cases
are made.

- `quote_pairs.csv`: pairs of quotes in articles of different outlets.
  - `speaker_conflict`: the same words credited to different speakers or source types.
  - `drift`: the same speaker in direct quotes, 1-3 words inserted, dropped or replaced
    (`words_a` are the words of quote a that b lacks, `words_b` the words of b that a
    lacks, ` | `-separated; `word_edits` counts the words changed).
  - `agreement`: the same words and the same speaker (a hard negative: neither a conflict
    nor drift).
  Groups of three give three pairs (`group_id` ties them together).
- `claim_pairs.csv`: mention pairs of one claim in different outlets.
  - `numeric_discrepancy`: mention b gives a value or period that overlaps no other
    mention of the claim; a is every other mention from another outlet.
  - `hedge_conflict`: mention b is hedged where the claim's other mentions are flat, or
    flat where they are hedged; a is every other mention from another outlet.
- `errors.csv` (with `--plant-errors`): one defective row per error kind; `row` counts
  like frictionless (the header is row 1), `check` is the check that must report it,
  `also_checks` other checks that report the same row by the nature of the defect.
- `summary.json`: the generator's parameters and the counts.
"""


def _words(text: str) -> list[str]:
    return text.split()


def word_diff(a: str, b: str) -> tuple[int, list[str], list[str]]:
    """(words changed, words only in a, words only in b) between two quote texts."""
    wa, wb = _words(a), _words(b)
    edits, only_a, only_b = 0, [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op != "equal":
            edits += max(i2 - i1, j2 - j1)
            only_a += wa[i1:i2]
            only_b += wb[j1:j2]
    return edits, only_a, only_b


def quote_pairs(plan: Plan, members: list[tuple]) -> list[tuple]:
    by_group: dict[int, list[tuple]] = defaultdict(list)
    for m in members:
        by_group[m[0]].append(m)
    rows = []
    for group in sorted(by_group):
        kind = plan.quote_groups[group].kind
        ms = sorted(by_group[group], key=lambda m: m[1])
        for i, a in enumerate(ms):
            for b in ms[i + 1 :]:
                edits, only_a, only_b = word_diff(a[8], b[8]) if kind == "drift" else (0, [], [])
                rows.append(
                    (kind, group + 1, a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7],
                     edits if kind == "drift" else None, " | ".join(only_a) or None, " | ".join(only_b) or None)
                )
    return rows


def claim_pairs(plan: Plan, members: list[tuple]) -> list[tuple]:
    by_claim: dict[int, list[tuple]] = defaultdict(list)
    for m in members:
        by_claim[m[0]].append(m)
    rows = []
    for claim in sorted(by_claim):
        kind = CLAIM_KINDS[plan.claims.planted[claim] - 1]
        ms = sorted(by_claim[claim], key=lambda m: m[2])
        planted = [m for m in ms if m[1] == 2]
        for b in planted:
            for a in ms:
                if a[1] == 2 or a[4] == b[4]:
                    continue
                rows.append(
                    (kind, claim_id(claim), a[2], b[2], a[3], b[3], a[4], b[4], _bool(a[5]), _bool(b[5]), a[6], b[6],
                     a[7], a[8], b[7], b[8], a[9], a[10], b[9], b[10])
                )
    return rows


def _bool(v: bool) -> str:
    return "true" if v else "false"


def write_csv(path: Path, fields: tuple[str, ...], rows: list) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(fields)
        w.writerows(rows)

