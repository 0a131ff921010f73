"""Writing the articles of one chunk of the plan: text and every annotation row.

``write_chunk(task)`` is a pure function of its task (it runs in worker processes): the
same task gives the same rows. Each article has its own random stream, seeded from the
corpus seed and the article number, so chunking and the number of workers do not
change the output.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random

from .. import __version__
from . import vocab
from .claims import TEMPLATES as CLAIM_TEMPLATES
from .claims import Wording, claim_unit, put_claim, statement
from .plan import CLAIM_CHARS, CLAIM_KINDS, FURNITURE_CHARS, QUOTE_CHARS
from .quotes import body_tokens, codeword, codewords, drift
from .scale import Scale
from .text import Doc, Ent, capitalized, parse_template, pick, put_tokens, render, slot_names
from .world import Person, World, build_world

FIRST_DAY = date(2021, 10, 1)
"""Publication day 0 of the plan."""

CHUNK_TABLES = ("articles", "boilerplate", "entity_titles", "mentions", "quotes", "claims", "claim_mentions")

FIELDS = {
    "outlets": ("outlet_id", "name", "name_evidence", "annotator"),
    "articles": ("article_id", "outlet_id", "source_file", "title", "title_start", "title_end", "author", "published",
                 "published_evidence", "language", "text", "sha256", "annotator"),
    "boilerplate": ("boilerplate_id", "article_id", "char_start", "char_end", "text", "kind", "annotator"),
    "entities": ("entity_id", "name", "type", "notes", "annotator"),
    "entity_titles": ("title_id", "entity_id", "article_id", "char_start", "char_end", "text", "annotator"),
    "mentions": ("mention_id", "article_id", "entity_id", "char_start", "char_end", "text", "form", "annotator"),
    "quotes": ("quote_id", "article_id", "char_start", "char_end", "text", "kind", "speaker_text", "speaker_start",
               "speaker_end", "speaker_entity_id", "source_type", "cue", "cue_start", "cue_end", "relay_text",
               "relay_start", "relay_end", "relay_entity_id", "parent_quote_id", "notes", "annotator"),
    "claims": ("claim_id", "statement", "kind", "unit", "notes", "annotator"),
    "claim_mentions": ("claim_mention_id", "claim_id", "article_id", "char_start", "char_end", "text", "voice",
                       "quote_id", "source_entity_id", "stance", "hedged", "hedge_cues", "value_low", "value_high",
                       "period_start", "period_end", "value_note", "annotator"),
}
"""Column order of every table; generate() checks it against the bundled Table Schemas."""
ANNOTATOR = f"falseflag-synth {__version__}"
"""The ``annotator`` of every generated row (the last column of every table; rows are built without it)."""
COLUMN = {table: {name: i for i, name in enumerate(names)} for table, names in FIELDS.items()}

HEADLINES = [(p, slot_names(p)) for p in map(parse_template, vocab.HEADLINES)]
FILLERS = [(p, slot_names(p)) for p in map(parse_template, vocab.FILLERS)]
SOURCE_TYPES = (("named_person", 0.50), ("anonymous", 0.18), ("organization", 0.12), ("media_outlet", 0.08), ("unattributed", 0.12))
QUOTE_KINDS = (("direct", 0.55), ("indirect", 0.35), ("mixed", 0.10))
CARRY_SHARE = 0.45
"""Share of claim mentions carried by a quote (voice = source)."""


def claim_id(index: int) -> str:
    return f"c{index + 1:07d}"


def article_id(index: int) -> str:
    return f"a{index + 1:07d}"


def csv_field(value) -> str:
    """A CSV field as csv.writer writes it (minimal quoting; None is empty)."""
    if value is None:
        return ""
    s = value if value.__class__ is str else str(value)
    if '"' in s:
        return '"' + s.replace('"', '""') + '"'
    if "," in s or "\n" in s or "\r" in s:
        return '"' + s + '"'
    return s


def _weighted(rng: Random, options) -> str:
    r = rng.random()
    for name, p in options:
        r -= p
        if r < 0:
            return name
    return options[-1][0]


@dataclass
class ChunkTask:
    seed: int
    scale: Scale
    index: int
    first_article: int
    outlet: list[int]
    length: list[int]
    day: list[int]
    quote_counts: list[int]
    claim_counts: list[int]
    quote_base: int
    claim_base: int
    mention_claims: list[int]
    """Claim index of every claim mention slot of the chunk."""
    mention_claim_attrs: dict[str, list]
    slot_role: list[int]
    denial: list[bool]
    planted_quotes: dict[int, tuple[int, int, str, int, int]]
    """Global quote slot -> (group, member, kind, first slot of the group, group size)."""
    code: tuple[int, int, int]
    first_claim: int
    claim_attrs: dict[str, list]
    """Attributes of the claims this chunk writes to the claims table."""
    samples: bool = False


@dataclass
class ChunkResult:
    index: int
    tables: dict[str, str]
    counts: dict[str, int]
    quote_members: list[tuple] = field(default_factory=list)
    """(group, member, quote_id, article_id, outlet_id, source_type, speaker_text, speaker_entity_id, text)."""
    claim_members: list[tuple] = field(default_factory=list)
    """(claim index, slot role, claim_mention_id, article_id, outlet_id, hedged, hedge_cues, value_low, value_high,
    period_start, period_end, text)."""
    samples: dict[str, object] = field(default_factory=dict)


@dataclass
class Speaker:
    source_type: str
    person: Person | None = None
    entity_id: str | None = None
    name: str | None = None
    short: str | None = None
    anonymous: str | None = None
    anonymous_country: int = 0

    @classmethod
    def of(cls, source_type: str, entity) -> Speaker:
        return cls(source_type, entity_id=entity.id, name=entity.name, short=entity.short)


@dataclass
class QuoteSpec:
    slot: int
    kind: str
    speaker: Speaker
    opening: list[str] | None
    body: list
    relay: object = None
    pattern: str = ""
    claim: int | None = None
    """Chunk-local claim mention slot the quote carries."""
    child: QuoteSpec | None = None
    parent: int | None = None
    planted: tuple | None = None


def write_chunk(task: ChunkTask) -> ChunkResult:
    return ChunkWriter(task).run()


class ChunkWriter:
    def __init__(self, task: ChunkTask):
        self.task = task
        self.world: World = build_world(task.seed, task.scale)
        self.rows: dict[str, list] = {t: [] for t in CHUNK_TABLES}
        self.result = ChunkResult(task.index, {}, {})
        self.codes = codewords(task.quote_base, sum(task.quote_counts), *task.code).tolist()

    def code(self, slot: int) -> list[int]:
        """Body slot values of global quote slot ``slot``."""
        local = slot - self.task.quote_base
        return self.codes[local] if 0 <= local < len(self.codes) else codeword(slot, *self.task.code)

    def run(self) -> ChunkResult:
        t = self.task
        q, c = t.quote_base, 0
        for local in range(len(t.outlet)):
            self.article(local, q, c)
            q += t.quote_counts[local]
            c += t.claim_counts[local]
        for k in range(len(t.claim_attrs["template"])):
            tmpl = t.claim_attrs["template"][k]
            self.rows["claims"].append(
                (claim_id(t.first_claim + k), statement(self.world, t.claim_attrs, k), CLAIM_TEMPLATES[tmpl].kind,
                 claim_unit(tmpl, t.claim_attrs["obj"][k]), None)
            )
        if t.samples:
            from .errors import collect_samples  # errors.py builds on this module

            collect_samples(self)
        for table, rows in self.rows.items():
            if table == "mentions":  # most rows by far; names need no quoting (see world.py)
                text = "".join([f"{m},{a},{e},{s},{n},{x},{f},{ANNOTATOR}\n" for m, a, e, s, n, x, f in rows])
            elif table == "articles":  # long texts: str.replace beats the csv module's scan
                text = "".join([",".join(map(csv_field, r)) + f",{ANNOTATOR}\n" for r in rows])
            else:
                buf = io.StringIO()
                csv.writer(buf, lineterminator="\n").writerows([(*r, ANNOTATOR) for r in rows])
                text = buf.getvalue()
            self.result.tables[table] = text
            self.result.counts[table] = len(rows)
        return self.result

    # --- one article ---------------------------------------------------------------------

    def article(self, local: int, quote_slot: int, claim_local: int) -> None:
        t, world = self.task, self.world
        index = t.first_article + local
        rng = Random((t.seed + 1) * 10**12 + index)
        outlet = world.outlets[t.outlet[local]]
        n_quotes, n_claims = t.quote_counts[local], t.claim_counts[local]
        a = Article(self, rng, index, outlet)
        claim_slots = list(range(claim_local, claim_local + n_claims))
        attrs = t.mention_claim_attrs
        if claim_slots:
            a.country_a, a.country_b = attrs["actor"][claim_slots[0]], attrs["target"][claim_slots[0]]
        else:
            a.country_a = rng.randrange(len(world.countries))
            a.country_b = (a.country_a + 1 + rng.randrange(len(world.countries) - 1)) % len(world.countries)

        specs = [a.quote_spec(quote_slot + j, j) for j in range(n_quotes)]
        for j in range(n_quotes - 1):
            s, nxt = specs[j], specs[j + 1]
            if s.planted or nxt.planted or s.parent is not None or s.kind != "direct" or rng.random() >= 0.05:
                continue
            if s.speaker.source_type == "unattributed":
                continue
            s.child, nxt.parent = nxt, j
            nxt.kind, nxt.speaker, nxt.relay, nxt.opening = "direct", Speaker("named_person", person=a.cast_person()), None, None
            nxt.body = body_tokens(world, self.code(quote_slot + j + 1))
        carriers = [s for s in specs if not s.planted and s.child is None and s.parent is None]
        rng.shuffle(carriers)
        outlet_voice = []
        for k in claim_slots:
            if carriers and (t.denial[k] or rng.random() < CARRY_SHARE):
                carriers.pop().claim = k
            else:
                outlet_voice.append(k)
        for s in specs:
            a.choose_pattern(s)

        a.headline()
        a.top_furniture(t.day[local])
        units = ["q"] * sum(1 for s in specs if s.parent is None) + ["c"] * len(outlet_voice)
        estimate = FURNITURE_CHARS + QUOTE_CHARS * n_quotes + CLAIM_CHARS * n_claims
        units += ["f"] * max(0, round((t.length[local] - estimate) / 150))
        inline = []
        if rng.random() < 0.08:
            inline += ["link_stuffing"] * rng.randint(1, 3)
        if rng.random() < 0.10:
            inline.append("related_content")
        if rng.random() < 0.08:
            inline.append("caption")
        units += inline
        rng.shuffle(units)
        top_quotes = iter(s for s in specs if s.parent is None)
        voices = iter(outlet_voice)
        for u in units:
            a.doc.add("\n\n")
            if u == "q":
                a.put_quote(next(top_quotes))
            elif u == "c":
                a.put_outlet_claim(next(voices))
            elif u == "f":
                a.filler(rng.randint(1, 3))
            else:
                a.boilerplate(u)
        a.bottom_furniture()
        a.finish(specs, claim_slots)


class Article:
    """The state of one article being written."""

    def __init__(self, chunk: ChunkWriter, rng: Random, index: int, outlet):
        self.chunk, self.world, self.task = chunk, chunk.world, chunk.task
        self.rng, self.index, self.aid, self.outlet = rng, index, article_id(index), outlet
        self.doc = Doc()
        self.introduced: set[str] = set()
        self.named_orgs: set[str] = set()
        self.titles: list[tuple[str, int, int]] = []
        self.boilerplates: list[tuple[int, int, str]] = []
        self.quote_rows: dict[int, list] = {}
        self.wordings: dict[int, tuple[Wording, QuoteSpec | None]] = {}
        self.cast = [self.world.person_pick.pick(rng) for _ in range(rng.randint(2, 6))]
        self.country_a = self.country_b = 0
        self.author = None
        self.published = None
        self.published_evidence = "The text gives no publication date."

    def cast_person(self) -> Person:
        return pick(self.rng, self.cast)

    # --- quote plans -------------------------------------------------------------------

    def quote_spec(self, slot: int, j: int) -> QuoteSpec:
        planted = self.task.planted_quotes.get(slot)
        if planted:
            return self.planted_spec(slot, j, planted)
        rng = self.rng
        kind = _weighted(rng, QUOTE_KINDS)
        source_type = _weighted(rng, SOURCE_TYPES)
        values = self.chunk.code(slot)
        opening = self.opening(kind, rng, 0.45)
        spec = QuoteSpec(j, kind, self.regular_speaker(source_type), opening, body_tokens(self.world, values, kind == "mixed"))
        if source_type in ("named_person", "anonymous", "organization") and rng.random() < 0.12:
            spec.relay = self.relay()
        return spec

    def opening(self, kind: str, rng: Random, share: float) -> list[str] | None:
        if rng.random() >= share:
            return None
        return (pick(rng, vocab.OPENINGS_DIRECT) if kind == "direct" else pick(rng, vocab.OPENINGS_INDIRECT)).split(" ")

    def regular_speaker(self, source_type: str) -> Speaker:
        rng, world = self.rng, self.world
        if source_type == "named_person":
            return Speaker(source_type, person=self.cast_person())
        if source_type == "anonymous":
            return Speaker(source_type, anonymous=pick(rng, vocab.ANONYMOUS_SPEAKERS), anonymous_country=self.country_a)
        if source_type == "organization":
            if rng.random() < 0.4:
                c = world.countries[pick(rng, (self.country_a, self.country_b))]
                org = pick(rng, (c.government, c.army))
            else:
                org = world.organization_pick.pick(rng)
            return Speaker.of(source_type, org)
        if source_type == "media_outlet":
            return Speaker.of(source_type, self.relay_outlet())
        return Speaker("unattributed")

    def relay(self):
        return self.world.relay_pick.pick(self.rng)

    def relay_outlet(self):
        while True:
            r = self.world.relay_pick.pick(self.rng)
            if r.short is None:
                return r

    def planted_spec(self, slot: int, j: int, planted) -> QuoteSpec:
        group, member, kind, first_slot, size = planted
        world, seed = self.world, self.task.seed
        grng = Random(f"{seed}:quote-group:{group}")
        # Drift is a change in a speaker's own words, so drifted groups are direct quotes.
        qkind = "direct" if grng.random() < 0.7 or kind == "drift" else "indirect"
        opening = self.opening(qkind, grng, 0.6)
        body = body_tokens(world, self.chunk.code(first_slot))
        if opening:
            body = opening + body
        speakers = self.group_speakers(grng, kind, size)
        if kind == "drift" and member > 0:
            body = drift(body, Random(f"{seed}:quote-drift:{group}:{member}"))
        spec = QuoteSpec(j, qkind, speakers[member], None, body, planted=planted)
        if self.rng.random() < 0.1 and spec.speaker.source_type != "anonymous":
            spec.relay = self.relay()
        return spec

    def group_speakers(self, grng: Random, kind: str, size: int) -> list[Speaker]:
        world = self.world
        first = (
            Speaker("named_person", person=world.person_pick.pick(grng))
            if grng.random() < 0.75
            else self._group_org(grng)
        )
        if kind != "speaker_conflict":
            return [first] * size
        speakers, keys = [first], {self._speaker_key(first)}
        while len(speakers) < size:
            r = grng.random()
            if r < 0.5:
                s = Speaker("anonymous", anonymous=pick(grng, vocab.ANONYMOUS_SPEAKERS), anonymous_country=grng.randrange(len(world.countries)))
            elif r < 0.85:
                s = Speaker("named_person", person=world.person_pick.pick(grng))
            else:
                s = self._group_org(grng)
            if self._speaker_key(s) not in keys:
                keys.add(self._speaker_key(s))
                speakers.append(s)
        return speakers

    def _group_org(self, grng: Random) -> Speaker:
        return Speaker.of("organization", self.world.organization_pick.pick(grng))

    @staticmethod
    def _speaker_key(s: Speaker) -> tuple:
        if s.person is not None:
            return ("person", s.person.entity.id)
        return (s.source_type, s.entity_id or s.anonymous)

    def choose_pattern(self, s: QuoteSpec) -> None:
        rng = self.rng
        st = s.speaker.source_type
        if s.parent is not None:
            s.pattern = "child"
        elif s.kind == "direct":
            if st == "unattributed":
                s.pattern = "D6"
            elif s.relay is not None:
                s.pattern = "D5" if s.relay.short else "D4"
            elif s.child is not None or st == "media_outlet":
                s.pattern = "D2"
            else:
                s.pattern = pick(rng, ("D1", "D2", "D2", "D3"))
        else:
            if st == "unattributed":
                s.pattern = "I5"
            elif s.relay is not None:
                s.pattern = pick(rng, ("I3", "I4"))
            elif st == "media_outlet":
                s.pattern = "I1"
            else:
                s.pattern = pick(rng, ("I1", "I1", "I2"))

    # --- writing pieces ------------------------------------------------------------------

    def person_name(self, p: Person, full: bool = False) -> Ent:
        e = p.entity
        if full or e.id not in self.introduced or self.rng.random() < 0.3:
            self.introduced.add(e.id)
            return Ent(e.name, e.id, "name")
        return Ent(e.short, e.id, "short_name")

    def put_title(self, p: Person) -> None:
        c = self.world.countries[p.country]
        r = self.rng.random()
        start = self.doc.pos
        if r < 0.5:
            self.doc.put_all(["the ", Ent(c.demonym, c.entity.id, "demonym"), " " + p.role])
        elif r < 0.8:
            self.doc.put_all([Ent(c.entity.name, c.entity.id), "’s " + p.role])
        else:
            self.doc.add(p.role)
        self.titles.append((p.entity.id, start, self.doc.pos))

    def put_speaker(self, s: Speaker, cap: bool, title_sep: str | None) -> tuple[int, int, str | None]:
        """Write the source as written; a person introduced here may get ', <title>' + ``title_sep``
        (None: no title in this position). Returns the span and the speaker's entity."""
        doc = self.doc
        st = s.source_type
        if st == "named_person":
            new = s.person.entity.id not in self.introduced
            start, end = doc.ent(self.person_name(s.person))
            if new and title_sep is not None and self.rng.random() < 0.7:
                doc.add(", ")
                self.put_title(s.person)
                doc.add(title_sep)
            return start, end, s.person.entity.id
        if st == "anonymous":
            text = capitalized(s.anonymous) if cap else s.anonymous
            start = doc.pos
            if "{dem}" in text:
                c = self.world.countries[s.anonymous_country]
                before, after = text.split("{dem}")
                doc.put_all([before, Ent(c.demonym, c.entity.id, "demonym"), after])
            else:
                doc.add(text)
            return start, doc.pos, None
        # an organization or outlet: "the <name>", of which the name is the span
        short = s.short if s.short and s.entity_id in self.named_orgs and self.rng.random() < 0.5 else None
        if short and short.isupper():
            start, end = doc.ent(Ent(short, s.entity_id, "short_name"))
        else:
            doc.add("The " if cap else "the ")
            start, end = doc.ent(Ent(short, s.entity_id, "short_name") if short else Ent(s.name, s.entity_id))
        self.named_orgs.add(s.entity_id)
        return start, end, s.entity_id

    def put_relay(self, relay) -> tuple[int, int]:
        start = self.doc.pos
        if relay.short:
            self.doc.ent(Ent(relay.short, relay.id, "short_name"))
        else:
            self.doc.add("the ")
            self.doc.ent(Ent(relay.name, relay.id))
        return start, self.doc.pos

    def put_cue(self, cue: str) -> tuple[int, int]:
        start = self.doc.pos
        self.doc.add(cue)
        return start, self.doc.pos

    def put_content(self, s: QuoteSpec, cap: bool) -> tuple[int, int]:
        doc = self.doc
        start = doc.pos
        space = False
        if s.opening:
            space = put_tokens(doc, s.opening, cap)
            cap = False
        if s.claim is not None:
            if space:
                doc.add(" ")
            self.put_claim_mention(s.claim, s, cap)
            doc.add(", and")
            space, cap = True, False
        put_tokens(doc, s.body, cap, space)
        if s.child is not None:
            self.put_child(s.child)
        return start, doc.pos

    def put_child(self, c: QuoteSpec) -> None:
        doc = self.doc
        doc.add(", and as ")
        sp = self.put_speaker(c.speaker, False, None)
        doc.add(" ")
        cue = self.put_cue("put it")
        doc.add(", ‘")
        content = (doc.pos, None)
        put_tokens(doc, c.body)
        content = (content[0], doc.pos)
        doc.add("’")
        self.quote_rows[c.slot] = [content, sp, cue, None, c]

    def put_quote(self, s: QuoteSpec) -> None:
        doc, rng = self.doc, self.rng
        p = s.pattern
        relay = None
        cue = sp = None
        pattern_start = doc.pos
        if p in ("D1", "D2", "D4", "D5"):
            doc.add("“")
            content = self.put_content(s, True)
            doc.add(",” ")
            if p == "D1":
                cue = self.put_cue(pick(rng, vocab.CUES_INVERTED))
                doc.add(" ")
                sp = self.put_speaker(s.speaker, False, "")
                doc.add(".")
            elif p == "D2":
                sp = self.put_speaker(s.speaker, False, ",")
                doc.add(" ")
                cue = self.put_cue(pick(rng, vocab.CUES_MEDIA if s.speaker.source_type == "media_outlet" else vocab.CUES_AFTER))
                doc.add(".")
            elif p == "D4":
                sp = self.put_speaker(s.speaker, False, ",")
                doc.add(" ")
                cue = self.put_cue("told")
                doc.add(" ")
                relay = self.put_relay(s.relay)
                doc.add(".")
            else:
                sp = self.put_speaker(s.speaker, False, ",")
                doc.add(" ")
                cue = self.put_cue("said")
                doc.add(", as cited by ")
                relay = self.put_relay(s.relay)
                doc.add(".")
        elif p == "D3":
            sp = self.put_speaker(s.speaker, True, ",")
            doc.add(" ")
            cue = self.put_cue(pick(rng, vocab.CUES_BEFORE))
            doc.add(": “")
            content = self.put_content(s, True)
            doc.add(".”")
        elif p == "D6":
            doc.add("A message circulating online ")
            cue = self.put_cue("read")
            doc.add(": “")
            content = self.put_content(s, True)
            doc.add(".”")
        elif p == "I1":
            sp = self.put_speaker(s.speaker, True, ",")
            doc.add(" ")
            cue = self.put_cue(pick(rng, vocab.CUES_MEDIA if s.speaker.source_type == "media_outlet" else
                                          vocab.CUES_ORGANIZATION if s.speaker.source_type == "organization" else
                                          vocab.CUES_INDIRECT))
            doc.add(" that ")
            content = self.put_content(s, False)
            doc.add(".")
        elif p == "I2":
            cue = self.put_cue("According to")
            doc.add(" ")
            sp = self.put_speaker(s.speaker, False, "")
            doc.add(", ")
            content = self.put_content(s, False)
            doc.add(".")
        elif p == "I3":
            doc.add("According to ")
            relay = self.put_relay(s.relay)
            doc.add(", ")
            sp = self.put_speaker(s.speaker, False, ",")
            doc.add(" ")
            cue = self.put_cue("said")
            doc.add(" that ")
            content = self.put_content(s, False)
            doc.add(".")
        elif p == "I4":
            sp = self.put_speaker(s.speaker, True, ",")
            doc.add(" ")
            cue = self.put_cue("said")
            doc.add(" in an interview with ")
            relay = self.put_relay(s.relay)
            doc.add(" that ")
            content = self.put_content(s, False)
            doc.add(".")
        else:  # I5: no source at all
            cue = self.put_cue(pick(rng, vocab.CUES_UNATTRIBUTED))
            doc.add(" that ")
            content = self.put_content(s, False)
            doc.add(".")
        if s.claim is not None and p == "I2" and self.wordings[s.claim][0].cues:
            # "According to X, ..." is itself a distancing cue when the claim is hedged.
            w = self.wordings[s.claim][0]
            w.start = pattern_start
            w.cues.insert(0, "According to")
        self.quote_rows[s.slot] = [content, sp, cue, relay, s]

    def put_claim_mention(self, k: int, carrier: QuoteSpec | None, cap: bool) -> None:
        t = self.task
        attrs = t.mention_claim_attrs
        role = t.slot_role[k]
        planted_kind = CLAIM_KINDS[attrs["planted"][k] - 1] if attrs["planted"][k] else None
        hedged = bool(attrs["hedged"][k])
        if role == 2 and planted_kind == "hedge_conflict":
            hedged = not hedged
        w = put_claim(
            self.doc, self.rng, self.world, attrs, k,
            hedged=hedged, discrepant=role == 2 and planted_kind == "numeric_discrepancy",
            denial=t.denial[k], cap=cap,
        )
        self.wordings[k] = (w, carrier)

    def put_outlet_claim(self, k: int) -> None:
        if self.rng.random() < 0.15:
            self.doc.add(pick(self.rng, ("Meanwhile, ", "At the same time, ", "In addition, ")))
            self.put_claim_mention(k, None, False)
        else:
            self.put_claim_mention(k, None, True)
        self.doc.add(".")

    def slots(self, names: tuple[str, ...], person: Person | None = None) -> dict:
        """Pieces for the slots of a headline or filler sentence."""
        world, rng = self.world, self.rng
        a, b = world.countries[self.country_a], world.countries[self.country_b]
        out: dict = {}
        for name in names:
            if name == "A":
                out[name] = (a.piece,)
            elif name == "B":
                out[name] = (b.piece,)
            elif name == "Adem":
                out[name] = (Ent(a.demonym, a.entity.id, "demonym"),)
            elif name == "C":
                out[name] = (Ent(a.capital.name, a.capital.id),)
            elif name == "P":
                place = pick(rng, world.places)
                out[name] = (Ent(place.name, place.id),)
            elif name == "O":
                org = world.organization_pick.pick(rng)
                out[name] = (Ent(org.name, org.id),)
            elif name == "E":
                e = pick(rng, world.events)
                out[name] = (Ent(e.name, e.id),)
            elif name == "G":
                g = pick(rng, world.groups)
                out[name] = (Ent(g.name, g.id),)
            elif name == "day":
                out[name] = (pick(rng, vocab.DAYS),)
            elif name == "year":
                out[name] = (str(rng.randint(2008, 2020)),)
        if "S" in names:
            person = person or self.cast_person()
            out["S"] = lambda: self.doc.ent(self.person_name(person))
            out["title"] = lambda: self.put_title(person)
        return out

    def headline(self) -> None:
        person = self.cast_person()
        parsed, names = pick(self.rng, HEADLINES)
        slots = self.slots(names, person)
        if "S" in names:
            slots["S"] = (Ent(person.entity.name, person.entity.id),)
        render(self.doc, parsed, slots)
        self.title_end = self.doc.pos

    def filler(self, sentences: int) -> None:
        for n in range(sentences):
            if n:
                self.doc.add(" ")
            parsed, names = pick(self.rng, FILLERS)
            render(self.doc, parsed, self.slots(names))

    # --- boilerplate ---------------------------------------------------------------------

    def put_boilerplate(self, text: str, kind: str) -> None:
        start = self.doc.pos
        self.doc.add(text)
        self.boilerplates.append((start, self.doc.pos, kind))

    def top_furniture(self, day: int) -> None:
        rng, doc = self.rng, self.doc
        lines = []
        if rng.random() < 0.05:
            lines += [(vocab.NOTIFICATIONS[0].format(outlet=self.outlet.name), "notification"), (vocab.NOTIFICATIONS[1], "notification")]
        if rng.random() < 0.4:
            self.author = pick(rng, self.world.author_names)
            lines.append((f"By {self.author}", "byline"))
        if rng.random() < 0.65:
            when = FIRST_DAY + timedelta(days=day)
            city = self.world.countries[rng.randrange(len(self.world.countries))].capital.name
            text = f"{city}, {vocab.DAYS[when.weekday()]} {when.day:02d} {vocab.MONTHS[when.month - 1]} {when.year}"
            lines.append((text, "dateline"))
            self.published = when.isoformat()
            self.published_evidence = f"Dateline: '{text}'."
        for text, kind in lines:
            doc.add("\n")
            self.put_boilerplate(text, kind)

    def boilerplate(self, kind: str) -> None:
        rng, world = self.rng, self.world
        if kind == "link_stuffing":
            p = world.person_pick.pick(rng)
            heads = rng.sample(vocab.STUFFED_HEADLINES, 3)
            self.put_boilerplate(f"{p.entity.name}{heads[0]} {heads[1]} {heads[2]} MORE", kind)
        elif kind == "related_content":
            self.put_boilerplate(pick(rng, vocab.RELATED).format(headline=pick(rng, vocab.STUFFED_HEADLINES)), kind)
        else:
            place = pick(rng, world.places).name
            self.put_boilerplate(pick(rng, vocab.CAPTIONS).format(place=place, outlet=self.outlet.name), kind)

    def bottom_furniture(self) -> None:
        rng = self.rng
        name = self.outlet.name
        if rng.random() < 0.10:
            self.doc.add("\n\n")
            self.put_boilerplate(f"Updated at {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {pick(rng, ('a.m.', 'p.m.'))}", "update_stamp")
        if rng.random() < 0.20:
            for text in rng.sample(vocab.NEWSLETTERS, rng.randint(1, 2)):
                self.doc.add("\n\n")
                self.put_boilerplate(text.format(outlet=name), "newsletter")
        if rng.random() < 0.10:
            self.doc.add("\n\n")
            self.put_boilerplate(pick(rng, vocab.DONATIONS).format(outlet=name), "donation")
        if rng.random() < 0.08:
            self.doc.add("\n\n")
            self.put_boilerplate(pick(rng, vocab.COMMENTS).format(n=rng.randint(2, 400)), "comments")
        if rng.random() < 0.04:
            self.doc.add("\n\n")
            self.put_boilerplate(pick(rng, vocab.LOGINS), "login")

    # --- rows --------------------------------------------------------------------------------

    def finish(self, specs: list[QuoteSpec], claim_slots: list[int]) -> None:
        chunk, t = self.chunk, self.task
        rows = chunk.rows
        aid, text = self.aid, self.doc.text()
        rows["articles"].append(
            (aid, self.outlet.id, f"synth/{aid}.txt", text[: self.title_end], 0, self.title_end, self.author,
             self.published, self.published_evidence, "en", text, hashlib.sha256(text.encode("utf-8")).hexdigest())
        )
        for n, (start, end, kind) in enumerate(self.boilerplates, 1):
            rows["boilerplate"].append((f"{aid}-bp{n:02d}", aid, start, end, text[start:end], kind))
        for n, (entity_id, start, end) in enumerate(self.titles, 1):
            rows["entity_titles"].append((f"{aid}-t{n:02d}", entity_id, aid, start, end, text[start:end]))
        rows["mentions"].extend(
            [(f"{aid}-m{n:03d}", aid, entity_id, start, end, text[start:end], form)
             for n, (start, end, entity_id, form) in enumerate(self.doc.mentions, 1)]
        )
        for s in specs:
            (cs, ce), sp, cue, relay, _ = self.quote_rows[s.slot]
            speaker_start, speaker_end, speaker_entity = sp if sp else (None, None, None)
            cue_start, cue_end = cue if cue else (None, None)
            relay_start, relay_end = relay if relay else (None, None)
            qid = f"{aid}-q{s.slot + 1:02d}"
            row = (
                qid, aid, cs, ce, text[cs:ce], s.kind,
                text[speaker_start:speaker_end] if sp else None, speaker_start, speaker_end, speaker_entity,
                s.speaker.source_type,
                text[cue_start:cue_end] if cue else None, cue_start, cue_end,
                text[relay_start:relay_end] if relay else None, relay_start, relay_end, s.relay.id if relay else None,
                f"{aid}-q{s.parent + 1:02d}" if s.parent is not None else None, None,
            )
            rows["quotes"].append(row)
            if s.planted:
                group, member = s.planted[0], s.planted[1]
                chunk.result.quote_members.append(
                    (group, member, qid, aid, self.outlet.id, s.speaker.source_type, row[6], speaker_entity, row[4])
                )
        for local_k, k in enumerate(claim_slots):
            w, carrier = self.wordings[k]
            cid = claim_id(t.mention_claims[k])
            mid = f"{aid}-c{local_k + 1:02d}"
            source_entity = None
            qid = None
            if carrier is not None:
                qid = f"{aid}-q{carrier.slot + 1:02d}"
                sp = self.quote_rows[carrier.slot][1]
                source_entity = sp[2] if sp else None
            cues = " | ".join(w.cues) if w.cues else None
            row = (
                mid, cid, aid, w.start, w.end, text[w.start : w.end], "source" if carrier else "outlet", qid,
                source_entity, "denies" if t.denial[k] else "supports", "true" if w.cues else "false", cues,
                w.value_low, w.value_high, w.period_start, w.period_end, w.note,
            )
            rows["claim_mentions"].append(row)
            if t.slot_role[k]:
                chunk.result.claim_members.append(
                    (t.mention_claims[k], t.slot_role[k], mid, aid, self.outlet.id, bool(w.cues), cues,
                     w.value_low, w.value_high, w.period_start, w.period_end, row[5])
                )
