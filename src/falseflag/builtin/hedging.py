"""Hedging: how far each outlet presents claims as uncertain, approximate or at a distance.

Finds hedge cues from a lexicon kept as data (``analyzers/hedging/lexicon.csv``) in the
articles' own text, measures hedge density per article and outlet, detects hedged claim
mentions, contrasts outlets that hedge a claim with outlets that state it flatly, and
scores its own detection against the gold ``claim_mentions.hedged`` flags (those made by
hand or planted by the generator, not by automatic annotation).
"""

from __future__ import annotations

import duckdb

from ..analysis import Analyzer, AnalyzerResult, Finding
from ..hookspecs import hookimpl
from . import _sql

NAME = "hedging"
FALSEFLAG_DATA_DIRS = [_sql.folder(NAME)]
"""Where this plugin's SQL reads its data files (the only folder its connection may read)."""
VERSION = "1.0.0"
LOADER = "lexicon.sql"
SQL_FILES = (LOADER, "segments.sql", "cues.sql", "density.sql", "claims.sql", "contrasts.sql", "score.sql")
CORPUS_TABLES = ("outlets", "articles", "boilerplate", "claims", "claim_mentions")
MAX_EVIDENCE = 8
SUMMARY_OUTLETS = 5
"""With more than twice as many outlets, the summary names only the densest and the sparsest."""

TABLES = (
    ("hedge_cue_spans", "Hedge cues found in the articles' own text (boilerplate left out), one row per match."),
    ("hedge_density_articles", "Words, hedge cues and cues per 1,000 words of each article."),
    ("hedge_density_outlets", "Words, hedge cues and cues per 1,000 words of each outlet."),
    ("hedge_density_categories", "Hedge cues of each category per outlet, and per 1,000 words."),
    ("hedge_claim_mentions", "Each claim mention, whether a cue lies inside it, and its gold hedged flag."),
    ("hedge_outlet_claims", "Share of each outlet's claim mentions detected as hedged, beside the gold share."),
    ("hedge_contrasts", "Claims one outlet hedges and another states flatly, with an example mention per outlet."),
    ("hedge_confusion", "Detected against gold hedged flags of claim mentions: the four cells."),
    ("hedge_score", "Precision, recall and F1 of the hedge detection against the gold flags."),
    ("hedge_lexicon", "The hedge lexicon: cue, category, source and note."),
)


@hookimpl
def prepare_connection(connection: duckdb.DuckDBPyConnection, analyzer: Analyzer) -> None:
    """Load the hedge lexicon (the one file this analyzer reads) before the hedging analyzer runs."""
    if analyzer.name == NAME:
        _sql.load_data_files(connection, NAME, LOADER)


@hookimpl
def register_analyzers(register) -> None:
    register(
        Analyzer(
            name=NAME,
            title="Hedging",
            description=(
                "Hedge cues (modal, epistemic, reportive, distancing, approximating, negated certainty) "
                "per 1,000 words per article and outlet; hedged claim mentions; claims one outlet hedges "
                "and another states flatly; precision, recall and F1 against the gold hedged flags."
            ),
            version=VERSION,
            run=run,
            sql_files=_sql.sql_paths(NAME, SQL_FILES),
            tables=CORPUS_TABLES,
        )
    )


def run(connection: duckdb.DuckDBPyConnection) -> AnalyzerResult:
    _sql.ensure_loaded(connection, NAME, "hedge_lexicon", LOADER)
    _sql.run_files(connection, NAME, SQL_FILES[1:])
    result = AnalyzerResult()
    _sql.add_tables(result, connection, TABLES)
    result.findings.extend(contrast_findings(connection))
    score = _sql.rows(connection, "SELECT * FROM hedge_score")[0]
    result.findings.append(score_finding(connection, score))
    result.summary = summary(connection, score)
    return result


