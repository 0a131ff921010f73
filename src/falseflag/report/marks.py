"""An article's text as HTML with its annotations marked, every character the text's own.

Marks must nest in HTML; annotations need not (a claim mention can begin inside a quote and
end after it). Marks are placed in order of importance (``Mark.rank``: boilerplate, then
quotes, claim mentions, speakers and cues, hedge cues): a later mark that crosses one already
placed is cut where it crosses, and each piece says which part it is (``data-part``). So the
first marks placed are always whole, and every piece's text is exactly its slice of the
article (``data-start``/``data-end`` give its offsets in code points).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass
class Mark:
    start: int
    end: int
    rank: int
    table: str
    ident: str
    classes: str
    info: str
    """what a reader sees on hovering or focusing the mark"""
    data: dict[str, str] = field(default_factory=dict)
    part: str | None = None


def _crossing(a: Mark, b: Mark) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def laminate(marks: list[Mark]) -> list[Mark]:
    """The marks, cut where a lower-ranked one crosses a higher-ranked one, so that all of them nest."""
    placed: list[Mark] = []
    for mark in sorted((m for m in marks if m.end > m.start), key=lambda m: (m.rank, -(m.end - m.start), m.start)):
        cuts = sorted({p for other in placed if _crossing(mark, other) for p in (other.start, other.end) if mark.start < p < mark.end})
        if not cuts:
            placed.append(mark)
            continue
        bounds = [mark.start, *cuts, mark.end]
        for n, (start, end) in enumerate(zip(bounds, bounds[1:]), 1):
            placed.append(Mark(start, end, mark.rank, mark.table, mark.ident, mark.classes, mark.info, mark.data, f"{n} of {len(bounds) - 1}"))
    return placed


def render(text: str, marks: list[Mark]) -> str:
    """The text, HTML-escaped, with every mark as a ``<mark>`` element."""
    ordered = sorted(laminate(marks), key=lambda m: (m.start, -m.end, m.rank))
    out: list[str] = []
    stack: list[Mark] = []
    position = 0

    def emit(upto: int) -> None:
        nonlocal position
        if upto > position:
            out.append(_escape(text[position:upto]))
            position = upto

    for mark in ordered:
        while stack and stack[-1].end <= mark.start:
            emit(stack[-1].end)
            out.append("</mark>")
            stack.pop()
        emit(mark.start)
        out.append(_open(mark))
        stack.append(mark)
    while stack:
        emit(stack[-1].end)
        out.append("</mark>")
        stack.pop()
    emit(len(text))
    return "".join(out)


def _escape(text: str) -> str:
    # A carriage return written as itself would become a line feed when the page is parsed.
    return html.escape(text, quote=False).replace("\r", "&#13;")


def _open(mark: Mark) -> str:
    attributes = {
        "class": f"m {mark.classes}",
        "tabindex": "0",
        "data-table": mark.table,
        "data-id": mark.ident,
        "data-start": str(mark.start),
        "data-end": str(mark.end),
        "data-info": mark.info,
        **{f"data-{k}": v for k, v in mark.data.items()},
    }
    if mark.part:
        attributes["data-part"] = mark.part
    return "<mark " + " ".join(f'{k}="{html.escape(v, quote=True).replace(chr(13), "&#13;")}"' for k, v in attributes.items()) + ">"


__all__ = ["Mark", "laminate", "render"]
