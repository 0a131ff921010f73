"""falseflag evaluate: span matching, package against package, and brat gold."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from builders import rewrite
from click.testing import CliRunner

import falseflag
from falseflag.cli import cli
from falseflag.evaluate import evaluate, headline
from falseflag.evaluate.brat import BratError, read_annotations
from falseflag.evaluate.spans import b_cubed, match, overlap


def test_overlap_is_a_share_of_the_shorter_span():
    assert overlap(((0, 10),), ((5, 20),)) == 0.5
    assert overlap(((0, 4), (10, 14)), ((2, 12),)) == 4 / 8
    assert overlap(((0, 0),), ((0, 5),)) == 0.0


def test_matching_is_one_to_one_most_shared_first():
    system = [((0, 10),), ((0, 9),)]
    gold = [((0, 10),)]
    pairs = match(system, gold, lambda s: s, 0.5)
    assert pairs == [(((0, 10),), ((0, 10),))]
    assert match([((0, 10),)], [((0, 10),)], lambda s: s, None) == [(((0, 10),), ((0, 10),))]
    assert match([((0, 10),)], [((0, 11),)], lambda s: s, None) == []
    assert match([((0, 10),)], [((8, 30),)], lambda s: s, 0.3) == []


def test_b_cubed():
    same = b_cubed({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: "y"})
    assert same["f1"] == 1.0
    lumped = b_cubed({1: "a", 2: "a", 3: "a"}, {1: "x", 2: "x", 3: "y"})
    assert lumped["recall"] == 1.0 and lumped["precision"] < 1.0


def test_the_gold_against_itself_scores_one_everywhere():
    scores = headline(evaluate(falseflag.load_package(), falseflag.load_package()))
    assert all(v == 1.0 for v in scores.values()), scores


def test_dropped_and_changed_quotes_lower_the_scores_by_the_right_amount(package_copy):
    quotes = package_copy / "data" / "quotes.csv"
    total = sum(1 for _ in csv.DictReader(open(quotes, encoding="utf-8")))

    def change(rows):
        kept = rows[10:]
        for row in kept[:5]:
            row["source_type"] = "unattributed" if row["source_type"] != "unattributed" else "anonymous"
        return kept

    rewrite(quotes, change)
    scores = evaluate(package_copy, falseflag.load_package())["package"]["quotes"]
    assert scores["exact"]["matched"] == total - 10 and scores["exact"]["precision"] == 1.0
    assert scores["exact"]["recall"] == pytest.approx((total - 10) / total, abs=1e-4)
    assert scores["on_matched"]["source_type"]["agreed"] == total - 15


def test_articles_are_paired_by_their_text_not_their_ids(package_copy):
    for table in falseflag.TABLES:
        path = package_copy / "data" / f"{table}.csv"
        text = path.read_text(encoding="utf-8").replace("a00", "zz0")
        path.write_text(text, encoding="utf-8")
    scores = headline(evaluate(package_copy, falseflag.load_package()))
    assert scores["quote_f1_exact"] == 1.0 and scores["mention_f1_exact"] == 1.0


def write_brat(folder: Path, text: str, ann: str) -> None:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "doc.txt").write_text(text, encoding="utf-8")
    (folder / "attributions" / "doc_a1.ann").write_text(ann, encoding="utf-8")
    (folder / "attributions" / "doc_b2.ann").write_text("", encoding="utf-8")  # a second annotator: not read


TEXT = "“We will act,” the minister said. Officials believe the talks will fail."


def test_brat_gold_scores_content_source_and_cue(tmp_path):
    s1, e1 = TEXT.index("We will act"), TEXT.index("We will act") + len("We will act,")
    minister = TEXT.index("the minister")
    said = TEXT.index("said")
    talks = TEXT.index("that") if "that" in TEXT else TEXT.index("the talks")
    ann = (
        f"T1\tContent {s1} {e1}\tWe will act,\nT2\tSource {minister} {minister + 12}\tthe minister\nT3\tCue {said} {said + 4}\tsaid\n"
        f"T4\tAttribution {said} {said + 4}\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
        f"T5\tContent {talks} {len(TEXT) - 1}\tthe talks will fail\nT6\tDiscuss 0 2\t“W\n"
        f"T7\tAttribution-no-source 0 1\t“\nE2\tAttribution-no-source:T7 Content:T5\n"
    )
    write_brat(tmp_path / "gold", TEXT, ann)
    from builders import Corpus

    c = Corpus()
    a = c.article("o1", TEXT)
    c.quote(a, "We will act,", speaker="the minister", source_type="anonymous", cue="said")
    package = c.write(tmp_path / "system")
    scores = evaluate(package, gold_brat=tmp_path / "gold")["brat"]
    assert scores["articles"]["shared"] == 1
    assert scores["content"]["exact"] == {"system": 1, "gold": 2, "matched": 1, "precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert scores["on_matched"]["source"]["accuracy"] == 1.0 and scores["on_matched"]["cue"]["accuracy"] == 1.0
    cli_result = CliRunner().invoke(cli, ["evaluate", str(package), "--gold-brat", str(tmp_path / "gold"), "--json"])
    assert cli_result.exit_code == 0 and json.loads(cli_result.stdout)["headline"]["content_f1_exact"] == 0.6667


def test_broken_brat_files_are_named(tmp_path):
    bad = tmp_path / "bad.ann"
    bad.write_text("T1\tContent 5 x\tsome\n", encoding="utf-8")
    with pytest.raises(BratError, match="bad.ann: line 1"):
        read_annotations(bad)
    missing = CliRunner().invoke(cli, ["evaluate", str(falseflag.load_package().root), "--gold-brat", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "is not a folder" in missing.stderr
    neither = CliRunner().invoke(cli, ["evaluate", str(falseflag.load_package().root)])
    assert neither.exit_code == 2


def test_the_text_report_names_every_table():
    root = str(falseflag.load_package().root)
    result = CliRunner().invoke(cli, ["evaluate", root, "--gold", root])
    assert result.exit_code == 0
    for heading in ("quotes", "entity mentions", "claim mentions", "speaker 1.000"):
        assert heading in result.stdout
