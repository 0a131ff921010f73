"""falseflag report: the HTML it writes, its marks, and the folder form for large corpora."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from falseflag.cli import cli
from falseflag.connection import connect
from falseflag.outputs import OutputError
from falseflag.package import load_package
from falseflag.report import build_report
from falseflag.report.marks import Mark, laminate, render
from falseflag.runner import analyze


class MarkCollector(HTMLParser):
    """Every <mark> of a page with its attributes and text, and the page's plain text per view."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marks: list[dict] = []
        self.open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            mark = {**dict(attrs), "text": ""}
            self.marks.append(mark)
            self.open.append(mark)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for mark in self.open:
            mark["text"] += data


def strip_marks(fragment: str) -> str:
    return html.unescape(re.sub(r"</?mark[^>]*>", "", fragment))


# -- marks ---------------------------------------------------------------------------------------

def test_render_keeps_every_character_and_nests_crossing_marks():
    text = "A <b>&amp;</b>\r\n“quote” — 😀 end"
    marks = [Mark(0, 12, 1, "quotes", "q1", "q", "i"), Mark(5, 20, 2, "claim_mentions", "c1", "claim", "i"),
             Mark(2, 4, 3, "quotes", "q1", "cue", "i"), Mark(21, 22, 2, "hedge", "h", "hedge", "i")]
    out = render(text, marks)
    assert strip_marks(out.replace("&#13;", "\r")) == text
    assert "\r" not in out  # written as a character reference, which the HTML parser keeps
    parser = MarkCollector()
    parser.feed(out)
    for mark in parser.marks:
        assert mark["text"] == text[int(mark["data-start"]):int(mark["data-end"])]
    pieces = [m for m in parser.marks if m["data-id"] == "c1"]
    assert [m["data-part"] for m in pieces] == ["1 of 2", "2 of 2"]
    assert "".join(m["text"] for m in pieces) == text[5:20]
    assert [m for m in parser.marks if m["data-id"] == "q1" and "q" in m["class"].split()][0]["text"] == text[0:12]


def test_laminate_cuts_only_the_lower_ranked_mark():
    placed = laminate([Mark(0, 10, 1, "t", "a", "", ""), Mark(5, 15, 2, "t", "b", "", ""), Mark(3, 3, 0, "t", "empty", "", "")])
    assert [(m.ident, m.start, m.end, m.part) for m in placed] == [("a", 0, 10, None), ("b", 5, 10, "1 of 2"), ("b", 10, 15, "2 of 2")]


# -- the report of the bundled corpus ------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled_report(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    summary = build_report(out=out)
    return out, summary


def test_the_report_is_one_file_that_asks_for_nothing(bundled_report):
    out, summary = bundled_report
    page = out.read_text(encoding="utf-8")
    assert not summary.folder and summary.pages == 1 and summary.run.ok
    assert summary.bytes == out.stat().st_size
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # no address a browser would fetch: every src and href is a fragment or a data: URL
    addresses = re.findall(r'\b(?:src|href)="([^"]*)"', page)
    assert addresses and all(a.startswith(("#", "data:")) for a in addresses), [a for a in addresses if not a.startswith("#")]
    assert not re.search(r"@import|url\((?!['\"]?(?:data:|#))", page)


def test_every_quote_is_one_mark_with_its_exact_text_and_every_claim_mention_its_pieces(bundled_report):
    out, _ = bundled_report
    parser = MarkCollector()
    parser.feed(out.read_text(encoding="utf-8"))
    con = connect(load_package())
    texts = dict(con.execute("SELECT article_id, text FROM articles").fetchall())
    for table, key in (("quotes", "quote_id"), ("claim_mentions", "claim_mention_id")):
        wanted = {r[0]: r[1:] for r in con.execute(f"SELECT {key}, article_id, char_start, char_end, text FROM {table}").fetchall()}
        marks: dict[str, list[dict]] = {}
        for m in parser.marks:
            if m.get("data-table") == table and "data-field" not in m:
                marks.setdefault(m["data-id"], []).append(m)
        assert sorted(marks) == sorted(wanted), table
        for ident, pieces in marks.items():
            article, start, end, text = wanted[ident]
            assert texts[article][start:end] == text
            if table == "quotes":  # quotes are placed first, so they are never cut
                assert [(int(m["data-start"]), int(m["data-end"]), m["text"]) for m in pieces] == [(start, end, text)]
            else:  # a claim mention crossing another is cut; its pieces are its text, in order
                pieces.sort(key=lambda m: int(m["data-start"]))
                assert (int(pieces[0]["data-start"]), int(pieces[-1]["data-end"])) == (start, end)
                assert "".join(m["text"] for m in pieces) == text
                assert all(m["text"] == texts[article][int(m["data-start"]):int(m["data-end"])] for m in pieces)
    hedge_marks = [m for m in parser.marks if m.get("data-table") == "hedge_cue_spans"]
    assert hedge_marks
    for m in hedge_marks:
        assert texts[m["data-id"].split(":")[0]][int(m["data-start"]):int(m["data-end"])] == m["text"]


