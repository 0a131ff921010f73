"""``falseflag report``: a page people look at in a browser, offline, every highlighted word the corpus's own.

    falseflag.report.build_report(out="report.html")

The analyzers run (all, or the named ones); their summaries, charts (``charts.py``), findings
and the corpus's articles, with their annotations marked (``marks.py``), go into one HTML file
rendered from Jinja2 templates, with its CSS, script and charts inside it: no request of any
kind. Above FOLDER_FROM articles the report is a folder instead, an index page and one page
per article. See docs/report.md.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from ..connection import connect, package_files
from ..outputs import HTML_REPORT, OutputError, output_file, output_folder
from ..package import DataPackage, load_package
from ..runner import AnalysisRun, analyze
from .marks import Mark, render

FOLDER_FROM = 200
"""From this many articles on, the report is a folder of pages (one per article), not one file."""
MAX_FINDINGS_PER_KIND = 200
MAX_CLAIMS = 500
HEAT_MAP_CLAIMS = 60
HEAT_MAP_OUTLETS = 40
SOURCE_LEGEND = [("named_person", "named person"), ("anonymous", "anonymous"), ("organization", "organization"),
                 ("media_outlet", "media outlet"), ("unattributed", "unattributed")]
INSTALL_HINT = 'pip install "falseflag[report]" (it brings Altair and vl-convert, which draw the charts offline)'


class ReportError(RuntimeError):
    """The report cannot be made (its libraries are missing)."""


@dataclass
class ReportSummary:
    out: Path
    folder: bool
    articles: int
    pages: int
    bytes: int
    seconds: float
    run: AnalysisRun


def _template(name: str) -> str:
    return resources.files(__package__).joinpath("templates").joinpath(name).read_text(encoding="utf-8")


def build_report(
    names: list[str] | None = None,
    package: str | Path | DataPackage | None = None,
    out: str | Path = "report.html",
    *,
    force: bool = False,
    folder_from: int = FOLDER_FROM,
    run: AnalysisRun | None = None,
) -> ReportSummary:
    """Run the analyzers and write the report to ``out`` (a file, or a folder from ``folder_from`` articles on)."""
    try:
        import altair  # noqa: F401
        import jinja2
        import vl_convert  # noqa: F401
    except ImportError:
        raise ReportError(f"the report needs Altair, vl-convert and Jinja2: {INSTALL_HINT}") from None
    started = time.perf_counter()
    pkg = package if isinstance(package, DataPackage) else load_package(package)
    run = run if run is not None else analyze(names or None, pkg)
    corpus = Corpus(pkg, run)
    env = jinja2.Environment(autoescape=True, trim_blocks=False)
    page = env.from_string(_template("page.html.j2"))
    out = Path(out)
    folder = corpus.count("articles") >= folder_from
    common = corpus.common()
    if not folder:
        with output_file(out, HTML_REPORT, force=force, protected=package_files(pkg)) as staged:
            html = page.render(**common, mode="single", base="", articles=list(corpus.articles(link=_single)),
                               article_list=corpus.article_list(_single), **corpus.lists(_single))
            staged.write_text(html, encoding="utf-8")
            size = staged.stat().st_size
        pages = 1
    else:
        with output_folder(out, force=force, protected=package_files(pkg), what="a report") as staged:
            (staged / "articles").mkdir()
            index = page.render(**common, mode="index", base="index.html", articles=[],
                                article_list=corpus.article_list(_in_folder), **corpus.lists(_in_folder))
            (staged / "index.html").write_text(index, encoding="utf-8")
            pages = 1
            ids = [a["id"] for a in corpus.article_list(_single)]
            for n, article in enumerate(corpus.articles(link=_from_article)):
                # an article's page links to its neighbours, not to every article: the index lists them
                around = {"previous": ids[n - 1] if n > 0 else None, "next": ids[n + 1] if n + 1 < len(ids) else None}
                html = page.render(**common, mode="article", base="../index.html", articles=[article], article_list=[], around=around)
                (staged / "articles" / f"{article['id']}.html").write_text(html, encoding="utf-8")
                pages += 1
            size = sum(p.stat().st_size for p in staged.rglob("*") if p.is_file())
    return ReportSummary(out, folder, corpus.count("articles"), pages, size, time.perf_counter() - started, run)


def _single(article_id: str, fragment: str) -> str:
    return f"#{fragment}"


def _in_folder(article_id: str, fragment: str) -> str:
    return f"articles/{article_id}.html#{fragment}"


def _from_article(article_id: str, fragment: str) -> str:
    return f"{article_id}.html#{fragment}"


class Corpus:
    """What the report shows, read from the package (through the one loader) and the analysis run."""

    def __init__(self, pkg: DataPackage, run: AnalysisRun):
        self.pkg = pkg
        self.run = run
        self.con = connect(pkg)

    def count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]

    def rows(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        return list(_dicts(self.con.execute(sql, params or [])))

    def common(self) -> dict[str, Any]:
        from .. import __version__

        descriptor = self.pkg.descriptor
        title = descriptor.get("title") or descriptor.get("name") or "falseflag corpus"
        tables = [{"name": name, "rows": self.count(name), "description": self._description(name)} for name in self.pkg.resources]
        analyzers = [
            {"name": name, "title": self.run.analyzers[name].title, "version": self.run.analyzers[name].version,
             "summary": result.summary, "findings": len(result.findings)}
            for name, result in self.run.results.items()
        ]
        return {
            "version": __version__,
            "title": f"{title}: a report",
            "subtitle": f"Made by falseflag {__version__} from {self.pkg.descriptor_path}",
            "sections": [("overview", "Overview"), ("articles", "Articles"), ("findings", "Findings"), ("claims", "Claims")],
            "corpus": {"articles": self.count("articles"), "outlets": self.count("outlets"), "path": str(self.pkg.descriptor_path), "tables": tables},
            "analyzers": analyzers,
            "errors": [str(e) for e in self.run.errors],
            "charts": self.charts(),
            "source_legend": SOURCE_LEGEND,
            "css": _template("report.css"),
            "js": _template("report.js"),
        }

    def _description(self, name: str) -> str:
        for res in self.pkg.descriptor.get("resources", []):
            if res.get("name") == name:
                return res.get("description", "")
        return ""

    # -- charts --------------------------------------------------------------------------------

    def charts(self) -> list[dict[str, str]]:
        from . import charts

        made = []
        tables = {name: result.tables for name, result in self.run.results.items()}
        if "attribution" in tables and "attribution_source_mix" in tables["attribution"]:
            mix = tables["attribution"]["attribution_source_mix"].arrow.to_pylist()
            made.append(("source-mix", charts.source_mix(mix), "Quotes per outlet, by the kind of source they are credited to (attribution analyzer)."))
        if "hedging" in tables and "hedge_density_outlets" in tables["hedging"]:
            density = tables["hedging"]["hedge_density_outlets"].arrow.to_pylist()
            made.append(("hedge-density", charts.hedge_density(density), "Hedge cues per 1,000 words of each outlet's own text (hedging analyzer)."))
        cells, claims, outlets, note = self.coverage()
        if cells:
            made.append(("coverage", charts.coverage(cells, claims, outlets), "One cell per claim and outlet: how the outlet's mentions of the claim stand (from the claim mentions)." + note))
        if "agreement" in tables and "agreement_outlet_pairs" in tables["agreement"]:
            pairs = tables["agreement"]["agreement_outlet_pairs"].arrow.to_pylist()
            if pairs:
                names = sorted({p["outlet_a"] for p in pairs} | {p["outlet_b"] for p in pairs})[:HEAT_MAP_OUTLETS]
                pairs = [p for p in pairs if p["outlet_a"] in names and p["outlet_b"] in names]
                made.append(("outlet-agreement", charts.outlet_agreement(pairs, names), "Share of claims two outlets both report (Jaccard), from the agreement analyzer."))
        return [{"name": name, "svg": charts.svg(chart), "caption": caption} for name, chart, caption in made]

    def coverage(self) -> tuple[list[dict], list[str], list[str], str]:
        """The heat map's cells: every pair of the most reported claims and the busiest outlets."""
        claims = [r["claim_id"] for r in self.rows(f"""
            SELECT m.claim_id, count(DISTINCT a.outlet_id) AS n FROM claim_mentions m JOIN articles a USING (article_id)
            GROUP BY ALL ORDER BY n DESC, m.claim_id LIMIT {HEAT_MAP_CLAIMS}""")]
        outlets = [r["outlet_id"] for r in self.rows(f"""
            SELECT a.outlet_id, count(*) AS n FROM claim_mentions m JOIN articles a USING (article_id)
            GROUP BY ALL ORDER BY n DESC, a.outlet_id LIMIT {HEAT_MAP_OUTLETS}""")]
        if not claims or not outlets:
            return [], [], [], ""
        outlets.sort()
        stances = {(r["claim_id"], r["outlet_id"]): r for r in self.rows("""
            SELECT m.claim_id, a.outlet_id, count(*) AS mentions, bool_or(m.stance = 'supports') AS supports,
                   bool_or(m.stance = 'denies') AS denies, bool_or(m.hedged) AS hedged
            FROM claim_mentions m JOIN articles a USING (article_id) GROUP BY ALL""")}
        cells = []
        for claim in claims:
            for outlet in outlets:
                r = stances.get((claim, outlet))
                if r is None:
                    state = "not reported"
                elif r["supports"] and r["denies"]:
                    state = "supports and denies"
                elif r["denies"]:
                    state = "denies"
                else:
                    state = "hedged" if r["hedged"] else "supports"
                cells.append({"claim": claim, "outlet": outlet, "state": state, "mentions": r["mentions"] if r else 0})
        total = self.count("claims")
        note = f" The {len(claims)} claims most outlets report, of {total:,}." if total > len(claims) else ""
        return cells, claims, outlets, note

    # -- articles ------------------------------------------------------------------------------

    def article_list(self, link) -> list[dict[str, str]]:
        return [{"id": r["article_id"], "label": r["title"] or r["article_id"], "outlet": r["outlet_name"] or r["outlet_id"],
                 "href": link(r["article_id"], f"article:{r['article_id']}")}
                for r in self.rows("SELECT a.article_id, a.title, a.outlet_id, o.name AS outlet_name FROM articles a JOIN outlets o USING (outlet_id) ORDER BY a.article_id")]

    def articles(self, link):
        """Every article with its two marked-up views, one at a time."""
        hedges: dict[str, list[dict]] = defaultdict(list)
        if "hedging" in self.run.results and "hedge_cue_spans" in self.run.results["hedging"].tables:
            for row in self.run.results["hedging"].tables["hedge_cue_spans"].arrow.to_pylist():
                hedges[row["article_id"]].append(row)
        statements = {r["claim_id"]: r["statement"] for r in self.rows("SELECT claim_id, statement FROM claims")}
        names = {r["entity_id"]: r["name"] for r in self.rows("SELECT entity_id, name FROM entities")}
        # one cursor per table (a DuckDB connection holds one open result): each is read alongside the articles
        grouped = {table: _by_article(self.con.cursor().execute(f"SELECT * FROM {table} ORDER BY article_id, char_start, char_end"))
                   for table in ("boilerplate", "quotes", "claim_mentions")}
        for article in _dicts(self.con.cursor().execute("SELECT a.*, o.name AS outlet_name FROM articles a JOIN outlets o USING (outlet_id) ORDER BY article_id")):
            aid = article["article_id"]
            rows = {table: rows_of.take(aid) for table, rows_of in grouped.items()}
            boilerplate = [Mark(r["char_start"], r["char_end"], 0, "boilerplate", r["boilerplate_id"], "bp", f"boilerplate: {r['kind']}")
                           for r in rows["boilerplate"]]
            quote_marks = list(boilerplate)
            for q in rows["quotes"]:
                who = q["speaker_text"] or "no speaker"
                entity = names.get(q["speaker_entity_id"]) if q["speaker_entity_id"] else None
                info = (f"quote {q['quote_id']} · {q['kind']} · {q['source_type'].replace('_', ' ')}\nspeaker: {who}"
                        + (f" ({entity})" if entity else "") + (f"\ncue: {q['cue']}" if q["cue"] else "")
                        + (f"\nrelay: {q['relay_text']}" if q["relay_text"] else ""))
                quote_marks.append(Mark(q["char_start"], q["char_end"], 1, "quotes", q["quote_id"], f"q {q['source_type']}", info,
                                        {"kind": q["kind"], "source-type": q["source_type"]}))
                for part, label in (("speaker", "speaker"), ("cue", "cue"), ("relay", "relay")):
                    start, end = q[f"{part}_start"], q[f"{part}_end"]
                    if start is not None and end is not None:
                        quote_marks.append(Mark(start, end, 3, "quotes", q["quote_id"], part, f"{label} of quote {q['quote_id']}", {"field": part}))
            claim_marks = list(boilerplate)
            for m in rows["claim_mentions"]:
                info = (f"claim mention {m['claim_mention_id']} of claim {m['claim_id']}\n“{statements.get(m['claim_id'], '')}”\n"
                        f"{m['voice']} voice · {m['stance']}" + (f" · hedged: {m['hedge_cues']}" if m["hedged"] else " · not hedged")
                        + (f"\n{_values(m)}" if _values(m) else ""))
                classes = f"claim {m['stance']}" + (" hedged" if m["hedged"] else "")
                claim_marks.append(Mark(m["char_start"], m["char_end"], 1, "claim_mentions", m["claim_mention_id"], classes, info,
                                        {"claim": m["claim_id"], "stance": m["stance"], "hedged": str(bool(m["hedged"])).lower()}))
            for h in hedges.get(aid, []):
                claim_marks.append(Mark(h["char_start"], h["char_end"], 2, "hedge_cue_spans", f"{aid}:{h['char_start']}", "hedge",
                                        f"hedge cue “{h['cue']}” · {h['category'].replace('_', ' ')}", {"cue": h["cue"]}))
            text = article["text"]
            yield {
                "id": aid, "label": article["title"] or aid, "outlet": article["outlet_name"] or article["outlet_id"],
                "published": article["published"], "source_file": article["source_file"],
                "quotes": render(text, quote_marks), "claims": render(text, claim_marks),
            }

    # -- findings and claims ---------------------------------------------------------------------

    def lists(self, link) -> dict[str, Any]:
        findings, left = [], 0
        kinds: list[str] = []
        for name, result in self.run.results.items():
            shown: dict[str, int] = defaultdict(int)
            for f in result.findings:
                if f.kind not in kinds:
                    kinds.append(f.kind)
                if shown[f.kind] >= MAX_FINDINGS_PER_KIND:
                    left += 1
                    continue
                shown[f.kind] += 1
                findings.append({
                    "analyzer": name, "kind": f.kind, "message": f.message,
                    "evidence": [{**e.to_dict(), "href": link(e.article_id, f"evidence:{e.article_id}:{e.char_start}:{e.char_end}")} for e in f.evidence],
                })
        claims = []
        ranked = self.rows(f"""
            SELECT c.claim_id, c.statement, c.kind, c.unit, count(DISTINCT a.outlet_id) AS outlets
            FROM claims c JOIN claim_mentions m USING (claim_id) JOIN articles a USING (article_id)
            GROUP BY ALL ORDER BY outlets DESC, c.claim_id LIMIT {MAX_CLAIMS}""")
        mentions: dict[str, list[dict]] = defaultdict(list)
        wanted = [r["claim_id"] for r in ranked]
        if wanted:
            for m in self.rows("""
                SELECT m.*, coalesce(o.name, a.outlet_id) AS outlet FROM claim_mentions m JOIN articles a USING (article_id) JOIN outlets o USING (outlet_id)
                WHERE m.claim_id IN (SELECT unnest(?)) ORDER BY outlet, m.article_id, m.char_start""", [wanted]):
                m["values"] = _values(m)
                m["href"] = link(m["article_id"], f"evidence:{m['article_id']}:{m['char_start']}:{m['char_end']}")
                mentions[m["claim_id"]].append(m)
        for r in ranked:
            claims.append({"id": r["claim_id"], "statement": r["statement"], "kind": r["kind"], "unit": r["unit"], "outlets": r["outlets"],
                           "mentions": mentions[r["claim_id"]]})
        total = self.count("claims")
        return {
            "findings": findings, "finding_kinds": kinds,
            "findings_left": f"{left:,} more findings (at most {MAX_FINDINGS_PER_KIND} of each kind are shown): falseflag analyze --out DIR writes them all." if left else "",
            "claims": claims,
            "claims_left": f"The {len(claims)} claims reported by the most outlets are shown, of {total:,}." if total > len(claims) else "",
        }


