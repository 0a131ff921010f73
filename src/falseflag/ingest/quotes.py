"""Quotes: who is reported as saying, thinking or finding what, in the article's own text.

The rules, in the order they run (docs/ingest.md has an example of each):

1. **Reporting verbs** (``lexicons/reporting_verbs.csv``) with their complement: the
   that-clause of "said", "told reporters", "believes", "warned" ...; the object of "denied",
   "rejected X as Y", "described X as Y"; "X of Y" for "accused"; what a passive with an agent
   reports ("the plans were confirmed by a U.S. official"). The speaker is the verb's subject,
   or the antecedent of "who", or the subject of the verb a participle or a conjunct hangs on
   ("..., adding that"). The clause is an indirect quote, a mixed one when it holds a quoted
   fragment, a direct one when it lies inside quotation marks.
2. **Quotation marks** paired with the nearest reporting verb outside them (“...,” the
   official said; said: “...”), the Gender Gap Tracker's rule.
3. **Floating quotes**: a quoted sentence with no verb of its own continues the last quote
   of the same or the previous paragraph, with its speaker and cue.
4. **"According to X"**: the clause it modifies, credited to X; when X is a news outlet and
   the clause reports someone's words, X is their relay instead.
5. **Report nouns** ("allegations that", "threats by Moscow that") with a that-clause and an
   owner ("Moscow's threats", "threats by Moscow").
6. **Relays**: a news outlet the words reach the article through: "told the TASS news
   agency", "according to the Daily Mail" before a reporting clause, "as cited by AP",
   "speaking on MSNBC", "in an interview with CNN".

A quote inside another quote's content is its child (``parent_quote_id``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .boilerplate import Boilerplate
from .entities import Mention, is_media
from .lexicons import lexicons
from .speakers import Speaker, Speakers

OPENERS = {"“": "”", '"': '"', "«": "»", "„": "“"}
SINGLE_OPEN, SINGLE_CLOSE = "‘", "’"
MIN_WORDS = 3
"""A quote's content has at least this many words (a lone quoted word is scare quotes, not a quote)."""
REPORT_NOUNS = {"allegation", "claim", "warning", "threat", "accusation", "assertion", "assurance", "belief", "fear",
                "concern", "suggestion", "insistence", "promise", "pledge", "demand", "argument", "assessment", "finding"}
AUDIENCE = {"reporter", "journalist", "press", "audience", "interviewer", "lawmaker", "senator", "supporter", "crowd", "viewer"}
RELAY_PREPOSITIONS = {"on", "to", "with"}
FIRST_PERSON = {"i", "we", "you", "me", "us"}
SOURCE_DOCUMENTS = {"poll", "survey", "study", "report", "statement", "interview", "letter", "memo", "filing", "speech",
                    "tweet", "post", "op-ed", "editorial", "assessment", "analysis", "complaint", "lawsuit", "ruling", "testimony"}
"""What a clause is found "in" and so credited to: "In the latest poll, Clinton led ..."."""
INFINITIVE_VERBS = {"threaten", "promise", "pledge", "vow", "agree", "refuse", "offer", "decline", "plan", "intend", "demand", "ask",
                    "urge", "decide", "need", "seem", "propose", "expect", "hope"}
"""Reporting verbs whose content can be a to-infinitive ("threatened to station troops")."""



@dataclass
class Quote:
    start: int
    end: int
    kind: str
    speaker: Speaker | None
    cue: tuple[int, int] | None
    relay: tuple[int, int] | None = None
    relay_key: str | None = None
    cue_lemma: str = ""
    rule: str = ""
    parent: int | None = None
    attributed: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def source_type(self) -> str:
        return self.speaker.source_type if self.speaker is not None else "unattributed"


@dataclass
class Marked:
    """A stretch of text between quotation marks: ``start``/``end`` are the content's."""

    open: int
    close: int
    paragraph_end: bool = False
    """closed by the end of its paragraph, not by a mark"""
    used: bool = False

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close


