"""falseflag ingest: one small text per rule, where the right answer is known; the seed articles end
to end; --append; bad inputs; an interrupted run."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import falseflag
from falseflag.cli import cli
from falseflag.ingest import IngestError, ingest
from falseflag.ingest.boilerplate import Boilerplate, find_boilerplate, masked, with_entity_lines
from falseflag.ingest.entities import find_mentions, find_titles
from falseflag.ingest.model import load_model
from falseflag.ingest.quotes import QuoteFinder
from falseflag.ingest.values import period, quantity


@pytest.fixture(scope="module")
def nlp():
    return load_model().nlp


def parse(nlp, text: str):
    spans = find_boilerplate(text)
    doc = nlp(masked(text, spans))
    boilerplate = Boilerplate(with_entity_lines(spans, doc))
    mentions = find_mentions(doc, boilerplate)
    return doc, boilerplate, mentions


def quotes(nlp, text: str) -> list[dict]:
    doc, boilerplate, mentions = parse(nlp, text)
    found = []
    for q in QuoteFinder(doc, text, boilerplate, mentions).find():
        found.append({
            "text": text[q.start:q.end], "kind": q.kind, "source_type": q.source_type, "rule": q.rule,
            "speaker": text[q.speaker.start:q.speaker.end] if q.speaker else None, "key": q.speaker.key if q.speaker else None,
            "cue": text[q.cue[0]:q.cue[1]] if q.cue else None, "relay": text[q.relay[0]:q.relay[1]] if q.relay else None,
        })
    return found


def one(nlp, article: str, **expected) -> dict:
    """The quote of ``article`` whose content is ``expected['text']``; every other expected field must agree."""
    found = quotes(nlp, article)
    match = [q for q in found if q["text"] == expected["text"]]
    assert match, f"no quote {expected['text']!r} in {found}"
    for key, value in expected.items():
        assert match[0][key] == value, (key, match[0])
    return match[0]


# --- quotes: one sentence per rule ---------------------------------------------------------------


def test_direct_quote_with_the_attribution_after_it(nlp):
    one(nlp, "“We saw this playbook in 2014 with Crimea,” the official said.",
        text="We saw this playbook in 2014 with Crimea,", kind="direct", speaker="the official", source_type="anonymous", cue="said")


def test_indirect_quote_of_a_named_person_without_the_complementizer_or_the_title(nlp):
    one(nlp, "Pentagon press secretary John Kirby told reporters on Friday that the troops were ready to move.",
        text="the troops were ready to move", kind="indirect", speaker="John Kirby", source_type="named_person", cue="told reporters")


def test_mixed_quote_holds_its_quoted_fragment(nlp):
    one(nlp, 'National security adviser Jake Sullivan said the threat of a second invasion was "high" on Thursday.',
        text='the threat of a second invasion was "high" on Thursday', kind="mixed", speaker="Jake Sullivan")


def test_a_pronoun_speaker_is_resolved_to_the_person_before_it(nlp):
    found = one(nlp, "Jen Psaki spoke to reporters on Monday. She said the talks would continue next week.",
                text="the talks would continue next week", speaker="She", source_type="named_person")
    assert found["key"] == "Jen Psaki"


def test_anonymous_sources(nlp):
    one(nlp, "A senior administration official said the convoy had crossed the border overnight.",
        text="the convoy had crossed the border overnight", source_type="anonymous", speaker="A senior administration official")
    one(nlp, "Officials said the convoy had crossed the border overnight.", text="the convoy had crossed the border overnight", source_type="anonymous")


def test_an_organization_speaks(nlp):
    one(nlp, "The Kremlin has repeatedly denied any plans to invade its neighbour.",
        text="any plans to invade its neighbour", source_type="organization", cue="has repeatedly denied")


def test_a_floating_quote_continues_the_quote_before_it(nlp):
    text = "“We will respond firmly and quickly,” the minister said.\n\n“There is no other way for us to proceed.”"
    found = one(nlp, text, text="There is no other way for us to proceed.", kind="direct", speaker="the minister", rule="floating quote")
    assert found["cue"] == "said"


def test_according_to_credits_the_clause(nlp):
    one(nlp, "According to the Pentagon, the drills will last for another ten days.",
        text="the drills will last for another ten days", cue="According to", source_type="organization")


def test_a_news_outlet_in_according_to_is_the_relay_of_the_clause_it_introduces(nlp):
    one(nlp, "According to Reuters, officials said the border crossings would close on Monday.",
        text="the border crossings would close on Monday", relay="Reuters", source_type="anonymous")


def test_told_a_news_agency_is_a_relay(nlp):
    one(nlp, "Dmitry Peskov told the TASS news agency that the accusations were groundless.",
        text="the accusations were groundless", speaker="Dmitry Peskov", relay="the TASS news agency")


def test_accused_x_of_y(nlp):
    one(nlp, "The ministry accused the rebels of shelling the town overnight.",
        text="the rebels of shelling the town overnight", cue="accused")


def test_a_parenthetical_attribution(nlp):
    one(nlp, "The convoy, the governor said, was stopped at the last checkpoint before the river.",
        text="was stopped at the last checkpoint before the river", speaker="the governor")


def test_a_report_noun_with_its_owner(nlp):
    one(nlp, "Moscow made sweeping demands that the alliance withdraw its forces from the region.",
        text="the alliance withdraw its forces from the region", speaker="Moscow", cue="demands")


def test_a_quote_credited_by_a_dash(nlp):
    one(nlp, "“The town will never be the same again after this.” ― Maria Kovalenko",
        text="The town will never be the same again after this.", speaker="Maria Kovalenko", source_type="named_person")


def test_a_headline_with_a_colon(nlp):
    one(nlp, "Sanders: the election will be decided by young voters\n\nThe campaign continued.",
        text="the election will be decided by young voters", speaker="Sanders", cue=":")


def test_scare_quotes_and_the_outlets_own_sentences_are_not_quotes(nlp):
    assert quotes(nlp, "The so-called “peace plan” was published on Tuesday. The troops moved north overnight.") == []


def test_a_quote_in_boilerplate_is_not_a_quote(nlp):
    assert quotes(nlp, "Sign up to receive our newsletter, editors said, every morning.\n\nThe troops moved north.") == []


# --- entities, titles, boilerplate, values ----------------------------------------------------------


def test_mentions_are_cleaned_and_linked(nlp):
    text = "Jen Psaki spoke on Monday. The Biden administration said Psaki had told the Russians about the American plan."
    doc, boilerplate, mentions = parse(nlp, text)
    by_text = {m.text: m for m in mentions}
    assert by_text["Psaki"].key == "Jen Psaki" and by_text["Psaki"].form == "short_name"
    assert by_text["Biden administration"].type == "organization"
    assert by_text["Russians"].key == "Russia" and by_text["Russians"].form == "demonym"
    assert by_text["American"].key == "United States"


def test_titles_before_a_name_and_in_an_apposition(nlp):
    text = "Pentagon press secretary John Kirby spoke first. On Tuesday, Jen Psaki, the White House spokeswoman, spoke."
    doc, boilerplate, mentions = parse(nlp, text)
    titles = {t.text: t.key for t in find_titles(doc, mentions, boilerplate)}
    assert titles == {"Pentagon press secretary": "John Kirby", "the White House spokeswoman": "Jen Psaki"}


def test_boilerplate_kinds():
    text = ("Stay up to date with notifications from The Daily Planet\n\nBy Jane Doe\n\nThe troops moved north.\n\n"
            "President BidenJoe BidenSenate passes bill on Tuesday Markets rally MORE has warned Moscow.\n\n"
            "Sign up for our daily newsletter\n\nUpdated at 1:47 p.m.")
    kinds = {text[s.start:s.end]: s.kind for s in find_boilerplate(text)}
    assert kinds["Stay up to date with notifications from The Daily Planet"] == "notification"
    assert kinds["By Jane Doe"] == "byline"
    assert kinds["Sign up for our daily newsletter"] == "newsletter"
    assert kinds["Updated at 1:47 p.m."] == "update_stamp"
    assert kinds["Joe BidenSenate passes bill on Tuesday Markets rally MORE"] == "link_stuffing"
    assert "The troops moved north." not in kinds


@pytest.mark.parametrize("text, low, high", [
    ("Russia has massed tens of thousands of troops", 20000, 99999),
    ("more than 100,000 Russian troops", 100000, None),
    ("between 5 and 10 soldiers", 5, 10),
    ("about 300 people", 300, 300),
    ("three thousand troops", 3000, 3000),
    ("1.5 million people", 1_500_000, 1_500_000),
])
def test_quantities(text, low, high):
    value = quantity(text)
    assert (value.low, value.high) == (low, high)


@pytest.mark.parametrize("text, year, start, end", [
    ("which could begin between mid-January and mid-February", None, "--01-15", "--02-15"),
    ("On 14 January officials said", 2022, "2022-01-14", "2022-01-14"),
    ("this Friday, Jan. 14", None, "--01-14", "--01-14"),
    ("as it did in 2014", None, "2014", "2014"),
    ("every year since 2015", None, "2015", None),
    ("in January 2022", None, "2022-01", "2022-01"),
])
def test_periods(text, year, start, end):
    value = period(text, year)
    assert (value.period_start, value.period_end) == (start, end)


# --- the five seed articles, end to end ------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_folder(tmp_path_factory) -> Path:
    """The seed articles as plain text files, from the bundled corpus (byte for byte the collected files)."""
    folder = tmp_path_factory.mktemp("seeds")
    for source_file, text in falseflag.connect().execute("SELECT source_file, text FROM articles").fetchall():
        (folder / Path(source_file).name).write_bytes(text.encode("utf-8"))
    return folder


@pytest.fixture(scope="module")
def ingested(seed_folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ingested") / "package"
    result = CliRunner().invoke(cli, ["ingest", str(seed_folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def rows(package: Path, table: str) -> list[dict]:
    with open(package / "data" / f"{table}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_ingested_seeds_are_a_valid_package(ingested):
    report = falseflag.validate(ingested)
    assert report.valid, [str(p) for p in report.problems[:5]]


def test_every_span_is_the_article_text_at_its_offsets(ingested):
    texts = {r["article_id"]: r["text"] for r in rows(ingested, "articles")}
    checked = 0
    for table, spans in {"quotes": [("char", "text"), ("speaker", "speaker_text"), ("cue", "cue"), ("relay", "relay_text")],
                         "mentions": [("char", "text")], "boilerplate": [("char", "text")], "entity_titles": [("char", "text")],
                         "claim_mentions": [("char", "text")]}.items():
        for row in rows(ingested, table):
            for prefix, column in spans:
                if row[f"{prefix}_start"]:
                    assert texts[row["article_id"]][int(row[f"{prefix}_start"]):int(row[f"{prefix}_end"])] == row[column]
                    checked += 1
    assert checked > 500


def test_texts_are_kept_byte_for_byte_and_every_row_names_its_annotator(ingested, seed_folder):
    for row in rows(ingested, "articles"):
        assert (seed_folder / row["source_file"]).read_bytes() == row["text"].encode("utf-8")
        assert row["sha256"] == hashlib.sha256(row["text"].encode("utf-8")).hexdigest()
    annotator = rows(ingested, "articles")[0]["annotator"]
    assert annotator.startswith(f"falseflag-ingest {falseflag.__version__}, en_core_web_sm")
    for table in falseflag.TABLES:
        assert {r["annotator"] for r in rows(ingested, table)} <= {annotator}, table


def test_the_analyzers_run_on_the_ingested_package(ingested):
    run = falseflag.analyze(package=ingested)
    assert run.ok, [str(e) for e in run.errors]
    assert all(run.results[name].findings for name in ("attribution", "agreement"))
    assert "no claim mentions to score" in run.results["hedging"].summary  # no flag made by hand to score against


def test_the_seeds_are_annotated_about_as_well_as_measured(ingested):
    """A floor well below the benchmark's numbers (benchmarks/ingest.py), so that a rule that breaks shows."""
    from falseflag.evaluate import evaluate, headline

    scores = headline(evaluate(ingested, falseflag.load_package()))
    assert scores["quote_f1_overlap_50"] > 0.75 and scores["mention_f1_exact"] > 0.85 and scores["speaker_accuracy"] > 0.75


