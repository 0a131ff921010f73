"""Entities and their mentions, and the titles an article gives people.

Mentions come from spaCy's named entities (people, organizations, places, nationalities),
cleaned as the annotation guide says: no leading "the", no possessive "’s", nothing inside
boilerplate; a nation or person followed by "government" or "administration", and a
nation followed by "intelligence" (services, community, agencies), is one mention of an
organization ("Russian government", "Biden administration", "US intelligence services").

Each mention gets an entity key, its canonical name: a country's name for its aliases and
demonyms ("U.S.", "American" -> United States); for a person named by surname alone, the
full name the article gives elsewhere ("Psaki" -> Jen Psaki); else the name as written.
Entities are linked across the corpus by that key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .boilerplate import Boilerplate
from .lexicons import lexicons

LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
ORG_TAILS = {"government", "administration", "regime"}
INTELLIGENCE_TAILS = {"services", "service", "community", "agencies", "agency"}
MEDIA_WORDS = re.compile(
    r"\b(news|times|post|journal|herald|tribune|gazette|telegraph|guardian|mail|press|radio|tv|television|"
    r"broadcasting|media|agency|wire|daily|weekly|magazine|channel|network)\b", re.IGNORECASE
)
POSSESSIVE = ("’s", "'s", "’", "'")
DIRECTIONS = {"eastern", "western", "northern", "southern", "central", "northeastern", "northwestern", "southeastern", "southwestern"}


@dataclass
class Mention:
    start: int
    end: int
    text: str
    form: str
    """name, short_name or demonym"""
    key: str
    """the entity's canonical name"""
    type: str
    """person, organization, media_outlet, country, place, group, ..."""
    head: int
    """index of the mention's last token in the doc"""


def slug(name: str) -> str:
    """An entity id from a name: lower case ASCII, words joined by '-'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return text or "entity-" + format(abs(hash(name)) % 10**8, "08d")


def is_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


def is_media(name: str) -> bool:
    lowered = name.lower()
    return lowered in lexicons().media or lowered.removeprefix("the ") in lexicons().media or bool(MEDIA_WORDS.search(name))


def find_mentions(doc, boilerplate: Boilerplate) -> list[Mention]:
    """Every named mention of an entity in the article's own text, in text order."""
    lex = lexicons()
    text = doc.text
    raw = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        tokens = list(ent)
        while tokens and tokens[0].lower_ in ("the", "a", "an"):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].text in POSSESSIVE):
            tokens = tokens[:-1]
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        for suffix in POSSESSIVE:
            if text[start:end].endswith(suffix) and end - len(suffix) > start:
                end -= len(suffix)
                break
        cut = _before_boilerplate(start, end, boilerplate)
        if cut is None:
            continue
        start, end = cut
        label, last = ent.label_, tokens[-1].i
        following = doc[last + 1] if last + 1 < len(doc) else None
        after = doc[last + 2] if last + 2 < len(doc) else None
        if following is not None and label in ("GPE", "NORP", "PERSON") and following.lower_ in ORG_TAILS:
            end, last, label = following.idx + len(following.text), following.i, "ORG"
        elif following is not None and label in ("GPE", "NORP") and following.lower_ == "intelligence":
            if after is not None and after.lower_ in INTELLIGENCE_TAILS:
                end, last = after.idx + len(after.text), after.i
            else:
                end, last = following.idx + len(following.text), following.i
            label = "ORG"
        before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
        if before is not None and label in ("GPE", "LOC") and before.lower_ in DIRECTIONS:
            start = before.idx  # "eastern Ukraine" is one place
        if end <= start or boilerplate.covers(start, end):
            continue
        raw.append((start, end, label, last))
    return _keyed(text, raw, lex)


def _before_boilerplate(start: int, end: int, boilerplate: Boilerplate) -> tuple[int, int] | None:
    """The part of a mention before the boilerplate it runs into (link stuffing glued to a name)."""
    if not boilerplate.covers(start, end):
        return start, end
    if boilerplate.covers(start):
        return None
    for span in boilerplate.spans:
        if start < span.start < end:
            return (start, span.start) if span.start - start >= 2 else None
    return None