def marked_spans(text: str) -> list[Marked]:
    """Quotation-mark pairs, double marks first, then single curly marks outside them."""
    spans: list[Marked] = []
    for start, end in _paragraphs(text):
        spans += _pairs_in(text, start, end)
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _pairs_in(text: str, start: int, end: int) -> list[Marked]:
    found: list[Marked] = []
    open_at, closer = None, None
    for i in range(start, end):
        c = text[i]
        if open_at is None:
            if c in OPENERS and (c != '"' or i == start or not text[i - 1].isalnum()):
                open_at, closer = i, OPENERS[c]
            elif c == "”" and i == start and i + 1 < end and text[i + 1].isalpha():
                open_at, closer = i, "”"  # a closing mark typed for an opening one, at the start of a paragraph
        elif c == closer or (closer == '"' and c == "”") or (closer == "”" and c == '"' and (i + 1 == end or not text[i + 1].isalnum())):
            found.append(Marked(open_at, i))
            open_at = None
        elif c == "“" and closer == "”" and i > open_at + 1:
            found.append(Marked(open_at, _trim_end(text, open_at + 1, i), paragraph_end=True))
            open_at, closer = i, "”"
    if open_at is not None and closer == "”" and end - open_at > 20 and text[end:end + 3].lstrip("\n")[:1] in ("“", '"'):
        # A quote that runs on into the next paragraph, which opens with a mark again.
        found.append(Marked(open_at, _trim_end(text, open_at + 1, end), paragraph_end=True))
    inside = [(m.open, m.close) for m in found]
    for m in re.finditer(r"(?<![\w’])‘(?=\w)([^‘’\n]*?[\w.,!?])’(?!\w)", text[start:end]):
        o, c = start + m.start(), start + m.end() - 1
        if len(m.group(1).split()) >= 2 and not any(a <= o and c <= b for a, b in inside):
            found.append(Marked(o, c))
    return sorted(found, key=lambda m: m.open)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


