"""falseflag export --format sqlite: the Table Schemas as SQLite constraints, and datasette's metadata."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path

import pytest
from builders import rewrite
from click.testing import CliRunner

from falseflag.cli import cli
from falseflag.connection import connect
from falseflag.export import ExportError, export
from falseflag.package import load_package
from falseflag.sqlite import SQLITE_TYPES


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sqlite") / "corpus.db"
    result = CliRunner().invoke(cli, ["export", str(out), "--format", "sqlite"])
    assert result.exit_code == 0, result.output
    return out


def test_every_table_has_its_rows_types_and_keys(exported):
    pkg = load_package()
    source = connect(pkg)
    db = sqlite3.connect(exported)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for name, resource in pkg.resources.items():
        schema = resource.schema
        info = {r[1]: r for r in db.execute(f"PRAGMA table_info({name})").fetchall()}
        assert list(info) == schema.field_names
        for f in schema.fields:
            _, _, kind, notnull, _, pk = info[f.name]
            assert kind == SQLITE_TYPES.get(f.type, "TEXT"), (name, f.name)
            assert bool(notnull) == f.required, (name, f.name)
            assert (pk > 0) == (f.name in schema.primary_key), (name, f.name)
        keys = {(r[2], r[3], r[4]) for r in db.execute(f"PRAGMA foreign_key_list({name})").fetchall()}
        assert keys == {(fk.resource, fk.fields[0], fk.reference_fields[0]) for fk in schema.foreign_keys}
        assert db.execute(f"SELECT count(*) FROM {name}").fetchone() == source.execute(f"SELECT count(*) FROM {name}").fetchone()
    # the texts are the corpus's own, character for character
    assert dict(db.execute("SELECT article_id, text FROM articles").fetchall()) == dict(source.execute("SELECT article_id, text FROM articles").fetchall())
    for text, start, end, quote in db.execute("SELECT a.text, q.char_start, q.char_end, q.text FROM quotes q JOIN articles a USING (article_id)"):
        assert text[start:end] == quote
    assert {r[0] for r in db.execute("SELECT DISTINCT hedged FROM claim_mentions")} == {0, 1}


def test_the_constraints_are_enforced(exported, tmp_path):
    db = sqlite3.connect(exported)
    db.execute("PRAGMA foreign_keys = ON")
    row = db.execute("SELECT * FROM claim_mentions LIMIT 1").fetchone()
    columns = [r[1] for r in db.execute("PRAGMA table_info(claim_mentions)")]

    def insert(**change):
        values = [change.get(c, v) for c, v in zip(columns, row)]
        db.execute(f"INSERT INTO claim_mentions VALUES ({', '.join('?' * len(values))})", values)

    for change in ({"stance": "maybe"}, {"hedged": 2}, {"char_start": -1}, {"claim_id": "no-such-claim"}, {}, {"char_end": "ten"}):
        with pytest.raises(sqlite3.IntegrityError):
            insert(**{**change, **({} if not change else {"claim_mention_id": "x-new"})})
    db.rollback()


def test_metadata_describes_every_table_and_column(exported):
    pkg = load_package()
    meta = json.loads((exported.parent / "metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] == pkg.descriptor["title"]
    assert all(lic["title"] in meta["license"] for lic in pkg.descriptor["licenses"])
    assert meta["license_url"] == pkg.descriptor["licenses"][0]["path"]
    assert all(s["title"] in meta["source"] for s in pkg.descriptor["sources"])
    tables = meta["databases"]["corpus"]["tables"]
    assert set(tables) == set(pkg.resources)
    for res in pkg.descriptor["resources"]:
        assert tables[res["name"]]["description"] == res["description"]
        fields = pkg.resources[res["name"]].schema.fields
        assert tables[res["name"]]["columns"] == {f.name: f.description for f in fields if f.description}
        assert len(tables[res["name"]]["columns"]) == len(fields)
    assert tables["entities"]["label_column"] == "name" and tables["articles"]["label_column"] == "article_id"


def test_datasette_lists_quotes_with_links_to_their_article_and_speaker(exported):
    from datasette.app import Datasette

    meta = json.loads((exported.parent / "metadata.json").read_text(encoding="utf-8"))
    db = sqlite3.connect(exported)
    quotes = db.execute("SELECT quote_id, article_id, speaker_entity_id FROM quotes ORDER BY quote_id").fetchall()
    names = dict(db.execute("SELECT entity_id, name FROM entities").fetchall())

    async def pages():
        ds = Datasette([str(exported)], metadata=meta)
        listing = await ds.client.get("/corpus/quotes?_size=max&_sort=quote_id")
        rows = await ds.client.get("/corpus/quotes.json?_shape=objects&_labels=on&_size=max&_sort=quote_id")
        home = await ds.client.get("/")
        table = await ds.client.get("/corpus/entities")
        return listing, rows, home, table

    listing, rows, home, table = asyncio.run(pages())
    assert listing.status_code == rows.status_code == home.status_code == 200
    page = listing.text
    for quote_id, article_id, speaker in quotes:
        row = page[page.index(f'>{quote_id}</a>'):]
        row = row[:row.index("</tr>")]
        assert f'<a href="/corpus/articles/{article_id}">{article_id}</a>' in row
        if speaker:
            assert re.search(rf'<a href="/corpus/entities/{re.escape(speaker)}">{re.escape(names[speaker])}</a>', row.replace("&#39;", "'"))
    by_id = {r["quote_id"]: r for r in rows.json()["rows"]}
    assert len(by_id) == len(quotes)
    for quote_id, article_id, speaker in quotes:
        assert by_id[quote_id]["article_id"]["value"] == article_id
        if speaker:
            assert by_id[quote_id]["speaker_entity_id"] == {"value": speaker, "label": names[speaker]}
    assert meta["title"].replace("'", "&#39;") in home.text
    assert "People, organizations" in table.text  # the table's description


def test_rows_that_break_the_schema_are_named_and_nothing_is_written(package_copy, tmp_path):
    def orphan(rows):
        rows[3]["speaker_entity_id"] = "no-such-entity"
        return rows

    rewrite(package_copy / "data" / "quotes.csv", orphan)
    out = tmp_path / "corpus.db"
    with pytest.raises(ExportError, match=r"quotes: data row 4: speaker_entity_id 'no-such-entity' matches no entity_id of entities"):
        export(out, "sqlite", package_copy)
    assert list(tmp_path.iterdir()) == [package_copy]

    def clash(rows):
        rows[1]["quote_id"] = rows[0]["quote_id"]
        return rows

    rewrite(package_copy / "data" / "quotes.csv", clash)
    result = CliRunner().invoke(cli, ["export", str(out), "--format", "sqlite", "--package", str(package_copy)])
    assert result.exit_code == 1 and "quotes: data row 2" in result.output and "UNIQUE" in result.output
    assert not out.exists() and not (tmp_path / "metadata.json").exists()


def test_a_metadata_json_falseflag_did_not_write_is_kept(tmp_path):
    mine = tmp_path / "metadata.json"
    mine.write_text('{"title": "my own"}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "corpus.db"), "--format", "sqlite", "--force"])
    assert result.exit_code == 1 and "metadata.json" in result.output
    assert mine.read_text(encoding="utf-8") == '{"title": "my own"}' and not (tmp_path / "corpus.db").exists()
    mine.unlink()
    runner = CliRunner()
    assert runner.invoke(cli, ["export", str(tmp_path / "corpus.db"), "--format", "sqlite"]).exit_code == 0
    again = runner.invoke(cli, ["export", str(tmp_path / "corpus.db"), "--format", "sqlite"])
    assert again.exit_code == 1 and "--force" in again.output
    assert runner.invoke(cli, ["export", str(tmp_path / "corpus.db"), "--format", "sqlite", "--force"]).exit_code == 0
