"""Agreement: which outlets report which claims, and where they agree or disagree.

Claim-by-outlet coverage; corroboration per claim and claims only one outlet reports;
claims one outlet supports while another reports them denied, and by whom; numbers and
dates outlets give for the same claim that do not overlap, or that agree; pairwise outlet
agreement; and the earliest article reporting each claim, where dates allow.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb
import numpy as np
import pyarrow as pa

from ..analysis import Analyzer, AnalyzerResult, Finding
from ..hookspecs import hookimpl
from ..db import to_arrow
from . import _sql

NAME = "agreement"
VERSION = "1.0.0"
SQL_FILES = (
    "mentions.sql",
    "coverage.sql",
    "contradictions.sql",
    "values.sql",
    "outlet_pairs.sql",
    "first_reports.sql",
)
CORPUS_TABLES = ("articles", "entities", "quotes", "claims", "claim_mentions")
MAX_EVIDENCE = 6
MATRIX_MAX_OUTLETS = 64
"""Outlets up to which the wide ``agreement_matrix`` is made. Beyond, a table of one column per
outlet is more unwieldy than useful (300 outlets by 500,000 claims is 150 million cells) and
``agreement_coverage`` holds the same cells in long form."""

TABLES = (
    ("agreement_coverage", "The claim-by-outlet matrix, one row per filled cell: mentions and stance."),
    ("agreement_matrix", "The claim-by-outlet matrix as a wide table: each outlet's stance on each claim."),
    ("agreement_claims", "Each claim with its corroboration: how many outlets, articles and mentions report it."),
    ("agreement_contradictions", "Denials of claims that another outlet supports, with who denies them."),
    ("agreement_value_mentions", "Numbers and dates given for claims, as comparable ranges, one row per mention."),
    ("agreement_values", "The range of numbers or dates each outlet gives for a claim."),
    ("agreement_value_checks", "Per claim: whether the outlets' numbers or dates agree, overlap or do not overlap."),
    ("agreement_outlet_pairs", "Pairs of outlets: Jaccard overlap of the claims they report, and share with the same stance."),
    ("agreement_first_reports", "The earliest article reporting each claim, or why it is unknown."),
)


@hookimpl
def register_analyzers(register) -> None:
    register(
        Analyzer(
            name=NAME,
            title="Cross-source agreement",
            description=(
                "Claim-by-outlet coverage and corroboration, single-outlet claims, contradictions and who "
                "denies, quantity and date discrepancies, pairwise outlet agreement, earliest report per claim."
            ),
            version=VERSION,
            run=run,
            sql_files=_sql.sql_paths(NAME, SQL_FILES),
            tables=CORPUS_TABLES,
        )
    )


def run(connection: duckdb.DuckDBPyConnection) -> AnalyzerResult:
    _sql.run_files(connection, NAME, SQL_FILES)
    result = AnalyzerResult()
    wide = _outlet_count(connection) <= MATRIX_MAX_OUTLETS
    for table, description in TABLES:
        if table == "agreement_matrix":
            if wide:
                result.add_table(table, coverage_matrix(connection), description)
        else:
            result.add_table(table, connection.sql(f"SELECT * FROM {table}"), description)
    result.findings.extend(single_outlet_findings(connection))
    result.findings.extend(contradiction_findings(connection))
    result.findings.extend(value_findings(connection))
    result.summary = summary(connection)
    return result


STANCES = ("supports", "denies", "both")


def _outlet_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(DISTINCT outlet_id) FROM agreement_coverage").fetchall()[0][0]


def coverage_matrix(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """agreement_coverage as a wide table: one row per claim, one column per outlet holding its stance.

    The same table as ``PIVOT agreement_coverage ON outlet_id USING first(stance) GROUP BY
    claim_id ORDER BY claim_id``, built with numpy: with hundreds of outlets the pivot is
    slow. The outlet columns are dictionary-encoded (one byte a cell).
    """
    claims = to_arrow(con.sql("SELECT DISTINCT claim_id FROM agreement_coverage ORDER BY claim_id"))["claim_id"]
    outlets = to_arrow(con.sql("SELECT DISTINCT outlet_id FROM agreement_coverage ORDER BY outlet_id"))["outlet_id"]
    codes = " ".join(f"WHEN '{stance}' THEN {i}" for i, stance in enumerate(STANCES))
    cells = to_arrow(con.sql(f"""
        SELECT r.row - 1 AS row, o.col - 1 AS col, CAST(CASE v.stance {codes} END AS TINYINT) AS code
        FROM agreement_coverage v
        JOIN (SELECT claim_id, row_number() OVER (ORDER BY claim_id) AS row FROM (SELECT DISTINCT claim_id FROM agreement_coverage)) r USING (claim_id)
        JOIN (SELECT outlet_id, row_number() OVER (ORDER BY outlet_id) AS col FROM (SELECT DISTINCT outlet_id FROM agreement_coverage)) o USING (outlet_id)
    """))
    grid = np.full((len(outlets), len(claims)), -1, dtype=np.int8)
    grid[cells["col"].to_numpy(), cells["row"].to_numpy()] = cells["code"].to_numpy()
    stances = pa.array(STANCES)
    columns = [pa.DictionaryArray.from_arrays(pa.array(grid[j], mask=grid[j] < 0), stances) for j in range(len(outlets))]
    return pa.table([claims, *columns], names=["claim_id", *outlets.to_pylist()])


def single_outlet_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """One finding per outlet: the claims no other outlet reports, with some of its mentions."""
    outlets = _sql.rows(
        con,
        """
        SELECT outlet_ids[1] AS outlet_id, count(*) AS claims, list(claim_id ORDER BY claim_id) AS claim_ids
        FROM agreement_claims WHERE single_outlet
        GROUP BY outlet_ids[1]
        ORDER BY claims DESC, outlet_id
        """,
    )
    examples = _sql.rows(
        con,
        f"""
        WITH shown AS (
            SELECT m.outlet_id, c.claim_id, c.statement, m.claim_mention_id, m.article_id, m.char_start, m.char_end
            FROM agreement_claims c
            JOIN agreement_mentions m USING (claim_id)
            WHERE c.single_outlet
            QUALIFY row_number() OVER (PARTITION BY m.outlet_id ORDER BY c.claim_id, m.article_id, m.char_start) <= {MAX_EVIDENCE}
        )
        SELECT m.*, words.span
        FROM shown m {_sql.CLAIM_MENTION_WORDS}
        ORDER BY m.outlet_id, m.claim_id, m.article_id, m.char_start
        """,
    )
    by_outlet: dict[str, list[dict]] = defaultdict(list)
    for e in examples:
        by_outlet[e["outlet_id"]].append(e)
    return [
        Finding(
            kind="single_outlet_claim",
            message=(
                f"{o['outlet_id']} is the only outlet reporting {o['claims']} claim(s): "
                f"{_sql.listing(o['claim_ids'], 8)}."
            ),
            evidence=tuple(_sql.evidence(e) for e in by_outlet[o["outlet_id"]]),
            data={"outlet_id": o["outlet_id"], "claims": o["claims"], "claim_ids": o["claim_ids"]},
        )
        for o in outlets
    ]


def contradiction_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    denials = _sql.rows(
        con,
        f"""
        SELECT m.*, words.span
        FROM agreement_contradictions m {_sql.CLAIM_MENTION_WORDS}
        ORDER BY m.claim_id, m.denying_outlet, m.article_id, m.char_start
        """,
    )
    # Per contested claim, one supporting mention, from an outlet that reports no denial where possible.
    support = _sql.rows(
        con,
        f"""
        WITH denying AS (SELECT DISTINCT claim_id, denying_outlet AS outlet_id FROM agreement_contradictions),
        shown AS (
            SELECT m.claim_id, m.outlet_id, m.claim_mention_id, m.article_id, m.char_start, m.char_end
            FROM agreement_mentions m
            LEFT JOIN denying d ON d.claim_id = m.claim_id AND d.outlet_id = m.outlet_id
            WHERE m.stance = 'supports' AND m.claim_id IN (SELECT claim_id FROM denying)
            QUALIFY row_number() OVER (
                PARTITION BY m.claim_id ORDER BY d.outlet_id IS NOT NULL, m.outlet_id, m.article_id, m.char_start
            ) = 1
        )
        SELECT m.*, words.span
        FROM shown m {_sql.CLAIM_MENTION_WORDS}
        """,
    )
    supporting = {s["claim_id"]: s for s in support}
    by_claim: dict[str, list[dict]] = defaultdict(list)
    for r in denials:
        by_claim[r["claim_id"]].append(r)
    findings = []
    for claim_id, rows in by_claim.items():
        deniers = list(dict.fromkeys(f"{r['denied_by']} (reported by {r['denying_outlet']})" for r in rows))
        message = (
            f"Claim {claim_id} “{rows[0]['statement']}” is supported by {_sql.listing(rows[0]['supporting_outlets'])} "
            f"and reported denied by {_sql.listing(deniers)}."
        )
        shown = rows[: MAX_EVIDENCE - 1] + ([supporting[claim_id]] if claim_id in supporting else [])
        findings.append(
            Finding(
                kind="contradiction",
                message=message,
                evidence=tuple(_sql.evidence(r) for r in shown),
                data={
                    "claim_id": claim_id,
                    "supporting_outlets": rows[0]["supporting_outlets"],
                    "denials": [
                        {"outlet_id": r["denying_outlet"], "denied_by": r["denied_by"], "claim_mention_id": r["claim_mention_id"]}
                        for r in rows
                    ],
                },
            )
        )
    return findings


def value_findings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    checks = _sql.rows(
        con,
        """
        SELECT k.*, c.statement, c.unit
        FROM agreement_value_checks k JOIN claims c USING (claim_id)
        WHERE k.status IN ('discrepancy', 'agreement')
        ORDER BY k.claim_id, k.measure
        """,
    )
    # The discrepancy witnesses, and for agreements the first mention of each outlet.
    mentions = _sql.rows(
        con,
        f"""
        WITH wanted AS (
            SELECT k.claim_id, k.measure, k.status, k.low_mention, k.high_mention
            FROM agreement_value_checks k WHERE k.status IN ('discrepancy', 'agreement')
        )
        SELECT m.claim_id, m.measure, m.outlet_id, m.claim_mention_id, m.stated, m.article_id, m.char_start, m.char_end,
               words.span
        FROM agreement_value_mentions m
        JOIN wanted w USING (claim_id, measure)
        {_sql.CLAIM_MENTION_WORDS}
        WHERE (w.status = 'discrepancy' AND m.claim_mention_id IN (w.low_mention, w.high_mention))
           OR w.status = 'agreement'
        QUALIFY w.status = 'discrepancy'
             OR row_number() OVER (PARTITION BY m.claim_id, m.measure, m.outlet_id ORDER BY m.article_id, m.char_start) = 1
        ORDER BY m.claim_id, m.measure, m.outlet_id, m.article_id, m.char_start
        """,
    )
    by_check: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for m in mentions:
        by_check[(m["claim_id"], m["measure"])].append(m)
    findings = []
    for k in checks:
        what = "number" if k["measure"] == "quantity" else "date"
        unit = f" {k['unit']}" if k["measure"] == "quantity" and k["unit"] else ""
        yearless = " (compared by month and day: some mentions give no year)" if k["month_day_only"] else ""
        shown = by_check[(k["claim_id"], k["measure"])]
        if k["status"] == "discrepancy":
            witnesses = {m["claim_mention_id"]: m for m in shown}
            findings.append(
                Finding(
                    kind="quantity_discrepancy" if k["measure"] == "quantity" else "date_discrepancy",
                    message=(
                        f"Outlets give {what}s that do not overlap for claim {k['claim_id']} “{k['statement']}”: "
                        f"{k['low_outlet']} {k['low_stated']}{unit}, {k['high_outlet']} {k['high_stated']}{unit}{yearless}."
                    ),
                    evidence=tuple(_sql.evidence(witnesses[i]) for i in (k["low_mention"], k["high_mention"])),
                    data={key: k[key] for key in ("claim_id", "measure", "outlets", "low_outlet", "low_stated", "high_outlet", "high_stated")},
                )
            )
        else:
            findings.append(
                Finding(
                    kind="value_agreement",
                    message=(
                        f"{k['outlets']} outlets give the same {what} for claim {k['claim_id']} “{k['statement']}”: "
                        f"{_sql.listing(list(dict.fromkeys(m['stated'] for m in shown)))}{unit} "
                        f"({_sql.listing([m['outlet_id'] for m in shown])}){yearless}."
                    ),
                    evidence=tuple(_sql.evidence(m) for m in shown[:MAX_EVIDENCE]),
                    data={"claim_id": k["claim_id"], "measure": k["measure"], "outlets": [m["outlet_id"] for m in shown], "value": k["low_stated"]},
                )
            )
    return findings


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(con: duckdb.DuckDBPyConnection) -> str:
    claims = _sql.rows(
        con,
        """
        SELECT count(*) AS claims, count(*) FILTER (WHERE outlets > 0) AS reported,
               count(*) FILTER (WHERE single_outlet) AS single, max(outlets) AS most
        FROM agreement_claims
        """,
    )[0]
    contested = _sql.rows(con, "SELECT count(DISTINCT claim_id) AS n FROM agreement_contradictions")[0]["n"]
    checks = {r["status"]: r["n"] for r in _sql.rows(con, "SELECT status, count(*) AS n FROM agreement_value_checks GROUP BY status")}
    dated = _sql.rows(
        con,
        """
        SELECT count(*) FILTER (WHERE earliest_published IS NULL) AS unknown,
               count(*) FILTER (WHERE earliest_published IS NOT NULL AND undated_articles = 0) AS known,
               count(*) FILTER (WHERE earliest_published IS NOT NULL AND undated_articles > 0) AS partly
        FROM agreement_first_reports
        """,
    )[0]
    best = _sql.rows(con, "SELECT * FROM agreement_outlet_pairs WHERE shared > 0 ORDER BY jaccard DESC, outlet_a, outlet_b LIMIT 1")
    lines = [
        f"{claims['reported']} of {claims['claims']} claims are reported; {claims['single']} by one outlet only; "
        f"the most corroborated by {claims['most'] or 0} outlets.",
        f"Contradictions (supported by one outlet, reported denied by another): {contested}.",
        f"Numbers and dates: {_count(checks.get('discrepancy', 0), 'discrepancy', 'discrepancies')}, "
        f"{_count(checks.get('agreement', 0), 'agreement', 'agreements')}, "
        f"{checks.get('overlap', 0)} overlapping.",
        f"Earliest report: known for {dated['known']} claims, unknown for {dated['unknown'] + dated['partly']} "
        f"({dated['partly']} of them with a dated report but undated ones that may be earlier).",
    ]
    if best:
        b = best[0]
        lines.append(f"Closest outlets: {b['outlet_a']} and {b['outlet_b']} (Jaccard {b['jaccard']}, same stance on {b['same_stance']} of {b['shared']} shared claims).")
    outlets = _outlet_count(con)
    if outlets > MATRIX_MAX_OUTLETS:
        lines.append(
            f"Coverage of {outlets} outlets is in agreement_coverage (one row per claim and outlet); "
            f"the wide agreement_matrix is made for at most {MATRIX_MAX_OUTLETS} outlets."
        )
    return "\n".join(lines)