# --- append, bad inputs, interruptions -------------------------------------------------------------


def test_append_keeps_every_row_byte_for_byte_and_skips_repeated_texts(ingested, tmp_path):
    import shutil

    package = tmp_path / "package"
    shutil.copytree(ingested, package)
    before = {p.name: p.read_bytes() for p in (package / "data").glob("*.csv")}
    extra = tmp_path / "more.jsonl"
    lines = [
        {"id": "n1", "text": "Officials said on Monday that the convoy had crossed the border overnight.", "outlet": "The Daily Planet", "published": "2022-02-03"},
        {"id": "n2", "text": rows(ingested, "articles")[0]["text"]},
    ]
    extra.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(extra), "--out", str(package), "--append", "--quiet"])
    assert result.exit_code == 1 and "Already in the package" in result.stderr  # one text was there already
    for name, data in before.items():
        assert (package / "data" / name).read_bytes().startswith(data), name
    added = [r for r in rows(package, "articles") if r["source_file"] == "more.jsonl#n1"]
    assert len(added) == 1 and added[0]["published"] == "2022-02-03"
    outlets = {r["outlet_id"]: r for r in rows(package, "outlets")}
    assert outlets["the-daily-planet"]["name"] == "The Daily Planet"
    assert falseflag.validate(package).valid