class QuoteFinder:
    """Finds the quotes of one parsed article (see the module docstring for the rules)."""

    def __init__(self, doc, text: str, boilerplate: Boilerplate, mentions: list[Mention]):
        self.doc = doc
        self.text = text
        self.boilerplate = boilerplate
        self.mentions = mentions
        self.speakers = Speakers(doc, mentions)
        self.marked = [m for m in marked_spans(text) if not boilerplate.covers(m.open, m.close + 1) and words(text[m.start:m.end]) >= 1]
        self.verbs = lexicons().verbs
        self.quotes: list[Quote] = []
        self.used_verbs: set[int] = set()

    # -- helpers -----------------------------------------------------------------------------

    def tokens(self, start: int, end: int):
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def token_span(self, tokens) -> tuple[int, int]:
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def marked_around(self, start: int, end: int) -> Marked | None:
        """The quotation-mark pair whose content holds [start, end) (ignoring punctuation at the edges)."""
        for m in self.marked:
            if m.start - 1 <= start and end <= m.end + 1:
                return m
        return None

    def marked_inside(self, start: int, end: int) -> list[Marked]:
        return [m for m in self.marked if start <= m.open and m.close < end + 2 and m.close > start]

    def cue_of(self, verb) -> tuple[int, int]:
        """The verb with its auxiliaries, negation and adverbs between them, and a particle or an audience object."""
        tokens = [verb]
        for child in verb.children:
            if child.i < verb.i and child.dep_ in ("aux", "auxpass", "neg") and verb.i - child.i <= 4:
                tokens.append(child)
            elif child.i > verb.i and child.dep_ == "prt":
                tokens.append(child)
            elif child.i > verb.i and child.dep_ in ("dobj", "dative") and child.lemma_.lower() in AUDIENCE and child.i - verb.i <= 2:
                tokens += [t for t in child.subtree if t.i <= child.i]
        if verb.lemma_ == "point":
            tokens += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"]
        first = min(t.i for t in tokens)
        tokens += [t for t in self.doc[first:verb.i] if t.dep_ == "advmod" and t.head.i == verb.i]
        tokens = sorted(set(tokens), key=lambda t: t.i)
        return self.token_span(tokens)

    def subject(self, verb, depth: int = 0):
        """(subject head, antecedent of a relative pronoun) of a verb, looking up through participles and conjuncts."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                antecedent = verb.head if verb.dep_ == "relcl" else None
                return child, antecedent
            if child.dep_ == "nsubjpass" and not self.agent(verb):
                return None, None  # "Ukraine be denied ...", "it was reported that ...": no speaker
        agent = self.agent(verb)
        if agent is not None:
            return agent, None
        if depth < 2 and verb.dep_ in ("conj", "advcl", "xcomp", "acl") and verb.head.i != verb.i:
            if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return (verb.head, None) if verb.tag_ == "VBG" else (None, None)  # "officials saying ...", not "operations intended to"
            return self.subject(verb.head, depth + 1)
        return None, None

    def _cited(self, verb):
        """"The report cites an official as saying ...": the one cited is the speaker."""
        if verb.lemma_ != "say" or verb.tag_ != "VBG":
            return None
        holder = verb.head
        if holder.lower_ == "as":
            holder = holder.head
        if holder.lemma_ in ("cite", "quote"):
            return next((c for c in holder.children if c.dep_ in ("dobj", "nsubjpass")), None)
        return None

    def agent(self, verb):
        for child in verb.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        return None

    def content_tokens(self, head, verb):
        """The tokens of a complement, without a leading complementizer or a trailing comma."""
        tokens = [t for t in sorted(head.subtree, key=lambda t: t.i) if not t.is_space]
        while tokens and (tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "whether", "if") or tokens[0].is_punct and tokens[0].text not in OPENERS and tokens[0].text != SINGLE_OPEN):
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("”", '"', "’", "»", ")"):
            tokens = tokens[:-1]
        return tokens

    def content_span(self, tokens) -> tuple[int, int] | None:
        tokens = [t for t in tokens if not t.is_space]
        if not tokens:
            return None
        start, end = self.token_span(tokens)
        if "\n" in self.text[start:end]:
            return None  # a parse that runs over a paragraph break
        # An opening mark left of the content whose closing mark is inside it belongs to the content.
        for m in self.marked:
            if m.open < start <= m.start and start < m.close <= end:
                start = m.open
            if start <= m.open < end < m.close + 1 and m.close < len(self.text):
                end = max(end, m.close + 1)
        return start, end

    # -- the rules ----------------------------------------------------------------------------

    def find(self) -> list[Quote]:
        for token in self.doc:
            if self.boilerplate.covers(token.idx):
                continue
            if token.lemma_ in self.verbs and token.pos_ in ("VERB", "AUX") or token.lower_ in ("says", "said"):
                self._verb(token)
            elif token.lower_ == "according":
                self._according(token)
            elif token.lower_ == "in" and token.dep_ == "prep":
                self._in_source(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in REPORT_NOUNS:
                self._report_noun(token)
        self._marked_quotes()
        self._colon_lines()
        self.quotes = [q for q in self.quotes if q.rule != "report noun" or not any(
            o is not q and o.rule != "report noun" and o.start <= q.start and q.end <= o.end for o in self.quotes)]
        self._nest()
        return sorted(self.quotes, key=lambda q: (q.start, q.end))

    def _add(self, quote: Quote) -> None:
        if quote.end <= quote.start or words(self.text[quote.start:quote.end]) < MIN_WORDS:
            return
        if self.boilerplate.covers(quote.start, quote.end):
            return
        for other in self.quotes:
            if other.start == quote.start and other.end == quote.end:
                return
        self.quotes.append(quote)
        if quote.speaker is not None:
            self.speakers.remember(quote.speaker)

    def _verb(self, verb) -> None:
        if verb.lemma_ in ("cite", "quote") and any(c.lower_ == "as" and any(g.lemma_ == "say" for g in c.subtree) for c in verb.children):
            return  # "cites an official as saying ...": the saying is the quote (see _cited)
        entries = self.verbs.get(verb.lemma_) or self.verbs.get("say")
        subject, antecedent = self.subject(verb)
        cited = self._cited(verb)
        if cited is not None:
            subject, antecedent = cited, None
        passive_agent = self.agent(verb)
        complement = None
        kinds = {e.complement for e in entries}
        if "clause" in kinds:
            complement = next((c for c in verb.children if c.dep_ in ("ccomp",) and c.i > verb.i), None)
            if complement is None:
                complement = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if complement is None and verb.lemma_ in ("say", "tell", "add", "warn", "write", "claim", "insist", "argue"):
                complement = next((c for c in verb.children if c.dep_ in ("parataxis", "dep") and c.pos_ in ("VERB", "AUX") and c.i > verb.i), None)
            if complement is None and verb.lemma_ in INFINITIVE_VERBS:
                complement = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        content = None
        if complement is not None:
            tokens = self.content_tokens(complement, verb)
            if verb.lemma_ in INFINITIVE_VERBS and complement.dep_ == "xcomp":
                tokens = [t for t in sorted(complement.subtree, key=lambda t: t.i) if not t.is_space]
            content = self.content_span(tokens)
        elif verb.dep_ in ("parataxis", "ccomp", "advcl") and "clause" in kinds and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in verb.children):
            parts = self._parenthetical(verb)
            if parts:
                for part in parts[1:]:
                    self._credit(verb, part, subject, antecedent)
                content = parts[0]
        if content is None and ("object" in kinds or any(k in kinds for k in ("of", "with", "for", "to"))):
            content = self._object_content(verb, kinds)
        if content is None and passive_agent is not None:
            patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if patient is not None:
                content = self.content_span(self.content_tokens(patient, verb))
        if content is None:
            return
        self._credit(verb, content, subject, antecedent)

    def _credit(self, verb, content: tuple[int, int], subject, antecedent) -> None:
        """A quote of ``content`` credited to the verb's subject, of the kind its quotation marks make it."""
        start, end = content
        speaker = self.speakers.describe(subject, antecedent) if subject is not None else None
        if speaker is None and not (verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children)):
            return  # only an agentless passive ("are considered to be") has no speaker
        if not self._may_speak(verb, speaker):
            return
        if speaker is not None and speaker.start < end and start < speaker.end:
            return  # the subject inside its own content: a parse gone wrong
        holder = self.marked_around(verb.idx, verb.idx + len(verb.text))
        if holder is not None and (speaker is None or speaker.key is None or speaker.start < holder.start or subject is not None and subject.lower_ in FIRST_PERSON):
            return  # "We have information that indicates ...", "I think ..." inside a quote: the quote's own words
        around = self.marked_around(start, end)
        fragments = self.marked_inside(start, end)
        if around is not None and (start <= around.start + 1 and end >= around.end - 1):
            start, end, kind = around.start, around.end, "direct"
            around.used = True
        elif around is not None:
            kind = "indirect"  # reported inside someone else's quote; the marks stay that quote's
        elif fragments:
            kind = "mixed"
            for m in fragments:
                m.used = True
        else:
            kind = "indirect"
        self.used_verbs.add(verb.i)
        relay, relay_key = self._relay(verb, speaker)
        self._add(Quote(start, end, kind, speaker, self.cue_of(verb), relay, relay_key, verb.lemma_, "reporting verb"))

    def _may_speak(self, verb, speaker: Speaker | None) -> bool:
        """A verb of intention or position ("plans", "wants", "sees") reports a named person's, not a
        country's or a crowd's: "Russia plans to ..." is a claim, not a quote."""
        entries = self.verbs.get(verb.lemma_, [])
        if entries and all(e.kind == "position" for e in entries):
            return speaker is not None and speaker.source_type == "named_person"
        if entries and all(e.kind in ("attitude", "position") for e in entries) and speaker is not None:
            said = self.text[speaker.start:speaker.end].lower()
            if said in FIRST_PERSON:
                return False  # "I think", "you know": a speaker's own hedging, not a report
        return True

    def _parenthetical(self, verb) -> list[tuple[int, int]]:
        """"Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt": the clause the attribution
        interrupts, one span for each side of it; discourse words before an attribution that opens
        the clause ("At the same time, Psaki noted, ...") are the outlet's and are left out."""
        own = {t.i for t in verb.subtree}
        first, last = min(own), max(own)
        commas = any(self.doc[i].text in (",", "—", "–") for i in range(max(0, first - 2), first + 1))
        if not commas:
            return []
        head = verb.head
        tokens = [t for t in sorted(head.subtree, key=lambda t: t.i) if t.i not in own and not t.is_space]
        before = [t for t in tokens if t.i < first]
        after = [t for t in tokens if t.i > last]
        if head.i > last:
            before = []
        spans = []
        if after and after[0].dep_ == "cc" or after and after[0].lower_ in ("but", "and", "or", "so", "yet"):
            after = []  # "..., she said, but Kevin was ...": what follows is the outlet's again
        for part in (before, after):
            while part and (part[0].is_punct and part[0].text not in OPENERS):
                part = part[1:]
            while part and part[-1].is_punct and part[-1].text not in ("”", '"'):
                part = part[:-1]
            span = self.content_span(part)
            if span is not None:
                spans.append(span)
        return spans

    def _object_content(self, verb, kinds: set[str]) -> tuple[int, int] | None:
        """The object of "denied X", "called X a Y", "accused X of Y", "described X as Y", "called for X", "point to X"."""
        tokens = []
        for child in verb.children:
            if child.i < verb.i:
                continue
            if child.dep_ in ("dobj", "oprd", "attr", "ccomp", "xcomp") or (
                child.dep_ == "prep" and child.lower_ in ("of", "as", "with", "for", "to", "on") and (tokens or child.lower_ in kinds or "object" in kinds and child.lower_ == "as")
            ):
                if child.dep_ == "prep" and child.lower_ in ("to", "for", "on") and not tokens and child.lower_ not in kinds:
                    continue
                tokens += sorted(child.subtree, key=lambda t: t.i)
        tokens = [t for t in sorted(set(tokens), key=lambda t: t.i) if not t.is_space]
        while tokens and tokens[0].is_punct and tokens[0].text not in OPENERS:
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct and tokens[-1].text not in ("”", '"', "’") or tokens[-1].text in ("“", "‘")):
            tokens = tokens[:-1]
        return self.content_span(tokens)

    def _relay(self, verb, speaker: Speaker | None) -> tuple[tuple[int, int] | None, str | None]:
        """A news outlet the words reach the article through, named beside the verb."""
        candidates = []
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and verb.lemma_ == "tell":
                candidates.append(child)
            if child.dep_ == "prep" and child.lower_ in RELAY_PREPOSITIONS:
                candidates += [g for g in child.children if g.dep_ == "pobj"]
            if child.dep_ == "prep" and child.lower_ == "according":
                to = next((g for g in child.children if g.lower_ == "to"), None)
                if to is not None:
                    candidates += [g for g in to.children if g.dep_ == "pobj"]
            if child.dep_ in ("advcl", "prep") and child.lower_ in ("cited", "citing", "quoted", "speaking"):
                for g in child.subtree:
                    if g.dep_ == "pobj":
                        candidates.append(g)
        for head in candidates:
            phrase = self.speakers.phrase(head)
            start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
            outlet = next((m for m in self.mentions if m.start >= start and m.end <= end and m.type == "media_outlet"), None)
            words_ = " ".join(t.text for t in phrase)
            if outlet is None and not is_media(words_):
                continue
            if speaker is not None and speaker.start <= start and end <= speaker.end:
                continue
            return (start, end), outlet.key if outlet else None
        return None, None

    def _according(self, token) -> None:
        to = next((c for c in token.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if pobj is None:
            return
        clause = token.head
        speaker = self.speakers.describe(pobj)
        if clause.i == token.i or speaker is None:
            return
        excluded = {t.i for t in token.subtree}
        tokens = [t for t in sorted(clause.subtree, key=lambda t: t.i) if t.i not in excluded]
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("”", '"'):
            tokens = tokens[:-1]
        if not tokens:
            return
        if clause.lemma_ in self.verbs and speaker.source_type == "media_outlet":
            return  # the outlet relays the words of the clause's own speaker (see _relay)
        span = self.content_span(tokens)
        if span is None:
            return
        start, end = span
        kind = "mixed" if self.marked_inside(start, end) else "indirect"
        cue = (token.idx, to.idx + len(to.text))
        relay, relay_key = self._cited_by(token)
        self._add(Quote(start, end, kind, speaker, cue, relay, relay_key, "according to", "according to"))

    def _in_source(self, token) -> None:
        """"In the latest poll, Clinton led Trump by 5 points", "in a statement, ...": the clause, credited to the poll."""
        pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
        clause = token.head
        if pobj is None or pobj.lemma_.lower() not in SOURCE_DOCUMENTS or clause.pos_ not in ("VERB", "AUX") or clause.lemma_ in self.verbs:
            return
        speaker = self.speakers.describe(pobj)
        if speaker is None:
            return
        excluded = {t.i for t in token.subtree}
        tokens = [t for t in sorted(clause.subtree, key=lambda t: t.i) if t.i not in excluded and not t.is_space]
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("”", '"'):
            tokens = tokens[:-1]
        span = self.content_span(tokens)
        if span is None:
            return
        start, end = span
        kind = "mixed" if self.marked_inside(start, end) else "indirect"
        self._add(Quote(start, end, kind, speaker, (token.idx, token.idx + len(token.text)), None, None, "in", "in a poll"))

    def _cited_by(self, token) -> tuple[tuple[int, int] | None, str | None]:
        """"According to X, as cited by AP, ...": the outlet that cites."""
        for t in token.subtree:
            if t.lower_ in ("cited", "quoted", "reported") and t.i > token.i:
                agent = next((c for c in t.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"), None)
                pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    phrase = self.speakers.phrase(pobj)
                    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
                    outlet = next((m for m in self.mentions if m.start >= start and m.end <= end and m.type == "media_outlet"), None)
                    if outlet is not None or is_media(" ".join(x.text for x in phrase)):
                        return (start, end), outlet.key if outlet else None
        return None, None

    def _report_noun(self, noun) -> None:
        clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if clause is None:
            return
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            for prep in noun.children:
                if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "of"):
                    owner = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    if owner is not None:
                        break
        if owner is None and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            owner, _ = self.subject(noun.head)  # "Moscow made brazen security demands that ..."
        if owner is None:
            return
        speaker = self.speakers.describe(owner)
        span = self.content_span(self.content_tokens(clause, noun))
        if speaker is None or span is None:
            return
        start, end = span
        kind = "mixed" if self.marked_inside(start, end) else "indirect"
        self._add(Quote(start, end, kind, speaker, (noun.idx, noun.idx + len(noun.text)), None, None, noun.lemma_, "report noun"))

    def _marked_quotes(self) -> None:
        """Rules 2 and 3: quotation marks not yet explained, paired with the nearest verb, or floating."""
        for m in self.marked:
            if m.used or words(self.text[m.start:m.end]) < MIN_WORDS:
                continue
            if any(q.start <= m.open and m.close <= q.end for q in self.quotes):
                continue  # a fragment or a nested quote inside a quote already found
            credit = self._credited_by_dash(m)
            if credit is not None:
                m.used = True
                speaker, cue = credit
                self._add(Quote(m.start, m.end, "direct", speaker, cue, None, None, "―", "dash credit"))
                continue
            verb = self._nearest_verb(m)
            if verb is not None:
                subject, antecedent = self.subject(verb)
                speaker = self.speakers.describe(subject, antecedent) if subject is not None else None
                if speaker is not None and self._may_speak(verb, speaker):
                    m.used = True
                    self.used_verbs.add(verb.i)
                    relay, relay_key = self._relay(verb, speaker)
                    self._add(Quote(m.start, m.end, "direct", speaker, self.cue_of(verb), relay, relay_key, verb.lemma_, "quotation marks"))
                    continue
            previous = self._previous_quote(m)
            if previous is not None:
                m.used = True
                quote = Quote(m.start, m.end, "direct", previous.speaker, previous.cue, previous.relay, previous.relay_key,
                              previous.cue_lemma, "floating quote", notes=["continues the quote before it: same speaker and cue"])
                self._add(quote)

    def _credited_by_dash(self, m: Marked):
        """“...” ― Karen Bobadilla: a quote credited by a dash and a name after it."""
        after = self.text[m.close + 1: m.close + 80]
        dash = re.match(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*", after)
        if not dash:
            return None
        name_start = m.close + 1 + dash.end()
        person = next((x for x in self.mentions if x.start == name_start and x.type == "person"), None)
        if person is None:
            return None
        return Speaker(person.start, person.end, "named_person", person.key), (m.close + 1 + dash.start(1), m.close + 1 + dash.end(1))

    def _colon_lines(self) -> None:
        """"Sanders: Clinton needs to ...": a line that opens with a name and a colon credits the rest to it."""
        for match in re.finditer(r"(?m)^(?P<who>[^\n:]{2,40}):[ \t]+(?P<what>[^\n]{12,})$", self.text):
            who_start, who_end = match.span("who")
            if self.boilerplate.covers(who_start, match.end()):
                continue
            head = self.tokens(who_start, who_end)
            if not head or len(head) > 5 or not any(t.pos_ in ("PROPN", "NOUN") for t in head):
                continue
            root = max((t for t in head if t.pos_ in ("PROPN", "NOUN")), key=lambda t: t.i)
            speaker = self.speakers.describe(root)
            if speaker is None:
                continue
            start, end = match.span("what")
            end = _trim_end(self.text, start, end)
            while end > start and self.text[end - 1] in ".":
                end -= 1
            if any(q.start < end and start < q.end for q in self.quotes):
                continue
            marked = self.marked_around(start, end)
            kind = "direct" if marked is not None and marked.start <= start + 1 and marked.end >= end - 1 else ("mixed" if self.marked_inside(start, end) else "indirect")
            self._add(Quote(start, end, kind, speaker, (who_end, who_end + 1), None, None, ":", "colon"))

    def _nearest_verb(self, m: Marked):
        """A reporting verb right before the opening mark or right after the closing mark, outside the marks."""
        before = self.tokens(max(0, m.open - 120), m.open)
        after = self.tokens(m.close + 1, min(len(self.text), m.close + 120))
        paragraph_start = self.text.rfind("\n", 0, m.open) + 1
        paragraph_end = self.text.find("\n", m.close)
        paragraph_end = len(self.text) if paragraph_end < 0 else paragraph_end
        candidates = []
        for distance, token in enumerate(after):
            if token.idx >= paragraph_end or distance > 6 or token.text in OPENERS:
                break
            if self._reporting(token):
                candidates.append((distance, token))
                break
        for distance, token in enumerate(reversed(before)):
            if token.idx < paragraph_start or distance > 8:
                break
            if self._reporting(token):
                candidates.append((distance + 0.5, token))
                break
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    def _reporting(self, token) -> bool:
        return (token.lemma_ in self.verbs and token.pos_ in ("VERB", "AUX")) and not self.boilerplate.covers(token.idx)

    def _previous_quote(self, m: Marked) -> Quote | None:
        paragraph_start = self.text.rfind("\n", 0, m.open) + 1
        previous_paragraph = self.text.rfind("\n", 0, max(0, paragraph_start - 1))
        previous_paragraph = self.text.rfind("\n", 0, previous_paragraph) + 1 if previous_paragraph > 0 else 0
        earlier = [q for q in self.quotes if q.end <= m.open and q.start >= previous_paragraph and q.speaker is not None]
        if not earlier:
            return None
        last = max(earlier, key=lambda q: q.end)
        gap = self.text[last.end:m.open]
        if re.search(r"[.!?][”\"’]?\s+[A-Z]", gap) and not re.fullmatch(r"[\s\S]{0,6}", gap) and words(gap) > 8:
            return None  # the outlet's own sentences lie between them
        return last

    def _nest(self) -> None:
        ordered = sorted(range(len(self.quotes)), key=lambda i: self.quotes[i].end - self.quotes[i].start, reverse=True)
        for i in ordered:
            inner = self.quotes[i]
            reach = [inner.start, inner.end]
            if inner.speaker is not None:
                reach += [inner.speaker.start, inner.speaker.end]
            if inner.cue is not None:
                reach += list(inner.cue)
            low, high = min(reach), max(reach)
            holders = [q for q in self.quotes if q is not inner and q.start <= low and high <= q.end and (q.end - q.start) > (inner.end - inner.start)]
            if holders:
                inner.parent = id(min(holders, key=lambda q: q.end - q.start))


__all__ = ["Marked", "Quote", "QuoteFinder", "marked_spans"]
