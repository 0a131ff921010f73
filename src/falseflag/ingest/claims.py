"""Claim mentions of one article: what its sources are reported to say, and what it states itself.

* Every quote's content is a mention in the source's voice. When its cue is a hedge ("claims",
  "according to", "believes", ...), the span takes the cue in, so that every hedge cue that
  applies to the claim stands in the mention's text, as the annotation guide asks.
* Every sentence of the article's own text (not boilerplate, not inside a quote, a statement
  of at least MIN_WORDS words with a verb) is a mention in the outlet's voice.
* Stance: ``denies`` for the content of a denial ("denied", "rejected", "dismissed"), else
  ``supports``.
* Values: the first quantity or period of the mention (``values.py``).

Each mention also carries its signature: the lemmas of its content words, by which mentions
of different articles are clustered into claims (``cluster.py``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache

from .._bundle import analyzers_dir
from .boilerplate import Boilerplate
from .quotes import Quote
from .values import Value, period, quantity

MIN_WORDS = 6
DENIAL = {"deny", "reject", "dismiss", "refute", "rebuff", "dispute", "disavow"}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
STOP_LEMMAS = {"be", "have", "do", "say", "tell", "would", "will", "can", "could", "may", "might", "also", "-PRON-", "which", "that"}


@cache
def hedge_words() -> set[str]:
    """The plain-word cues of the hedging analyzer's lexicon (lower case)."""
    with open(analyzers_dir() / "hedging" / "lexicon.csv", encoding="utf-8", newline="") as fh:
        return {row["cue"].strip().lower() for row in csv.DictReader(fh) if row["cue"] and "#" not in row["cue"]}


@dataclass
class ClaimMention:
    start: int
    end: int
    voice: str
    stance: str
    quote: Quote | None = None
    value: Value | None = None
    signature: frozenset[str] = field(default_factory=frozenset)


def _signature(doc, start: int, end: int) -> frozenset[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return frozenset()
    return frozenset(
        t.lemma_.lower() for t in span
        if t.pos_ in CONTENT_POS and not t.is_stop and t.lemma_.lower() not in STOP_LEMMAS and len(t.text) > 1
    )


def _value(text: str, year: int | None) -> Value | None:
    return period(text, year) or quantity(text)


def find_claim_mentions(doc, text: str, boilerplate: Boilerplate, quotes: list[Quote], year: int | None) -> list[ClaimMention]:
    mentions: list[ClaimMention] = []
    hedges = hedge_words()
    taken: list[tuple[int, int]] = []
    for quote in quotes:
        start, end = quote.start, quote.end
        taken.append((min(start, quote.speaker.start if quote.speaker else start, quote.cue[0] if quote.cue else start),
                      max(end, quote.speaker.end if quote.speaker else end, quote.cue[1] if quote.cue else end)))
        if quote.cue is not None and text[quote.cue[0]:quote.cue[1]].lower() in hedges or quote.cue_lemma in hedges:
            cue_start, cue_end = quote.cue
            if cue_end <= start and "\n" not in text[cue_start:start]:
                start = cue_start
            elif cue_start >= end and "\n" not in text[end:cue_end]:
                end = cue_end
        stance = "denies" if quote.cue_lemma in DENIAL else "supports"
        mentions.append(ClaimMention(start, end, "source", stance, quote, _value(text[start:end], year), _signature(doc, start, end)))
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".!;"):
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end - start < 10 or boilerplate.covers(start, end) or "?" in text[end - 1:end + 1]:
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        words = [t for t in sentence if t.is_alpha]
        if len(words) < MIN_WORDS or not any(t.pos_ in ("VERB", "AUX") for t in sentence):
            continue
        mentions.append(ClaimMention(start, end, "outlet", "supports", None, _value(text[start:end], year), _signature(doc, start, end)))
    return sorted(mentions, key=lambda m: (m.start, m.end))


__all__ = ["ClaimMention", "find_claim_mentions", "hedge_words"]
