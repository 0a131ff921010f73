"""The bundled corpus, checked in plain Python, independently of the validator's SQL."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict

import pytest

from falseflag.package import TABLES, load_package

PACKAGE = load_package()


def read(table: str) -> list[dict[str, str]]:
    with open(PACKAGE[table].path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


TEXTS = {row["article_id"]: row["text"] for row in read("articles")}


def span_columns(table: str) -> list[tuple[str, str, str]]:
    """(start, end, text) column triples of a table, found from its schema."""
    schema = PACKAGE[table].schema
    names = schema.field_names
    triples = []
    for start in (f.name for f in schema.fields if f.name.endswith("_start") and f.type == "integer"):
        prefix = start[: -len("start")]
        text = "text" if start == "char_start" else next(c for c in (f"{prefix}text", prefix.rstrip("_")) if c in names)
        triples.append((start, start.replace("start", "end"), text))
    return triples


SPANNED = [t for t in TABLES if span_columns(t)]


def test_every_table_with_offsets_is_checked():
    assert set(SPANNED) >= {"articles", "boilerplate", "entity_titles", "mentions", "quotes", "claim_mentions"}


@pytest.mark.parametrize("table", SPANNED)
def test_every_span_is_the_article_substring(table):
    checked = 0
    for i, row in enumerate(read(table), start=2):
        text = row["text"] if table == "articles" else TEXTS[row["article_id"]]
        for start, end, span in span_columns(table):
            values = (row[start], row[end], row[span])
            if not any(values):
                continue
            assert all(values), f"{table} row {i}: {start}/{end}/{span} partly empty"
            s, e = int(row[start]), int(row[end])
            assert 0 <= s < e <= len(text), f"{table} row {i}: {start}={s} {end}={e} outside the text"
            assert text[s:e] == row[span], f"{table} row {i}: {span}={row[span]!r} but the text has {text[s:e]!r}"
            assert row[span] == row[span].strip(), f"{table} row {i}: {span} starts or ends with whitespace"
            checked += 1
    assert checked > 0


def test_texts_match_their_sha256():
    for row in read("articles"):
        assert hashlib.sha256(row["text"].encode("utf-8")).hexdigest() == row["sha256"], row["article_id"]


def test_texts_keep_curly_quotes_and_non_breaking_spaces():
    joined = "".join(TEXTS.values())
    assert "\u00a0" in joined and "\u201c" in joined and "\u2019" in joined


@pytest.mark.parametrize("table", ["mentions", "entity_titles", "quotes", "claim_mentions"])
def test_annotations_stay_out_of_boilerplate(table):
    furniture = defaultdict(list)
    for row in read("boilerplate"):
        furniture[row["article_id"]].append((int(row["char_start"]), int(row["char_end"])))
    for row in read(table):
        s, e = int(row["char_start"]), int(row["char_end"])
        for bs, be in furniture[row["article_id"]]:
            assert e <= bs or s >= be, f"{table} {row[PACKAGE[table].schema.primary_key[0]]} overlaps boilerplate {bs}:{be}"


def test_no_invented_outlet_names_or_dates():
    for row in read("outlets"):
        if row["name"]:
            assert row["name"] in "".join(TEXTS.values()), row
        assert row["name_evidence"], row["outlet_id"]
    for row in read("articles"):
        assert row["published_evidence"], row["article_id"]
        if row["title"]:
            assert row["title"] in row["text"]


def test_claims_are_shared_across_outlets():
    outlets = {row["article_id"]: row["outlet_id"] for row in read("articles")}
    by_claim = defaultdict(set)
    for row in read("claim_mentions"):
        by_claim[row["claim_id"]].add(outlets[row["article_id"]])
    assert set(by_claim) == {row["claim_id"] for row in read("claims")}
    assert max(len(v) for v in by_claim.values()) >= 3


def test_hedge_cues_are_in_their_mentions():
    for row in read("claim_mentions"):
        cues = [c for c in row["hedge_cues"].split(" | ") if c]
        assert (row["hedged"] == "true") == bool(cues), row["claim_mention_id"]
        for cue in cues:
            assert cue in row["text"], (row["claim_mention_id"], cue)