def _keyed(text: str, raw: list[tuple[int, int, str, int]], lex) -> list[Mention]:
    """Mentions with their form, type and entity key (people by full name within the article)."""
    full_names: dict[str, str] = {}
    for start, end, label, _ in raw:
        words = text[start:end].split()
        if label == "PERSON" and len(words) >= 2:
            full_names.setdefault(words[-1], text[start:end])
    mentions = []
    taken_until = -1
    for start, end, label, last in sorted(raw):
        if start < taken_until:
            continue
        taken_until = end
        surface = text[start:end]
        lowered = surface.lower()
        country = lex.countries.get(lowered)
        if label == "NORP" or lowered in lex.demonyms:
            if country is not None and lowered in lex.demonyms:
                mentions.append(Mention(start, end, surface, "demonym", country, "country", last))
            else:
                mentions.append(Mention(start, end, surface, "demonym", surface, "group", last))
            continue
        if country is not None and label in ("GPE", "LOC", "ORG", "PERSON"):
            form = "short_name" if is_acronym(surface) else "name"
            mentions.append(Mention(start, end, surface, form, country, "country", last))
            continue
        if surface in full_names and full_names[surface] != surface:
            mentions.append(Mention(start, end, surface, "short_name", full_names[surface], "person", last))
            continue
        if lowered in lex.media or lowered.removeprefix("the ") in lex.media:
            form = "short_name" if is_acronym(surface) else "name"
            mentions.append(Mention(start, end, surface, form, surface, "media_outlet", last))
            continue
        if label == "PERSON":
            form = "name" if len(surface.split()) > 1 else "short_name"
            mentions.append(Mention(start, end, surface, form, surface, "person", last))
            continue
        kind = {"ORG": "media_outlet" if is_media(surface) else "organization", "GPE": "place", "LOC": "place", "FAC": "place"}[label]
        form = "short_name" if is_acronym(surface) else "name"
        mentions.append(Mention(start, end, surface, form, surface, kind, last))
    return mentions


@dataclass
class Title:
    start: int
    end: int
    text: str
    key: str
    """the entity key of the person titled"""


def find_titles(doc, mentions: list[Mention], boilerplate: Boilerplate) -> list[Title]:
    """Roles written before a person's name ("Pentagon press secretary John Kirby") or after it
    as an appositive ("Jen Psaki, the White House spokeswoman")."""
    words = lexicons().title_words
    text = doc.text
    titles = []
    by_start = {m.start: m for m in mentions}
    for mention in mentions:
        if mention.type != "person":
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        first, root = span[0], span.root
        run = []
        i = first.i - 1
        while i >= 0:
            token = doc[i]
            if token.pos_ not in ("PROPN", "NOUN", "ADJ") or token.is_punct or token.idx in by_start and by_start[token.idx].type == "person":
                break
            if token.head.i < i or token.head.i > root.i:
                break
            run.insert(0, token)
            i -= 1
        while run and run[0].pos_ == "ADJ" and run[0].lower_ not in words and not run[0].text[:1].isupper():
            run = run[1:]
        if run and any(t.lower_ in words for t in run) and run[-1].i == first.i - 1:
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            if not boilerplate.covers(start, end):
                titles.append(Title(start, end, text[start:end], mention.key))
        head = root.head
        if root.dep_ == "appos" and head.i < first.i and head.lower_ in words:  # "the national security advisor, Jake Sullivan"
            tokens = [t for t in head.subtree if t.i < first.i]
            while tokens and tokens[-1].is_punct:
                tokens = tokens[:-1]
            if tokens and tokens[-1].i >= first.i - 2:
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
                if not boilerplate.covers(start, end) and end - start <= 80:
                    titles.append(Title(start, end, text[start:end], mention.key))
        for child in root.children:
            if child.dep_ != "appos" or child.i <= root.i:
                continue
            tokens = [t for t in child.subtree]
            while tokens and (tokens[-1].is_punct):
                tokens = tokens[:-1]
            if not tokens or not any(t.lower_ in words for t in tokens):
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if any(m.type == "person" and start <= m.start and m.end <= end for m in mentions):
                continue  # "his brother, John Smith": another person, not a title
            if not boilerplate.covers(start, end) and end - start <= 80:
                titles.append(Title(start, end, text[start:end], mention.key))
    return titles


__all__ = ["Mention", "Title", "find_mentions", "find_titles", "is_acronym", "is_media", "slug"]
