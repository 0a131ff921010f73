"""The agreement analyzer: coverage, corroboration, contradictions, numbers and dates, outlet pairs, first reports.

The fixture corpus gives each claim to a chosen set of outlets, stances, values and
publication dates, so every expected number below follows from its construction.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from builders import Corpus, assert_evidence_matches, assert_valid, run_analyzer, run_on_an_empty_article, undocumented

import falseflag

DOCS = Path(__file__).resolve().parents[1] / "docs" / "analyzers.md"

# article_id: (outlet, published, [(claim_id, sentence, claim_mention options)])
ARTICLES = {
    "a1": ("o1", "2022-02-03", [
        ("single", "Only this outlet reports the drill.", {}),
        ("two", "Two outlets report the blackout.", {}),
        ("three", "Three outlets report the shelling.", {}),
        ("three", "The shelling went on overnight.", {}),
        ("contested", "A false flag attack is being prepared.", {}),
        ("troops", "Some 100,000 troops are at the border.", {"value_low": 100000, "value_high": 100000}),
        ("tanks", "Five tanks crossed.", {"value_low": 5, "value_high": 5}),
        ("range", "Between 100,000 and 150,000 reservists were called up.", {"value_low": 100000, "value_high": 150000}),
        ("precise", "The fund holds 1,234,567 dollars.", {"value_low": 1234567, "value_high": 1234567}),
        ("attack-date", "The attack is set for February 16, 2022.", {"period_start": "2022-02-16", "period_end": "2022-02-16"}),
        ("month", "Talks are due in February 2022.", {"period_start": "2022-02", "period_end": "2022-02"}),
        ("yearless", "The deadline is February 16.", {"period_start": "--02-16", "period_end": "--02-16"}),
    ]),
    "a2": ("o2", "2022-02-04", [
        ("two", "The blackout hit two cities.", {}),
        ("three", "Shelling was reported near the town.", {}),
        ("contested", "Dmitry Peskov denied that any attack is being prepared.", {"stance": "denies", "voice": "source", "source_entity": "peskov"}),
        ("troops", "As many as 130,000 troops are there.", {"value_low": 130000, "value_high": 130000}),
        ("range", "About 120,000 reservists were called up.", {"value_low": 120000, "value_high": 120000}),
        ("open", "More than 100,000 soldiers arrived.", {"value_low": 100000}),
        ("attack-date", "The attack was planned for February 20, 2022.", {"period_start": "2022-02-20", "period_end": "2022-02-20"}),
        ("yearless", "The deadline is 16 February 2022.", {"period_start": "2022-02-16", "period_end": "2022-02-16"}),
        ("partly-dated", "The envoy left.", {}),
    ]),
    "a3": ("o3", "2022-02-03", [
        ("three", "The town was shelled.", {}),
        ("tanks", "5 tanks crossed the line.", {"value_low": 5, "value_high": 5}),
        ("open", "Some 90,000 soldiers arrived.", {"value_low": 90000, "value_high": 90000}),
        ("precise", "The fund holds 1,234,568 dollars.", {"value_low": 1234568, "value_high": 1234568}),
        ("month", "Talks begin on February 16.", {"period_start": "2022-02-16", "period_end": "2022-02-16"}),
        # One outlet on both sides of a claim nobody else reports.
        ("self-contested", "The bridge was blown up.", {}),
        ("self-contested", "Officials deny the bridge was blown up.", {"stance": "denies"}),
    ]),
    "a4": ("o2", None, [
        ("partly-dated", "The envoy has gone home.", {}),
        ("undated", "An undated report of a fire.", {}),
    ]),
}

ARTICLES_CLAIMS = {claim for _, _, sentences in ARTICLES.values() for claim, _, _ in sentences}


def build(articles) -> Corpus:
    c = Corpus()
    c.entity("peskov", "Dmitry Peskov")
    for article_id, (outlet, published, sentences) in articles.items():
        c.article(outlet, " ".join(s for _, s, _ in sentences), article_id=article_id, published=published)
        for claim_id, sentence, options in sentences:
            if not any(r["claim_id"] == claim_id for r in c.rows["claims"]):
                c.claim(claim_id)
            c.claim_mention(claim_id, article_id, sentence.rstrip("."), **options)
    return c


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    c = build(ARTICLES)
    return c, run_analyzer(c.write(tmp_path_factory.mktemp("agreement")), "agreement")


def rows(result, table):
    return result.tables[table].to_polars().to_dicts()


def by(key, records):
    return {r[key]: r for r in records}


def test_evidence_is_the_article_text(fixture):
    corpus, result = fixture
    assert_evidence_matches(result.findings, corpus.texts)


def test_corroboration_counts_outlets_articles_and_mentions(fixture):
    _, result = fixture
    claims = by("claim_id", rows(result, "agreement_claims"))
    assert [claims["three"][k] for k in ("outlets", "articles", "mentions", "outlet_ids", "single_outlet")] == [3, 3, 4, ["o1", "o2", "o3"], False]
    assert [claims["two"][k] for k in ("outlets", "articles", "mentions", "outlet_ids", "single_outlet")] == [2, 2, 2, ["o1", "o2"], False]
    # Two articles of one outlet are still one outlet.
    assert [claims["partly-dated"][k] for k in ("outlets", "articles", "single_outlet")] == [1, 2, True]
    assert claims["single"]["single_outlet"] and claims["single"]["outlet_ids"] == ["o1"]


def test_single_outlet_claims_are_a_finding_per_outlet(fixture):
    _, result = fixture
    claims = rows(result, "agreement_claims")
    single = {r["claim_id"] for r in claims if r["single_outlet"]}
    assert single == {"single", "self-contested", "partly-dated", "undated"}
    findings = {f.data["outlet_id"]: f for f in result.findings if f.kind == "single_outlet_claim"}
    assert {k: f.data["claim_ids"] for k, f in findings.items()} == {
        "o1": ["single"],
        "o2": ["partly-dated", "undated"],
        "o3": ["self-contested"],
    }
    assert [e.text for e in findings["o1"].evidence] == ["Only this outlet reports the drill"]


def test_coverage_matrix_cells_and_stances(fixture):
    _, result = fixture
    cells = {(r["claim_id"], r["outlet_id"]): r for r in rows(result, "agreement_coverage")}
    assert (cells[("three", "o1")]["mentions"], cells[("three", "o1")]["stance"]) == (2, "supports")
    assert cells[("contested", "o2")]["stance"] == "denies"
    assert [cells[("self-contested", "o3")][k] for k in ("supports", "denies", "stance")] == [1, 1, "both"]
    assert ("single", "o2") not in cells
    matrix = by("claim_id", rows(result, "agreement_matrix"))
    assert set(result.tables["agreement_matrix"].columns) == {"claim_id", "o1", "o2", "o3"}
    assert matrix["contested"] == {"claim_id": "contested", "o1": "supports", "o2": "denies", "o3": None}
    assert len(matrix) == len(ARTICLES_CLAIMS)



def test_wide_matrix_is_left_out_above_the_outlet_limit(fixture, tmp_path, monkeypatch):
    from falseflag.builtin import agreement

    corpus, _ = fixture
    monkeypatch.setattr(agreement, "MATRIX_MAX_OUTLETS", 2)
    result = run_analyzer(corpus.folder, "agreement")
    assert "agreement_matrix" not in result.tables
    assert len(rows(result, "agreement_coverage")) > 0
    assert "Coverage of 3 outlets is in agreement_coverage" in result.summary


def test_supported_by_one_outlet_and_denied_in_another_is_a_contradiction(fixture):
    _, result = fixture
    contradictions = rows(result, "agreement_contradictions")
    # self-contested: one outlet reports both sides, which is no disagreement between outlets.
    assert [(r["claim_id"], r["denying_outlet"], r["denied_by"], r["supporting_outlets"]) for r in contradictions] == [
        ("contested", "o2", "Dmitry Peskov", ["o1"])
    ]
    [finding] = [f for f in result.findings if f.kind == "contradiction"]
    assert "Dmitry Peskov (reported by o2)" in finding.message
    assert {e.text for e in finding.evidence} == {
        "Dmitry Peskov denied that any attack is being prepared",
        "A false flag attack is being prepared",
    }


def checks(result):
    return {(r["claim_id"], r["measure"]): r for r in rows(result, "agreement_value_checks")}


def test_100000_against_130000_troops_is_a_discrepancy(fixture):
    _, result = fixture
    check = checks(result)[("troops", "quantity")]
    assert [check[k] for k in ("status", "outlets", "low_outlet", "high_outlet")] == ["discrepancy", 2, "o1", "o2"]
    [finding] = [f for f in result.findings if f.kind == "quantity_discrepancy" and f.data["claim_id"] == "troops"]
    assert [e.text for e in finding.evidence] == ["Some 100,000 troops are at the border", "As many as 130,000 troops are there"]
    assert "o1 100000" in finding.message and "o2 130000" in finding.message


def test_value_statuses(fixture):
    _, result = fixture
    status = {key: r["status"] for key, r in checks(result).items()}
    assert status == {
        ("troops", "quantity"): "discrepancy",
        ("tanks", "quantity"): "agreement",
        ("range", "quantity"): "overlap",  # 120,000 lies in 100,000-150,000
        ("open", "quantity"): "discrepancy",  # more than 100,000 against 90,000
        ("precise", "quantity"): "discrepancy",
        ("attack-date", "period"): "discrepancy",
        ("month", "period"): "overlap",  # February 2022 holds February 16
        ("yearless", "period"): "agreement",
    }
    assert checks(result)[("yearless", "period")]["month_day_only"] is True
    assert checks(result)[("attack-date", "period")]["month_day_only"] is False


def test_date_discrepancy_finding(fixture):
    _, result = fixture
    [finding] = [f for f in result.findings if f.kind == "date_discrepancy"]
    assert finding.data["claim_id"] == "attack-date"
    assert (finding.data["low_stated"], finding.data["high_stated"]) == ("2022-02-16", "2022-02-20")


def test_agreeing_values_are_a_finding(fixture):
    _, result = fixture
    agreed = {f.data["claim_id"]: f for f in result.findings if f.kind == "value_agreement"}
    assert set(agreed) == {"tanks", "yearless"}
    assert agreed["tanks"].data["outlets"] == ["o1", "o3"]
    assert "compared by month and day" in agreed["yearless"].message


def test_stated_values_keep_every_digit(fixture):
    """1,234,567 and 1,234,568 disagree, and the finding must say which numbers they are."""
    _, result = fixture
    check = checks(result)[("precise", "quantity")]
    assert float(check["low_stated"].replace(",", "")) == 1234567
    assert float(check["high_stated"].replace(",", "")) == 1234568
    [finding] = [f for f in result.findings if f.kind == "quantity_discrepancy" and f.data["claim_id"] == "precise"]
    assert finding.data["low_stated"] != finding.data["high_stated"], finding.message


def test_earliest_article_by_published_date(fixture):
    _, result = fixture
    first = by("claim_id", rows(result, "agreement_first_reports"))
    three = first["three"]
    assert three["earliest_published"] == dt.date(2022, 2, 3)
    assert (three["earliest_articles"], three["earliest_outlets"]) == (["a1", "a3"], ["o1", "o3"])
    assert (three["dated_articles"], three["undated_articles"]) == (3, 0)
    assert three["first_report"] == "2022-02-03 (a1, a3)"
    assert first["contested"]["earliest_articles"] == ["a1"]


def test_earliest_article_is_unknown_when_an_undated_article_may_be_earlier(fixture):
    _, result = fixture
    first = by("claim_id", rows(result, "agreement_first_reports"))
    partly = first["partly-dated"]
    assert (partly["earliest_published"], partly["dated_articles"], partly["undated_articles"]) == (dt.date(2022, 2, 4), 1, 1)
    assert partly["first_report"].startswith("unknown:")
    undated = first["undated"]
    assert undated["earliest_published"] is None and undated["first_report"].startswith("unknown:")


# -- outlet pairs -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    # o1 reports c1 c2 c3; o2 reports c2 c3 c4 and denies c3; o3 reports c5 only.
    articles = {
        "p1": ("o1", None, [("c1", "One.", {}), ("c2", "Two.", {}), ("c3", "Three.", {})]),
        "p2": ("o2", None, [("c2", "Two again.", {}), ("c3", "Not three.", {"stance": "denies"}), ("c4", "Four.", {})]),
        "p3": ("o3", None, [("c5", "Five.", {})]),
    }
    return run_analyzer(build(articles).write(tmp_path_factory.mktemp("pairs")), "agreement")


def test_pairwise_jaccard_computed_by_hand(pairs):
    found = {(r["outlet_a"], r["outlet_b"]): r for r in rows(pairs, "agreement_outlet_pairs")}
    o1_o2 = found[("o1", "o2")]
    # Shared {c2, c3} of {c1, c2, c3, c4}; they take the same stance on c2 only.
    assert [o1_o2[k] for k in ("claims_a", "claims_b", "shared", "jaccard", "same_stance", "same_stance_share")] == [3, 3, 2, 0.5, 1, 0.5]
    assert [found[("o1", "o3")][k] for k in ("shared", "jaccard", "same_stance_share")] == [0, 0.0, None]
    assert found[("o2", "o3")]["jaccard"] == 0.0
    assert len(found) == 3
    assert "Closest outlets: o1 and o2 (Jaccard 0.5, same stance on 1 of 2 shared claims)." in pairs.summary


# -- the bundled corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    con = falseflag.connect()
    texts = dict(con.sql("SELECT article_id, text FROM articles").fetchall())
    mentions = con.sql("SELECT claim_id, article_id FROM claim_mentions").fetchall()
    outlets = dict(con.sql("SELECT article_id, outlet_id FROM articles").fetchall())
    con.close()
    return texts, mentions, outlets, run_analyzer(None, "agreement")


def test_bundled_evidence_is_the_article_text(bundled):
    texts, _, _, result = bundled
    assert result.findings
    assert_evidence_matches(result.findings, texts)


def test_bundled_corroboration_matches_the_claim_mentions(bundled):
    _, mentions, outlets, result = bundled
    expected = {}
    for claim_id, article_id in mentions:
        expected.setdefault(claim_id, set()).add(outlets[article_id])
    claims = by("claim_id", rows(result, "agreement_claims"))
    assert {k: r["outlets"] for k, r in claims.items() if r["outlets"]} == {k: len(v) for k, v in expected.items()}
    for r in claims.values():
        assert r["single_outlet"] == (r["outlets"] == 1)


def test_bundled_jaccard_follows_the_coverage(bundled):
    _, _, _, result = bundled
    covered = {}
    for r in rows(result, "agreement_coverage"):
        covered.setdefault(r["outlet_id"], set()).add(r["claim_id"])
    for r in rows(result, "agreement_outlet_pairs"):
        a, b = covered[r["outlet_a"]], covered[r["outlet_b"]]
        assert r["shared"] == len(a & b)
        assert r["jaccard"] == round(len(a & b) / len(a | b), 3)


def test_bundled_discrepancies_do_not_overlap(bundled):
    _, _, _, result = bundled
    values = {(r["claim_id"], r["measure"], r["outlet_id"]): r for r in rows(result, "agreement_values")}
    for check in rows(result, "agreement_value_checks"):
        if check["status"] == "discrepancy":
            low = values[(check["claim_id"], check["measure"], check["low_outlet"])]
            high = values[(check["claim_id"], check["measure"], check["high_outlet"])]
            assert low["hi"] < high["lo"], check


def test_docs_name_every_table_column_and_finding_kind(fixture):
    _, result = fixture
    missing = undocumented(result, DOCS)
    # The matrix has one column per outlet of the corpus.
    missing = [m for m in missing if not m.startswith("column agreement_matrix.o")]
    assert not missing, f"docs/analyzers.md does not describe: {missing}"


def test_documented_duckdb_program_workflow_gives_the_same_tables(tmp_path):
    """Runs the shell block of docs/analyzers.md as written, then compares its tables with Python's."""
    page = DOCS.read_text(encoding="utf-8")
    section = page[page.index("## Running the SQL with the duckdb program") :]
    script = section[section.index("```sh\n") + len("```sh\n") : section.index("\n```", section.index("```sh\n"))]
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(tmp_path / "corpus.duckdb"), read_only=True)
    run = falseflag.analyze(["hedging", "attribution", "agreement"])
    for analyzer, table in (("hedging", "hedge_score"), ("attribution", "attribution_conflicts"), ("agreement", "agreement_claims")):
        expected = run.results[analyzer].tables[table].arrow.to_pylist()
        found = falseflag.ResultTable.from_relation(table, con.sql(f"SELECT * FROM {table}")).arrow.to_pylist()
        assert expected and sorted(map(repr, found)) == sorted(map(repr, expected)), table
    con.close()


def test_the_fixture_corpus_is_valid(fixture):
    corpus, _ = fixture
    assert_valid(corpus)


def test_runs_on_an_article_without_quotes_or_claims(tmp_path):
    result = run_on_an_empty_article(tmp_path, "agreement")
    assert result.summary
    assert [f.kind for f in result.findings] == []
    assert result.tables["agreement_claims"].num_rows == 0
