"""Writing an ingested package: rows streamed to CSV as articles come, the corpus-wide tables at the end.

``PackageBuilder`` writes into a staging folder (``falseflag.outputs``): the descriptor and
the Table Schemas, then every article's rows as soon as they are made, so the corpus is never
held in memory. With an existing package (``--append``) each table starts as a byte-for-byte
copy of its file and new rows are added after it. ``finish`` makes what needs every article:
the entity table, the claims (``cluster.py``) and the claim mentions' hedges, found with the
hedging analyzer's own lexicon and SQL.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb

from .._bundle import bundled_root
from ..db import csv_options, quote_ident, quote_literal
from ..package import TABLES, DataPackage, load_package
from .cluster import UnionFind, similar_pairs
from .document import Annotated
from .entities import slug

STREAMED = ("outlets", "articles", "boilerplate", "entity_titles", "mentions")
"""Tables whose rows are written as each article comes; entities, claims, quotes (whose speakers
need the entities' final types) and claim mentions wait on disk for the end."""

CLAIM_KINDS = {"plan": "plan", "prepare": "plan", "intend": "intent", "want": "intent", "seek": "intent", "threaten": "intent"}


class AppendError(ValueError):
    """A package ingest cannot add articles to."""


def _descriptor(existing: DataPackage | None) -> dict[str, Any]:
    if existing is not None:
        return json.loads(json.dumps(existing.descriptor))
    bundled = load_package(bundled_root()).descriptor
    resources = []
    for res in bundled["resources"]:
        kept = {k: v for k, v in res.items() if k in ("name", "title", "description", "path", "format", "mediatype", "encoding", "schema")}
        resources.append(kept)
    from .. import __version__

    return {
        "$schema": bundled.get("$schema", "https://datapackage.org/profiles/2.0/datapackage.json"),
        "name": "falseflag-ingest",
        "title": "Articles annotated by falseflag ingest",
        "description": (
            "Articles read by `falseflag ingest`, annotated automatically: every row's annotator column names the tool, "
            "its version and the language model. The article texts remain their publishers'."
        ),
        "version": __version__,
        "resources": resources,
    }


class PackageBuilder:
    def __init__(self, folder: Path, annotator: str, existing: DataPackage | None = None):
        self.folder = folder
        self.annotator = annotator
        self.existing = existing
        self.work = folder / ".work"
        self.work.mkdir()
        descriptor = _descriptor(existing)
        source = existing if existing is not None else load_package(bundled_root())
        (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.package_paths: dict[str, Path] = {}
        self.fields: dict[str, list[str]] = {}
        for name in TABLES:
            resource = source[name]
            if resource.schema_path is not None:
                target = folder / resource.schema_path.relative_to(source.root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(resource.schema_path, target)
            path = folder / resource.relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            self.package_paths[name] = path
            self.fields[name] = resource.schema.field_names
            if existing is not None:
                shutil.copyfile(resource.path, path)
                _end_with_newline(path)
            else:
                with open(path, "w", newline="", encoding="utf-8") as fh:
                    csv.writer(fh, lineterminator="\n").writerow(self.fields[name])
        self.files = {name: open(self.package_paths[name], "a", newline="", encoding="utf-8") for name in STREAMED}
        self.writers = {name: csv.writer(fh, lineterminator="\n") for name, fh in self.files.items()}
        self.pending_quote_file = open(self.work / "quotes.csv", "w", newline="", encoding="utf-8")
        self.pending_quotes = csv.writer(self.pending_quote_file, lineterminator="\n")
        self.pending_quotes.writerow(self.fields["quotes"])
        self.pending_mentions = open(self.work / "claim_mentions.csv", "w", newline="", encoding="utf-8")
        self.pending = csv.writer(self.pending_mentions, lineterminator="\n")
        self.pending.writerow([*self.fields["claim_mentions"], "unit"])
        self.signature_file = open(self.work / "signatures.csv", "w", newline="", encoding="utf-8")
        self.signatures = csv.writer(self.signature_file, lineterminator="\n")
        self.signatures.writerow(["mention_id", "lemma"])
        self.entity_types: dict[str, Counter] = {}
        self.entity_names: dict[str, Counter] = {}
        self.outlets: set[str] = set()
        self.known_entities: dict[str, str] = {}
        if existing is not None:
            self._read_existing()

    def _read_existing(self) -> None:
        from ..connection import connect

        con = connect(self.existing)
        try:
            self.outlets = {row[0] for row in con.execute("SELECT outlet_id FROM outlets").fetchall()}
            self.known_entities = dict(con.execute("SELECT entity_id, type FROM entities").fetchall())
            self.existing_claims = dict(con.execute("SELECT claim_mention_id, claim_id FROM claim_mentions").fetchall())
            self.existing_mention_texts = con.execute("SELECT claim_mention_id, text FROM claim_mentions").fetchall()
        finally:
            con.close()

    def existing_signatures(self, nlp) -> None:
        """Signatures of the existing claim mentions, so that new mentions can join their claims."""
        from .claims import CONTENT_POS, STOP_LEMMAS

        if self.existing is None:
            return
        ids = [i for i, _ in self.existing_mention_texts]
        for mention_id, doc in zip(ids, nlp.pipe((t for _, t in self.existing_mention_texts), batch_size=256)):
            for t in doc:
                if t.pos_ in CONTENT_POS and not t.is_stop and t.lemma_.lower() not in STOP_LEMMAS and len(t.text) > 1:
                    self.signatures.writerow([mention_id, t.lemma_.lower()])

    def add(self, article: Annotated) -> None:
        for row in article.rows["outlets"]:
            if row["outlet_id"] in self.outlets:
                continue
            self.outlets.add(row["outlet_id"])
            self._write("outlets", row)
        for table in ("articles", "boilerplate", "entity_titles", "mentions"):
            for row in article.rows[table]:
                self._write(table, row)
        for row in article.rows["quotes"]:
            self.pending_quotes.writerow([_cell(row.get(f)) for f in self.fields["quotes"]])
        for row in article.rows["claim_mentions"]:
            self.pending.writerow([_cell(row.get(f)) for f in [*self.fields["claim_mentions"], "unit"]])
        for mention_id, signature in article.claim_signatures.items():
            for lemma in sorted(signature):
                self.signatures.writerow([mention_id, lemma])
        for key, counts in article.entity_types.items():
            self.entity_types.setdefault(key, Counter()).update(counts)
            self.entity_names.setdefault(key, Counter()).update(article.entity_names.get(key, Counter()))

    def _write(self, table: str, row: dict[str, Any]) -> None:
        self.writers[table].writerow([_cell(row.get(f)) for f in self.fields[table]])

    def finish(self, memory_limit: str = "2GB") -> dict[str, int]:
        """Entities, claims and claim mentions; returns the rows each table gained."""
        for fh in (*self.files.values(), self.pending_quote_file, self.pending_mentions, self.signature_file):
            fh.close()
        types = self._entities()
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(self.work / "spill")})
        try:
            con.execute("SET enable_progress_bar = false")
            self._fix_speaker_entities(con, types)
            claims = self._claims(con)
            self._hedges(con)
            added = self._claim_mentions(con, claims)
        finally:
            con.close()
        shutil.rmtree(self.work)
        return added

    def _entities(self) -> dict[str, str]:
        """New entities, one row each, typed by most of their mentions; returns every entity's type by id."""
        types = dict(self.known_entities)
        with open(self.package_paths["entities"], "a", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for key in sorted(self.entity_types):
                entity_id = slug(key)
                if entity_id in types:
                    continue
                counts = self.entity_types[key]
                kind = "person" if counts.get("person") and counts["person"] * 2 >= sum(counts.values()) else counts.most_common(1)[0][0]
                types[entity_id] = kind
                name = max(self.entity_names[key].items(), key=lambda item: (item[1], len(item[0])))[0]
                mentions = sum(counts.values())
                row = {"entity_id": entity_id, "name": name, "type": kind,
                       "notes": f"found by falseflag ingest in {mentions} mention{'s' if mentions != 1 else ''}", "annotator": self.annotator}
                writer.writerow([_cell(row.get(f)) for f in self.fields["entities"]])
        return types

    def _fix_speaker_entities(self, con: duckdb.DuckDBPyConnection, types: dict[str, str]) -> None:
        """The new quotes, with speakers and relays unlinked from an entity of a type the rules do not allow
        (a place as a speaker), and a named person whose entity ended up of another type re-typed."""
        import pyarrow as pa

        con.register("entity_types", pa.table({"entity_id": list(types), "type": list(types.values())}))
        columns = dict.fromkeys(self.fields["quotes"], "VARCHAR")
        con.execute(f"""
            CREATE TEMP TABLE pending_quotes AS SELECT * FROM read_csv({quote_literal(str(self.work / 'quotes.csv'))}, {csv_options(columns)})
        """)
        select = []
        for name in self.fields["quotes"]:
            if name == "speaker_entity_id":
                select.append("CASE WHEN s.type IN ('person', 'organization', 'media_outlet') THEN q.speaker_entity_id END AS speaker_entity_id")
            elif name == "source_type":
                select.append("CASE WHEN q.source_type = 'named_person' AND s.type IS DISTINCT FROM 'person' "
                              "THEN (CASE WHEN s.type IN ('organization', 'media_outlet') THEN s.type ELSE 'anonymous' END) "
                              "ELSE q.source_type END AS source_type")
            elif name == "relay_entity_id":
                select.append("CASE WHEN r.type IN ('media_outlet', 'organization') THEN q.relay_entity_id END AS relay_entity_id")
            else:
                select.append(f"q.{quote_ident(name)}")
        rows = con.execute(f"""
            SELECT {', '.join(select)} FROM pending_quotes q
            LEFT JOIN entity_types s ON s.entity_id = q.speaker_entity_id
            LEFT JOIN entity_types r ON r.entity_id = q.relay_entity_id
            ORDER BY q.quote_id
        """)
        with open(self.package_paths["quotes"], "a", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            while batch := rows.fetchmany(10_000):
                writer.writerows([["" if v is None else v for v in row] for row in batch])

    def _claims(self, con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        """claim_mention_id -> claim_id for every new mention (existing claims kept; new mentions may join them)."""
        groups = UnionFind()
        for a, b in similar_pairs(con, self.work / "signatures.csv"):
            groups.union(a, b)
        existing = getattr(self, "existing_claims", {})
        con.execute(f"""
            CREATE TEMP TABLE pending AS SELECT * FROM read_csv({quote_literal(str(self.work / 'claim_mentions.csv'))},
                {csv_options(dict.fromkeys([*self.fields['claim_mentions'], 'unit'], 'VARCHAR'))})
        """)
        new_ids = [r[0] for r in con.execute("SELECT claim_mention_id FROM pending ORDER BY claim_mention_id").fetchall()]
        root_claim: dict[str, str] = {}
        for mention_id, claim_id in sorted(existing.items()):
            root_claim.setdefault(groups.find(mention_id), claim_id)
        assignment = {}
        for mention_id in new_ids:
            root = groups.find(mention_id)
            assignment[mention_id] = root_claim.setdefault(root, f"claim-{root}")
        return assignment

    def _hedges(self, con: duckdb.DuckDBPyConnection) -> None:
        """Hedge cues of the new articles, by the hedging analyzer's lexicon and SQL (table hedge_cue_spans)."""
        from .._bundle import analyzers_dir
        folder = analyzers_dir() / "hedging"
        for table in ("articles", "boilerplate"):
            columns = dict.fromkeys(self.fields[table], "VARCHAR")
            typed = {"char_start": "BIGINT", "char_end": "BIGINT", "title_start": "BIGINT", "title_end": "BIGINT"}
            columns.update({k: v for k, v in typed.items() if k in columns})
            con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM read_csv({quote_literal(str(self.package_paths[table]))}, {csv_options(columns)})")
        con.execute(f"SET VARIABLE data_folder = {quote_literal(str(folder))}")
        for name in ("lexicon.sql", "segments.sql", "cues.sql"):
            con.execute((folder / name).read_text(encoding="utf-8"))

    def _claim_mentions(self, con: duckdb.DuckDBPyConnection, assignment: dict[str, str]) -> dict[str, int]:
        import pyarrow as pa

        con.register("assignment", pa.table({"claim_mention_id": list(assignment), "assigned": list(assignment.values())}))
        con.execute("""
            CREATE TEMP TABLE placed AS
            SELECT p.* EXCLUDE (claim_id), a.assigned AS claim_id
            FROM pending p JOIN assignment a USING (claim_mention_id)
        """)
        con.execute("""
            CREATE TEMP TABLE cued AS
            SELECT m.claim_mention_id, string_agg(c.text, ' | ' ORDER BY c.char_start) AS cues
            FROM placed m JOIN hedge_cue_spans c
              ON c.article_id = m.article_id AND c.char_start >= CAST(m.char_start AS BIGINT) AND c.char_end <= CAST(m.char_end AS BIGINT)
            GROUP BY m.claim_mention_id
        """)
        columns = []
        for name in self.fields["claim_mentions"]:
            if name == "hedged":
                columns.append("CASE WHEN c.cues IS NULL THEN 'false' ELSE 'true' END AS hedged")
            elif name == "hedge_cues":
                columns.append("c.cues AS hedge_cues")
            else:
                columns.append(f"m.{quote_ident(name)}")
        rows = con.execute(f"""
            SELECT {', '.join(columns)} FROM placed m LEFT JOIN cued c USING (claim_mention_id)
            ORDER BY m.article_id, CAST(m.char_start AS BIGINT), CAST(m.char_end AS BIGINT), m.claim_mention_id
        """)
        with open(self.package_paths["claim_mentions"], "a", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            while batch := rows.fetchmany(10_000):
                writer.writerows([["" if v is None else v for v in row] for row in batch])
        claims = con.execute("""
            SELECT claim_id, arg_min(regexp_replace(text, '\\s+', ' ', 'g'), claim_mention_id) AS statement,
                   bool_or(value_low IS NOT NULL OR value_high IS NOT NULL) AS quantity,
                   bool_or(period_start IS NOT NULL OR period_end IS NOT NULL) AS dated,
                   arg_min(unit, claim_mention_id) FILTER (WHERE unit IS NOT NULL) AS unit,
                   count(*) AS mentions
            FROM placed GROUP BY claim_id ORDER BY claim_id
        """).fetchall()
        existing_claims = set(getattr(self, "existing_claims", {}).values())
        written = 0
        with open(self.package_paths["claims"], "a", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for claim_id, statement, quantity, dated, unit, mentions in claims:
                if claim_id in existing_claims:
                    continue
                kind = "quantity" if quantity else "date_range" if dated else "event"
                row = {"claim_id": claim_id, "statement": statement, "kind": kind, "unit": unit if quantity else None,
                       "notes": f"the words of its first mention; clustered by falseflag ingest from {mentions} mention{'s' if mentions != 1 else ''}",
                       "annotator": self.annotator}
                writer.writerow([_cell(row.get(f)) for f in self.fields["claims"]])
                written += 1
        return {"claims": written, "claim_mentions": len(assignment)}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _end_with_newline(path: Path) -> None:
    with open(path, "rb+") as fh:
        fh.seek(0, 2)
        if fh.tell() == 0:
            return
        fh.seek(-1, 2)
        if fh.read(1) != b"\n":
            fh.write(b"\n")


__all__ = ["AppendError", "PackageBuilder"]
