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
FALSEFLAG_DATA_DIRS = [_sql.folder(NAME)]
"""Where this plugin's SQL reads its data files (the only folder its connection may read)."""
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
    "statements.sql",
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
    ("attribution_same_statements", "Pairs of quotes in different outlets that give the same statement (nearly all words shared)."),
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
            tables=("outlets", "articles", "entities", "entity_titles", "quotes", "claims", "claim_mentions"),
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
    """Word-level diff of every same-statement pair whose words differ and are both the
    speaker's own (direct or mixed quotes; an indirect one is the outlet's paraphrase).
    Returns the table and, per row, the two quote spans for the evidence."""
    pairs = _sql.rows(
        con,
        """
        WITH sides AS MATERIALIZED (
            SELECT q.quote_id, q.outlet_id, q.article_id, q.char_start, q.char_end, q.kind, t.text,
                   attribution_words(t.text) AS words
            FROM attribution_quotes q
            JOIN quotes t USING (quote_id)
            SEMI JOIN (SELECT quote_a AS quote_id FROM attribution_same_statements
                       UNION SELECT quote_b FROM attribution_same_statements) USING (quote_id)
        )
        SELECT s.quote_a, a.outlet_id AS outlet_a, a.article_id AS article_a, a.char_start AS char_start_a,
               a.char_end AS char_end_a, a.kind AS kind_a, a.text AS span_a,
               s.quote_b, b.outlet_id AS outlet_b, b.article_id AS article_b, b.char_start AS char_start_b,
               b.char_end AS char_end_b, b.kind AS kind_b, b.text AS span_b
        FROM attribution_same_statements s
        JOIN sides a ON a.quote_id = s.quote_a
        JOIN sides b ON b.quote_id = s.quote_b
        WHERE a.kind <> 'indirect' AND b.kind <> 'indirect' AND a.words <> b.words
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


# Evidence text comes from the span columns of the corpus tables (quotes.text, speaker_text,
# cue, relay_text, claim_mentions.text, entity_titles.text), which validation checks against
# the article text, so no article text is read.


def conflict_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = _sql.rows(
        con,
        """
        SELECT c.*, qa.text AS span_a, qb.text AS span_b
        FROM attribution_conflicts c
        JOIN quotes qa ON qa.quote_id = c.quote_a
        JOIN quotes qb ON qb.quote_id = c.quote_b
        ORDER BY c.outlet_a, c.quote_a, c.outlet_b, c.quote_b
        """,
    )
    findings = []
    for r in rows:
        spans = []
        for side in ("a", "b"):
            spans.append(_sql.evidence(r, f"article_{side}", f"char_start_{side}", f"char_end_{side}", f"span_{side}"))
            if r[f"speaker_start_{side}"] is not None:
                spans.append(
                    _sql.evidence(r, f"article_{side}", f"speaker_start_{side}", f"speaker_end_{side}", f"speaker_text_{side}")
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
    # One example of each title an outlet uses, for the message and the evidence.
    rows = _sql.rows_with_evidence(
        con,
        f"""
        WITH examples AS MATERIALIZED (
            SELECT * FROM attribution_title_variants
            QUALIFY row_number() OVER (PARTITION BY entity_id, outlet_id, title_key ORDER BY article_id, char_start) = 1
        ),
        outlets AS (
            SELECT entity_id, outlet_id,
                   outlet_id || ': ' || string_agg('“' || text || '”', ', ' ORDER BY article_id, char_start) AS shown,
                   list(title_key ORDER BY title_key) AS title_keys
            FROM examples
            GROUP BY entity_id, outlet_id
        ),
        described AS (
            SELECT entity_id, string_agg(shown, '; ' ORDER BY outlet_id) AS described,
                   list({{'outlet_id': outlet_id, 'title_keys': title_keys}} ORDER BY outlet_id) AS titles
            FROM outlets
            GROUP BY entity_id
        ),
        shown AS (
            SELECT entity_id, any_value(name) AS name,
                   list({{'article_id': article_id, 'char_start': char_start, 'char_end': char_end, 'text': text}}
                        ORDER BY outlet_id, article_id, char_start)[1:{MAX_EVIDENCE + 2}] AS evidence
            FROM examples
            GROUP BY entity_id
        )
        SELECT * FROM shown JOIN described USING (entity_id) ORDER BY entity_id
        """,
    )
    return [
        Finding(
            kind="title_variants",
            message=f"{r['name']} is titled differently by different outlets — {r['described']}.",
            evidence=r["evidence"],
            data={"entity_id": r["entity_id"], "titles": {t["outlet_id"]: t["title_keys"] for t in r["titles"]}},
        )
        for r in rows
    ]


def anonymous_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = _sql.rows_with_evidence(
        con,
        f"""
        SELECT c.claim_id, c.statement,
               list(DISTINCT coalesce(s.speaker_text, 'an unnamed source') ORDER BY coalesce(s.speaker_text, 'an unnamed source')) AS sources,
               list(DISTINCT s.outlet_id ORDER BY s.outlet_id) AS outlets,
               list(s.claim_mention_id ORDER BY s.outlet_id, s.article_id, s.char_start) AS mentions,
               list({{'article_id': s.article_id, 'char_start': s.char_start, 'char_end': s.char_end, 'text': s.text}}
                    ORDER BY s.outlet_id, s.article_id, s.char_start)[1:{MAX_EVIDENCE}] AS evidence
        FROM attribution_claim_sources c
        JOIN attribution_source_mentions s USING (claim_id)
        WHERE c.anonymous_only
        GROUP BY c.claim_id, c.statement
        ORDER BY c.claim_id
        """,
    )
    return [
        Finding(
            kind="anonymous_only_claim",
            message=(
                f"Claim {r['claim_id']} “{r['statement']}” rests only on anonymous sources "
                f"({_sql.listing([f'“{s}”' for s in r['sources']])}) in {_sql.listing(r['outlets'])}."
            ),
            evidence=r["evidence"],
            data={"claim_id": r["claim_id"], "outlets": r["outlets"], "sources": r["sources"], "mentions": r["mentions"]},
        )
        for r in rows
    ]


def loaded_verb_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    rows = _sql.rows_with_evidence(
        con,
        f"""
        WITH shown AS (
            SELECT outlet_id, article_id, cue_start, cue_end, cue
            FROM attribution_verb_uses
            WHERE verb_class = 'loaded' AND cue_start IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY outlet_id ORDER BY article_id, cue_start) <= {MAX_EVIDENCE}
        )
        SELECT m.outlet_id, m.cues, m.loaded, m.loaded_share, m.loaded_verbs,
               list({{'article_id': s.article_id, 'char_start': s.cue_start, 'char_end': s.cue_end, 'text': s.cue}}
                    ORDER BY s.article_id, s.cue_start) AS uses
        FROM attribution_verb_mix m
        JOIN shown s USING (outlet_id)
        GROUP BY ALL
        ORDER BY m.outlet_id
        """,
        "uses",
    )
    return [
        Finding(
            kind="loaded_verbs",
            message=(
                f"{r['outlet_id']} attributes with loaded reporting verbs in {r['loaded']} of "
                f"{r['cues']} cues (share of classified cues {r['loaded_share']}): "
                f"{_sql.listing([f'“{v}”' for v in r['loaded_verbs']], 10)}."
            ),
            evidence=r["uses"],
            data={"outlet_id": r["outlet_id"], "loaded": r["loaded"], "cues": r["cues"], "verbs": r["loaded_verbs"]},
        )
        for r in rows
    ]


def relay_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    # The evidence is the relay's span, or the quote's for a nested quote without a relay.
    rows = _sql.rows_with_evidence(
        con,
        f"""
        WITH spans AS MATERIALIZED (
            SELECT c.outlet_id, c.first_step, c.quote_id, c.chain, c.article_id,
                   coalesce(q.relay_start, q.char_start) AS char_start, coalesce(q.relay_end, q.char_end) AS char_end,
                   CASE WHEN q.relay_start IS NOT NULL THEN q.relay_text ELSE t.text END AS text,
                   row_number() OVER (PARTITION BY c.outlet_id, c.first_step ORDER BY c.article_id, q.char_start) AS position
            FROM attribution_relay_chains c
            JOIN attribution_quotes q USING (quote_id)
            LEFT JOIN (SELECT quote_id, text FROM quotes
                       SEMI JOIN (SELECT quote_id FROM attribution_relay_chains JOIN attribution_quotes USING (quote_id)
                                  WHERE relay_start IS NULL) USING (quote_id)) t USING (quote_id)
        ),
        chains AS (
            SELECT outlet_id, first_step, list(chain ORDER BY first) AS chains
            FROM (SELECT outlet_id, first_step, chain, min(position) AS first FROM spans GROUP BY ALL)
            GROUP BY ALL
        ),
        quotes AS (
            SELECT outlet_id, first_step, list(quote_id ORDER BY position) AS quotes,
                   list({{'article_id': article_id, 'char_start': char_start, 'char_end': char_end, 'text': text}}
                        ORDER BY position)[1:{MAX_EVIDENCE}] AS evidence
            FROM spans
            GROUP BY ALL
        )
        SELECT * FROM quotes JOIN chains USING (outlet_id, first_step) ORDER BY outlet_id, first_step
        """,
    )
    findings = []
    for r in rows:
        distinct = r["chains"]
        more = f" and {len(distinct) - MAX_EVIDENCE} more" if len(distinct) > MAX_EVIDENCE else ""
        findings.append(
            Finding(
                kind="relay_chain",
                message=f"{r['outlet_id']} reports {len(r['quotes'])} quote(s) through {r['first_step']}: "
                f"{'; '.join(distinct[:MAX_EVIDENCE])}{more}.",
                evidence=r["evidence"],
                data={"outlet_id": r["outlet_id"], "through": r["first_step"], "chains": distinct, "quotes": r["quotes"]},
            )
        )
    return findings


def _share(value: float | None) -> str:
    return "–" if value is None else str(value)


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
            + ", ".join(f"{m['outlet_id']} {m['quotes']} ({_share(m['named_person_share'])} / {_share(m['anonymous_share'])})" for m in mix)
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
