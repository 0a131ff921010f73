"""Attribution: whom each outlet quotes, with which verbs, through whom, and where they disagree.

Source-type mix per outlet; claims resting only on anonymous sources; neutral and loaded
reporting verbs (a lexicon kept as data, ``analyzers/attribution/verbs.csv``); relay
chains (outlet → agency → speaker, through nested quotes); the same words credited to
different speakers or kinds of source by different outlets; quotations of one statement
whose words differ (with a word-level diff); speakers given different titles.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pyarrow as pa

from ..analysis import Analyzer, AnalyzerResult, Finding
from ..hookspecs import hookimpl
from . import _sql
from ._wording import compare, quoted_words

NAME = "attribution"
VERSION = "1.0.0"
LOADER = "verbs.sql"
SQL_FILES = (
    LOADER,
    "quotes.sql",
    "sources.sql",
    "anonymous.sql",
    "verbs_used.sql",
    "relays.sql",
    "matching.sql",
    "conflicts.sql",
    "titles.sql",
)
MAX_EVIDENCE = 6
MIN_DRIFT_SIMILARITY = 75.0
"""Quotes of one statement whose compared words are less alike than this (0-100) are
paraphrases rather than drifted quotations."""

TABLES = (
    ("attribution_source_mix", "Quotes per outlet credited to each source type, with shares."),
    ("attribution_claim_sources", "Claims credited to a source: how many such mentions, how many anonymous, and whether only anonymous."),
    ("attribution_outlet_anonymity", "Per outlet: claims it credits to sources, and those resting only on anonymous sources."),
    ("attribution_verb_uses", "The reporting verb of each quote's cue and its class (neutral, loaded, unclassified)."),
    ("attribution_verb_mix", "Neutral, loaded and unclassified reporting verbs per outlet."),
    ("attribution_relay_chains", "How quotes reach each article: outlet → relay → speaker, through nested quotes."),
    ("attribution_same_statements", "Pairs of quotes in different outlets that give the same statement (3-gram overlap)."),
    ("attribution_conflicts", "The same statement credited to different source types or speakers by different outlets."),
    ("attribution_title_variants", "Titles of people that different outlets title differently."),
    ("attribution_verb_lexicon", "The reporting-verb lexicon: verb, class, source and note."),
)


@hookimpl
def prepare_connection(connection: duckdb.DuckDBPyConnection, analyzer: Analyzer) -> None:
    """Load the reporting-verb lexicon before the attribution analyzer runs."""
    if analyzer.name == NAME:
        _sql.load_data_files(connection, NAME, LOADER)


@hookimpl
def register_analyzers(register) -> None:
    register(
        Analyzer(
            name=NAME,
            title="Attribution",
            description=(
                "Source types per outlet, claims resting only on anonymous sources, neutral and loaded "
                "reporting verbs, relay chains, the same statement credited to different sources, "
                "quotations whose words drift between outlets, and speakers titled differently."
            ),
            version=VERSION,
            run=run,
            sql_files=_sql.sql_paths(NAME, SQL_FILES),
        )
    )


def run(connection: duckdb.DuckDBPyConnection) -> AnalyzerResult:
    _sql.ensure_loaded(connection, NAME, "attribution_verb_lexicon", LOADER)
    _sql.run_files(connection, NAME, SQL_FILES[1:])
    result = AnalyzerResult()
    _sql.add_tables(result, connection, TABLES)
    drift, drift_spans = quote_drift(connection)
    result.add_table(
        "attribution_quote_drift",
        drift,
        "Quotations of the same statement in different outlets whose words differ, with a word-level diff.",
    )
    result.findings.extend(conflict_findings(connection))
    result.findings.extend(drift_findings(drift, drift_spans))
    result.findings.extend(title_findings(connection))
    result.findings.extend(anonymous_findings(connection))
    result.findings.extend(loaded_verb_findings(connection))
    result.findings.extend(relay_findings(connection))
    result.summary = summary(connection, result)
    return result


DRIFT_SCHEMA = pa.schema(
    [
        ("quote_a", pa.string()),
        ("outlet_a", pa.string()),
        ("article_a", pa.string()),
        ("char_start_a", pa.int64()),
        ("char_end_a", pa.int64()),
        ("quote_b", pa.string()),
        ("outlet_b", pa.string()),
        ("article_b", pa.string()),
        ("char_start_b", pa.int64()),
        ("char_end_b", pa.int64()),
        ("similarity", pa.float64()),
        ("changes", pa.list_(pa.string())),
        ("diff", pa.string()),
    ]
)


def quote_drift(con: duckdb.DuckDBPyConnection) -> tuple[pa.Table, list[dict]]:
    """Word-level diff of every same-statement pair whose words are both the speaker's own
    (direct or mixed quotes; indirect ones are the outlet's paraphrase). Returns the table
    and, per row, the two quote spans for the evidence."""
    pairs = _sql.rows(
        con,
        f"""
        SELECT s.quote_a, a.outlet_id AS outlet_a, a.article_id AS article_a, a.char_start AS char_start_a,
               a.char_end AS char_end_a, a.kind AS kind_a, {_sql.span("aa", "a.char_start", "a.char_end")} AS span_a,
               s.quote_b, b.outlet_id AS outlet_b, b.article_id AS article_b, b.char_start AS char_start_b,
               b.char_end AS char_end_b, b.kind AS kind_b, {_sql.span("ab", "b.char_start", "b.char_end")} AS span_b
        FROM attribution_same_statements s
        JOIN attribution_quotes a ON a.quote_id = s.quote_a
        JOIN attribution_quotes b ON b.quote_id = s.quote_b
        JOIN articles aa ON aa.article_id = a.article_id
        JOIN articles ab ON ab.article_id = b.article_id
        WHERE a.kind <> 'indirect' AND b.kind <> 'indirect'
        ORDER BY a.outlet_id, s.quote_a, b.outlet_id, s.quote_b
        """,
    )
    out: dict[str, list] = {name: [] for name in DRIFT_SCHEMA.names}
    kept = []
    for p in pairs:
        result = compare(quoted_words(p["span_a"], p["kind_a"]), quoted_words(p["span_b"], p["kind_b"]))
        if result is None or not result.changes or result.similarity < MIN_DRIFT_SIMILARITY:
            continue
        for side in ("a", "b"):
            for col in ("quote", "outlet", "article", "char_start", "char_end"):
                out[f"{col}_{side}"].append(p[f"{col}_{side}"])
        out["similarity"].append(float(result.similarity))
        out["changes"].append([str(c) for c in result.changes])
        out["diff"].append(result.diff)
        kept.append(p)
    return pa.table(out, schema=DRIFT_SCHEMA), kept


def _source(name: str | None, source_type: str) -> str:
    return f"{name} ({source_type.replace('_', ' ')})"


def conflict_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = _sql.rows(
        con,
        f"""
        SELECT c.*,
               {_sql.span("aa", "c.char_start_a", "c.char_end_a")} AS span_a,
               {_sql.span("aa", "c.speaker_start_a", "c.speaker_end_a")} AS speaker_span_a,
               {_sql.span("ab", "c.char_start_b", "c.char_end_b")} AS span_b,
               {_sql.span("ab", "c.speaker_start_b", "c.speaker_end_b")} AS speaker_span_b
        FROM attribution_conflicts c
        JOIN articles aa ON aa.article_id = c.article_a
        JOIN articles ab ON ab.article_id = c.article_b
        """,
    )
    findings = []
    for r in rows:
        spans = []
        for side in ("a", "b"):
            spans.append(_sql.evidence(r, f"article_{side}", f"char_start_{side}", f"char_end_{side}", f"span_{side}"))
            if r[f"speaker_start_{side}"] is not None:
                spans.append(
                    _sql.evidence(r, f"article_{side}", f"speaker_start_{side}", f"speaker_end_{side}", f"speaker_span_{side}")
                )
        words = _sql.quoted(min(r["span_a"], r["span_b"], key=len), 80)
        what = "kinds of source" if r["conflict"] == "source_type" else "speakers"
        message = (
            f"The same statement is credited to different {what}: {r['outlet_a']} credits it to "
            f"{_source(r['speaker_a'], r['source_type_a'])}, {r['outlet_b']} to "
            f"{_source(r['speaker_b'], r['source_type_b'])}: {words}"
        )
        findings.append(
            Finding(
                kind="attribution_conflict",
                message=message,
                evidence=tuple(spans),
                data={
                    "conflict": r["conflict"],
                    "overlap": r["overlap"],
                    **{f"{k}_{s}": r[f"{k}_{s}"] for s in ("a", "b") for k in ("quote", "outlet", "speaker", "source_type")},
                },
            )
        )
    return findings


def drift_findings(drift: pa.Table, spans: list[dict]) -> list[Finding]:
    findings = []
    for r, p in zip(drift.to_pylist(), spans):
        message = (
            f"{r['outlet_a']} and {r['outlet_b']} quote the same statement in different words "
            f"({'; '.join(r['changes'])}): {r['diff']}"
        )
        findings.append(
            Finding(
                kind="quote_drift",
                message=message,
                evidence=(
                    _sql.evidence(p, "article_a", "char_start_a", "char_end_a", "span_a"),
                    _sql.evidence(p, "article_b", "char_start_b", "char_end_b", "span_b"),
                ),
                data={k: r[k] for k in ("quote_a", "outlet_a", "quote_b", "outlet_b", "similarity", "changes", "diff")},
            )
        )
    return findings


def title_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = _sql.rows(
        con,
        f"""
        SELECT t.*, {_sql.span("a", "t.char_start", "t.char_end")} AS span
        FROM attribution_title_variants t JOIN articles a USING (article_id)
        ORDER BY t.entity_id, t.outlet_id, t.article_id, t.char_start
        """,
    )
    by_entity: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_entity[r["entity_id"]].append(r)
    findings = []
    for entity_id, titles in by_entity.items():
        # One example of each title an outlet uses, for the message and the evidence.
        seen, examples = set(), []
        for r in titles:
            if (r["outlet_id"], r["title_key"]) not in seen:
                seen.add((r["outlet_id"], r["title_key"]))
                examples.append(r)
        by_outlet: dict[str, list[str]] = defaultdict(list)
        for r in examples:
            by_outlet[r["outlet_id"]].append(f"“{r['text']}”")
        described = "; ".join(f"{outlet}: {', '.join(t)}" for outlet, t in by_outlet.items())
        findings.append(
            Finding(
                kind="title_variants",
                message=f"{titles[0]['name']} is titled differently by different outlets — {described}.",
                evidence=tuple(_sql.evidence(r) for r in examples[: MAX_EVIDENCE + 2]),
                data={
                    "entity_id": entity_id,
                    "titles": {outlet: sorted({r["title_key"] for r in titles if r["outlet_id"] == outlet}) for outlet in by_outlet},
                },
            )
        )
    return findings


def anonymous_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = _sql.rows(
        con,
        f"""
        SELECT c.claim_id, c.statement, s.claim_mention_id, s.outlet_id, s.article_id,
               s.char_start, s.char_end, q.speaker_text, {_sql.span("a", "s.char_start", "s.char_end")} AS span
        FROM attribution_claim_sources c
        JOIN attribution_source_mentions s USING (claim_id)
        JOIN articles a ON a.article_id = s.article_id
        LEFT JOIN quotes q ON q.quote_id = s.quote_id
        WHERE c.anonymous_only
        ORDER BY c.claim_id, s.outlet_id, s.article_id, s.char_start
        """,
    )
    by_claim: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_claim[r["claim_id"]].append(r)
    findings = []
    for claim_id, mentions in by_claim.items():
        sources = sorted({m["speaker_text"] or "an unnamed source" for m in mentions})
        outlets = sorted({m["outlet_id"] for m in mentions})
        findings.append(
            Finding(
                kind="anonymous_only_claim",
                message=(
                    f"Claim {claim_id} “{mentions[0]['statement']}” rests only on anonymous sources "
                    f"({_sql.listing([f'“{s}”' for s in sources])}) in {_sql.listing(outlets)}."
                ),
                evidence=tuple(_sql.evidence(m) for m in mentions[:MAX_EVIDENCE]),
                data={"claim_id": claim_id, "outlets": outlets, "sources": sources, "mentions": [m["claim_mention_id"] for m in mentions]},
            )
        )
    return findings


def loaded_verb_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = _sql.rows(
        con,
        f"""
        SELECT m.outlet_id, m.cues, m.loaded, m.loaded_share, m.loaded_verbs,
               u.quote_id, u.article_id, u.cue_start, u.cue_end, {_sql.span("a", "u.cue_start", "u.cue_end")} AS span
        FROM attribution_verb_mix m
        JOIN attribution_verb_uses u USING (outlet_id)
        JOIN articles a ON a.article_id = u.article_id
        WHERE u.verb_class = 'loaded' AND u.cue_start IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY m.outlet_id ORDER BY u.article_id, u.cue_start) <= {MAX_EVIDENCE}
        ORDER BY m.outlet_id, u.article_id, u.cue_start
        """,
    )
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_outlet[r["outlet_id"]].append(r)
    findings = []
    for outlet_id, uses in by_outlet.items():
        first = uses[0]
        findings.append(
            Finding(
                kind="loaded_verbs",
                message=(
                    f"{outlet_id} attributes with loaded reporting verbs in {first['loaded']} of "
                    f"{first['cues']} cues (share of classified cues {first['loaded_share']}): "
                    f"{_sql.listing([f'“{v}”' for v in first['loaded_verbs']], 10)}."
                ),
                evidence=tuple(_sql.evidence(u, start="cue_start", end="cue_end") for u in uses),
                data={"outlet_id": outlet_id, "loaded": first["loaded"], "cues": first["cues"], "verbs": first["loaded_verbs"]},
            )
        )
    return findings


def relay_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = _sql.rows(
        con,
        f"""
        SELECT c.outlet_id, c.first_step, c.quote_id, c.chain, c.article_id,
               coalesce(q.relay_start, q.char_start) AS char_start, coalesce(q.relay_end, q.char_end) AS char_end,
               {_sql.span("a", "coalesce(q.relay_start, q.char_start)", "coalesce(q.relay_end, q.char_end)")} AS span
        FROM attribution_relay_chains c
        JOIN attribution_quotes q USING (quote_id)
        JOIN articles a ON a.article_id = c.article_id
        ORDER BY c.outlet_id, c.first_step, c.article_id, q.char_start
        """,
    )
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["outlet_id"], r["first_step"])].append(r)
    findings = []
    for (outlet_id, first_step), chains in groups.items():
        distinct = list(dict.fromkeys(c["chain"] for c in chains))
        findings.append(
            Finding(
                kind="relay_chain",
                message=f"{outlet_id} reports {len(chains)} quote(s) through {first_step}: {'; '.join(distinct[:MAX_EVIDENCE])}"
                + (f" and {len(distinct) - MAX_EVIDENCE} more" if len(distinct) > MAX_EVIDENCE else "")
                + ".",
                evidence=tuple(_sql.evidence(c) for c in chains[:MAX_EVIDENCE]),
                data={"outlet_id": outlet_id, "through": first_step, "chains": distinct, "quotes": [c["quote_id"] for c in chains]},
            )
        )
    return findings


def summary(con: duckdb.DuckDBPyConnection, result: AnalyzerResult) -> str:
    mix = _sql.rows(con, "SELECT outlet_id, quotes, named_person_share, anonymous_share FROM attribution_source_mix")
    claims = _sql.rows(
        con,
        "SELECT count(*) AS sourced, count(*) FILTER (WHERE anonymous_only) AS anonymous_only FROM attribution_claim_sources",
    )[0]
    counts = defaultdict(int)
    for f in result.findings:
        counts[f.kind] += 1
    lines = []
    if mix:
        lines.append(
            "Quotes (named / anonymous share): "
            + ", ".join(f"{m['outlet_id']} {m['quotes']} ({m['named_person_share']} / {m['anonymous_share']})" for m in mix)
            + "."
        )
    if claims["sourced"]:
        share = claims["anonymous_only"] / claims["sourced"]
        lines.append(
            f"Claims resting only on anonymous sources: {claims['anonymous_only']} of {claims['sourced']} "
            f"credited to a source ({share:.0%})."
        )
    lines.append(
        f"Attribution conflicts: {counts['attribution_conflict']}; quote drift: {counts['quote_drift']}; "
        f"people titled differently: {counts['title_variants']}; relay routes: {counts['relay_chain']}."
    )
    return "\n".join(lines)
