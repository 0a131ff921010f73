"""falseflag synth: valid, deterministic corpora with planted cases that are what the truth says."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import falseflag
from falseflag.cli import cli
from falseflag._bundle import bundled_root
from falseflag.synth import SynthError, generate
from falseflag.synth import writer as generate_module
from falseflag.synth.errors import CATALOG
from falseflag.synth.plan import CODE_BASE, CODE_SLOTS
from falseflag.synth.quotes import _codeword_reference, codeword, codewords
from falseflag.synth.scale import LENGTH_MAX, Scale
from falseflag.synth.truth import word_diff

try:
    from falseflag.validation import validate
except ImportError:  # the validator is optional here: the invariants below check the same rules
    validate = None

ARTICLES = 180


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    generate(out, articles=ARTICLES, seed=11)
    return out


@pytest.fixture(scope="module")
def with_errors(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "errors"
    generate(out, articles=ARTICLES, seed=12, plant_errors=True)
    return out


def rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def digests(folder: Path) -> dict[str, str]:
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*"))
        if f.is_file()
    }


SPANS = {
    "articles": [("title_start", "title_end", "title")],
    "boilerplate": [("char_start", "char_end", "text")],
    "entity_titles": [("char_start", "char_end", "text")],
    "mentions": [("char_start", "char_end", "text")],
    "quotes": [
        ("char_start", "char_end", "text"),
        ("speaker_start", "speaker_end", "speaker_text"),
        ("cue_start", "cue_end", "cue"),
        ("relay_start", "relay_end", "relay_text"),
    ],
    "claim_mentions": [("char_start", "char_end", "text")],
}


def invariant_problems(path: Path) -> dict[str, int]:
    """Count the rows breaking each rule of the data model, with DuckDB over the typed views."""
    package = falseflag.load_package(path)
    con = falseflag.connect(package)
    found: dict[str, int] = {}

    def check(name: str, sql: str) -> None:
        n = con.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
        if n:
            found[name] = n

    for table, triples in SPANS.items():
        source = "articles x" if table == "articles" else f"{table} x JOIN articles a USING (article_id)"
        doc = "x.text" if table == "articles" else "a.text"
        for s, e, t in triples:
            check(
                f"{table}.{t} span",
                f"""SELECT 1 FROM {source}
                    WHERE (x.{s} IS NULL) <> (x.{t} IS NULL) OR (x.{e} IS NULL) <> (x.{t} IS NULL)
                       OR (x.{t} IS NOT NULL AND (x.{s} < 0 OR x.{s} > x.{e} OR x.{e} > length({doc})
                           OR substring({doc}, x.{s} + 1, x.{e} - x.{s}) <> x.{t}))""",
            )
    check("sha256", "SELECT 1 FROM articles WHERE sha256 <> sha256(text)")
    for resource in package.resources.values():
        schema, name = resource.schema, resource.name
        if schema.primary_key:
            key = ", ".join(schema.primary_key)
            check(f"{name} primary key", f"SELECT {key} FROM {name} GROUP BY {key} HAVING count(*) > 1")
        for fk in schema.foreign_keys:
            f, r = fk.fields[0], fk.reference_fields[0]
            check(
                f"{name}.{f} foreign key",
                f"SELECT 1 FROM {name} c WHERE c.{f} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {fk.resource} p WHERE p.{r} = c.{f})",
            )
        for field in schema.fields:
            if field.enum:
                allowed = ", ".join(f"'{v}'" for v in field.enum)
                check(f"{name}.{field.name} enum", f"SELECT 1 FROM {name} WHERE {field.name} NOT IN ({allowed})")
            if field.required:
                check(f"{name}.{field.name} required", f"SELECT 1 FROM {name} WHERE {field.name} IS NULL")
            if field.pattern:
                check(
                    f"{name}.{field.name} pattern",
                    f"SELECT 1 FROM {name} WHERE NOT regexp_full_match({field.name}, '{field.pattern}')",
                )
    check("claim without mention", "SELECT 1 FROM claims c WHERE NOT EXISTS (SELECT 1 FROM claim_mentions m WHERE m.claim_id = c.claim_id)")
    check("speaker type", "SELECT 1 FROM quotes q JOIN entities e ON e.entity_id = q.speaker_entity_id "
                          "WHERE e.type NOT IN ('person', 'organization', 'media_outlet')")
    check("anonymous with speaker", "SELECT 1 FROM quotes WHERE source_type IN ('anonymous', 'unattributed') "
                                    "AND speaker_entity_id IS NOT NULL")
    check("named person not a person", "SELECT 1 FROM quotes q LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id "
                                       "WHERE q.source_type = 'named_person' AND e.type IS DISTINCT FROM 'person'")
    check("relay not an outlet", "SELECT 1 FROM quotes q JOIN entities e ON e.entity_id = q.relay_entity_id "
                                 "WHERE e.type <> 'media_outlet'")
    check("parent quote", "SELECT 1 FROM quotes c JOIN quotes p ON p.quote_id = c.parent_quote_id "
                          "WHERE p.article_id <> c.article_id OR p.quote_id = c.quote_id "
                          "OR p.char_start > c.char_start OR p.char_end < c.char_end")
    check("claim mention quote elsewhere", "SELECT 1 FROM claim_mentions m JOIN quotes q USING (quote_id) WHERE q.article_id <> m.article_id")
    check("claim source is the quote's speaker", "SELECT 1 FROM claim_mentions m JOIN quotes q USING (quote_id) "
                                                 "WHERE m.source_entity_id IS DISTINCT FROM q.speaker_entity_id")
    check("hedge cue not in text", "SELECT 1 FROM (SELECT text, unnest(string_split(hedge_cues, ' | ')) AS cue "
                                   "FROM claim_mentions WHERE hedge_cues IS NOT NULL) WHERE cue = '' OR NOT contains(text, cue)")
    check("hedged flag", "SELECT 1 FROM claim_mentions WHERE (hedge_cues IS NOT NULL) <> hedged")
    check("value order", "SELECT 1 FROM claim_mentions WHERE value_low > value_high")
    for table in ("mentions", "quotes", "claim_mentions", "entity_titles"):
        check(f"{table} in boilerplate", f"SELECT 1 FROM {table} m JOIN boilerplate b ON b.article_id = m.article_id "
                                         "AND m.char_start < b.char_end AND b.char_start < m.char_end")
    con.close()
    return found


# --- validity ------------------------------------------------------------------------------


def test_generated_package_keeps_every_rule(corpus):
    assert invariant_problems(corpus) == {}
    if validate is not None:
        report = validate(corpus)
        assert report.valid, [p.to_dict() for p in report.problems[:10]]


def test_generated_package_has_the_bundled_shape(corpus):
    bundled = falseflag.load_package(bundled_root())
    package = falseflag.load_package(corpus)
    assert list(package.resources) == list(falseflag.TABLES)
    for name, resource in package.resources.items():
        assert resource.schema == bundled[name].schema
        assert (corpus / "schemas" / resource.schema_path.name).read_bytes() == bundled[name].schema_path.read_bytes()
        assert resource.format == "csv"
    descriptor = json.loads((corpus / "datapackage.json").read_text(encoding="utf-8"))
    assert not any("truth" in r["path"] for r in descriptor["resources"])


def test_frictionless_validates_a_small_corpus(tmp_path):
    out = tmp_path / "small"
    generate(out, articles=40, seed=3)
    script = Path(sys.executable).with_name("frictionless")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "frictionless"]
    result = subprocess.run([*command, "validate", "--json", str(out / "datapackage.json")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert json.loads(result.stdout)["valid"] is True


def test_texts_have_curly_quotes_no_break_spaces_and_non_ascii_names(corpus):
    con = falseflag.connect(corpus)
    texts = [t for (t,) in con.execute("SELECT text FROM articles").fetchall()]
    assert any("“" in t for t in texts) and any("’" in t for t in texts)
    assert any("\u00a0" in t for t in texts)
    # offsets are code points: somewhere a span sits after a multi-byte character
    moved = con.execute(
        """SELECT count(*) FROM mentions m JOIN articles a USING (article_id)
           WHERE strlen(substring(a.text, 1, m.char_start)) > m.char_start"""
    ).fetchall()[0][0]
    assert moved > 0
    assert con.execute("SELECT count(*) FROM entities WHERE NOT regexp_full_match(name, '[ -~]*')").fetchall()[0][0] > 0


def test_boilerplate_carries_cue_words_and_names_that_are_not_annotated(corpus):
    con = falseflag.connect(corpus)
    cues = con.execute(
        "SELECT count(*) FROM boilerplate WHERE regexp_matches(text, '\\b(could|may|reportedly|allegedly|more than)\\b')"
    ).fetchall()[0][0]
    assert cues > 0
    assert con.execute("SELECT count(DISTINCT kind) FROM boilerplate").fetchall()[0][0] >= 6


# --- shape and scale -----------------------------------------------------------------------


def test_counts_follow_the_scale(corpus):
    con = falseflag.connect(corpus)

    def one(sql):
        return con.execute(sql).fetchall()[0]

    scale = Scale.for_articles(ARTICLES)
    assert one("SELECT count(*) FROM outlets")[0] == scale.outlets
    assert one("SELECT count(*) FROM articles")[0] == ARTICLES
    per_outlet = [n for (n,) in con.execute("SELECT count(*) FROM articles GROUP BY outlet_id").fetchall()]
    assert len(per_outlet) == scale.outlets and max(per_outlet) >= 4 * min(per_outlet)
    mean_len, max_len = one("SELECT avg(length(text)), max(length(text)) FROM articles")
    assert 2_500 < mean_len < 5_000 and max_len <= LENGTH_MAX * 1.3
    quotes, mentions = one("SELECT (SELECT count(*) FROM quotes), (SELECT count(*) FROM claim_mentions)")
    assert 7 * ARTICLES < quotes < 13 * ARTICLES
    assert 7 * ARTICLES < mentions < 13 * ARTICLES
    outlets_per_claim = dict(
        con.execute(
            """SELECT n, count(*) FROM (SELECT claim_id, count(DISTINCT outlet_id) AS n
               FROM claim_mentions JOIN articles USING (article_id) GROUP BY ALL) GROUP BY n"""
        ).fetchall()
    )
    assert outlets_per_claim[1] > sum(outlets_per_claim.values()) / 2
    assert max(outlets_per_claim) >= 3
    kinds = dict(con.execute("SELECT kind, count(*) FROM claims GROUP BY kind").fetchall())
    assert {"quantity", "date_range", "intent", "event"} <= set(kinds)


def test_many_quotes_share_a_few_common_openings(corpus):
    con = falseflag.connect(corpus)
    firsts = con.execute("SELECT lower(array_to_string(string_split(text, ' ')[1:3], ' ')), count(*) FROM quotes GROUP BY 1 ORDER BY 2 DESC").fetchall()
    total = sum(n for _, n in firsts)
    assert sum(n for _, n in firsts[:15]) > 0.3 * total


def test_scale_grows_with_articles():
    assert Scale.for_articles(1_000).outlets == 30
    assert Scale.for_articles(100_000).outlets == 300 == Scale.for_articles(1_000_000).outlets
    big = Scale.for_articles(100_000)
    assert 15_000 < big.persons + big.organizations + big.places + big.outlets < 25_000


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_same_bytes_whatever_the_workers(tmp_path):
    one = generate(tmp_path / "one", articles=120, seed=5, workers=1, chunk_size=25)
    two = generate(tmp_path / "two", articles=120, seed=5, workers=2, chunk_size=50)
    other = generate(tmp_path / "other", articles=120, seed=6)
    assert digests(one.out) == digests(two.out)
    assert len(digests(one.out)) >= 9 + 9 + 4
    different = digests(other.out)
    assert all(different[k] != v for k, v in digests(one.out).items() if k.startswith("data/"))


def test_same_seed_same_bytes_with_planted_errors_and_parquet(tmp_path):
    a = generate(tmp_path / "a", articles=80, seed=9, fmt="parquet", plant_errors=True)
    b = generate(tmp_path / "b", articles=80, seed=9, fmt="parquet", plant_errors=True)
    assert digests(a.out) == digests(b.out)


# --- planted cases -------------------------------------------------------------------------


def _quotes(corpus: Path) -> dict[str, dict]:
    con = falseflag.connect(corpus)
    cur = con.execute("SELECT q.*, a.outlet_id FROM quotes q JOIN articles a USING (article_id)")
    names = [d[0] for d in cur.description]
    return {r[0]: dict(zip(names, r)) for r in cur.fetchall()}


def test_quote_pairs_are_what_the_truth_says(corpus):
    quotes = _quotes(corpus)
    pairs = rows(corpus / "truth" / "quote_pairs.csv")
    assert {p["kind"] for p in pairs} == {"speaker_conflict", "drift", "agreement"}
    for p in pairs:
        a, b = quotes[p["quote_id_a"]], quotes[p["quote_id_b"]]
        assert a["outlet_id"] != b["outlet_id"] and (p["outlet_id_a"], p["outlet_id_b"]) == (a["outlet_id"], b["outlet_id"])
        speaker_a = (a["source_type"], a["speaker_entity_id"] or a["speaker_text"])
        speaker_b = (b["source_type"], b["speaker_entity_id"] or b["speaker_text"])
        if p["kind"] == "speaker_conflict":
            assert a["text"] == b["text"]
            assert speaker_a != speaker_b
            assert (p["source_type_a"], p["source_type_b"]) == (a["source_type"], b["source_type"])
        elif p["kind"] == "agreement":
            assert a["text"] == b["text"] and speaker_a == speaker_b
        else:
            edits, only_a, only_b = word_diff(a["text"], b["text"])
            assert 1 <= edits <= 3 and int(p["word_edits"]) == edits
            assert speaker_a == speaker_b
            assert (p["words_b"] or "") == " | ".join(only_b)
    conflicts = [p for p in pairs if p["kind"] == "speaker_conflict"]
    assert any("anonymous" in (p["source_type_a"], p["source_type_b"]) for p in conflicts)


def test_unplanted_quotes_are_far_from_each_other(corpus):
    """Precision can be measured: no unplanted quote is nearly the same as one in another outlet."""
    from rapidfuzz import fuzz, process

    quotes = _quotes(corpus)
    pairs = rows(corpus / "truth" / "quote_pairs.csv")
    planted = {p[k] for p in pairs for k in ("quote_id_a", "quote_id_b")}
    ordinary = [q for q in quotes.values() if q["quote_id"] not in planted and q["parent_quote_id"] is None]
    texts = [q["text"] for q in ordinary]
    outlets = np.array([q["outlet_id"] for q in ordinary])
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, workers=-1)
    scores[outlets[:, None] == outlets[None, :]] = 0
    drift = [fuzz.ratio(quotes[p["quote_id_a"]]["text"], quotes[p["quote_id_b"]]["text"]) for p in pairs if p["kind"] == "drift"]
    assert scores.max() < 85 < min(drift)


def test_codewords_keep_their_distance():
    rng = random.Random(1)
    for digits in (4, 5):
        mult, add = rng.randrange(1, CODE_BASE**digits) | 1, rng.randrange(CODE_BASE**digits)
        if mult % CODE_BASE == 0:
            mult += 1
        block = codewords(1000, 300, digits, mult, add)
        assert block[7].tolist() == codeword(1007, digits, mult, add) == _codeword_reference(1007, digits, mult, add)
        differing = (block[:, None, :] != block[None, :, :]).sum(axis=2)
        np.fill_diagonal(differing, CODE_SLOTS)
        assert differing.min() >= CODE_SLOTS + 1 - digits


def _interval(m: dict) -> tuple[float, float]:
    if m["value_low"] is not None or m["value_high"] is not None:
        low = m["value_low"] if m["value_low"] is not None else float("-inf")
        high = m["value_high"] if m["value_high"] is not None else float("inf")
        return low, high
    start, end = m["period_start"], m["period_end"] or m["period_start"]

    def day(text: str, last: bool) -> int:
        if text.startswith("--"):
            text = "2022" + text[1:]  # a date without its year: compare within one year
        parts = [int(x) for x in text.split("-")]
        year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
        d = parts[2] if len(parts) > 2 else (28 if last else 1)
        return date(year, month, d).toordinal()

    return day(start, False), day(end, True)


def test_claim_pairs_are_what_the_truth_says(corpus):
    con = falseflag.connect(corpus)
    cur = con.execute("SELECT m.*, a.outlet_id FROM claim_mentions m JOIN articles a USING (article_id)")
    names = [d[0] for d in cur.description]
    mentions = {r[0]: dict(zip(names, r)) for r in cur.fetchall()}
    claims = dict(con.execute("SELECT claim_id, kind FROM claims").fetchall())
    pairs = rows(corpus / "truth" / "claim_pairs.csv")
    assert {p["kind"] for p in pairs} == {"numeric_discrepancy", "hedge_conflict"}
    for p in pairs:
        a, b = mentions[p["claim_mention_id_a"]], mentions[p["claim_mention_id_b"]]
        assert a["claim_id"] == b["claim_id"] == p["claim_id"] and a["outlet_id"] != b["outlet_id"]
        if p["kind"] == "numeric_discrepancy":
            assert claims[p["claim_id"]] in ("quantity", "date_range")
            (a_low, a_high), (b_low, b_high) = _interval(a), _interval(b)
            assert a_high < b_low or b_high < a_low, (a, b)
        else:
            assert a["hedged"] != b["hedged"]
    # the planted mention is the only odd one: ordinary mentions of the same claim agree
    planted = {p["claim_mention_id_b"] for p in pairs}
    by_claim: dict[str, list[dict]] = {}
    for m in mentions.values():
        if m["claim_mention_id"] not in planted and m["stance"] == "supports":
            by_claim.setdefault(m["claim_id"], []).append(m)
    for claim, ms in by_claim.items():
        assert len({m["hedged"] for m in ms}) == 1, claim
        if claims[claim] in ("quantity", "date_range"):
            lows, highs = zip(*(_interval(m) for m in ms))
            assert max(lows) <= min(highs), claim


# --- parquet -------------------------------------------------------------------------------


def test_parquet_has_the_rows_of_csv(tmp_path, corpus):
    out = tmp_path / "pq"
    generate(out, articles=ARTICLES, seed=11, fmt="parquet")
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        assert r["path"] == f"data/{r['name']}.parquet"
        assert (r["format"], r["mediatype"]) == ("parquet", "application/vnd.apache.parquet")
    from_csv, from_parquet = falseflag.connect(corpus), falseflag.connect(out)
    for table in falseflag.TABLES:
        sql = f"SELECT count(*) FROM {table}"
        assert from_parquet.execute(sql).fetchall() == from_csv.execute(sql).fetchall(), table
    import pyarrow.parquet as pq

    schema = pq.read_schema(out / "data" / "claim_mentions.parquet")
    assert str(schema.field("hedged").type) == "bool" and str(schema.field("char_start").type) == "int64"
    assert str(schema.field("value_low").type) == "double"
    assert invariant_problems(out) == {}


# --- planted errors ------------------------------------------------------------------------


def test_planted_errors_are_listed_and_only_where_listed(with_errors):
    listed = rows(with_errors / "truth" / "errors.csv")
    summary = json.loads((with_errors / "truth" / "summary.json").read_text(encoding="utf-8"))
    assert summary["skipped_errors"] == []
    assert {e["error_kind"] for e in listed} == {k.name for k in CATALOG}
    assert len({(e["table"], e["row"]) for e in listed}) == len(listed)  # one error per row
    for e in listed:
        with (with_errors / "data" / f"{e['table']}.csv").open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            row = next(r for n, r in enumerate(reader, 2) if n == int(e["row"]))
        assert (row[e["field"]] or None) == (e["value"] or None), e
    if validate is None:
        pytest.skip("falseflag.validation is not available")
    report = validate(with_errors)
    found = {(p.table, p.row, p.check) for p in report.problems}
    expected = {(e["table"], int(e["row"]), e["check"]) for e in listed}
    assert expected <= found
    allowed = expected | {(e["table"], int(e["row"]), c) for e in listed for c in (e["also_checks"] or "").split()}
    assert found <= allowed


def test_parquet_drops_only_the_errors_parquet_cannot_hold(tmp_path):
    out = tmp_path / "pq-errors"
    generate(out, articles=80, seed=4, fmt="parquet", plant_errors=True)
    listed = rows(out / "truth" / "errors.csv")
    assert {e["error_kind"] for e in listed} == {k.name for k in CATALOG if k.check != "type"}


# --- writing safely ------------------------------------------------------------------------


def test_refuses_to_overwrite_without_force_and_keeps_files_it_did_not_write(tmp_path):
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SynthError, match="not written by falseflag"):
        generate(out, articles=10)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    generate(out, articles=10, force=True)
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine" and (out / "datapackage.json").is_file()
    with pytest.raises(SynthError, match="already holds a synthetic corpus"):
        generate(out, articles=12)
    generate(out, articles=12, force=True, fmt="parquet")
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "data" / "articles.parquet").is_file() and not (out / "data" / "articles.csv").exists()


def test_a_failure_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(task):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(generate_module, "write_chunk", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        generate(tmp_path / "corpus", articles=30)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "kwargs, message",
    [({"articles": 0}, "positive"), ({"articles": 5, "seed": -1}, "seed"), ({"articles": 5, "fmt": "xlsx"}, "format"),
     ({"articles": 5, "shares": {"drift": 0.5}}, "between"), ({"articles": 5, "shares": {"typo": 0.1}}, "unknown")],
)
def test_bad_arguments_are_refused(tmp_path, kwargs, message):
    with pytest.raises(SynthError, match=message):
        generate(tmp_path / "x", **kwargs)
    assert not (tmp_path / "x").exists()


def test_shares_change_how_much_is_planted(tmp_path):
    none = generate(tmp_path / "none", articles=60, seed=2, shares={k: 0.0 for k in generate_module.DEFAULT_SHARES})
    assert all(v == 0 for v in none.planted.values())
    assert rows(none.out / "truth" / "quote_pairs.csv") == []
    more = generate(tmp_path / "more", articles=60, seed=2, shares={"drift": 0.05})
    assert more.planted["drift"] > generate(tmp_path / "default", articles=60, seed=2).planted["drift"]


# --- command line --------------------------------------------------------------------------


def test_cli_writes_a_corpus_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "cli"
    runner = CliRunner()
    result = runner.invoke(cli, ["synth", str(out), "--articles", "25", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["tables"]["articles"] == 25 and Path(summary["paths"]["truth"]).is_dir()
    again = runner.invoke(cli, ["synth", str(out), "--articles", "25"])
    assert again.exit_code == 1 and "already holds" in again.output and "--force" in again.output
    forced = runner.invoke(cli, ["synth", str(out), "--articles", "30", "--force", "--format", "parquet", "--share", "drift=0.03"])
    assert forced.exit_code == 0, forced.output
    assert "Answer key" in forced.output and (out / "data" / "articles.parquet").is_file()
    bad = runner.invoke(cli, ["synth", str(tmp_path / "bad"), "--articles", "5", "--share", "drift"])
    assert bad.exit_code == 2 and "KIND=SHARE" in bad.output
