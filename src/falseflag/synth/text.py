"""Building an article's text while recording where every annotated span lands.

A ``Doc`` grows by appending strings; ``Ent`` pieces are entity mentions and are recorded
with their offsets as they are appended, so offsets are right by construction (code
points, as Python counts them).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Ent(NamedTuple):
    """A piece of text that names an entity."""

    text: str
    entity_id: str
    form: str = "name"


CUE_OPEN = object()
CUE_CLOSE = object()
GLUE_LEFT = frozenset({",", "’", ".", ":"})
"""Tokens written without a space before them."""
OPEN_QUOTE = "‘"


class Doc:
    __slots__ = ("parts", "pos", "mentions")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.mentions: list[tuple[int, int, str, str]] = []

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def ent(self, e: Ent) -> tuple[int, int]:
        start = self.pos
        self.parts.append(e.text)
        self.pos += len(e.text)
        self.mentions.append((start, self.pos, e.entity_id, e.form))
        return start, self.pos

    def put(self, piece: str | Ent) -> tuple[int, int]:
        if isinstance(piece, Ent):
            return self.ent(piece)
        start = self.pos
        self.add(piece)
        return start, self.pos

    def put_all(self, pieces) -> tuple[int, int]:
        start = self.pos
        for p in pieces:
            self.put(p)
        return start, self.pos

    def text(self) -> str:
        return "".join(self.parts)


def pick(rng, seq):
    """rng.choice without its overhead (one uniform number per draw)."""
    return seq[int(rng.random() * len(seq))]


def capitalized(s: str) -> str:
    return s[:1].upper() + s[1:]


def put_tokens(doc: Doc, tokens, cap: bool = False, space: bool = False) -> bool:
    """Write word tokens separated by spaces (GLUE_LEFT tokens stick to the word before,
    an opening ‘ to the word after). Returns whether a space is due before what follows."""
    buf: list[str] = []
    for tok in tokens:
        if tok.__class__ is Ent:
            if space:
                buf.append(" ")
            if buf:
                doc.add("".join(buf))
                buf.clear()
            doc.ent(tok)
            cap, space = False, True
        elif tok in GLUE_LEFT:
            buf.append(tok)
            space = True
        else:
            if space:
                buf.append(" ")
            buf.append(capitalized(tok) if cap else tok)
            cap = False
            space = tok != OPEN_QUOTE
    if buf:
        doc.add("".join(buf))
    return space


_TEMPLATE_TOKEN = re.compile(r"\{(\w+)\}|\[|\]")


def parse_template(template: str) -> list:
    """'{A} [could] be ...' -> ['', ('A',), ' ', CUE_OPEN, 'could', CUE_CLOSE, ' be ...']."""
    out: list = []
    last = 0
    for m in _TEMPLATE_TOKEN.finditer(template):
        if m.start() > last:
            out.append(template[last : m.start()])
        if m.group(1):
            out.append((m.group(1),))
        else:
            out.append(CUE_OPEN if m.group(0) == "[" else CUE_CLOSE)
        last = m.end()
    if last < len(template):
        out.append(template[last:])
    return out


def has_cue(parsed: list) -> bool:
    return any(p is CUE_OPEN for p in parsed)


def render(doc: Doc, parsed: list, slots: dict, cap: bool = False) -> list[str]:
    """Write a parsed template; ``slots`` maps a slot name to a list of pieces (strings,
    Ents, CUE_OPEN/CUE_CLOSE) or to a function that writes the slot. Returns the hedge
    cues as written."""
    cues: list[str] = []
    buf: list[str] = []
    for piece in parsed:
        if piece.__class__ is str:
            buf.append(capitalized(piece) if cap else piece)
            cap = False
            continue
        if piece.__class__ is tuple:
            items = slots[piece[0]]
            if callable(items):  # a slot that writes itself (and records its own spans)
                if buf:
                    doc.add("".join(buf))
                    buf.clear()
                items()
                cap = False
                continue
        else:
            items = (piece,)
        for item in items:
            if item.__class__ is str:
                if item:
                    buf.append(capitalized(item) if cap else item)
                    cap = False
                continue
            if buf:
                doc.add("".join(buf))
                buf.clear()
            if item is CUE_OPEN:
                cue_start = len(doc.parts)
            elif item is CUE_CLOSE:
                cues.append("".join(doc.parts[cue_start:]))
            else:
                doc.ent(item)
                cap = False
    if buf:
        doc.add("".join(buf))
    return cues


def slot_names(parsed: list) -> tuple[str, ...]:
    """The slots of a template in order of first use (a set would draw them in hash order)."""
    return tuple(dict.fromkeys(p[0] for p in parsed if p.__class__ is tuple))
