"""One article, annotated: the rows of every table it adds, with ids of its own.

``prepare(source)`` blanks the boilerplate out of the text for parsing (same length, so
every offset stays the text's); ``annotate(source, masked_text, doc, annotator)`` runs the
rules on the parsed text and returns an ``Annotated`` article. Entities are returned by key
with the types their mentions gave; the corpus-wide entity table and claim table are made
once every article is in (``writer.py``, ``cluster.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .boilerplate import Boilerplate, Span, find_boilerplate, lines, masked, with_entity_lines
from .claims import find_claim_mentions
from .entities import find_mentions, find_titles, slug
from .inputs import Source
from .quotes import QuoteFinder

DATE_IN_TEXT = re.compile(
    r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>january|february|march|april|may|june|july|august|september|october|november|december)\s+(?P<y1>(?:19|20)\d\d)"
    r"|(?P<m2>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b",
    re.IGNORECASE,
)
MONTH_NUMBERS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
HEADLINE_MAX = 200


@dataclass
class Annotated:
    """The rows one article adds to each table, and what the corpus-wide tables need."""

    article_id: str
    sha256: str
    rows: dict[str, list[dict[str, Any]]]
    entity_types: dict[str, Counter] = field(default_factory=dict)
    """entity key -> counts of the types its mentions gave"""
    entity_names: dict[str, Counter] = field(default_factory=dict)
    claim_signatures: dict[str, frozenset[str]] = field(default_factory=dict)
    """claim_mention_id -> signature"""


def article_id(sha256: str) -> str:
    return f"a{sha256[:12]}"


def prepare(source: Source) -> tuple[list[Span], str]:
    """Boilerplate found from the text alone, and the text with it blanked out (for the parser)."""
    spans = find_boilerplate(source.text)
    return spans, masked(source.text, spans)


def annotate(source: Source, spans: list[Span], doc, annotator: str, language: str = "en") -> Annotated:
    text = source.text
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    aid = article_id(sha)
    boilerplate = Boilerplate(with_entity_lines(spans, doc))
    mentions = find_mentions(doc, boilerplate)
    titles = find_titles(doc, mentions, boilerplate)
    quotes = QuoteFinder(doc, text, boilerplate, mentions).find()
    published, evidence = _published(source, text, boilerplate)
    year = int(published[:4]) if published else None
    claim_mentions = find_claim_mentions(doc, text, boilerplate, quotes, year)
    types: dict[str, Counter] = {}
    names: dict[str, Counter] = {}
    for m in mentions:
        types.setdefault(m.key, Counter())[m.type] += 1
        names.setdefault(m.key, Counter())[m.text if m.form == "name" else m.key] += 1
    keys = set(types)

    def entity(key: str | None) -> str | None:
        return slug(key) if key is not None and key in keys else None

    outlet_id = slug(source.outlet) if source.outlet else f"unknown-{aid}"
    title, title_start, title_end = _title(source, text, boilerplate)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ("outlets", "articles", "boilerplate", "entity_titles", "mentions", "quotes", "claim_mentions")}
    rows["outlets"].append({
        "outlet_id": outlet_id,
        "name": source.outlet,
        "name_evidence": source.outlet_evidence or "the input names no outlet; this article is an outlet of its own",
        "annotator": annotator,
    })
    rows["articles"].append({
        "article_id": aid, "outlet_id": outlet_id, "source_file": source.source_file, "title": title,
        "title_start": title_start, "title_end": title_end, "author": source.author, "published": published,
        "published_evidence": evidence, "language": language, "text": text, "sha256": sha, "annotator": annotator,
    })
    for n, span in enumerate(boilerplate.spans, 1):
        rows["boilerplate"].append({"boilerplate_id": f"{aid}-bp{n:02d}", "article_id": aid, "char_start": span.start,
                                    "char_end": span.end, "text": text[span.start:span.end], "kind": span.kind, "annotator": annotator})
    for n, m in enumerate(mentions, 1):
        rows["mentions"].append({"mention_id": f"{aid}-m{n:03d}", "article_id": aid, "entity_id": slug(m.key),
                                 "char_start": m.start, "char_end": m.end, "text": text[m.start:m.end], "form": m.form, "annotator": annotator})
    for n, t in enumerate(sorted(titles, key=lambda t: t.start), 1):
        rows["entity_titles"].append({"title_id": f"{aid}-t{n:02d}", "entity_id": slug(t.key), "article_id": aid,
                                      "char_start": t.start, "char_end": t.end, "text": text[t.start:t.end], "annotator": annotator})
    quote_ids = {id(q): f"{aid}-q{n:02d}" for n, q in enumerate(quotes, 1)}
    for q in quotes:
        speaker = q.speaker
        entity_id = entity(speaker.key) if speaker is not None and q.source_type in ("named_person", "organization", "media_outlet") else None
        source_type = q.source_type
        if source_type == "named_person" and entity_id is None:
            source_type = "anonymous"  # a person the article does not name where the rules can see
        rows["quotes"].append({
            "quote_id": quote_ids[id(q)], "article_id": aid, "char_start": q.start, "char_end": q.end, "text": text[q.start:q.end],
            "kind": q.kind,
            "speaker_text": text[speaker.start:speaker.end] if speaker else None,
            "speaker_start": speaker.start if speaker else None, "speaker_end": speaker.end if speaker else None,
            "speaker_entity_id": entity_id, "source_type": source_type,
            "cue": text[q.cue[0]:q.cue[1]] if q.cue else None, "cue_start": q.cue[0] if q.cue else None, "cue_end": q.cue[1] if q.cue else None,
            "relay_text": text[q.relay[0]:q.relay[1]] if q.relay else None,
            "relay_start": q.relay[0] if q.relay else None, "relay_end": q.relay[1] if q.relay else None,
            "relay_entity_id": entity(q.relay_key), "parent_quote_id": quote_ids.get(q.parent) if q.parent else None,
            "notes": "; ".join([f"rule: {q.rule}", *q.notes]), "annotator": annotator,
        })
    signatures = {}
    for n, cm in enumerate(claim_mentions, 1):
        mention_id = f"{aid}-c{n:02d}"
        signatures[mention_id] = cm.signature
        value = cm.value
        speaker = cm.quote.speaker if cm.quote is not None else None
        rows["claim_mentions"].append({
            "claim_mention_id": mention_id, "claim_id": None, "article_id": aid, "char_start": cm.start, "char_end": cm.end,
            "text": text[cm.start:cm.end], "voice": cm.voice, "quote_id": quote_ids.get(id(cm.quote)) if cm.quote else None,
            "source_entity_id": entity(speaker.key) if speaker is not None else None, "stance": cm.stance,
            "hedged": False, "hedge_cues": None,
            "value_low": value.low if value else None, "value_high": value.high if value else None,
            "period_start": value.period_start if value else None, "period_end": value.period_end if value else None,
            "value_note": value.note if value else None, "unit": value.unit if value else None, "annotator": annotator,
        })
    return Annotated(aid, sha, rows, types, names, signatures)


def _title(source: Source, text: str, boilerplate: Boilerplate) -> tuple[str | None, int | None, int | None]:
    """The title from the input's metadata, or the first line when it reads as a headline; with offsets when it is in the text."""
    if source.title:
        at = text.find(source.title)
        return (source.title, at, at + len(source.title)) if at >= 0 else (source.title, None, None)
    for start, end in lines(text):
        if boilerplate.covers(start, end):
            continue
        line = text[start:end]
        if len(line) <= HEADLINE_MAX and len(line.split()) >= 3 and not line.endswith((".", ":", ",", ";")):
            return line, start, end
        return None, None, None
    return None, None, None


def _published(source: Source, text: str, boilerplate: Boilerplate) -> tuple[str | None, str | None]:
    """The date from the input's metadata, or the first full date near the top of the text (a dateline)."""
    if source.published:
        return source.published, source.published_evidence
    head = text[: max(600, len(text) // 10)]
    for match in DATE_IN_TEXT.finditer(head):
        iso = _iso(match)
        if iso is not None:
            return iso, f"a date near the top of the text: '{match.group(0)}' (characters {match.start()} to {match.end()})"
    return None, "neither the input nor the top of the text gives a date"


def _iso(match: re.Match) -> str | None:
    import datetime as dt

    if match.group("iso"):
        value = match.group("iso")
    else:
        day = match.group("d1") or match.group("d2")
        month = (match.group("m1") or match.group("m2")).lower()[:3]
        year = match.group("y1") or match.group("y2")
        value = f"{year}-{MONTH_NUMBERS[month]:02d}-{int(day):02d}"
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


__all__ = ["Annotated", "annotate", "article_id", "prepare"]
