"""How big each part of a synthetic corpus is, as a function of the number of articles."""

from __future__ import annotations

import math
from dataclasses import dataclass

MEAN_QUOTES = 10.0
"""Mean quotes per article (of mean length)."""
MEAN_CLAIM_MENTIONS = 10.0
"""Mean claim mentions per article (of mean length)."""
LENGTH_MEDIAN = 3_000
LENGTH_SIGMA = 0.55
"""Article lengths are lognormal: median 3,000 characters, mean about 3,500."""
LENGTH_MIN, LENGTH_MAX = 600, 20_000


@dataclass(frozen=True)
class Scale:
    articles: int
    outlets: int
    persons: int
    organizations: int
    places: int

    @classmethod
    def for_articles(cls, n: int) -> Scale:
        """Outlets grow with the square root of N (30 at 1,000 articles, 300 from 100,000 on);
        people and organizations with N**0.75 (about 20,000 entities at 100,000 articles)."""
        outlets = max(2, min(300, round(30 * math.sqrt(n / 1000)), n))
        growth = (n / 100_000) ** 0.75
        return cls(
            articles=n,
            outlets=outlets,
            persons=max(60, round(17_000 * growth)),
            organizations=max(180, round(2_000 * growth)),
            places=37 + max(40, round(600 * math.sqrt(n / 100_000))),
        )
