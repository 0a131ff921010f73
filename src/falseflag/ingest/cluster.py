"""Claims across the corpus: claim mentions of different articles that say the same thing, clustered.

Each mention's signature is the set of lemmas of its content words. Mentions are compared
only when they share at least two *blocking* lemmas: lemmas that are neither unique nor
common (in at most BLOCK_MAX mentions, or BLOCK_SHARE of them), so that the number of pairs
grows with the corpus, not with its square. A pair whose signatures overlap by at least
THRESHOLD (Jaccard) is the same claim; claims are the connected groups of such pairs. The
work is done in DuckDB, on disk, beyond memory when it must.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from ..db import csv_options, quote_literal

THRESHOLD = 0.5
BLOCK_MAX = 50
BLOCK_SHARE = 0.001
MIN_SHARED = 2


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        while parent != self.parent.get(parent, parent):
            parent = self.parent[parent]
        self.parent[item] = parent
        return parent

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def similar_pairs(con: duckdb.DuckDBPyConnection, signatures_csv: Path) -> Iterable[tuple[str, str]]:
    """Pairs of mention ids (of ``signatures_csv``: mention_id, lemma) whose signatures overlap by THRESHOLD."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE signature AS
        SELECT DISTINCT mention_id, lemma
        FROM read_csv({quote_literal(str(signatures_csv))}, {csv_options({'mention_id': 'VARCHAR', 'lemma': 'VARCHAR'})})
    """)
    mentions = con.execute("SELECT count(DISTINCT mention_id) FROM signature").fetchall()[0][0]
    block_max = max(BLOCK_MAX, int(mentions * BLOCK_SHARE))
    cursor = con.execute(f"""
        WITH sizes AS (SELECT mention_id, count(*) AS size FROM signature GROUP BY ALL),
        df AS (SELECT lemma, count(*) AS n FROM signature GROUP BY ALL),
        blocking AS (SELECT s.* FROM signature s JOIN df USING (lemma) WHERE df.n BETWEEN 2 AND {block_max}),
        candidates AS (
            SELECT a.mention_id AS a, b.mention_id AS b
            FROM blocking a JOIN blocking b ON a.lemma = b.lemma AND a.mention_id < b.mention_id
            GROUP BY ALL HAVING count(*) >= {MIN_SHARED}
        ),
        shared AS (
            SELECT c.a, c.b, count(*) AS common
            FROM candidates c
            JOIN signature x ON x.mention_id = c.a
            JOIN signature y ON y.mention_id = c.b AND y.lemma = x.lemma
            GROUP BY ALL
        )
        SELECT s.a, s.b
        FROM shared s JOIN sizes sa ON sa.mention_id = s.a JOIN sizes sb ON sb.mention_id = s.b
        WHERE s.common / (sa.size + sb.size - s.common) >= {THRESHOLD}
    """)
    while True:
        rows = cursor.fetchmany(50_000)
        if not rows:
            return
        yield from rows


__all__ = ["THRESHOLD", "UnionFind", "similar_pairs"]
