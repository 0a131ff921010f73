"""The hedging analyzer: cue spans, boilerplate, negation, density, contrasts and its self-score.

Fixture corpora are built so that the right answer follows from the text; the bundled
corpus is checked for properties that must hold whatever its annotation says.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from builders import Corpus, assert_evidence_matches, assert_valid, run_analyzer, run_on_an_empty_article, undocumented

import falseflag
from falseflag import plugins
from falseflag._bundle import analyzers_dir

DOCS = Path(__file__).resolve().parents[1] / "docs" / "analyzers.md"

LONG = (
    "Officials said troops could cross the border soon. "
    "The report has not been confirmed. "
    "Sign up for our newsletter: you may also like these stories."
)
LONG_BOILERPLATE = "Sign up for our newsletter: you may also like these stories."
SHORT = "Reportedly, the convoy stopped."
NEGATED = (
    "It hasn’t yet been confirmed by Kyiv. The date could not be independently confirmed. "
    "It is not clear who fired. The strike was confirmed by NATO."
)
FLAT = "Troops will cross the border soon, officials said."
MULTI = (
    "According to the ministry, so-called volunteers, more than 100,000 troops and tens of thousands "
    "of reservists are about 20 km away. About the plan, the mayor said nothing."
)
NESTED = "The claims grew. Related stories: it may rain, it might snow. Officials stayed."
UNICODE = "Zelenskyy’s aide — 🇺🇦 — said the cafe\u0301 deal may collapse."
# U+0001 is what matches are set off with in a one-scan cut; a text holding it is cut another way.
CONTROL = "Officials\u0001 said it could \u0001happen, reportedly\u0001."


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    c = Corpus()
    long = c.article("o1", LONG, article_id="long")
    c.boilerplate(long, LONG_BOILERPLATE)
    short = c.article("o1", SHORT, article_id="short")
    negated = c.article("o2", NEGATED, article_id="negated")
    flat = c.article("o2", FLAT, article_id="flat")
    c.article("o3", MULTI, article_id="multi")
    nested = c.article("o4", NESTED, article_id="nested")
    c.boilerplate(nested, "Related stories: it may rain, it might snow.")
    c.boilerplate(nested, "it may rain", kind="related_content")
    c.article("o5", UNICODE, article_id="unicode")
    c.article("o6", CONTROL, article_id="control")

    c.claim("cross-soon", "Troops cross the border soon.")
    c.claim_mention("cross-soon", long, "troops could cross the border soon", hedged=True)
    c.claim_mention("cross-soon", flat, "Troops will cross the border soon")
    c.claim("convoy-stopped", "The convoy stopped.")
    c.claim_mention("convoy-stopped", short, "Reportedly, the convoy stopped", hedged=True)
    c.claim_mention("convoy-stopped", negated, "It hasn’t yet been confirmed by Kyiv", hedged=True)
    # Hedged by o1 but as a denial, stated flatly by o2 as support: different stances.
    c.claim("strike", "The strike happened.")
    c.claim_mention("strike", long, "The report has not been confirmed", stance="denies", hedged=True)
    c.claim_mention("strike", negated, "The strike was confirmed by NATO")
    path = c.write(tmp_path_factory.mktemp("hedging"))
    return c, run_analyzer(path, "hedging")


def rows(result, table):
    return result.tables[table].to_polars().to_dicts()


def spans_of(result, article_id):
    found = sorted((r["char_start"], r["text"], r["cue"], r["category"]) for r in rows(result, "hedge_cue_spans") if r["article_id"] == article_id)
    return [f[1:] for f in found]


def test_every_span_is_the_text_at_its_offsets(fixture):
    corpus, result = fixture
    for r in rows(result, "hedge_cue_spans"):
        assert corpus.texts[r["article_id"]][r["char_start"] : r["char_end"]] == r["text"], r
    assert_evidence_matches(result.findings, corpus.texts)


def test_a_cue_inside_boilerplate_is_not_counted(fixture):
    _, result = fixture
    assert spans_of(result, "long") == [
        ("could", "could", "modal"),
        ("has not been confirmed", "not confirmed", "negated_certainty"),
    ]


def test_nested_boilerplate_spans_leave_out_everything_they_cover(fixture):
    _, result = fixture
    assert spans_of(result, "nested") == [("claims", "claims", "reportive")]
    density = {r["article_id"]: r for r in rows(result, "hedge_density_articles")}["nested"]
    assert density["words"] == len("The claims grew.  Officials stayed.".split()) == 5
    assert density["per_1000_words"] == 200.0


def test_negated_certainty_is_one_span_from_auxiliary_to_verb(fixture):
    _, result = fixture
    assert spans_of(result, "negated") == [
        ("hasn’t yet been confirmed", "not confirmed", "negated_certainty"),
        # One span: the modal inside a negated phrase is not counted on its own.
        ("could not be independently confirmed", "not confirmed", "negated_certainty"),
        ("is not clear", "not clear", "negated_certainty"),
    ]


def test_multi_word_cues_numbers_and_word_boundaries(fixture):
    _, result = fixture
    assert spans_of(result, "multi") == [
        ("According to", "according to", "reportive"),
        ("so-called", "so-called", "distancing"),
        ("more than 100,000", "more than #", "approximator"),
        ("tens of thousands", "tens of #", "approximator"),
        ("about 20", "about #", "approximator"),
    ]
    # 'About the plan' has no number after it and 'mayor' is not 'may'.


def test_offsets_count_code_points(fixture):
    corpus, result = fixture
    [span] = [r for r in rows(result, "hedge_cue_spans") if r["article_id"] == "unicode"]
    assert span["char_start"] == UNICODE.index("may")
    assert corpus.texts["unicode"][span["char_start"] : span["char_end"]] == "may"


def test_a_text_holding_the_cut_mark_is_scanned_all_the_same(fixture):
    corpus, result = fixture
    assert spans_of(result, "control") == [("could", "could", "modal"), ("reportedly", "reportedly", "reportive")]
    assert {r["article_id"]: r["words"] for r in rows(result, "hedge_density_articles")}["control"] == len(CONTROL.split())


def test_density_per_article_counts_words_outside_boilerplate(fixture):
    _, result = fixture
    density = {r["article_id"]: r for r in rows(result, "hedge_density_articles")}
    own_words = len(LONG.replace(LONG_BOILERPLATE, "").split())
    assert own_words == 14
    assert (density["long"]["words"], density["long"]["cues"]) == (14, 2)
    assert density["long"]["per_1000_words"] == round(1000 * 2 / 14, 2) == 142.86
    assert (density["short"]["words"], density["short"]["cues"], density["short"]["per_1000_words"]) == (4, 1, 250.0)


def test_outlet_density_pools_words_and_cues_of_its_articles(fixture):
    _, result = fixture
    o1 = {r["outlet_id"]: r for r in rows(result, "hedge_density_outlets")}["o1"]
    assert (o1["articles"], o1["words"], o1["cues"]) == (2, 18, 3)
    # 3 cues in 18 words, not the mean of 142.86 and 250.
    assert o1["per_1000_words"] == round(1000 * 3 / 18, 2) == 166.67


def test_category_density_adds_up_to_outlet_density(fixture):
    _, result = fixture
    categories = rows(result, "hedge_density_categories")
    per_outlet = {}
    for r in categories:
        per_outlet[r["outlet_id"]] = per_outlet.get(r["outlet_id"], 0) + r["cues"]
    assert per_outlet == {r["outlet_id"]: r["cues"] for r in rows(result, "hedge_density_outlets")}
    o1 = {r["category"]: r["cues"] for r in categories if r["outlet_id"] == "o1"}
    assert (o1["modal"], o1["negated_certainty"], o1["reportive"], o1["adverb"]) == (1, 1, 1, 0)


def test_a_mention_is_hedged_when_a_cue_lies_inside_it(fixture):
    _, result = fixture
    detected = {(r["claim_id"], r["article_id"]): (r["detected_hedged"], r["detected_cues"]) for r in rows(result, "hedge_claim_mentions")}
    assert detected[("cross-soon", "long")] == (True, "could")
    assert detected[("cross-soon", "flat")] == (False, None)
    assert detected[("strike", "negated")] == (False, None)
    assert detected[("convoy-stopped", "short")] == (True, "Reportedly")


def test_share_of_hedged_mentions_per_outlet(fixture):
    _, result = fixture
    shares = {r["outlet_id"]: r for r in rows(result, "hedge_outlet_claims")}
    assert (shares["o1"]["claim_mentions"], shares["o1"]["detected_hedged"], shares["o1"]["detected_share"]) == (3, 3, 1.0)
    assert (shares["o2"]["claim_mentions"], shares["o2"]["detected_hedged"], shares["o2"]["detected_share"]) == (3, 1, 0.333)
    assert (shares["o2"]["gold_hedged"], shares["o2"]["gold_share"]) == (1, 0.333)
    assert shares["o3"]["claim_mentions"] == 0 and shares["o3"]["detected_share"] is None


def test_claim_hedged_by_one_outlet_and_flat_in_another_is_a_contrast(fixture):
    corpus, result = fixture
    contrasts = rows(result, "hedge_contrasts")
    # convoy-stopped: hedged by both; strike: hedged only as a denial, flat only as support.
    assert {r["claim_id"] for r in contrasts} == {"cross-soon"}
    assert {(r["outlet_id"], r["wording"]) for r in contrasts} == {("o1", "hedged"), ("o2", "flat")}
    [finding] = [f for f in result.findings if f.kind == "hedged_vs_flat"]
    assert finding.data["hedged_outlets"] == ["o1"] and finding.data["flat_outlets"] == ["o2"]
    assert "cross-soon" in finding.message and "could" in finding.message
    assert {e.text for e in finding.evidence} == {"troops could cross the border soon", "Troops will cross the border soon"}


# -- the self-score ---------------------------------------------------------------------------

# (sentence, gold hedged, detected): detection follows from the lexicon.
SCORED = [
    ("Troops may cross the border.", True, True),  # TP: may
    ("The attack was reportedly planned.", True, True),  # TP: reportedly
    ("Some officials doubt the plan.", True, False),  # FN: 'some' only before a number
    ("The mayor left the city.", False, False),  # TN: 'mayor' is not 'may'
    ("The claims were repeated.", False, True),  # FP: claims
    ("The army moved north.", False, False),  # TN
    ("Its so-called peacekeepers arrived.", True, True),  # TP: so-called
    ("About the troops, little is said.", True, False),  # FN: 'about' without a number
]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    c = Corpus()
    article = c.article("o1", " ".join(s for s, _, _ in SCORED))
    for i, (sentence, gold, _) in enumerate(SCORED):
        c.claim(f"c{i}")
        c.claim_mention(f"c{i}", article, sentence.rstrip("."), hedged=gold)
    return run_analyzer(c.write(tmp_path_factory.mktemp("scored")), "hedging")


def test_detection_on_the_scored_fixture_is_as_constructed(scored):
    detected = {r["claim_id"]: r["detected_hedged"] for r in rows(scored, "hedge_claim_mentions")}
    assert detected == {f"c{i}": d for i, (_, _, d) in enumerate(SCORED)}


def test_precision_recall_and_f1_against_gold_flags(scored):
    # TP 3, FP 1, FN 2, TN 2: precision 3/4, recall 3/5, F1 2*3 / (2*3 + 1 + 2) = 2/3.
    [score] = rows(scored, "hedge_score")
    assert (score["true_positives"], score["false_positives"], score["false_negatives"], score["true_negatives"]) == (3, 1, 2, 2)
    assert score["claim_mentions"] == 8
    assert score["precision"] == 0.75
    assert score["recall"] == 0.6
    assert score["f1"] == pytest.approx(2 / 3, abs=1e-4)
    confusion = {(r["gold_hedged"], r["detected_hedged"]): r["claim_mentions"] for r in rows(scored, "hedge_confusion")}
    assert confusion == {(True, True): 3, (False, True): 1, (True, False): 2, (False, False): 2}


def test_self_score_is_a_finding_and_in_the_summary(scored):
    [finding] = [f for f in scored.findings if f.kind == "hedge_self_score"]
    assert "precision 0.750, recall 0.600, F1 0.667" in finding.message
    assert "precision 0.750, recall 0.600, F1 0.667" in scored.summary
    # The misses and false alarms are its evidence.
    assert {e.text for e in finding.evidence} == {
        "Some officials doubt the plan",
        "The claims were repeated",
        "About the troops, little is said",
    }


# -- the lexicon as data ----------------------------------------------------------------------

CATEGORIES = {"modal", "epistemic_verb", "epistemic_adjective", "adverb", "reportive", "distancing", "approximator", "negated_certainty"}


def lexicon() -> list[dict[str, str]]:
    with open(analyzers_dir() / "hedging" / "lexicon.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_lexicon_rows_have_a_known_category_and_a_source():
    entries = lexicon()
    cues = [e["cue"] for e in entries]
    assert len(cues) == len(set(cues)), "duplicate cues"
    for e in entries:
        assert e["cue"] == e["cue"].strip().lower(), e
        assert e["category"] in CATEGORIES, e
        assert e["source"].strip(), e
    assert {e["category"] for e in entries} == CATEGORIES
    for cue in ("may", "reportedly", "allegedly", "according to", "so-called", "supposedly", "not confirmed", "about #"):
        assert cue in cues, cue
    assert sum(" " in c for c in cues) >= 10, "multi-word cues"


def test_every_lexicon_cue_is_found_as_itself(tmp_path):
    """Each cue, written out on a line of its own ('#' as a number), is found as that cue."""
    entries = lexicon()
    lines = [e["cue"].replace("#", "100") for e in entries]
    c = Corpus()
    text = "\n".join(f"Line {i}: {line}." for i, line in enumerate(lines))
    c.article("o1", text)
    result = run_analyzer(c.write(tmp_path), "hedging")
    found = {}
    for r in rows(result, "hedge_cue_spans"):
        line = text.count("\n", 0, r["char_start"])
        found.setdefault(line, []).append((r["text"], r["cue"]))
    wrong = {e["cue"]: found.get(i) for i, (e, line) in enumerate(zip(entries, lines)) if found.get(i) != [(line, e["cue"])]}
    assert not wrong, wrong


def test_a_cue_added_to_the_lexicon_file_is_found_when_the_sql_runs(tmp_path):
    """The documented way to extend the lexicon: add a row to lexicon.csv and run the SQL."""
    folder = tmp_path / "hedging"
    shutil.copytree(analyzers_dir() / "hedging", folder)
    with open(folder / "lexicon.csv", "a", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerow(["in all likelihood", "adverb", "test", ""])
    c = Corpus()
    c.article("o1", "In all likelihood the talks will fail.")
    con = falseflag.connect(c.write(tmp_path / "package"), allow_writes=folder)  # the query may read the edited folder
    con.execute(f"SET VARIABLE data_folder = '{folder}'")
    for path in plugins.get_analyzers()["hedging"].sql_files:
        con.execute((folder / Path(path).name).read_text(encoding="utf-8"))
    assert con.sql("SELECT text, cue, category FROM hedge_cue_spans").fetchall() == [("In all likelihood", "in all likelihood", "adverb")]


# -- the bundled corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    con = falseflag.connect()
    texts = dict(con.sql("SELECT article_id, text FROM articles").fetchall())
    boilerplate = con.sql("SELECT article_id, char_start, char_end FROM boilerplate").fetchall()
    con.close()
    return texts, boilerplate, run_analyzer(None, "hedging")


def test_bundled_spans_and_evidence_are_the_article_text(bundled):
    texts, _, result = bundled
    spans = rows(result, "hedge_cue_spans")
    assert spans
    for r in spans:
        assert texts[r["article_id"]][r["char_start"] : r["char_end"]] == r["text"], r
    assert_evidence_matches(result.findings, texts)


def test_bundled_spans_lie_outside_boilerplate(bundled):
    _, boilerplate, result = bundled
    for r in rows(result, "hedge_cue_spans"):
        for article_id, start, end in boilerplate:
            if article_id == r["article_id"]:
                assert r["char_end"] <= start or r["char_start"] >= end, (r, start, end)


def test_bundled_density_is_positive_for_every_article(bundled):
    texts, _, result = bundled
    density = rows(result, "hedge_density_articles")
    assert {r["article_id"] for r in density} == set(texts)
    for r in density:
        assert r["cues"] > 0 and r["per_1000_words"] > 0, r
        assert r["per_1000_words"] == pytest.approx(1000 * r["cues"] / r["words"], abs=0.0051)


def test_bundled_detection_follows_the_spans_and_the_score_follows_the_outcomes(bundled):
    _, _, result = bundled
    spans = rows(result, "hedge_cue_spans")
    mentions = rows(result, "hedge_claim_mentions")
    for m in mentions:
        inside = [s for s in spans if s["article_id"] == m["article_id"] and m["char_start"] <= s["char_start"] and s["char_end"] <= m["char_end"]]
        assert m["detected_hedged"] == bool(inside), m
    tp = sum(m["gold_hedged"] and m["detected_hedged"] for m in mentions)
    fp = sum(not m["gold_hedged"] and m["detected_hedged"] for m in mentions)
    fn = sum(m["gold_hedged"] and not m["detected_hedged"] for m in mentions)
    [score] = rows(result, "hedge_score")
    assert (score["true_positives"], score["false_positives"], score["false_negatives"]) == (tp, fp, fn)
    assert score["precision"] == pytest.approx(tp / (tp + fp), abs=1e-4)
    assert score["recall"] == pytest.approx(tp / (tp + fn), abs=1e-4)
    assert score["f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn), abs=1e-4)


def test_bundled_summary_prints_the_self_score(bundled):
    _, _, result = bundled
    [score] = rows(result, "hedge_score")
    line = f"precision {score['precision']:.3f}, recall {score['recall']:.3f}, F1 {score['f1']:.3f}"
    assert f"Self-score against gold hedged flags: {line}" in result.summary
    assert sum(f.kind == "hedge_self_score" for f in result.findings) == 1


def test_bundled_lexicon_table_is_the_lexicon_file(bundled):
    _, _, result = bundled
    assert [(r["cue"], r["category"]) for r in rows(result, "hedge_lexicon")] == [(e["cue"], e["category"]) for e in lexicon()]


def test_docs_name_every_table_column_and_finding_kind(bundled):
    _, _, result = bundled
    missing = undocumented(result, DOCS)
    assert not missing, f"docs/analyzers.md does not describe: {missing}"


def test_the_fixture_corpus_is_valid(fixture):
    corpus, _ = fixture
    assert_valid(corpus)


def test_runs_on_an_article_without_quotes_or_claims(tmp_path):
    result = run_on_an_empty_article(tmp_path, "hedging")
    assert result.summary
    assert [f.kind for f in result.findings] == ["hedge_self_score"]
    assert "no claim mentions to score" in result.summary
