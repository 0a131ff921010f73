"""The attribution analyzer: source mix, anonymous claims, reporting verbs, relays, conflicts, drift, titles.

Two fixture corpora: one whose counts are small enough to check by hand (sources, verbs,
anonymity), one of quotes that are or are not the same statement in different outlets
(conflicts, drift, relays, titles). The bundled corpus is checked for properties.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from builders import Corpus, assert_evidence_matches, assert_valid, run_analyzer, run_on_an_empty_article, undocumented

import falseflag
from falseflag._bundle import analyzers_dir

DOCS = Path(__file__).resolve().parents[1] / "docs" / "analyzers.md"


def rows(result, table):
    return result.tables[table].to_polars().to_dicts()


def by(key, records):
    return {r[key]: r for r in records}


# -- sources, verbs and anonymity: counts checked by hand -------------------------------------

S1 = (
    "Jen Psaki said the talks failed. An official claimed the army moved. "
    "The ministry told reporters that the border is closed. CNN reported the strike. "
    "A banner read “go home”. Another official has repeatedly denied the strike."
)
S2 = "Officials whispered that the army moved. Kirby said the talks failed."


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    c = Corpus()
    s1 = c.article("o1", S1, article_id="s1")
    psaki = c.quote(s1, "the talks failed", source_type="named_person", speaker="Jen Psaki", speaker_entity="psaki", cue="said")
    official = c.quote(s1, "the army moved", source_type="anonymous", speaker="An official", cue="claimed")
    c.quote(s1, "the border is closed", source_type="organization", speaker="The ministry", cue="told reporters")
    cnn = c.quote(s1, "the strike", source_type="media_outlet", speaker="CNN", cue="reported")
    c.quote(s1, "go home", source_type="unattributed")
    denial = c.quote(s1, "the strike", nth=2, source_type="anonymous", speaker="Another official", cue="has repeatedly denied")
    s2 = c.article("o2", S2, article_id="s2")
    officials = c.quote(s2, "the army moved", source_type="anonymous", speaker="Officials", cue="whispered")
    kirby = c.quote(s2, "the talks failed", source_type="named_person", speaker="Kirby", speaker_entity="kirby", cue="said")

    # Only ever credited to anonymous sources, by both outlets.
    c.claim("army-moved")
    c.claim_mention("army-moved", s1, "An official claimed the army moved", voice="source", quote=official)
    c.claim_mention("army-moved", s2, "Officials whispered that the army moved", voice="source", quote=officials)
    c.claim("talks-failed")
    c.claim_mention("talks-failed", s1, "Jen Psaki said the talks failed", voice="source", quote=psaki)
    c.claim_mention("talks-failed", s2, "Kirby said the talks failed", voice="source", quote=kirby)
    # One anonymous and one named source in the same outlet.
    c.claim("strike")
    c.claim_mention("strike", s1, "CNN reported the strike", voice="source", quote=cnn)
    c.claim_mention("strike", s1, "Another official has repeatedly denied the strike", voice="source", quote=denial, stance="denies")
    # The outlet's own voice: not credited to a source.
    c.claim("border-closed")
    c.claim_mention("border-closed", s1, "the border is closed")
    return c, run_analyzer(c.write(tmp_path_factory.mktemp("sources")), "attribution")


def test_source_mix_per_outlet(sources):
    _, result = sources
    mix = by("outlet_id", rows(result, "attribution_source_mix"))
    o1, o2 = mix["o1"], mix["o2"]
    assert [o1[k] for k in ("quotes", "named_person", "anonymous", "organization", "media_outlet", "unattributed")] == [6, 1, 2, 1, 1, 1]
    assert (o1["named_person_share"], o1["anonymous_share"], o1["unattributed_share"]) == (0.167, 0.333, 0.167)
    assert [o2[k] for k in ("quotes", "named_person", "anonymous", "organization")] == [2, 1, 1, 0]
    assert (o2["named_person_share"], o2["anonymous_share"], o2["organization_share"]) == (0.5, 0.5, 0.0)


def test_claims_resting_only_on_anonymous_sources(sources):
    _, result = sources
    claims = by("claim_id", rows(result, "attribution_claim_sources"))
    assert set(claims) == {"army-moved", "talks-failed", "strike"}  # border-closed is in the outlet's voice
    assert [claims["army-moved"][k] for k in ("source_mentions", "anonymous_mentions", "outlets", "anonymous_only")] == [2, 2, 2, True]
    assert [claims["strike"][k] for k in ("source_mentions", "anonymous_mentions", "outlets", "anonymous_only")] == [2, 1, 1, False]
    assert [claims["talks-failed"][k] for k in ("anonymous_mentions", "anonymous_only")] == [0, False]
    outlets = by("outlet_id", rows(result, "attribution_outlet_anonymity"))
    assert [outlets["o1"][k] for k in ("sourced_claims", "anonymous_only_claims", "anonymous_only_share")] == [3, 1, 0.333]
    assert [outlets["o2"][k] for k in ("sourced_claims", "anonymous_only_claims", "anonymous_only_share")] == [2, 1, 0.5]


def test_anonymous_only_finding(sources):
    corpus, result = sources
    [finding] = [f for f in result.findings if f.kind == "anonymous_only_claim"]
    assert finding.data["claim_id"] == "army-moved"
    assert finding.data["outlets"] == ["o1", "o2"]
    assert finding.data["sources"] == ["An official", "Officials"]
    assert {e.text for e in finding.evidence} == {"An official claimed the army moved", "Officials whispered that the army moved"}
    assert_evidence_matches(result.findings, corpus.texts)
    assert "Claims resting only on anonymous sources: 1 of 3 credited to a source" in result.summary


def test_reporting_verbs_neutral_loaded_and_unclassified(sources):
    _, result = sources
    uses = {(r["article_id"], r["cue"]): (r["verb"], r["verb_class"]) for r in rows(result, "attribution_verb_uses")}
    assert uses == {
        ("s1", "said"): ("said", "neutral"),
        ("s1", "claimed"): ("claimed", "loaded"),
        ("s1", "told reporters"): ("told", "neutral"),
        ("s1", "reported"): ("reported", "neutral"),
        ("s1", "has repeatedly denied"): ("denied", "neutral"),
        ("s2", "whispered"): (None, "unclassified"),
        ("s2", "said"): ("said", "neutral"),
    }
    mix = by("outlet_id", rows(result, "attribution_verb_mix"))
    assert [mix["o1"][k] for k in ("cues", "neutral", "loaded", "unclassified", "loaded_share", "loaded_verbs")] == [5, 4, 1, 0, 0.2, ["claimed"]]
    # The share is of classified cues: 0 loaded of 1.
    assert [mix["o2"][k] for k in ("cues", "neutral", "loaded", "unclassified", "loaded_share")] == [2, 1, 0, 1, 0.0]


def test_loaded_verb_finding_points_at_the_cue(sources):
    _, result = sources
    [finding] = [f for f in result.findings if f.kind == "loaded_verbs"]
    assert finding.data["outlet_id"] == "o1"
    assert [e.text for e in finding.evidence] == ["claimed"]


def test_verb_lexicon_is_data_with_two_classes():
    with open(analyzers_dir() / "attribution" / "verbs.csv", newline="", encoding="utf-8") as fh:
        entries = list(csv.DictReader(fh))
    verbs = [e["verb"] for e in entries]
    assert len(verbs) == len(set(verbs))
    assert {e["class"] for e in entries} == {"neutral", "loaded"}
    assert all(e["source"].strip() for e in entries)
    classes = {e["verb"]: e["class"] for e in entries}
    assert (classes["said"], classes["according to"], classes["claimed"], classes["admitted"]) == ("neutral", "neutral", "loaded", "loaded")


# -- the same statement in different outlets ---------------------------------------------------

OPERATIVES = "The operatives are trained in urban warfare and in using explosives against their own proxies."
PRETEXT = "Moscow has been building a pretext for months now across the whole region."
PRETEXT_FUZZY = "moscow has been building a pretext for many months now, across the whole region."
SULLIVAN = "We are ready either way, and we will stand with our allies in every scenario."
SAME_OUTLET = "The sanctions package will be announced before the end of the coming week."
AFRAID_A = "We are deeply afraid of the coming days and expect worse"
AFRAID_B = "We are deeply afraid of the coming days and expect the worst"
INVASION_A = "a pretext for an invasion including through sabotage activities and information operations"
INVASION_B = "a pretext for invasion including through sabotage activities and information operations"
PARAPHRASE_A = "the Kremlin wants a pretext to invade Ukraine next week"
PARAPHRASE_B = "officials believe the Kremlin wants an excuse to move into Ukraine soon"
FIRMLY = "We will respond firmly to any aggression from abroad without any delay"
DECISIVELY = "We will respond decisively to any aggression from abroad without any delay"
CONVOY_A = "the convoy would reach the capital within two days"
CONVOY_B = "the convoy would reach the capital within three days"
BRIDGES = "Engineers have been surveying the river crossings north of the border for weeks."
HARBOUR = "The fleet will leave the harbour as soon as the ice on the northern coast breaks."


def pair(c: Corpus, quote_a: tuple, quote_b: tuple) -> tuple[str, str]:
    """Two articles quoting once each; a side is (outlet, article_id, text, quoted words, quote options)."""
    ids = []
    for outlet, article_id, text, words, options in (quote_a, quote_b):
        article = c.article(outlet, text, article_id=article_id)
        ids.append(c.quote(article, words, **options))
    return ids[0], ids[1]


def named(name, entity, cue="said", **more):
    return {"source_type": "named_person", "speaker": name, "speaker_entity": entity, "cue": cue, **more}


@pytest.fixture(scope="module")
def statements(tmp_path_factory):
    c = Corpus()
    ids = {}
    ids["type"] = pair(
        c,
        ("o1", "o1-operatives", f"Jen Psaki, the White House press secretary, said: “{OPERATIVES}”", OPERATIVES, named("Jen Psaki", "psaki")),
        ("o2", "o2-operatives", f"An anonymous official told reporters: “{OPERATIVES}”", OPERATIVES,
         {"source_type": "anonymous", "speaker": "An anonymous official", "cue": "told reporters"}),
    )
    c.title("psaki", "o1-operatives", "White House press secretary")
    ids["speaker"] = pair(
        c,
        ("o1", "o1-pretext", f"Ned Price said: “{PRETEXT}”", PRETEXT, named("Ned Price", "price")),
        ("o3", "o3-pretext", f"John Kirby, the Pentagon press secretary, said: “{PRETEXT_FUZZY}”", PRETEXT_FUZZY, named("John Kirby", "kirby")),
    )
    c.title("kirby", "o3-pretext", "Pentagon press secretary")
    ids["same_speaker"] = pair(
        c,
        ("o1", "o1-sullivan", f"Jake Sullivan, the national security adviser, said: “{SULLIVAN}”", SULLIVAN, named("Jake Sullivan", "sullivan")),
        ("o2", "o2-sullivan", f"Jake Sullivan, the National Security Advisor, said: “{SULLIVAN}”", SULLIVAN, named("Jake Sullivan", "sullivan")),
    )
    c.title("sullivan", "o1-sullivan", "national security adviser")
    c.title("sullivan", "o2-sullivan", "National Security Advisor")
    ids["same_outlet"] = pair(
        c,
        ("o2", "o2-sanctions-1", f"Ursula von der Leyen said: “{SAME_OUTLET}”", SAME_OUTLET, named("Ursula von der Leyen", "vdl")),
        ("o2", "o2-sanctions-2", f"Charles Michel said: “{SAME_OUTLET}”", SAME_OUTLET, named("Charles Michel", "michel")),
    )
    hackers = {"source_type": "anonymous", "speaker": "Hackers", "cue": "wrote"}
    ids["drift_end"] = pair(
        c,
        ("o1", "o1-afraid", f"Hackers wrote: “{AFRAID_A}.”", AFRAID_A, hackers),
        ("o2", "o2-afraid", f"Hackers wrote: “{AFRAID_B}.”", AFRAID_B, hackers),
    )
    ids["drift_middle"] = pair(
        c,
        ("o1", "o1-invasion", f"Sullivan warned of “{INVASION_A}”.", f"“{INVASION_A}”", named("Sullivan", "sullivan", "warned", kind="mixed")),
        ("o3", "o3-invasion", f"Sullivan warned of “{INVASION_B}”.", f"“{INVASION_B}”", named("Sullivan", "sullivan", "warned", kind="mixed")),
    )
    ids["paraphrase"] = pair(
        c,
        ("o1", "o1-paraphrase", f"Officials said {PARAPHRASE_A}.", PARAPHRASE_A, {"kind": "indirect", "source_type": "anonymous", "speaker": "Officials"}),
        ("o3", "o3-paraphrase", f"A diplomat said {PARAPHRASE_B}.", PARAPHRASE_B, {"kind": "indirect", "source_type": "anonymous", "speaker": "A diplomat"}),
    )
    ids["drift_same_outlet"] = pair(
        c,
        ("o3", "o3-firmly", f"Sergei Lavrov said: “{FIRMLY}.”", FIRMLY, named("Sergei Lavrov", "lavrov")),
        ("o3", "o3-decisively", f"Sergei Lavrov said: “{DECISIVELY}.”", DECISIVELY, named("Sergei Lavrov", "lavrov")),
    )
    ministry = {"kind": "indirect", "source_type": "organization", "speaker": "The ministry", "cue": "said"}
    ids["indirect"] = pair(
        c,
        ("o1", "o1-convoy", f"The ministry said {CONVOY_A}.", CONVOY_A, ministry),
        ("o2", "o2-convoy", f"The ministry said {CONVOY_B}.", CONVOY_B, ministry),
    )
    # Anonymous sources are told apart by their descriptions: 'a senior official' and 'a
    # Western diplomat' are two sources, 'a senior official' and 'officials' may be one.
    ids["anonymous_speakers"] = pair(
        c,
        ("o1", "o1-bridges", f"A senior official said: “{BRIDGES}”", BRIDGES,
         {"source_type": "anonymous", "speaker": "A senior official", "cue": "said"}),
        ("o3", "o3-bridges", f"A Western diplomat said: “{BRIDGES}”", BRIDGES,
         {"source_type": "anonymous", "speaker": "A Western diplomat", "cue": "said"}),
    )
    ids["anonymous_same"] = pair(
        c,
        ("o1", "o1-harbour", f"A senior official said: “{HARBOUR}”", HARBOUR,
         {"source_type": "anonymous", "speaker": "A senior official", "cue": "said"}),
        ("o2", "o2-harbour", f"Officials said: “{HARBOUR}”", HARBOUR,
         {"source_type": "anonymous", "speaker": "Officials", "cue": "said"}),
    )

    # Relays: through an agency, and through an outlet quoting a person (a nested quote).
    relay = c.article("o1", "According to AP, Jen Psaki said the plan was “very much alive”.", article_id="o1-relay")
    ids["relay"] = c.quote(relay, "very much alive", kind="direct", relay="AP", relay_entity="ap", **named("Jen Psaki", "psaki"))
    nested = c.article("o2", "CNN reported that Psaki told the network: “The invasion could come at any moment now.”", article_id="o2-nested")
    parent = c.quote(
        nested, "Psaki told the network: “The invasion could come at any moment now.”", kind="indirect",
        source_type="media_outlet", speaker="CNN", speaker_entity="cnn", cue="reported",
    )
    ids["nested"] = c.quote(nested, "The invasion could come at any moment now.", parent=parent, **named("Psaki", "psaki", "told"))
    again = c.article("o3", "Reuters reported that Kirby told Reuters: “Troops remain on high alert tonight.”", article_id="o3-nested")
    parent = c.quote(
        again, "Kirby told Reuters: “Troops remain on high alert tonight.”", kind="indirect",
        source_type="media_outlet", speaker="Reuters", speaker_entity="reuters", cue="reported",
    )
    # The nested quote names the enclosing quote's speaker as its relay: not a second step.
    ids["nested_same_relay"] = c.quote(
        again, "Troops remain on high alert tonight.", parent=parent, relay="Reuters", relay_entity="reuters", **named("Kirby", "kirby", "told")
    )

    # An outlet quoting a person inside a quote of another outlet: the nested quote, not
    # the enclosing one, is the same statement as another outlet's quote of the person.
    words = "Russia is preparing a provocation in the east of the country very soon"
    outer = c.article("o1", f"CNN reported that Price said: “{words}.”", article_id="o1-outer")
    parent = c.quote(outer, f"Price said: “{words}.”", kind="indirect", source_type="media_outlet", speaker="CNN", speaker_entity="cnn")
    ids["inner"] = c.quote(outer, words, parent=parent, **named("Price", "price"))
    ids["outer"] = parent
    direct = c.article("o2", f"Ned Price said: “{words}.”", article_id="o2-direct")
    ids["direct"] = c.quote(direct, words, **named("Ned Price", "price"))

    # Titles: Psaki differs between outlets; Sullivan's differ by case and one letter; an
    # organization that is not quoted is left out.
    for outlet, article_id, text, title in (
        ("o2", "o2-psaki", "Psaki, the White House press secretary, spoke.", "the White House press secretary"),
        ("o3", "o3-psaki", "Psaki, a White House spokeswoman, spoke.", "a White House spokeswoman"),
        ("o1", "o1-nato", "NATO, the alliance, met.", "the alliance"),
        ("o2", "o2-nato", "NATO, the military bloc, met.", "the military bloc"),
    ):
        article = c.article(outlet, text, article_id=article_id)
        if "nato" in article_id:
            c.entity("nato", "NATO", type="organization")
            c.title("nato", article, title)
        else:
            c.title("psaki", article, title)
    return c, ids, run_analyzer(c.write(tmp_path_factory.mktemp("statements")), "attribution")


def same_pairs(result):
    return {frozenset((r["quote_a"], r["quote_b"])) for r in rows(result, "attribution_same_statements")}


def test_the_same_statement_is_found_by_its_words_across_outlets(statements):
    _, ids, result = statements
    found = same_pairs(result)
    for case in ("type", "speaker", "same_speaker", "drift_end", "drift_middle", "indirect"):
        assert frozenset(ids[case]) in found, case


def test_a_paraphrase_sharing_few_words_is_not_the_same_statement(statements):
    _, ids, result = statements
    # The two share one 3-gram ('the kremlin wants') of eight or more.
    assert frozenset(ids["paraphrase"]) not in same_pairs(result)


def test_quotes_in_one_outlet_are_not_paired(statements):
    _, ids, result = statements
    found = same_pairs(result)
    assert frozenset(ids["same_outlet"]) not in found
    assert frozenset(ids["drift_same_outlet"]) not in found


def test_a_nested_quote_is_matched_rather_than_the_quote_around_it(statements):
    _, ids, result = statements
    found = same_pairs(result)
    assert frozenset((ids["inner"], ids["direct"])) in found
    assert frozenset((ids["outer"], ids["direct"])) not in found
    # So the media outlet around the nested quote is no conflicting source.
    assert not any(ids["outer"] in key for key in conflicts(result))


def conflicts(result):
    return {frozenset((r["quote_a"], r["quote_b"])): r for r in rows(result, "attribution_conflicts")}


def test_same_words_credited_to_different_source_types_is_a_conflict(statements):
    _, ids, result = statements
    row = conflicts(result)[frozenset(ids["type"])]
    assert row["conflict"] == "source_type"
    assert {row["source_type_a"], row["source_type_b"]} == {"named_person", "anonymous"}
    assert {row["speaker_a"], row["speaker_b"]} == {"Jen Psaki", "An anonymous official"}


def test_nearly_the_same_words_credited_to_different_people_is_a_conflict(statements):
    _, ids, result = statements
    row = conflicts(result)[frozenset(ids["speaker"])]
    assert row["conflict"] == "speaker"
    assert {row["speaker_a"], row["speaker_b"]} == {"Ned Price", "John Kirby"}


def test_anonymous_sources_with_different_descriptions_are_a_conflict(statements):
    _, ids, result = statements
    found = conflicts(result)
    row = found[frozenset(ids["anonymous_speakers"])]
    assert row["conflict"] == "speaker"
    assert {row["speaker_text_a"], row["speaker_text_b"]} == {"A senior official", "A Western diplomat"}
    # One description's words all among the other's: possibly the same source.
    assert frozenset(ids["anonymous_same"]) not in found
    assert frozenset(ids["anonymous_same"]) in same_pairs(result)


def test_no_conflict_for_the_same_speaker_or_within_one_outlet(statements):
    _, ids, result = statements
    found = conflicts(result)
    for case in ("same_speaker", "same_outlet", "drift_end", "drift_middle", "indirect", "paraphrase", "anonymous_same"):
        assert frozenset(ids[case]) not in found, case
    assert len(found) == 3


def test_conflict_finding_shows_both_quotes_and_speakers(statements):
    corpus, ids, result = statements
    found = [f for f in result.findings if f.kind == "attribution_conflict"]
    assert len(found) == 3
    [typed] = [f for f in found if f.data["conflict"] == "source_type"]
    assert {e.text for e in typed.evidence} == {OPERATIVES, "Jen Psaki", "An anonymous official"}
    assert "Jen Psaki" in typed.message and "An anonymous official" in typed.message
    assert_evidence_matches(result.findings, corpus.texts)


def drift(result):
    return {frozenset((r["quote_a"], r["quote_b"])): r for r in rows(result, "attribution_quote_drift")}


def change(row, first, before, after):
    """The change ``before → after`` from quote ``first`` to the other, as the row orients it."""
    return f"{before} → {after}" if row["quote_a"] == first else f"{after} → {before}"


def test_drift_at_the_end_names_the_changed_words(statements):
    _, ids, result = statements
    row = drift(result)[frozenset(ids["drift_end"])]
    assert row["changes"] == [change(row, ids["drift_end"][0], "worse", "the worst")]
    first = row["quote_a"] == ids["drift_end"][0]
    assert ("[-worse-] {+the worst+}" if first else "[-the worst-] {+worse+}") in row["diff"]
    assert row["similarity"] >= 75


def test_drift_in_the_middle_of_a_mixed_quote(statements):
    _, ids, result = statements
    row = drift(result)[frozenset(ids["drift_middle"])]
    assert row["changes"] == [change(row, ids["drift_middle"][0], "an", "(nothing)")]
    assert ("pretext for [-an-] invasion" if row["quote_a"] == ids["drift_middle"][0] else "pretext for {+an+} invasion") in row["diff"]


def test_fuzzy_match_with_a_different_speaker_is_also_drift(statements):
    _, ids, result = statements
    row = drift(result)[frozenset(ids["speaker"])]
    # Case and punctuation are not changes; the added word is.
    assert row["changes"] == [change(row, ids["speaker"][0], "(nothing)", "many")]


def test_no_drift_for_identical_words_indirect_quotes_or_one_outlet(statements):
    _, ids, result = statements
    found = drift(result)
    for case in ("type", "same_speaker", "indirect", "drift_same_outlet", "same_outlet", "paraphrase"):
        assert frozenset(ids[case]) not in found, case
    assert len(found) == 3


def test_drift_findings_cite_both_quotes(statements):
    _, ids, result = statements
    [finding] = [f for f in result.findings if f.kind == "quote_drift" and {f.data["quote_a"], f.data["quote_b"]} == set(ids["drift_end"])]
    assert {e.text for e in finding.evidence} == {AFRAID_A, AFRAID_B}
    assert "worse" in finding.message and "the worst" in finding.message


def chains(result):
    return by("quote_id", rows(result, "attribution_relay_chains"))


def test_relay_through_an_agency(statements):
    _, ids, result = statements
    row = chains(result)[ids["relay"]]
    assert (row["chain"], row["first_step"], row["nesting"]) == ("o1 → AP → Jen Psaki", "AP", 0)


def test_relay_chain_of_an_outlet_quoting_an_outlet_quoting_a_person(statements):
    _, ids, result = statements
    found = chains(result)
    assert (found[ids["nested"]]["chain"], found[ids["nested"]]["nesting"]) == ("o2 → CNN → Jen Psaki", 1)
    assert found[ids["nested_same_relay"]]["chain"] == "o3 → Reuters → John Kirby"
    # A quote straight from its speaker reaches the article through no one.
    assert ids["type"][0] not in found
    relays = [f for f in result.findings if f.kind == "relay_chain"]
    assert found[ids["inner"]]["chain"] == "o1 → CNN → Ned Price"
    assert {(f.data["outlet_id"], f.data["through"]) for f in relays} == {("o1", "AP"), ("o1", "CNN"), ("o2", "CNN"), ("o3", "Reuters")}


def test_speaker_titled_differently_by_different_outlets(statements):
    _, _, result = statements
    variants = rows(result, "attribution_title_variants")
    # Sullivan: 'adviser' and 'Advisor' are one title; NATO is an organization nobody quotes.
    assert {r["entity_id"] for r in variants} == {"psaki"}
    keys = {(r["outlet_id"], r["title_key"]) for r in variants}
    assert keys == {("o1", "white house press secretary"), ("o2", "white house press secretary"), ("o3", "white house spokeswoman")}
    [finding] = [f for f in result.findings if f.kind == "title_variants"]
    assert finding.data["entity_id"] == "psaki"
    assert "a White House spokeswoman" in {e.text for e in finding.evidence}


# -- the bundled corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    con = falseflag.connect()
    texts = dict(con.sql("SELECT article_id, text FROM articles").fetchall())
    con.close()
    return texts, run_analyzer(None, "attribution")


def test_bundled_evidence_is_the_article_text(bundled):
    texts, result = bundled
    assert result.findings
    assert_evidence_matches(result.findings, texts)
    for r in rows(result, "attribution_quote_drift"):
        for side in ("a", "b"):
            assert 0 <= r[f"char_start_{side}"] < r[f"char_end_{side}"] <= len(texts[r[f"article_{side}"]])


def test_bundled_corpus_has_cross_outlet_conflicts_and_drift(bundled):
    _, result = bundled
    kinds = [f.kind for f in result.findings]
    assert kinds.count("attribution_conflict") >= 1
    assert kinds.count("quote_drift") >= 1
    for r in rows(result, "attribution_conflicts"):
        assert r["outlet_a"] != r["outlet_b"]
        if r["source_type_a"] == r["source_type_b"] == "anonymous" and r["speaker_entity_a"] is None:
            assert r["speaker_text_a"].lower() != r["speaker_text_b"].lower()
        else:
            assert r["source_type_a"] != r["source_type_b"] or r["speaker_entity_a"] != r["speaker_entity_b"]
    for r in rows(result, "attribution_quote_drift"):
        assert r["outlet_a"] != r["outlet_b"] and r["changes"] and r["similarity"] >= 75
        assert "[-" in r["diff"] or "{+" in r["diff"]


def test_bundled_shares_are_consistent(bundled):
    _, result = bundled
    for r in rows(result, "attribution_source_mix"):
        parts = ("named_person", "anonymous", "organization", "media_outlet", "unattributed")
        assert sum(r[p] for p in parts) == r["quotes"]
        if r["quotes"]:
            assert sum(r[f"{p}_share"] for p in parts) == pytest.approx(1, abs=0.01)
    for r in rows(result, "attribution_verb_mix"):
        assert r["neutral"] + r["loaded"] + r["unclassified"] == r["cues"]
    for r in rows(result, "attribution_claim_sources"):
        assert r["anonymous_only"] == (r["anonymous_mentions"] == r["source_mentions"])


def test_bundled_summary_counts_the_findings(bundled):
    _, result = bundled
    kinds = [f.kind for f in result.findings]
    assert f"Attribution conflicts: {kinds.count('attribution_conflict')}; quote drift: {kinds.count('quote_drift')}" in result.summary


def test_docs_name_every_table_column_and_finding_kind(bundled):
    _, result = bundled
    missing = undocumented(result, DOCS)
    assert not missing, f"docs/analyzers.md does not describe: {missing}"


def test_the_sources_corpus_is_valid(sources):
    corpus, _ = sources
    assert_valid(corpus)


def test_the_statements_corpus_is_valid(statements):
    corpus, _, _ = statements
    assert_valid(corpus)


def test_runs_on_an_article_without_quotes_or_claims(tmp_path):
    result = run_on_an_empty_article(tmp_path, "attribution")
    assert result.summary
    assert [f.kind for f in result.findings] == []
    # An outlet without quotes has no shares; the summary must not print Python's None.
    assert "None" not in result.summary, result.summary