def test_append_to_a_hand_made_package_keeps_its_other_files(package_copy, tmp_path):
    (package_copy / "README.txt").write_text("my notes", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (package_copy / "data").glob("*.csv")}
    article = tmp_path / "new.txt"
    article.write_text("Ukraine's defence minister said on Tuesday that the army would hold its positions.", encoding="utf-8")
    summary = ingest([article], package_copy, append=True)
    assert summary.articles == 1
    assert (package_copy / "README.txt").read_text(encoding="utf-8") == "my notes"
    for name, data in before.items():
        assert (package_copy / "data" / name).read_bytes().startswith(data), name
    assert falseflag.validate(package_copy).valid


def test_bad_inputs_are_named_and_the_others_still_go_in(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "good.txt").write_text("The minister said on Friday that the bridge would reopen next month.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "latin1.txt").write_bytes("Le ministre a déclaré".encode("latin-1"))
    (folder / "nothing.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (folder / "rows.jsonl").write_text('{"text": "Officials said the talks would resume in Geneva on Monday."}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    for name, message in [("empty.txt", "is empty"), ("binary.txt", "binary"), ("latin1.txt", "not UTF-8"),
                          ("nothing.html", "no main text"), ("rows.jsonl line 2", "not JSON")]:
        assert any(name in line and message in line for line in result.stderr.splitlines()), (name, result.stderr)
    assert "Traceback" not in result.output
    assert {r["source_file"] for r in rows(out, "articles")} == {"good.txt", "rows.jsonl#1"}
    assert falseflag.validate(out).valid


def test_nothing_to_ingest_exits_2_and_writes_nothing(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and not (tmp_path / "out").exists()


def test_straight_double_quotes_and_commas_inside_a_span_survive_the_work_files(tmp_path):
    text = 'Jake Sullivan told reporters on Thursday that the threat of an invasion was "high", and growing.\n'
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    [quote] = rows(out, "quotes")
    assert '"high",' in quote["text"] and quote["text"] == text[int(quote["char_start"]):int(quote["char_end"])]
    assert falseflag.validate(out).valid


def test_a_web_page_gives_its_main_text_and_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Bridge reopens</title><meta property='og:site_name' content='The Daily Planet'>"
        "<meta name='author' content='Jane Doe'><meta property='article:published_time' content='2022-01-14T10:00:00Z'></head>"
        "<body><nav>Home News Sport</nav><article><h1>Bridge reopens</h1><p>The minister said on Friday that the bridge would "
        "reopen next month after two years of repairs to its foundations and its deck.</p><p>“We are proud of the workers,” "
        "she said, adding that the cost had stayed within the budget set by the council last spring.</p></article>"
        "<footer>Sign up for our newsletter</footer></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    summary = ingest([page], out)
    (article,) = rows(out, "articles")
    assert article["title"] == "Bridge reopens" and article["published"] == "2022-01-14" and article["author"] == "Jane Doe"
    assert "Home News Sport" not in article["text"] and "the bridge would reopen" in article["text"]
    assert rows(out, "outlets")[0]["name"] == "The Daily Planet"
    assert summary.rows["quotes"] >= 1


def test_an_interrupted_ingest_leaves_the_target_as_it_was(ingested, seed_folder, tmp_path, monkeypatch):
    import shutil

    from falseflag.ingest import writer

    package = tmp_path / "package"
    shutil.copytree(ingested, package)
    before = {p.relative_to(package).as_posix(): p.read_bytes() for p in package.rglob("*") if p.is_file()}

    def broken(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.PackageBuilder, "finish", broken)
    extra = tmp_path / "new.txt"
    extra.write_text("The mayor said the market would open again on Saturday morning.", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        ingest([extra], package, append=True)
    after = {p.relative_to(package).as_posix(): p.read_bytes() for p in package.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_append_needs_a_package_of_falseflags_shape(tmp_path):
    (tmp_path / "a.txt").write_text("The mayor said the market would open again on Saturday.", encoding="utf-8")
    with pytest.raises(IngestError, match="needs a falseflag package"):
        ingest([tmp_path / "a.txt"], tmp_path / "nowhere", append=True)


def test_worker_processes_give_the_same_package(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    for i, text in enumerate([
        "The minister said on Friday that the bridge would reopen next month.",
        "“We will not give up,” the mayor said. Officials believe the talks will fail.",
        "According to Reuters, officials said the border crossings would close on Monday.",
    ]):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    ingest([folder], tmp_path / "one", jobs=1)
    ingest([folder], tmp_path / "two", jobs=2)
    for table in falseflag.TABLES:
        assert (tmp_path / "one" / "data" / f"{table}.csv").read_bytes() == (tmp_path / "two" / "data" / f"{table}.csv").read_bytes(), table
