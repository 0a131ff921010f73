"""Planted validation errors: one defective row per error kind, at a known row.

Each planted row is a copy of a valid row of the same table (from the chunk just
written) with one defect, and gets a fresh identifier (except the duplicate key), so
no planted error breaks another row or hides another error: every other check on it
still passes. Rows are inserted between chunks, spread through each table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from .article import COLUMN, ChunkWriter
from .world import World

COPY_SUFFIX = "-x"


@dataclass(frozen=True)
class ErrorKind:
    name: str
    table: str
    field: str
    check: str
    """The check that must report the row (a check name of falseflag.validation)."""
    needs: tuple[str, ...]
    make: Callable[[dict, World, str], tuple[list, object]]
    """(samples, world, suffix) -> (row, the offending value)."""
    description: str
    also: str = ""
    """Other checks that report the same row, by the nature of the defect."""


def _copy(table: str, row, **changes) -> list:
    out = list(row)
    for name, value in changes.items():
        out[COLUMN[table][name]] = value
    return out


def _new_id(table: str, row, suffix: str) -> dict:
    key = next(iter(COLUMN[table]))
    return {key: f"{row[0]}{suffix}"}


def _copy_new(table: str, row, suffix: str, **changes) -> list:
    return _copy(table, row, **_new_id(table, row, suffix), **changes)


def _one(table: str, sample: str, field: str, value: object):
    def make(s: dict, world: World, suffix: str):
        return _copy_new(table, s[sample], suffix, **{field: value}), value

    return make


def _article(field: str, value_of: Callable[[list], object]):
    def make(s: dict, world: World, suffix: str):
        row = s["article"]
        value = value_of(row)
        return _copy_new("articles", row, suffix, source_file=f"{row[2]}{suffix}", **{field: value}), value

    return make


def _span_past_end(s: dict, world: World, suffix: str):
    row, length = s["mention"], s["mention_article_length"]
    return _copy_new("mentions", row, suffix, char_start=length + 2, char_end=length + 7), length + 7


def _span_text(s: dict, world: World, suffix: str):
    value = s["mention"][5] + "s"
    return _copy_new("mentions", s["mention"], suffix, text=value), value


def _orphan_claim(s: dict, world: World, suffix: str):
    claim = f"c-orphan{suffix}"
    return [claim, "A claim no article makes.", "event", None, None], claim


def _bad_entity(s: dict, world: World, suffix: str):
    return ["Unknown Entity", "Unknown Entity", "person", None], "Unknown Entity"


def _self_parent(s: dict, world: World, suffix: str):
    row = _copy_new("quotes", s["quote_child"], suffix)
    row[COLUMN["quotes"]["parent_quote_id"]] = row[0]
    return row, row[0]


def _in_boilerplate(s: dict, world: World, suffix: str):
    bp = s["boilerplate"]
    word = bp[4].split(" ")[0]
    start = bp[2]
    row = [f"{bp[1]}-m{suffix}", bp[1], world.countries[0].entity.id, start, start + len(word), word, "name"]
    return row, start


def _hedge_cue(s: dict, world: World, suffix: str):
    row = s["cm_hedged"]
    value = f"{row[COLUMN['claim_mentions']['hedge_cues']]} | perhaps"
    return _copy_new("claim_mentions", row, suffix, hedge_cues=value), value


def _value_order(s: dict, world: World, suffix: str):
    row = s["cm_values"]
    value = row[COLUMN["claim_mentions"]["value_high"]] + 1
    return _copy_new("claim_mentions", row, suffix, value_low=value), row[COLUMN["claim_mentions"]["value_high"]]


def _other_article_quote(sample: str, field: str, table: str):
    def make(s: dict, world: World, suffix: str):
        value = s[f"{sample}_foreign_quote"]
        return _copy_new(table, s[sample], suffix, **{field: value}), value

    return make


CATALOG: tuple[ErrorKind, ...] = (
    ErrorKind("integer-type", "entity_titles", "char_end", "type", ("entity_title",),
              lambda s, w, x: (_copy_new("entity_titles", s["entity_title"], x, char_end=f"{s['entity_title'][4]}a"), f"{s['entity_title'][4]}a"),
              "an integer column holds '<n>a'"),
    ErrorKind("date-type", "articles", "published", "type", ("article",), _article("published", lambda r: "2022-02-30"),
              "published is 2022-02-30, not a date"),
    ErrorKind("boolean-type", "claim_mentions", "hedged", "type", ("cm_plain",), _one("claim_mentions", "cm_plain", "hedged", "maybe"),
              "hedged is 'maybe'"),
    ErrorKind("number-type", "claim_mentions", "value_low", "type", ("cm_values",), _one("claim_mentions", "cm_values", "value_low", "about 500"),
              "value_low is 'about 500'"),
    ErrorKind("quote-kind-enum", "quotes", "kind", "enum", ("quote_named",), _one("quotes", "quote_named", "kind", "verbatim"),
              "quotes.kind is 'verbatim'"),
    ErrorKind("mention-form-enum", "mentions", "form", "enum", ("mention",), _one("mentions", "mention", "form", "nickname"),
              "mentions.form is 'nickname'"),
    ErrorKind("id-pattern", "entities", "entity_id", "pattern", (), _bad_entity,
              "entity_id 'Unknown Entity' has capitals and a space"),
    ErrorKind("period-pattern", "claim_mentions", "period_start", "pattern", ("cm_plain",),
              _one("claim_mentions", "cm_plain", "period_start", "Feb 2022"), "period_start is 'Feb 2022'"),
    ErrorKind("stance-required", "claim_mentions", "stance", "required", ("cm_plain",), _one("claim_mentions", "cm_plain", "stance", None),
              "stance is empty"),
    ErrorKind("entity-required", "mentions", "entity_id", "required", ("mention",), _one("mentions", "mention", "entity_id", None),
              "entity_id is empty"),
    ErrorKind("duplicate-key", "mentions", "mention_id", "primary-key", ("mention",),
              lambda s, w, x: (list(s["mention"]), s["mention"][0]), "an exact copy of an earlier mention row", also="unique"),
    ErrorKind("entity-foreign-key", "mentions", "entity_id", "foreign-key", ("mention",),
              _one("mentions", "mention", "entity_id", "no-such-entity"), "entity_id names no entity"),
    ErrorKind("claim-foreign-key", "claim_mentions", "claim_id", "foreign-key", ("cm_plain",),
              _one("claim_mentions", "cm_plain", "claim_id", "no-such-claim"), "claim_id names no claim"),
    ErrorKind("span-past-end", "mentions", "char_end", "span-bounds", ("mention",), _span_past_end,
              "the span lies past the end of the article text"),
    ErrorKind("negative-offset", "mentions", "char_start", "minimum", ("mention",),
              lambda s, w, x: (_copy_new("mentions", s["mention"], x, char_start=-1, char_end=0), -1), "char_start is -1"),
    ErrorKind("mention-text", "mentions", "text", "span-text", ("mention",), _span_text,
              "text is the article substring plus an 's'"),
    ErrorKind("speaker-text", "quotes", "speaker_text", "span-text", ("quote_named",),
              _one("quotes", "quote_named", "speaker_text", "Someone Else"), "speaker_text is not the text at speaker_start..speaker_end"),
    ErrorKind("cue-partial", "quotes", "cue_end", "span-partial", ("quote_named",), _one("quotes", "quote_named", "cue_end", None),
              "cue and cue_start are given, cue_end is empty"),
    ErrorKind("sha256", "articles", "sha256", "sha256", ("article",),
              _article("sha256", lambda r: hashlib.sha256((r[10] + " ").encode("utf-8")).hexdigest()),
              "sha256 is the digest of the text plus a space"),
    ErrorKind("claim-without-mention", "claims", "claim_id", "claim-without-mention", (), _orphan_claim,
              "a claim that no claim_mentions row refers to"),
    ErrorKind("anonymous-with-speaker", "quotes", "speaker_entity_id", "source-type-speaker", ("quote_anonymous",),
              lambda s, w, x: (_copy_new("quotes", s["quote_anonymous"], x, speaker_entity_id=w.persons[0].entity.id), w.persons[0].entity.id),
              "an anonymous quote names a speaker entity"),
    ErrorKind("named-person-not-person", "quotes", "speaker_entity_id", "source-type-speaker", ("quote_named",),
              lambda s, w, x: (_copy_new("quotes", s["quote_named"], x, speaker_entity_id=w.organizations[0].id), w.organizations[0].id),
              "a named_person quote's speaker is an organization"),
    ErrorKind("speaker-not-source", "quotes", "speaker_entity_id", "speaker-entity-type", ("quote_organization",),
              lambda s, w, x: (_copy_new("quotes", s["quote_organization"], x, speaker_entity_id=w.places[0].id), w.places[0].id),
              "a quote's speaker is a place"),
    ErrorKind("relay-not-outlet", "quotes", "relay_entity_id", "relay-entity-type", ("quote_relay",),
              lambda s, w, x: (_copy_new("quotes", s["quote_relay"], x, relay_entity_id=w.persons[0].entity.id), w.persons[0].entity.id),
              "a quote's relay is a person"),
    ErrorKind("parent-other-article", "quotes", "parent_quote_id", "parent-quote-article", ("quote_child",),
              _other_article_quote("quote_child", "parent_quote_id", "quotes"), "parent_quote_id is a quote of another article"),
    ErrorKind("parent-self", "quotes", "parent_quote_id", "parent-quote-span", ("quote_child",), _self_parent,
              "a quote is its own parent"),
    ErrorKind("quote-other-article", "claim_mentions", "quote_id", "quote-article", ("cm_quote",),
              _other_article_quote("cm_quote", "quote_id", "claim_mentions"), "quote_id is a quote of another article"),
    ErrorKind("hedge-cue-absent", "claim_mentions", "hedge_cues", "hedge-cue", ("cm_hedged",), _hedge_cue,
              "hedge_cues lists 'perhaps', which the mention text does not contain"),
    ErrorKind("hedged-false", "claim_mentions", "hedged", "hedged", ("cm_hedged",),
              _one("claim_mentions", "cm_hedged", "hedged", "false"), "hedged is false although hedge_cues lists cues"),
    ErrorKind("value-order", "claim_mentions", "value_high", "value-range", ("cm_values",), _value_order,
              "value_low is value_high + 1"),
    ErrorKind("mention-in-boilerplate", "mentions", "char_start", "mention-in-boilerplate", ("boilerplate",), _in_boilerplate,
              "a mention of the first word of a boilerplate span"),
)
"""Every planted error kind, in the order they are spread through the corpus."""

TYPED_FORMATS_SKIP = {"type"}
"""Checks that Parquet cannot carry (a typed column holds no malformed value)."""


def catalog_for(fmt: str) -> tuple[ErrorKind, ...]:
    return tuple(e for e in CATALOG if fmt == "csv" or e.check not in TYPED_FORMATS_SKIP)


def collect_samples(chunk: ChunkWriter) -> None:
    """The first row of each sort the catalog copies, from the rows of one chunk."""
    rows, samples = chunk.rows, chunk.result.samples
    lengths = {r[0]: len(r[10]) for r in rows["articles"]}
    q = COLUMN["quotes"]
    cm = COLUMN["claim_mentions"]

    def first(table, test):
        return next((r for r in rows[table] if test(r)), None)

    found = {
        "article": first("articles", lambda r: True),
        "mention": first("mentions", lambda r: True),
        "boilerplate": first("boilerplate", lambda r: " " in r[4] or len(r[4]) > 0),
        "entity_title": first("entity_titles", lambda r: True),
        "quote_named": first("quotes", lambda r: r[q["source_type"]] == "named_person" and r[q["cue"]] is not None),
        "quote_anonymous": first("quotes", lambda r: r[q["source_type"]] == "anonymous"),
        "quote_organization": first("quotes", lambda r: r[q["source_type"]] == "organization"),
        "quote_relay": first("quotes", lambda r: r[q["relay_entity_id"]] is not None),
        "quote_child": first("quotes", lambda r: r[q["parent_quote_id"]] is not None),
        "cm_plain": first("claim_mentions", lambda r: r[cm["hedge_cues"]] is None and r[cm["value_low"]] is None and r[cm["period_start"]] is None),
        "cm_values": first("claim_mentions", lambda r: r[cm["value_low"]] is not None and r[cm["value_high"]] is not None),
        "cm_hedged": first("claim_mentions", lambda r: r[cm["hedge_cues"]] is not None and "perhaps" not in r[5]),
        "cm_quote": first("claim_mentions", lambda r: r[cm["quote_id"]] is not None),
    }
    for key, table in (("quote_child", "quotes"), ("cm_quote", "claim_mentions")):
        row = found[key]
        if row is not None:
            other = first("quotes", lambda r, a=row[COLUMN[table]["article_id"]]: r[q["article_id"]] != a)
            if other is None:
                found[key] = None
            else:
                samples[f"{key}_foreign_quote"] = other[0]
    if found["mention"] is not None:
        samples["mention_article_length"] = lengths[found["mention"][1]]
    samples.update({k: v for k, v in found.items() if v is not None})


def plantable(kind: ErrorKind, samples: dict) -> bool:
    return all(n in samples for n in kind.needs)