def _dicts(cursor, batch: int = 2048) -> Iterator[dict[str, Any]]:
    """A query's rows as dicts, fetched a batch at a time."""
    names = [d[0] for d in cursor.description]
    while chunk := cursor.fetchmany(batch):
        for row in chunk:
            yield dict(zip(names, row))


class _by_article:
    """Rows ordered by article_id, handed out one article at a time (articles are visited in the same order)."""

    def __init__(self, cursor):
        self.rows = _dicts(cursor)
        self.next = next(self.rows, None)

    def take(self, article_id: str) -> list[dict[str, Any]]:
        while self.next is not None and self.next["article_id"] < article_id:  # rows of an article that is not in the table
            self.next = next(self.rows, None)
        taken = []
        while self.next is not None and self.next["article_id"] == article_id:
            taken.append(self.next)
            self.next = next(self.rows, None)
        return taken


def _values(m: dict) -> str:
    parts = []
    if m.get("value_low") is not None or m.get("value_high") is not None:
        low, high = m.get("value_low"), m.get("value_high")
        parts.append(f"{_number(low)}–{_number(high)}" if low is not None and high is not None and low != high
                     else f"≥ {_number(low)}" if high is None else f"≤ {_number(high)}" if low is None else _number(low))
    if m.get("period_start") or m.get("period_end"):
        parts.append(f"{m.get('period_start') or '…'} to {m.get('period_end') or '…'}")
    return "; ".join(parts)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


__all__ = ["FOLDER_FROM", "INSTALL_HINT", "OutputError", "ReportError", "ReportSummary", "build_report"]