def contrast_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    # One row per claim and stance; both sides always appear in the evidence, however
    # many outlets there are.
    side = MAX_EVIDENCE // 2
    span = "{'article_id': article_id, 'char_start': char_start, 'char_end': char_end, 'text': text}"
    rows = _sql.rows_with_evidence(
        con,
        f"""
        SELECT claim_id, stance, any_value(statement) AS statement,
               list(outlet_id ORDER BY outlet_id) FILTER (WHERE wording = 'hedged') AS hedged_outlets,
               list(detected_cues ORDER BY outlet_id) FILTER (WHERE wording = 'hedged') AS hedged_cues,
               list(claim_mention_id ORDER BY outlet_id) FILTER (WHERE wording = 'hedged') AS hedged_mentions,
               list(outlet_id ORDER BY outlet_id) FILTER (WHERE wording = 'flat') AS flat_outlets,
               list(claim_mention_id ORDER BY outlet_id) FILTER (WHERE wording = 'flat') AS flat_mentions,
               coalesce(list({span} ORDER BY outlet_id) FILTER (WHERE wording = 'hedged'), [])[1:{side}]
               || coalesce(list({span} ORDER BY outlet_id) FILTER (WHERE wording = 'flat'), [])[1:{side}] AS evidence
        FROM hedge_contrasts
        GROUP BY claim_id, stance
        ORDER BY claim_id, stance
        """,
    )
    findings = []
    for r in rows:
        hedged, flat = r["hedged_outlets"] or [], r["flat_outlets"] or []
        cues = dict(zip(hedged, r["hedged_cues"] or []))
        denial = "" if r["stance"] == "supports" else f" ({r['stance']})"
        message = (
            f"Claim {r['claim_id']}{denial} “{r['statement']}” is hedged by "
            f"{_sql.listing([f'{outlet} (“{cues[outlet]}”)' for outlet in hedged])} and stated flatly by {_sql.listing(flat)}."
        )
        findings.append(
            Finding(
                kind="hedged_vs_flat",
                message=message,
                evidence=r["evidence"],
                data={
                    "claim_id": r["claim_id"],
                    "stance": r["stance"],
                    "hedged_outlets": hedged,
                    "flat_outlets": flat,
                    "hedged_mentions": r["hedged_mentions"] or [],
                    "flat_mentions": r["flat_mentions"] or [],
                    "cues": cues,
                },
            )
        )
    return findings


def score_text(score: dict) -> str:
    if not score["claim_mentions"]:
        return "no claim mentions to score the hedge detection against (none has a flag made by hand)"
    if score["f1"] is None:
        return f"no gold hedges and no detections among {score['claim_mentions']} claim mentions"
    fmt = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    return (
        f"precision {fmt(score['precision'])}, recall {fmt(score['recall'])}, F1 {fmt(score['f1'])} "
        f"(TP {score['true_positives']}, FP {score['false_positives']}, FN {score['false_negatives']}, "
        f"TN {score['true_negatives']} of {score['claim_mentions']} claim mentions)"
    )


def score_finding(con: duckdb.DuckDBPyConnection, score: dict) -> Finding:
    """The self-score, with some of the misses and false alarms as evidence."""
    errors = _sql.rows(
        con,
        f"""
        WITH shown AS (
            SELECT claim_mention_id, outcome, article_id, char_start, char_end
            FROM hedge_claim_mentions
            WHERE reference AND outcome IN ('false_negative', 'false_positive')
            ORDER BY outcome, article_id, char_start
            LIMIT {MAX_EVIDENCE}
        )
        SELECT m.*, words.span
        FROM shown m {_sql.CLAIM_MENTION_WORDS}
        ORDER BY m.outcome, m.article_id, m.char_start
        """,
    )
    return Finding(
        kind="hedge_self_score",
        message=f"Hedge detection against the gold flags: {score_text(score)}.",
        evidence=tuple(_sql.evidence(e) for e in errors),
        data={
            **score,
            "examples": [{"claim_mention_id": e["claim_mention_id"], "outcome": e["outcome"]} for e in errors],
        },
    )


def summary(con: duckdb.DuckDBPyConnection, score: dict) -> str:
    total = _sql.rows(con, "SELECT count(*) AS cues, count(DISTINCT article_id) AS articles FROM hedge_cue_spans")[0]
    outlets = _sql.rows(
        con,
        "SELECT outlet_id, per_1000_words FROM hedge_density_outlets "
        "WHERE per_1000_words IS NOT NULL ORDER BY per_1000_words DESC, outlet_id",
    )
    contrasts = _sql.rows(con, "SELECT count(DISTINCT (claim_id, stance)) AS n FROM hedge_contrasts")[0]["n"]
    lines = [f"{total['cues']} hedge cues in {total['articles']} articles."]
    if outlets:
        lines.append(f"Cues per 1,000 words: {density_text(outlets)}.")
    lines.append(f"Claims hedged by one outlet and stated flatly by another: {contrasts}.")
    lines.append(f"Self-score against gold hedged flags: {score_text(score)}.")
    return "\n".join(lines)


def density_text(outlets: list[dict]) -> str:
    """Outlets and their cue densities, highest first; with many outlets only both ends."""
    def listed(part: list[dict]) -> str:
        return ", ".join(f"{o['outlet_id']} {o['per_1000_words']:g}" for o in part)

    if len(outlets) <= 2 * SUMMARY_OUTLETS:
        return listed(outlets)
    return f"highest {listed(outlets[:SUMMARY_OUTLETS])}; lowest {listed(outlets[-SUMMARY_OUTLETS:])} (of {len(outlets)} outlets)"
