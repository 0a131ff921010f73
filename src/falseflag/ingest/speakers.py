"""Who a quote is credited to: the speaker's words, the entity they name, and the kind of source.

``Speakers`` is built once per article from its mentions; ``describe(token)`` turns the head
word of a subject into a ``Speaker``:

* a named person (a person mention inside the subject, titles left out: "Pentagon press
  secretary John Kirby" gives "John Kirby");
* a pronoun ("he", "she", "they") recorded as written and resolved to the nearest earlier
  speaker or person it can stand for;
* an anonymous source ("a U.S. official", "officials", "sources familiar with the matter",
  "the official"), an organization ("the Kremlin", "The Biden administration", a country or
  city speaking for its government), or a news outlet ("the Daily Mail report", "Axios"),
  by the head word (``lexicons/sources.csv``) and the mentions inside the subject.
"""

from __future__ import annotations

from dataclasses import dataclass

from .entities import Mention, is_media
from .lexicons import lexicons

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them"}
RELATIVE = {"who", "that", "which", "whom"}
DOCUMENT_NOUNS = {"announcement", "statement", "remarks", "comments", "conclusions", "conclusion", "findings", "words",
                  "testimony", "assessment", "analysis", "briefing", "letter", "memo"}
"""Nouns for what a source put out; "an announcement by X" is credited to X."""
CUT_DEPS = {"relcl", "acl", "advcl", "appos", "punct", "cc", "conj", "parataxis", "ccomp", "xcomp"}


@dataclass
class Speaker:
    start: int
    end: int
    source_type: str
    key: str | None = None
    """entity key of the speaker (a person, organization or outlet), if any"""
    head: int | None = None


class Speakers:
    """Speaker descriptions for one article, remembering who spoke last (for pronouns)."""

    def __init__(self, doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = mentions
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    self.by_token.setdefault(token.i, mention)
        self.recent: list[Speaker] = []

    def remember(self, speaker: Speaker) -> None:
        self.recent.append(speaker)

    def phrase(self, head) -> list:
        """The tokens of the noun phrase headed by ``head``, without clauses, appositions or what follows a comma."""
        tokens = [head]

        def add(token) -> None:
            for child in token.children:
                if child.dep_ in CUT_DEPS and child.dep_ != "punct":
                    continue
                if child.dep_ == "punct" and child.text not in ("’", "'", "-", "."):
                    continue
                if child.dep_ == "prep" and child.i > head.i and child.lower_ not in ("of", "for", "at", "in", "from", "on", "with"):
                    continue
                tokens.append(child)
                add(child)

        add(head)
        tokens.sort(key=lambda t: t.i)
        # Keep the run around the head without a comma in it.
        left = [t for t in tokens if t.i <= head.i]
        right = [t for t in tokens if t.i > head.i]
        for i in range(len(left) - 1, 0, -1):
            if left[i].i - left[i - 1].i > 1 and any(self.doc[j].text == "," for j in range(left[i - 1].i + 1, left[i].i)):
                left = left[i:]
                break
        kept_right = []
        for token in right:
            if any(self.doc[j].text in (",", ";", "(", "—", "–") for j in range((kept_right[-1].i if kept_right else head.i) + 1, token.i)):
                break
            kept_right.append(token)
        phrase = [t for t in left + kept_right if not t.is_space]
        while phrase and (phrase[0].is_punct or phrase[0].dep_ == "cc"):
            phrase = phrase[1:]
        while phrase and phrase[-1].is_punct and phrase[-1].text not in (".",):
            phrase = phrase[:-1]
        return phrase or [head]

    def describe(self, head, relative_to=None) -> Speaker | None:
        """The speaker whose subject is headed by ``head``; ``relative_to`` is the antecedent of a relative pronoun."""
        if head is None:
            return None
        if head.lower_ in RELATIVE and relative_to is not None:
            head = relative_to
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(head)
        if lower in DOCUMENT_NOUNS or head.lemma_.lower() in DOCUMENT_NOUNS:
            author = self._author(head)
            if author is not None:
                return self.describe(author)
        phrase = self.phrase(head)
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
        inside = [m for m in self.mentions if m.start >= start and m.end <= end]
        person = next((m for m in inside if m.type == "person" and self._covers_head(m, head)), None)
        if person is None:
            person = next((m for m in inside if m.type == "person" and head.ent_type_ == "PERSON"), None)
        if person is not None:
            return Speaker(person.start, person.end, "named_person", person.key, head.i)
        kind = lexicons().source_words.get(head.lemma_.lower()) or lexicons().source_words.get(lower)
        covering = next((m for m in inside if self._covers_head(m, head)), None)
        if covering is not None and kind != "anonymous":
            source_type = "media_outlet" if covering.type == "media_outlet" or kind == "media_outlet" else "organization"
            return Speaker(start, end, source_type, covering.key, head.i)
        if kind == "media_outlet" or (head.ent_type_ == "ORG" and is_media(" ".join(t.text for t in phrase))):
            outlet = next((m for m in inside if m.type == "media_outlet"), None)
            return Speaker(start, end, "media_outlet", outlet.key if outlet else None, head.i)
        if kind == "organization":
            organization = next((m for m in inside if m.type in ("organization", "media_outlet")), None)
            return Speaker(start, end, "organization", organization.key if organization else None, head.i)
        if kind == "anonymous":
            return Speaker(start, end, "anonymous", None, head.i)
        if head.pos_ == "PROPN" or head.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC"):
            entity = next((m for m in inside), None)
            return Speaker(start, end, "organization", entity.key if entity else None, head.i)
        if head.pos_ == "NOUN" and head.tag_ in ("NNS", "NNPS"):
            return Speaker(start, end, "anonymous", None, head.i)
        return Speaker(start, end, "anonymous" if head.pos_ == "NOUN" else "organization", None, head.i)

    def _author(self, head):
        """The one who put a document out: "an announcement by X", "X's statement", "the conclusions of X"."""
        for child in head.children:
            if child.dep_ == "poss":
                return child
            if child.dep_ == "acl":  # "an announcement made on Friday by X"
                agent = next((g for g in child.children if g.dep_ == "agent"), None)
                pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    return pobj
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and (pobj.ent_type_ or pobj.pos_ == "PROPN" or lexicons().source_words.get(pobj.lemma_.lower())):
                    return pobj
        return None

    def _covers_head(self, mention: Mention, head) -> bool:
        return mention.start <= head.idx < mention.end

    def _pronoun(self, head) -> Speaker:
        lower = head.lower_
        start, end = head.idx, head.idx + len(head.text)
        if lower in ("i", "we", "you", "us", "me", "it", "this", "that"):
            for earlier in reversed(self.recent):
                return Speaker(start, end, earlier.source_type, earlier.key, head.i)
            return Speaker(start, end, "anonymous", None, head.i)
        wanted = ("named_person",) if lower in PERSON_PRONOUNS else ("anonymous", "organization", "media_outlet")
        for earlier in reversed(self.recent):
            if earlier.source_type in wanted:
                return Speaker(start, end, earlier.source_type, earlier.key, head.i)
        if lower in PERSON_PRONOUNS:
            person = next((m for m in reversed(self.mentions) if m.type == "person" and m.end <= start), None)
            if person is not None:
                return Speaker(start, end, "named_person", person.key, head.i)
        return Speaker(start, end, "anonymous", None, head.i)


__all__ = ["Speaker", "Speakers"]