def test_every_view_of_an_article_is_its_text(bundled_report):
    out, _ = bundled_report
    page = out.read_text(encoding="utf-8")
    con = connect(load_package())
    for article_id, text in con.execute("SELECT article_id, text FROM articles").fetchall():
        start = page.index(f'<article class="article" data-article="{article_id}"')
        block = page[start:page.index("</article>", start)]
        views = re.findall(r'<div class="text">(.*?)</div>', block, flags=re.S)
        assert len(views) == 3 and views[2] == ""
        for view in views[:2]:
            assert strip_marks(view.replace("&#13;", "\r")) == text


def test_findings_and_claims_are_listed_with_their_evidence(bundled_report):
    out, summary = bundled_report
    page = out.read_text(encoding="utf-8")
    shown = html.unescape(page)
    for name, result in summary.run.results.items():
        assert f'<option value="{name}">' in page
        for finding in result.findings[:20]:
            assert finding.message in shown
            for e in finding.evidence:
                assert f'href="#evidence:{e.article_id}:{e.char_start}:{e.char_end}"' in page
    con = connect(load_package())
    for claim_id, statement in con.execute("SELECT claim_id, statement FROM claims").fetchall():
        assert f'data-claim="{claim_id}"' in page and statement in shown


def test_named_analyzers_only(tmp_path):
    summary = build_report(["hedging"], out=tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert list(summary.run.results) == ["hedging"]
    assert 'data-analyzer="hedging"' in page and 'data-analyzer="attribution"' not in page
    assert 'data-chart="hedge-density"' in page and 'data-chart="source-mix"' not in page


# -- folder form ---------------------------------------------------------------------------------

def test_a_large_corpus_becomes_a_folder_of_pages_that_link_to_each_other(tmp_path):
    out = tmp_path / "site"
    summary = build_report(out=out, folder_from=2)
    assert summary.folder and summary.pages == 1 + summary.articles
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert pages[-1] == "index.html" and len(pages) == summary.pages
    for page in out.rglob("*.html"):
        for address in re.findall(r'\b(?:src|href)="([^"#]+)(?:#[^"]*)?"', page.read_text(encoding="utf-8")):
            assert (page.parent / address).is_file(), (page, address)
    con = connect(load_package())
    ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY article_id").fetchall()]
    for n, article_id in enumerate(ids):  # each page marks its own article's quotes, and links to its neighbours
        page = (out / "articles" / f"{article_id}.html").read_text(encoding="utf-8")
        parser = MarkCollector()
        parser.feed(page)
        marked = {m["data-id"] for m in parser.marks if m.get("data-table") == "quotes" and "data-field" not in m}
        quotes = {r[0] for r in con.execute("SELECT quote_id FROM quotes WHERE article_id = ?", [article_id]).fetchall()}
        assert marked == quotes and quotes
        assert ('rel="prev"' in page) == (n > 0) and ('rel="next"' in page) == (n + 1 < len(ids))
        assert page.count('<article class="article"') == 1
    # writing again needs --force, and replaces the report whole
    with pytest.raises(OutputError, match="pass --force"):
        build_report(out=out, folder_from=2)
    build_report(out=out, folder_from=2, force=True)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == pages


def test_the_cli_writes_the_report_and_refuses_to_overwrite_other_files(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "--out", str(tmp_path / "r.html"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert re.match(r"Wrote .*r\.html: 5 articles, [0-9.]+ MB, in [0-9.]+ s", result.output)
    notes = tmp_path / "notes.html"
    notes.write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["report", "--out", str(notes), "--force"])
    assert result.exit_code != 0 and "notes.html" in result.output and notes.read_text(encoding="utf-8") == "mine"
    result = runner.invoke(cli, ["report", "nosuch", "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "nosuch" in result.output and not (tmp_path / "x.html").exists()


def test_without_its_libraries_the_report_says_what_to_install(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_altair(name, *args, **kwargs):
        if name == "altair":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_altair)
    result = CliRunner().invoke(cli, ["report", "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and 'pip install "falseflag[report]"' in result.output
    assert not (tmp_path / "r.html").exists()


def test_a_broken_package_is_named_and_nothing_is_written(package_copy, tmp_path):
    descriptor = package_copy / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"][0]["path"] = "data/missing.csv"
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--package", str(package_copy), "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "missing.csv" in result.output
    assert not (tmp_path / "r.html").exists()


def test_the_report_of_a_run_made_before(tmp_path):
    run = analyze(["agreement"])
    summary = build_report(out=tmp_path / "r.html", run=run)
    assert summary.run is run
