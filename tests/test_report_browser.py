"""The report in a real browser: headless Chromium (the system's), driven by Playwright.

Chromium is found as ``chromium`` on PATH, or at FALSEFLAG_CHROMIUM; .ci/run installs Debian's
``chromium`` package when it is missing. Screenshots go to test-artifacts/ (or
FALSEFLAG_TEST_ARTIFACTS).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from falseflag.connection import connect
from falseflag.package import load_package
from falseflag.report import build_report

ARTIFACTS = Path(os.environ.get("FALSEFLAG_TEST_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts"))
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-default-apps"]


def chromium_path() -> str:
    found = os.environ.get("FALSEFLAG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("these tests need Chromium: apt-get install chromium (or set FALSEFLAG_CHROMIUM to its path)")
    return found


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Watched:
    """A page with every console error, page error and request it made."""

    def __init__(self, browser, width: int = 1366, height: int = 900):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def foreign_requests(self, root: Path) -> list[str]:
        inside = root.resolve().as_uri()
        return [u for u in self.requests if not u.startswith(inside) and not u.startswith("data:")]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "report.html"
    summary = build_report(out=out)
    return out, summary


@pytest.fixture
def watched(browser, report):
    out, _ = report
    w = Watched(browser)
    w.page.goto(out.as_uri())
    yield w
    w.page.close()


def screenshot(page, name: str, element: str | None = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if element:
        page.locator(element).screenshot(path=str(ARTIFACTS / name))
    else:
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_the_report_loads_with_no_error_and_no_request(watched, report):
    page = watched.page
    assert page.locator("section[data-section='overview']").is_visible()
    assert page.locator("figure[data-chart] svg").count() == 4
    for section in ("articles", "findings", "claims", "overview"):
        page.click(f"nav a[data-section='{section}']")
        assert page.locator(f"section[data-section='{section}']").is_visible()
        screenshot(page, f"report-{section}.png")
    assert watched.errors == []
    assert watched.foreign_requests(report[0].parent) == [] and watched.requests == [report[0].as_uri()]


def test_every_quote_is_a_mark_with_its_text(watched):
    page = watched.page
    con = connect(load_package())
    quotes = {r[0]: r[1:] for r in con.execute("SELECT quote_id, article_id, text FROM quotes").fetchall()}
    shown = page.eval_on_selector_all(
        ".view[data-view='quotes'] mark[data-table='quotes']:not([data-field])",
        "marks => marks.map(m => [m.dataset.id, m.closest('.article').dataset.article, m.textContent])")
    assert sorted(shown) == sorted([ident, article, text] for ident, (article, text) in quotes.items())
    # and the text of each article, as the browser holds it, is the article's own
    texts = dict(con.execute("SELECT article_id, text FROM articles").fetchall())
    held = page.eval_on_selector_all(".article", "els => els.map(a => [a.dataset.article, a.querySelector(\".view[data-view='quotes'] .text\").textContent])")
    assert dict(held) == texts


def test_choosing_evidence_opens_the_article_at_a_highlighted_mark_with_its_text(watched, report):
    page = watched.page
    _, summary = report
    evidence = [(name, e) for name, result in summary.run.results.items() for f in result.findings for e in f.evidence]
    assert evidence
    chosen = {}
    for name, e in evidence:  # the first few pieces of each analyzer's evidence
        chosen.setdefault(name, [])
        if len(chosen[name]) < 4:
            chosen[name].append(e)
    page.click("nav a[data-section='findings']")
    for name, pieces in chosen.items():
        page.select_option("#finding-analyzer", name)
        for e in pieces:
            link = page.locator(f".finding:not([hidden]) a.evidence-link[data-article='{e.article_id}'][data-start='{e.char_start}'][data-end='{e.char_end}']").first
            link.click()
            mark = page.locator(f".article[data-article='{e.article_id}'] .view.shown mark.evidence")
            assert mark.count() == 1 and mark.is_visible()
            assert mark.text_content() == e.text
            box, height = mark.bounding_box(), page.viewport_size["height"]
            assert 0 <= box["y"] < height, "the mark is scrolled into view"
            assert page.evaluate("document.activeElement.classList.contains('evidence')")
            page.go_back()
            page.select_option("#finding-analyzer", name)
    screenshot(page, "report-findings.png")
    assert watched.errors == []


def test_the_heat_map_has_one_cell_per_claim_and_outlet_with_its_stance(watched):
    page = watched.page
    labels = page.eval_on_selector_all("#chart-coverage g.mark-rect path[role='graphics-symbol']", "ps => ps.map(p => p.getAttribute('aria-label'))")
    cells = {}
    for label in labels:
        fields = dict(part.split(": ", 1) for part in label.split("; "))
        cells[(fields["claim"], fields["outlet"])] = fields["state"]
    assert len(cells) == len(labels)
    con = connect(load_package())
    claims = [r[0] for r in con.execute("SELECT claim_id FROM claims").fetchall()]
    outlets = [r[0] for r in con.execute("SELECT DISTINCT outlet_id FROM claim_mentions JOIN articles USING (article_id)").fetchall()]
    assert set(cells) == {(c, o) for c in claims for o in outlets}
    stances = con.execute("""
        SELECT claim_id, outlet_id, bool_or(stance = 'supports'), bool_or(stance = 'denies'), bool_or(hedged)
        FROM claim_mentions JOIN articles USING (article_id) GROUP BY ALL""").fetchall()
    reported = {(c, o): ("supports and denies" if s and d else "denies" if d else "hedged" if h else "supports") for c, o, s, d, h in stances}
    assert cells == {key: reported.get(key, "not reported") for key in cells}
    screenshot(page, "report-heat-map.png", "#chart-coverage")


def test_marks_explain_themselves_on_focus_and_hover_and_the_keyboard_reaches_them(watched):
    page = watched.page
    page.click("nav a[data-section='articles']")
    assert page.locator(".article:visible").count() == 1
    first = page.locator(".article.shown .view.shown mark.m.q").first
    first.focus()
    tooltip = page.locator("#tooltip")
    assert tooltip.is_visible() and re.match(r"quote \S+ · ", tooltip.text_content())
    page.keyboard.press("Escape")
    assert not tooltip.is_visible()
    page.locator(".article.shown button[data-view='claims']").click()
    claim = page.locator(".article.shown .view.shown mark.m.claim").first
    claim.hover()
    assert tooltip.is_visible() and "claim mention" in tooltip.text_content()
    screenshot(page, "report-article.png")
    # tabbing from the navigation reaches the marks of the article
    page.locator("nav a[data-section='articles']").focus()
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('mark.m')"):
            break
    else:
        pytest.fail("Tab never reached a mark")


def test_a_claim_shows_its_mentions_side_by_side(watched):
    page = watched.page
    con = connect(load_package())
    claim_id, mentions = con.execute("""
        SELECT claim_id, count(*) AS n FROM claim_mentions GROUP BY ALL ORDER BY n DESC, claim_id LIMIT 1""").fetchall()[0]
    page.goto(page.url.split("#")[0] + f"#claim:{claim_id}")
    block = page.locator(f".claim-block[data-claim='{claim_id}']")
    assert block.is_visible() and block.locator("tbody tr").count() == mentions
    words = block.locator("a.words").all_text_contents()
    texts = [r[0] for r in con.execute("SELECT text FROM claim_mentions WHERE claim_id = ?", [claim_id]).fetchall()]
    assert sorted(words) == sorted(texts)
    screenshot(page, "report-claims.png")


def test_the_report_prints_every_section(watched):
    page = watched.page
    page.emulate_media(media="print")
    for section in ("overview", "articles", "findings", "claims"):
        assert page.locator(f"section[data-section='{section}']").is_visible()
    assert not page.locator("nav").is_visible()
    articles = page.locator(".article")
    assert page.locator(".article:visible").count() == articles.count() == 5
    assert page.locator(".view[data-view='quotes']:visible").count() == 5 and page.locator(".view[data-view='claims']:visible").count() == 0


def test_a_folder_report_works_offline_page_to_page(browser, tmp_path):
    out = tmp_path / "site"
    build_report(out=out, folder_from=2)
    w = Watched(browser)
    w.page.goto((out / "index.html").as_uri())
    w.page.click("nav a[data-section='articles']")
    w.page.locator(".article-list a").first.click()
    w.page.wait_for_load_state()
    assert w.page.url.startswith((out / "articles").as_uri())
    assert w.page.locator(".article.shown mark[data-table='quotes']").count() > 0
    w.page.click("nav a[data-section='findings']")
    w.page.wait_for_load_state()
    assert w.page.url.startswith((out / "index.html").as_uri()) and w.page.locator("section[data-section='findings']").is_visible()
    w.page.locator("a.evidence-link").first.click()
    w.page.wait_for_load_state()
    assert w.page.locator(".view.shown mark.evidence").count() == 1
    assert w.errors == [] and w.foreign_requests(out) == []
    w.page.close()
