"""Small falseflag corpora written from Python, for tests whose right answer is known by construction.

    corpus = Corpus()
    a = corpus.article("o1", "Jen Psaki said the operation could begin soon.")
    q = corpus.quote(a, "the operation could begin soon", speaker="Jen Psaki", source_type="named_person", cue="said")
    corpus.claim("begin-soon", "The operation begins soon.")
    corpus.claim_mention("begin-soon", a, "the operation could begin soon", voice="source", quote=q, hedged=True)
    path = corpus.write(tmp_path)

Every span is given as a snippet of the article text; its offsets are found in the text
(``nth`` picks a later occurrence), so a fixture cannot get them wrong. The real Table
Schemas are copied, and the descriptor is the bundled one with the same resources, so
the package is read exactly as the bundled corpus is.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from falseflag._bundle import bundled_root
from falseflag.package import TABLES

ENTITY_TYPES = {"media_outlet": "media_outlet", "organization": "organization"}


class Corpus:
    """Rows of the nine tables, built up by the methods below and written by ``write``."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        self.texts: dict[str, str] = {}
        self.counters: dict[str, int] = {}
        self.folder: Path | None = None

    # -- helpers -------------------------------------------------------------------------

    def _next_id(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:03d}"

    def span(self, article_id: str, snippet: str, nth: int = 1) -> tuple[int, int]:
        """Offsets of the ``nth`` occurrence of ``snippet`` in the article's text."""
        text = self.texts[article_id]
        start = -1
        for _ in range(nth):
            start = text.find(snippet, start + 1)
            if start < 0:
                raise ValueError(f"{snippet!r} does not occur {nth} time(s) in article {article_id}")
        return start, start + len(snippet)

    def _spanned(self, article_id: str, snippet: str | None, nth: int, prefix: str) -> dict[str, Any]:
        if snippet is None:
            return {}
        start, end = self.span(article_id, snippet, nth)
        return {f"{prefix}start": start, f"{prefix}end": end}

    def entity(self, entity_id: str, name: str | None = None, type: str = "person") -> str:
        if not any(e["entity_id"] == entity_id for e in self.rows["entities"]):
            self.rows["entities"].append({"entity_id": entity_id, "name": name or entity_id, "type": type})
        return entity_id

    # -- tables --------------------------------------------------------------------------

    def article(
        self, outlet_id: str, text: str, *, article_id: str | None = None, published: str | None = None, title: str | None = None
    ) -> str:
        """Add an article (and its outlet, the first time); returns its id."""
        article_id = article_id or self._next_id("a")
        if not any(o["outlet_id"] == outlet_id for o in self.rows["outlets"]):
            self.rows["outlets"].append({"outlet_id": outlet_id, "name": None, "name_evidence": "test fixture"})
        self.texts[article_id] = text
        row: dict[str, Any] = {
            "article_id": article_id,
            "outlet_id": outlet_id,
            "source_file": f"{article_id}.txt",
            "published": published,
            "language": "en",
            "text": text,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
        if title is not None:
            start, end = text.index(title), text.index(title) + len(title)
            row.update(title=title, title_start=start, title_end=end)
        self.rows["articles"].append(row)
        return article_id

    def boilerplate(self, article_id: str, snippet: str, kind: str = "newsletter", nth: int = 1) -> str:
        start, end = self.span(article_id, snippet, nth)
        boilerplate_id = self._next_id(f"{article_id}-bp")
        self.rows["boilerplate"].append(
            {"boilerplate_id": boilerplate_id, "article_id": article_id, "char_start": start, "char_end": end, "text": snippet, "kind": kind}
        )
        return boilerplate_id

    def title(self, entity_id: str, article_id: str, snippet: str, nth: int = 1) -> str:
        self.entity(entity_id, type="person")
        start, end = self.span(article_id, snippet, nth)
        title_id = self._next_id(f"{article_id}-t")
        self.rows["entity_titles"].append(
            {"title_id": title_id, "entity_id": entity_id, "article_id": article_id, "char_start": start, "char_end": end, "text": snippet}
        )
        return title_id

    def quote(
        self,
        article_id: str,
        snippet: str,
        *,
        source_type: str = "unattributed",
        kind: str = "direct",
        speaker: str | None = None,
        speaker_entity: str | None = None,
        cue: str | None = None,
        relay: str | None = None,
        relay_entity: str | None = None,
        parent: str | None = None,
        nth: int = 1,
    ) -> str:
        """Add a quote whose content is ``snippet``; speaker, cue and relay are snippets too."""
        start, end = self.span(article_id, snippet, nth)
        if speaker_entity:
            self.entity(speaker_entity, speaker, ENTITY_TYPES.get(source_type, "person"))
        if relay_entity:
            self.entity(relay_entity, relay, "media_outlet")
        quote_id = self._next_id(f"{article_id}-q")
        row: dict[str, Any] = {
            "quote_id": quote_id,
            "article_id": article_id,
            "char_start": start,
            "char_end": end,
            "text": snippet,
            "kind": kind,
            "speaker_text": speaker,
            "speaker_entity_id": speaker_entity,
            "source_type": source_type,
            "cue": cue,
            "relay_text": relay,
            "relay_entity_id": relay_entity,
            "parent_quote_id": parent,
        }
        row.update(self._spanned(article_id, speaker, 1, "speaker_"))
        row.update(self._spanned(article_id, cue, 1, "cue_"))
        row.update(self._spanned(article_id, relay, 1, "relay_"))
        self.rows["quotes"].append(row)
        return quote_id

    def claim(self, claim_id: str, statement: str | None = None, kind: str = "event", unit: str | None = None) -> str:
        self.rows["claims"].append({"claim_id": claim_id, "statement": statement or claim_id, "kind": kind, "unit": unit})
        return claim_id

    def claim_mention(
        self,
        claim_id: str,
        article_id: str,
        snippet: str,
        *,
        voice: str = "outlet",
        stance: str = "supports",
        hedged: bool = False,
        hedge_cues: str | None = None,
        quote: str | None = None,
        source_entity: str | None = None,
        value_low: float | None = None,
        value_high: float | None = None,
        period_start: str | None = None,
        period_end: str | None = None,
        nth: int = 1,
    ) -> str:
        start, end = self.span(article_id, snippet, nth)
        if source_entity:
            self.entity(source_entity)
        claim_mention_id = self._next_id(f"{article_id}-c")
        self.rows["claim_mentions"].append(
            {
                "claim_mention_id": claim_mention_id,
                "claim_id": claim_id,
                "article_id": article_id,
                "char_start": start,
                "char_end": end,
                "text": snippet,
                "voice": voice,
                "quote_id": quote,
                "source_entity_id": source_entity,
                "stance": stance,
                "hedged": hedged,
                "hedge_cues": hedge_cues,
                "value_low": value_low,
                "value_high": value_high,
                "period_start": period_start,
                "period_end": period_end,
            }
        )
        return claim_mention_id

    # -- output --------------------------------------------------------------------------

    def write(self, folder: Path) -> Path:
        """Write datapackage.json, schemas/ and data/*.csv into ``folder``; returns it (also as ``self.folder``)."""
        self.folder = folder
        root = bundled_root()
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copytree(root / "schemas", folder / "schemas", dirs_exist_ok=True)
        descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            for key in ("hash", "bytes"):
                resource.pop(key, None)
        (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
        (folder / "data").mkdir(exist_ok=True)
        for resource in descriptor["resources"]:
            schema = json.loads((folder / resource["schema"]).read_text(encoding="utf-8"))
            fields = [f["name"] for f in schema["fields"]]
            with open(folder / resource["path"], "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(fields)
                for row in self.rows[resource["name"]]:
                    writer.writerow([_cell(row.get(name, "gold" if name == "annotator" else None)) for name in fields])
        return folder


def rewrite(path: Path, change) -> None:
    """Rewrite a CSV table in place: ``change`` takes its rows (dicts) and returns the new ones."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0])
    rows = change(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- running -------------------------------------------------------------------------------


def run_analyzer(package: Path | None, name: str):
    """Run one analyzer on a package folder (None: the bundled corpus); it must run cleanly."""
    import falseflag

    run = falseflag.analyze([name], package=package)
    assert run.ok, [str(e) for e in run.errors] + [str(e) for e in run.load_errors]
    return run.results[name]


def run_on_an_empty_article(folder: Path, name: str):
    """One analyzer's result on a corpus of one article with no quotes, mentions or claims."""
    c = Corpus()
    c.article("o1", "Nothing much happened today.")
    return run_analyzer(c.write(folder), name)


def assert_valid(corpus: Corpus) -> None:
    """The written corpus passes ``falseflag validate``: fixtures are data the analyzers may meet."""
    import falseflag

    report = falseflag.validate(corpus.folder)
    assert not report.problems, [str(p) for p in report.problems]


def assert_evidence_matches(findings, texts: dict[str, str]) -> None:
    """Every evidence span of every finding is the article's text at its offsets."""
    for finding in findings:
        assert finding.kind and finding.message, finding
        for e in finding.evidence:
            assert 0 <= e.char_start < e.char_end <= len(texts[e.article_id]), (finding.kind, e)
            assert texts[e.article_id][e.char_start : e.char_end] == e.text, (finding.kind, e)


def undocumented(result, page: Path) -> list[str]:
    """Tables, columns and finding kinds of ``result`` that ``page`` does not name.

    A table is documented by a row ``| `name` | columns |``; a column by its name in
    backticks in that row (``_a``/``_b`` pairs by their stem), a finding kind by its name in
    backticks anywhere on the page.
    """
    text = page.read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            name, _, rest = line[3:].partition("`")
            rows[name] = rest
    missing = []
    for name, table in result.tables.items():
        if name not in rows:
            missing.append(f"table {name}")
            continue
        for column in table.columns:
            stem = column[:-2] if column.endswith(("_a", "_b")) else column
            if f"`{column}`" not in rows[name] and f"`{stem}`" not in rows[name]:
                missing.append(f"column {name}.{column}")
    missing += [f"finding kind {k}" for k in sorted({f.kind for f in result.findings}) if f"`{k}`" not in text]
    return missing


class ThrowAwayPlugin:
    """A plugin registering the given analyzers, for ``falseflag.plugins.register_plugin``."""

    def __init__(self, name: str, *analyzers):
        self.__name__ = name
        self.analyzers = analyzers

    def register_analyzers(self, register) -> None:
        for analyzer in self.analyzers:
            register(analyzer)


def _mark_hooks() -> None:
    import falseflag

    ThrowAwayPlugin.register_analyzers = falseflag.hookimpl(ThrowAwayPlugin.register_analyzers)


_mark_hooks()
