"""Gold attributions in brat standoff (the format of PolNeAR), scored against a package's quotes.

A gold folder holds ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``; an article
with several annotation files is scored against the first in sorted order. Each relation
``E<n> Attribution:T<a> Content:T<c> Cue:T<q> Source:T<s>`` is one attribution; content,
cue and source are spans, possibly discontinuous (``START END;START END``). A package quote
stands for an attribution: its content against the content, its speaker span against the
source, its cue against the cue.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..connection import connect
from ..package import DataPackage, load_package
from .packages import MATCHED, SPAN
from .spans import PRF, THRESHOLDS, Agreement, Ranges, match_all, overlap


class BratError(ValueError):
    """A gold folder or annotation file that cannot be read; ``file`` names it."""

    def __init__(self, file: Path, message: str):
        self.file = file
        super().__init__(f"{file}: {message}")


@dataclass
class Attribution:
    content: Ranges
    cue: Ranges = ()
    source: Ranges = ()


@dataclass
class GoldArticle:
    name: str
    text: str
    annotation_file: str
    attributions: list[Attribution] = field(default_factory=list)


def _ranges(value: str, file: Path, line: int) -> Ranges:
    try:
        pieces = [tuple(int(n) for n in part.split()) for part in value.split(";")]
    except ValueError:
        raise BratError(file, f"line {line}: offsets {value!r} are not integers") from None
    if any(len(p) != 2 or p[0] > p[1] for p in pieces):
        raise BratError(file, f"line {line}: {value!r} is not START END[;START END ...]")
    return tuple(pieces)  # type: ignore[return-value]


def read_annotations(file: Path) -> list[Attribution]:
    """The attribution relations of one .ann file."""
    spans: dict[str, Ranges] = {}
    relations = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not re.match(r"^[TEAR#N]\d*\t", line):
            continue  # blank, or the rest of a span text that holds a line break
        ident, _, rest = line.partition("\t")
        if ident.startswith("T"):
            kind_and_offsets = rest.split("\t", 1)[0]
            kind, _, offsets = kind_and_offsets.partition(" ")
            spans[ident] = _ranges(offsets, file, number)
        elif ident.startswith("E"):
            parts = dict(p.split(":", 1) for p in rest.split() if ":" in p)
            relations.append((parts, number))
    attributions = []
    for parts, number in relations:
        missing = [ref for role, ref in parts.items() if ref not in spans]
        if missing:
            raise BratError(file, f"line {number}: refers to {', '.join(missing)}, which the file does not define")
        if "Content" not in parts:
            continue
        attributions.append(
            Attribution(spans[parts["Content"]], spans.get(parts.get("Cue", ""), ()), spans.get(parts.get("Source", ""), ()))
        )
    return attributions


def read_gold(folder: str | Path) -> dict[str, GoldArticle]:
    """The gold articles of a brat folder, by the sha256 of their text."""
    folder = Path(folder)
    texts, annotations = folder / "text", folder / "attributions"
    for needed in (texts, annotations):
        if not needed.is_dir():
            raise BratError(needed, "is not a folder (a brat gold folder holds text/ and attributions/)")
    by_sha = {}
    for text_file in sorted(texts.glob("*.txt")):
        files = sorted(annotations.glob(f"{text_file.stem}_*.ann")) or sorted(annotations.glob(f"{text_file.stem}.ann"))
        if not files:
            continue
        raw = text_file.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BratError(text_file, "is not UTF-8") from None
        article = GoldArticle(text_file.stem, text, files[0].name, read_annotations(files[0]))
        by_sha[hashlib.sha256(raw).hexdigest()] = article
    return by_sha


def score_brat(system: str | Path | DataPackage, gold_folder: str | Path) -> dict[str, Any]:
    """Content, source and cue scores of a package's quotes against brat gold attributions."""
    gold = read_gold(gold_folder)
    pkg = system if isinstance(system, DataPackage) else load_package(system)
    con = connect(pkg)
    try:
        articles = dict(con.execute("SELECT article_id, sha256 FROM articles").fetchall())
        cursor = con.execute("SELECT article_id, char_start, char_end, speaker_start, speaker_end, cue_start, cue_end FROM quotes ORDER BY article_id, char_start")
        quotes: dict[str, list[dict[str, Any]]] = {}
        by_attribution: dict[tuple, dict[str, Any]] = {}
        for article_id, *values in cursor.fetchall():
            row = dict(zip(("content", "source", "cue"), _pairs(values)))
            if row["cue"]:
                # Rows of one attribution (the parts of a split quote share speaker and cue) are one
                # attribution with a discontinuous content, as brat writes it.
                key = (article_id, row["cue"], row["source"])
                if key in by_attribution:
                    by_attribution[key]["content"] += row["content"]
                    continue
                by_attribution[key] = row
            quotes.setdefault(articles.get(article_id, ""), []).append(row)
    finally:
        con.close()
    shared = [sha for sha in gold if sha in set(articles.values())]
    found = {name: PRF() for name in THRESHOLDS}
    agree = {"source": Agreement(), "cue": Agreement()}
    for sha in shared:
        system_quotes, attributions = quotes.get(sha, []), gold[sha].attributions
        for q, a in match_all(found, system_quotes, attributions, _content, MATCHED):
            agree["source"].add(_agrees(q["source"], a.source))
            agree["cue"].add(_agrees(q["cue"], a.cue))
    return {
        "articles": {"gold": len(gold), "system": len(articles), "shared": len(shared)},
        "annotation_file": "the first .ann file of each article, in sorted order",
        "system_attributions": "quote rows with the same speaker and cue are one attribution (a split quote's parts)",
        "content": {name: prf.to_dict() for name, prf in found.items()},
        "on_matched": {k: v.to_dict() for k, v in agree.items()},
    }


def _pairs(values: list) -> list[Ranges]:
    out = []
    for start, end in zip(values[::2], values[1::2]):
        out.append(((start, end),) if start is not None and end is not None else ())
    return out


def _content(item: Any) -> Ranges:
    return item["content"] if isinstance(item, dict) else item.content


def _agrees(system: Ranges, gold: Ranges) -> bool:
    """Both absent, or overlapping by at least SPAN of the shorter."""
    if not gold or not system:
        return not gold and not system
    return overlap(system, gold) >= SPAN


__all__ = ["BratError", "GoldArticle", "read_gold", "score_brat"]
