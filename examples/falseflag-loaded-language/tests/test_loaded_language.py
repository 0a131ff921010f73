"""The loaded-language analyzer on a small corpus whose answers are known."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

import falseflag
import falseflag_loaded_language
from falseflag._bundle import default_package_path
from falseflag.plugins import register_plugin

TEXT = (
    "The regime’s brazen propaganda apparatus called him Sleepy Joe. REGIMES fall; "
    "regimental bands play on. Lyin’ Ted said: “the regime is evil.” "
    "Newsletter: read more about the regime."
)


def span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    at = text.index(needle, start)
    return at, at + len(needle)


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A one-article package with the bundled descriptor and schemas, and a quote and boilerplate span."""
    source = default_package_path().parent
    shutil.copy(source / "datapackage.json", tmp_path)
    shutil.copytree(source / "schemas", tmp_path / "schemas")
    (tmp_path / "data").mkdir()
    package = falseflag.load_package(tmp_path)
    quote_start, quote_end = span(TEXT, "the regime is evil.")
    boiler_start, boiler_end = span(TEXT, "Newsletter: read more about the regime.")
    rows = {
        "outlets": [{"outlet_id": "o1"}, {"outlet_id": "o2"}],
        "articles": [{"article_id": "a1", "outlet_id": "o1", "text": TEXT}],
        "boilerplate": [{"boilerplate_id": "b1", "article_id": "a1", "char_start": boiler_start, "char_end": boiler_end,
                         "text": TEXT[boiler_start:boiler_end], "kind": "newsletter"}],
        "quotes": [{"quote_id": "q1", "article_id": "a1", "char_start": quote_start, "char_end": quote_end,
                    "text": TEXT[quote_start:quote_end], "kind": "direct"}],
    }
    for name, resource in package.resources.items():
        write_csv(resource.path, resource.schema.field_names, rows.get(name, []))
    return tmp_path


@pytest.fixture(autouse=True)
def plugin():
    """The installed plugin, or this checkout's module registered for the test."""
    if "loaded-language" in falseflag.plugins.get_analyzers():
        yield
        return
    with register_plugin(falseflag_loaded_language, name="loaded_language"):
        yield


def test_finds_every_term_outside_boilerplate_with_exact_spans(corpus):
    run = falseflag.analyze(["loaded-language"], package=corpus)
    assert run.errors == []
    matches = run.results["loaded-language"].tables["matches"].to_pandas()
    found = [(r.text, r.char_start, r.char_end, r.quoted) for r in matches.itertuples()]
    quote_at = TEXT.index("the regime is evil.")
    expected = [
        ("regime", *span(TEXT, "regime"), False),
        ("brazen", *span(TEXT, "brazen"), False),
        ("propaganda apparatus", *span(TEXT, "propaganda apparatus"), False),
        ("Sleepy Joe", *span(TEXT, "Sleepy Joe"), False),
        ("REGIMES", *span(TEXT, "REGIMES"), False),
        ("Lyin’ Ted", *span(TEXT, "Lyin’ Ted"), False),
        ("regime", *span(TEXT, "regime", quote_at), True),
        ("evil", *span(TEXT, "evil"), True),
    ]
    assert found == expected
    for text, start, end, _ in found:
        assert TEXT[start:end] == text


def test_categories_and_per_outlet_counts(corpus):
    result = falseflag.analyze(["loaded-language"], package=corpus).results["loaded-language"]
    per_outlet = {(r["outlet_id"], r["category"]): r for r in result.tables["per_outlet"].arrow.to_pylist()}
    assert per_outlet["o1", "epithet"]["matches"] == 4  # regime, propaganda apparatus, REGIMES, regime
    assert per_outlet["o1", "epithet"]["quoted"] == 1
    assert per_outlet["o1", "nickname"]["matches"] == 2
    assert per_outlet["o1", "loaded_term"]["own_words"] == 1 and per_outlet["o1", "loaded_term"]["quoted"] == 1
    assert per_outlet["o1", "epithet"]["terms"] == "propaganda apparatus, regime, regimes"
    assert all(per_outlet["o2", c]["matches"] == 0 for c in ("epithet", "nickname", "loaded_term"))


def test_findings_carry_evidence_and_write_out(corpus, tmp_path):
    run = falseflag.analyze(["loaded-language"], package=corpus)
    findings = run.results["loaded-language"].findings
    assert len(findings) == 8
    assert {f.kind for f in findings} == {"epithet", "nickname", "loaded_term"}
    assert all(TEXT[e.char_start:e.char_end] == e.text for f in findings for e in f.evidence)
    run.write(tmp_path / "out")
    written = json.loads((tmp_path / "out" / "loaded-language" / "findings.json").read_text(encoding="utf-8"))
    assert len(written) == 8
    assert (tmp_path / "out" / "loaded-language" / "per_outlet.csv").is_file()


def test_every_lexicon_row_is_complete():
    with open(falseflag_loaded_language.LEXICON, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["term"].strip() and r["category"] in {"epithet", "nickname", "loaded_term"} and r["note"] for r in rows)
    assert len({r["term"].lower() for r in rows}) == len(rows)
