"""Boilerplate: the parts of a page's text that are not its reporting.

Line by line (a line of the text, trimmed), each pattern of ``lexicons/boilerplate.csv``
names a kind: newsletter and donation appeals, comment widgets, log-in prompts,
notifications, related links, captions, bylines, datelines and update stamps. Besides:

* link stuffing, where a linked name runs straight into a list of headlines ("John
  KirbyJohn KirbyUS sends aircraft ... MORE"): from the point where a lower-case letter is
  glued to a capital, up to the closing "MORE";
* a short line near the top that is only a person's name (a byline) or only a place or a
  date (a dateline), decided with the named entities of the text;
* a line that the next line repeats with a credit after it (a caption, twice);
* a line written to the reader in the outlet's "we" between two appeals of one kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicons import lexicons

STUFFING = re.compile(r"(?<=[a-z.])(?=[A-Z])(?P<body>[^\n]{10,700}?\bMORE\b)")
DATE_LINE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,4})?)?$",
    re.IGNORECASE,
)
WIRE_DATELINE = re.compile(r"^(?P<d>[A-Z][A-Z .,'’-]{2,40}(?:\s*\([A-Za-z. ]{2,20}\))?\s*[—–-]{1,2})\s")
TOP_SHARE = 0.25
"""Bylines and place datelines are looked for in this share of the text, from the top."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, trimmed of white space."""
    found = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append((start, end))
    return found


def find_boilerplate(text: str) -> list[Span]:
    """Boilerplate spans found from the text alone (before any parsing), in text order."""
    spans: list[Span] = []
    patterns = lexicons().boilerplate
    found_lines = lines(text)
    for start, end in found_lines:
        line = text[start:end]
        kind = next((k for k, pattern in patterns if pattern.search(line)), None)
        if kind is None and DATE_LINE.match(line):
            kind = "dateline"
        if kind is not None and len(line) <= 600:
            spans.append(Span(start, end, kind))
            continue
        wire = WIRE_DATELINE.match(line)
        if wire:
            spans.append(Span(start, start + len(wire.group("d")), "dateline"))
    for match in STUFFING.finditer(text):
        spans.append(Span(match.start("body"), match.end("body"), "link_stuffing"))
    spans += _from_neighbours(text, found_lines, {(s.start, s.end): s.kind for s in spans})
    return _without_overlaps(spans)


def with_entity_lines(spans: list[Span], doc) -> list[Span]:
    """``spans`` and the short lines near the top that are only a name (bylines) or a place (datelines)."""
    top = len(doc.text) * TOP_SHARE
    extra = [Span(s, e, kind) for (s, e), kind in _entity_lines(doc).items() if s <= top and e - s <= 60]
    return _without_overlaps(spans + extra)


def masked(text: str, spans: list[Span]) -> str:
    """The text with every boilerplate span blanked out (same length, line breaks kept), for parsing:
    link stuffing glued to a name would otherwise spoil the tokens and the parse around it."""
    if not spans:
        return text
    chars = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


WE = re.compile(r"\b(we|our|us|you|your)\b", re.IGNORECASE)


def _from_neighbours(text: str, found_lines: list[tuple[int, int]], kinds: dict[tuple[int, int], str]) -> list[Span]:
    """Lines that are boilerplate because of the lines around them."""
    extra = []
    for i, (start, end) in enumerate(found_lines):
        if (start, end) in kinds:
            continue
        line = text[start:end]
        following = text[slice(*found_lines[i + 1])] if i + 1 < len(found_lines) else ""
        if following.startswith(line) and re.fullmatch(r"\s*\([^)]{1,40}\)", following[len(line):]):
            extra.append(Span(start, end, "caption"))
            continue
        before = kinds.get(found_lines[i - 1]) if i else None
        after = kinds.get(found_lines[i + 1]) if i + 1 < len(found_lines) else None
        if before and before == after and before in ("donation", "newsletter", "notification", "login", "comments") and WE.search(line):
            extra.append(Span(start, end, before))
    return extra


def _entity_lines(doc) -> dict[tuple[int, int], str]:
    """Short lines that are one person's name (bylines) or one place (datelines), by their (start, end)."""
    text = doc.text
    bounds = {}
    for start, end in lines(text):
        bounds[start] = end
    kinds = {}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "GPE", "LOC"):
            continue
        line_start = text.rfind("\n", 0, ent.start_char) + 1
        while line_start < ent.start_char and text[line_start].isspace():
            line_start += 1
        line_end = bounds.get(line_start)
        if line_start != ent.start_char or line_end is None:
            continue
        rest = text[ent.end_char:line_end]
        if rest and not re.fullmatch(r",\s*[A-Z][A-Za-z.]{1,3}", rest):  # "Washington, DC"
            continue
        kinds[(line_start, line_end)] = "byline" if ent.label_ == "PERSON" else "dateline"
    return kinds


def _without_overlaps(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


class Boilerplate:
    """Answers whether a character (or a span) of the text lies in boilerplate."""

    def __init__(self, spans: list[Span]):
        self.spans = spans
        self._starts = [s.start for s in spans]

    def covers(self, start: int, end: int | None = None) -> bool:
        import bisect

        end = start + 1 if end is None else end
        i = bisect.bisect_right(self._starts, start) - 1
        for span in self.spans[max(0, i): i + 3]:
            if span.start < end and start < span.end:
                return True
        return False


__all__ = ["Boilerplate", "Span", "find_boilerplate", "lines"]
