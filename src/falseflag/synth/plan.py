"""The corpus-wide plan, drawn with numpy before any text is written.

The plan fixes everything that spans articles: which outlet publishes each article, how
long it is, how many quotes and claim mentions it has, which claim each mention is of,
and which quotes and mentions are planted cases. Articles are then written chunk by
chunk (in parallel) from their slice of the plan.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from . import vocab
from .scale import LENGTH_MAX, LENGTH_MEDIAN, LENGTH_MIN, LENGTH_SIGMA, MEAN_CLAIM_MENTIONS, MEAN_QUOTES, Scale

CODE_BASE = 37
"""Alphabet size of the quote-body code (every body slot list has this many entries)."""
CODE_SLOTS = 10

QUOTE_KINDS = ("speaker_conflict", "drift", "agreement")
CLAIM_KINDS = ("numeric_discrepancy", "hedge_conflict")
KIND_CODES = {k: i for i, k in enumerate(("event", "intent", "plan", "quantity", "date_range", "attribution", "assessment", "position"))}

TEMPLATE_KIND = np.array([KIND_CODES[t[0]] for t in vocab.CLAIM_TEMPLATES], dtype=np.int8)
NUMERIC = (KIND_CODES["quantity"], KIND_CODES["date_range"])
FIRST_MONTH = 2021 * 12
"""claims.month counts months from January 2021."""


@dataclass
class Claims:
    """Attributes of every claim (struct of arrays, one entry per claim)."""

    template: np.ndarray
    actor: np.ndarray
    target: np.ndarray
    place: np.ndarray
    obj: np.ndarray
    value: np.ndarray
    month: np.ndarray
    day: np.ndarray
    """Day of the month date claims are about (every ordinary mention's period contains it)."""
    hedged: np.ndarray
    direction: np.ndarray
    """Side of a planted numeric discrepancy: -1 below the true value, +1 above."""
    planted: np.ndarray
    """0, or 1 + index in CLAIM_KINDS."""

    FIELDS = ("template", "actor", "target", "place", "obj", "value", "month", "day", "hedged", "direction", "planted")

    def __len__(self) -> int:
        return len(self.template)

    def take(self, index) -> dict[str, list]:
        """The attributes of the claims at ``index`` as plain lists (cheap to pickle and read)."""
        return {f: getattr(self, f)[index].tolist() for f in self.FIELDS}


@dataclass
class QuoteGroup:
    kind: str
    slots: tuple[int, ...]


@dataclass
class Plan:
    seed: int
    scale: Scale
    shares: dict[str, float]
    outlet: np.ndarray
    length: np.ndarray
    day: np.ndarray
    quote_offset: np.ndarray
    claim_offset: np.ndarray
    claim_of_slot: np.ndarray
    slot_role: np.ndarray
    """Per claim mention: 0 ordinary, 1 in a planted claim, 2 the planted mention itself."""
    denial: np.ndarray
    claims: Claims
    quote_groups: list[QuoteGroup]
    planted_quote: dict[int, tuple[int, int]] = field(repr=False)
    """Global quote slot -> (group index, member index)."""
    code_digits: int = 4
    code_mult: int = 1
    code_add: int = 0

    @property
    def articles(self) -> int:
        return len(self.outlet)

    @property
    def total_quotes(self) -> int:
        return int(self.quote_offset[-1])

    @property
    def total_claim_mentions(self) -> int:
        return int(self.claim_offset[-1])

    def slot_article(self, slots: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        return np.searchsorted(offsets, slots, side="right") - 1


def _counts(rng: np.random.Generator, length: np.ndarray, mean: float) -> np.ndarray:
    """Counts that grow with article length (so heavy-tailed like it): Poisson with a rate
    proportional to the length, spread by a gamma factor (coefficient of variation 0.35)."""
    mean_length = LENGTH_MEDIAN * math.exp(LENGTH_SIGMA**2 / 2)
    rate = mean * (length / mean_length) * rng.gamma(8.0, 1 / 8.0, len(length))
    return rng.poisson(rate).astype(np.int64)


QUOTE_CHARS, CLAIM_CHARS, FURNITURE_CHARS = 230, 120, 200
"""About how many characters a quote, a claim mention and the headline and furniture take."""


def _fit(length: np.ndarray, quotes: np.ndarray, claims: np.ndarray) -> None:
    """Scale down the counts of the few articles whose quotes and claims would not fit in LENGTH_MAX."""
    need = FURNITURE_CHARS + QUOTE_CHARS * quotes + CLAIM_CHARS * claims
    over = need > LENGTH_MAX
    factor = (LENGTH_MAX - FURNITURE_CHARS) / (need[over] - FURNITURE_CHARS)
    quotes[over] = np.floor(quotes[over] * factor)
    claims[over] = np.floor(claims[over] * factor)


def nice(x: np.ndarray) -> np.ndarray:
    """Round to two significant digits (127,341 -> 130,000)."""
    x = np.asarray(x, dtype=float)
    p = 10.0 ** (np.floor(np.log10(np.maximum(x, 1))) - 1)
    return (np.round(x / p) * p).astype(np.int64)


def make_plan(seed: int, scale: Scale, shares: dict[str, float]) -> Plan:
    n = scale.articles
    rng = np.random.default_rng([seed, 2])
    from .world import build_world

    world = build_world(seed, scale)
    outlet = rng.choice(scale.outlets, size=n, p=world.outlet_weights / world.outlet_weights.sum()).astype(np.int32)
    outlet[rng.permutation(n)[: scale.outlets]] = np.arange(scale.outlets)  # every outlet publishes
    length = np.clip(rng.lognormal(math.log(LENGTH_MEDIAN), LENGTH_SIGMA, n), LENGTH_MIN, LENGTH_MAX).astype(np.int32)
    day = np.sort(rng.integers(0, 365, n)).astype(np.int32)
    quotes = _counts(rng, length, MEAN_QUOTES)
    claim_counts = _counts(rng, length, MEAN_CLAIM_MENTIONS)
    _fit(length, quotes, claim_counts)
    quote_offset = np.concatenate([[0], np.cumsum(quotes)])
    claim_offset = np.concatenate([[0], np.cumsum(claim_counts)])
    m = int(claim_offset[-1])

    claims, claim_of_slot = _claims(rng, scale, m, len(world.places))
    slot_article = np.searchsorted(claim_offset, np.arange(m), side="right") - 1
    slot_outlet = outlet[slot_article]
    slot_role, denial = _plant_claims(rng, claims, claim_of_slot, slot_outlet, shares, scale.outlets)

    q = int(quote_offset[-1])
    groups, planted = _plant_quotes(rng, q, quote_offset, outlet, shares)
    digits = 4
    while CODE_BASE**digits < q + 1:
        digits += 1
    space = CODE_BASE**digits
    mult = int(rng.integers(1, space))
    while mult % CODE_BASE == 0:
        mult += 1
    return Plan(
        seed=seed,
        scale=scale,
        shares=shares,
        outlet=outlet,
        length=length,
        day=day,
        quote_offset=quote_offset,
        claim_offset=claim_offset,
        claim_of_slot=claim_of_slot,
        slot_role=slot_role,
        denial=denial,
        claims=claims,
        quote_groups=groups,
        planted_quote=planted,
        code_digits=digits,
        code_mult=mult,
        code_add=int(rng.integers(0, space)),
    )


def _claims(rng: np.random.Generator, scale: Scale, m: int, n_places: int) -> tuple[Claims, np.ndarray]:
    """Claims with heavy-tailed numbers of mentions (Zipf, most with one), each with a distinct statement."""
    cap = max(5, min(500, scale.articles // 10))
    sizes: list[np.ndarray] = []
    total = 0
    while total < m:
        draw = np.minimum(rng.zipf(2.5, max(16, (m - total) // 2)), cap)
        sizes.append(draw)
        total += int(draw.sum())
    size = np.concatenate(sizes) if sizes else np.zeros(0, dtype=np.int64)
    cum = np.cumsum(size)
    c = int(np.searchsorted(cum, m)) + 1 if m else 0
    size = size[:c].copy()
    if c:
        size[-1] -= int(cum[c - 1]) - m
    claim_of_slot = rng.permutation(np.repeat(np.arange(c, dtype=np.int64), size))

    # Statements are made distinct by reading a permuted claim number as mixed-radix digits.
    n_templates, n_countries = len(vocab.CLAIM_TEMPLATES), len(vocab.COUNTRIES)
    radices = (n_templates, n_countries, n_countries - 1, n_places, vocab.CLAIM_OBJECTS)
    space = math.prod(radices)
    if c > space:
        raise ValueError(f"{c} claims exceed the {space} distinct statements; raise Scale.places")
    mult = int(rng.integers(1, space))
    while math.gcd(mult, space) != 1:
        mult += 1
    code = (np.arange(c, dtype=np.int64) * mult + int(rng.integers(0, space))) % space
    digits = []
    for radix in radices:
        digits.append(code % radix)
        code = code // radix
    template, actor, target_offset, place, obj = digits
    target = (actor + 1 + target_offset) % n_countries

    kind = TEMPLATE_KIND[template]
    lows = np.array([t[5][0] if t[5] else 1 for t in vocab.CLAIM_TEMPLATES], dtype=float)
    highs = np.array([t[5][1] if t[5] else 1 for t in vocab.CLAIM_TEMPLATES], dtype=float)
    lo, hi = np.log(lows[template]), np.log(highs[template])
    value = np.where(kind == KIND_CODES["quantity"], nice(np.exp(rng.uniform(lo, hi))), 0)
    month = np.where(kind == KIND_CODES["date_range"], FIRST_MONTH + rng.integers(12, 22, c), 0)
    claims = Claims(
        template=template.astype(np.int16),
        actor=actor.astype(np.int8),
        target=target.astype(np.int8),
        place=place.astype(np.int32),
        obj=obj.astype(np.int8),
        value=value.astype(np.int64),
        month=month.astype(np.int32),
        day=rng.integers(1, 29, c).astype(np.int8),
        hedged=rng.random(c) < 0.45,
        direction=np.where(rng.random(c) < 0.5, -1, 1).astype(np.int8),
        planted=np.zeros(c, dtype=np.int8),
    )
    return claims, claim_of_slot


def _plant_claims(rng, claims: Claims, claim_of_slot, slot_outlet, shares, n_outlets):
    """Choose claims to plant a numeric discrepancy or a hedge conflict in, and the planted mention."""
    m, c = len(claim_of_slot), len(claims)
    slot_role = np.zeros(m, dtype=np.int8)
    if m == 0:
        return slot_role, np.zeros(0, dtype=bool)
    size = np.bincount(claim_of_slot, minlength=c)
    pairs = np.unique(claim_of_slot * n_outlets + slot_outlet)
    distinct_outlets = np.bincount(pairs // n_outlets, minlength=c)
    order = np.argsort(claim_of_slot, kind="stable")
    start = np.concatenate([[0], np.cumsum(size)])
    eligible = (distinct_outlets >= 2) & (size <= 12)
    kind = TEMPLATE_KIND[claims.template]
    numeric = np.isin(kind, NUMERIC)
    taken = np.zeros(c, dtype=bool)
    for code, (name, candidates) in enumerate(
        (("numeric_discrepancy", eligible & numeric), ("hedge_conflict", eligible)), start=1
    ):
        pool = np.flatnonzero(candidates & ~taken)
        want = min(len(pool), round(shares.get(name, 0.0) * m))
        chosen = np.sort(rng.choice(pool, size=want, replace=False)) if want else np.zeros(0, dtype=np.int64)
        taken[chosen] = True
        claims.planted[chosen] = code
        for claim in chosen.tolist():
            slots = order[start[claim] : start[claim + 1]]
            slot_role[slots] = 1
            slot_role[slots[rng.integers(len(slots))]] = 2
    in_planted = claims.planted[claim_of_slot] > 0
    can_deny = ~np.isin(kind, NUMERIC) & ~claims.hedged
    denial = (rng.random(m) < 0.04) & can_deny[claim_of_slot] & ~in_planted
    return slot_role, denial


GROUP_SIZES = {"speaker_conflict": ((2, 3), (0.75, 0.25)), "drift": ((2,), (1.0,)), "agreement": ((2, 3), (0.7, 0.3))}


def _plant_quotes(rng, q: int, quote_offset, outlet, shares) -> tuple[list[QuoteGroup], dict[int, tuple[int, int]]]:
    """Groups of quote slots in articles of distinct outlets, for each planted quote kind."""
    sizes_by_kind = {}
    for kind in QUOTE_KINDS:
        want = round(shares.get(kind, 0.0) * q)
        options, p = GROUP_SIZES[kind]
        sizes = []
        while want >= min(options):
            k = int(rng.choice(options, p=p))
            k = min(k, want) if want - k != 1 else k
            sizes.append(k)
            want -= k
        sizes_by_kind[kind] = sizes
    needed = sum(sum(s) for s in sizes_by_kind.values())
    groups: list[QuoteGroup] = []
    planted: dict[int, tuple[int, int]] = {}
    if needed == 0 or q < 2:
        return groups, planted
    sample = rng.choice(q, size=min(q, needed + needed // 3 + 16), replace=False)
    slot_outlet = outlet[np.searchsorted(quote_offset, sample, side="right") - 1]
    pool = deque(zip(sample.tolist(), slot_outlet.tolist()))
    for kind in QUOTE_KINDS:
        for k in sizes_by_kind[kind]:
            members, outlets, skipped = [], set(), []
            while pool and len(members) < k:
                slot, o = pool.popleft()
                if o in outlets:
                    skipped.append((slot, o))
                else:
                    members.append(slot)
                    outlets.add(o)
            pool.extendleft(reversed(skipped))
            if len(members) < k:
                pool.extend((s, int(outlet[np.searchsorted(quote_offset, s, side="right") - 1])) for s in members)
                break
            for role, slot in enumerate(members):
                planted[slot] = (len(groups), role)
            groups.append(QuoteGroup(kind, tuple(members)))
    return groups, planted
