"""Claim statements and the many ways an article words a claim, with normalized values.

Every ordinary mention of a quantity claim gives an interval holding the claim's true
value V, and all of them lie within [V/2, 2V] or run open-ended above V/2; a planted
discrepant mention gives a point below 0.42 V or above 2.3 V on the side the claim's
``direction`` says (regular mentions of an "above" claim are never open-ended), so it
overlaps no ordinary mention. Date claims work the same way with months: ordinary
mentions fall inside the claim's month, a discrepant one two months away.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from random import Random

from . import vocab
from .plan import KIND_CODES
from .text import CUE_CLOSE, CUE_OPEN, Doc, Ent, has_cue, parse_template, pick, render
from .world import World

KIND_NAMES = {v: k for k, v in KIND_CODES.items()}


@dataclass(frozen=True)
class Template:
    kind: str
    statement: list
    flat: list[list]
    hedged: list[list]
    objects: list[str]


TEMPLATES = [
    Template(kind, parse_template(statement), [parse_template(w) for w in flat], [parse_template(w) for w in hedged], objects)
    for kind, statement, flat, hedged, objects, _ in vocab.CLAIM_TEMPLATES
]
assert all(len(t.objects) == vocab.CLAIM_OBJECTS for t in TEMPLATES)


@dataclass
class Wording:
    """What a rendered claim mention says beyond its words."""

    start: int
    end: int
    cues: list[str]
    value_low: int | None = None
    value_high: int | None = None
    period_start: str | None = None
    period_end: str | None = None
    note: str | None = None


def claim_unit(template: int, obj: int) -> str | None:
    t = TEMPLATES[template]
    return t.objects[obj] if t.kind == "quantity" else None


def statement(world: World, claim: dict, i: int) -> str:
    """The claim in plain words: country names, the true value or month."""
    t = TEMPLATES[claim["template"][i]]
    actor, target = world.countries[claim["actor"][i]], world.countries[claim["target"][i]]
    slots = {
        "A": [actor.entity.name],
        "Adem": [actor.demonym],
        "B": [target.entity.name],
        "P": [world.places[claim["place"][i]].name],
        "O": [t.objects[claim["obj"][i]]],
        "N": [f"{claim['value'][i]:,} {t.objects[claim['obj'][i]]}"],
        "T": [_month_phrase(claim["month"][i])],
    }
    doc = Doc()
    render(doc, t.statement, slots, cap=True)
    return doc.text() + "."


def _month_phrase(month: int) -> str:
    year, m = divmod(month, 12)
    return f"in {vocab.MONTHS[m]} {year}"


def _number(v: int, unit: str, rng: Random) -> str:
    return f"{v:,}{chr(0xA0) if rng.random() < 0.3 else ' '}{unit}"


def _nice(x: float) -> int:
    """Round to two significant digits, like plan.nice."""
    p = 10.0 ** (math.floor(math.log10(max(x, 1.0))) - 1)
    return max(1, int(round(x / p) * p))


def quantity(rng: Random, value: int, unit: str, direction: int, *, hedge: bool, discrepant: bool):
    """Pieces for {N}, with (value_low, value_high, note)."""
    if discrepant:
        d = _nice(value * (rng.uniform(0.15, 0.4) if direction < 0 else rng.uniform(2.5, 4.0)))
        if hedge:
            cue = pick(rng, ["about", "some", "roughly", "an estimated"])
            return [CUE_OPEN, cue, CUE_CLOSE, " " + _number(d, unit, rng)], (d, d, f"'{cue} {d:,}' read as {d}")
        return [_number(d, unit, rng)], (d, d, None)
    if not hedge:
        if rng.random() < 0.8:
            return [_number(value, unit, rng)], (value, value, None)
        low, high = _nice(value * 0.9), _nice(value * 1.1)
        if not low < value < high:
            return [_number(value, unit, rng)], (value, value, None)
        return [f"between {low:,} and {_number(high, unit, rng)}"], (low, high, f"'between {low:,} and {high:,}' read as {low} to {high}")
    options = ["point"]
    if direction < 0:
        options.append("more_than")
        for bucket, words in ((100, "hundreds of"), (1_000, "thousands of"), (10_000, "tens of thousands of")):
            if bucket <= value <= 2 * bucket:
                options.append(words)
    choice = pick(rng, options)
    if choice == "point":
        cue = pick(rng, ["about", "some", "roughly", "an estimated", "nearly"])
        return [CUE_OPEN, cue, CUE_CLOSE, " " + _number(value, unit, rng)], (value, value, f"'{cue} {value:,}' read as {value}")
    if choice == "more_than":
        low = _nice(value * 0.8)
        return [CUE_OPEN, "more than", CUE_CLOSE, " " + _number(low, unit, rng)], (low, None, f"'more than {low:,}' read as at least {low}, no upper bound")
    bucket = {"hundreds of": 100, "thousands of": 1_000, "tens of thousands of": 10_000}[choice]
    return [CUE_OPEN, choice, CUE_CLOSE, " " + unit], (bucket, 10 * bucket - 1, f"'{choice}' read as {bucket} to {10 * bucket - 1}")


def period(rng: Random, month: int, day: int, direction: int, *, discrepant: bool):
    """Pieces for {T}, with (period_start, period_end, note). Every ordinary wording's
    period contains the claim's day, so ordinary mentions overlap; a discrepant one is
    two months away."""
    if discrepant:
        month += 2 * direction
    year, m0 = divmod(month, 12)
    m = m0 + 1
    name = vocab.MONTHS[m0]
    last = calendar.monthrange(year, m)[1]
    form = rng.randrange(5)
    if form == 0:
        return [f"in {name} {year}"], (f"{year}-{m:02d}", None, f"'{name} {year}' read as {year}-{m:02d}")
    if form == 1:
        d1, d2 = max(1, day - rng.randint(1, 6)), min(last, day + rng.randint(1, 6))
        return [f"between {name} {d1} and {d2}"], (f"--{m:02d}-{d1:02d}", f"--{m:02d}-{d2:02d}", "the text gives no year")
    if form == 2:
        return [f"on {vocab.MONTHS_SHORT[m0]}{chr(0xA0)}{day}, {year}"], (f"{year}-{m:02d}-{day:02d}", None, None)
    part, first, end = ("early", 1, 10) if day <= 10 else ("mid-", 11, 20) if day <= 20 else ("late", 21, last)
    words = f"in {part}{name} {year}" if part.endswith("-") else f"in {part} {name} {year}"
    return [words], (f"{year}-{m:02d}-{first:02d}", f"{year}-{m:02d}-{end:02d}", f"'{words[3:]}' read as days {first} to {end}")


def actor_pieces(world: World, country: int, rng: Random) -> list:
    c = world.countries[country]
    r = rng.random()
    if r < 0.6:
        return [c.piece]
    if r < 0.85:
        return ["the ", Ent(c.government.name, c.government.id)]
    return [Ent(c.capital.name, c.government.id)]  # the capital standing for the government


def put_claim(doc: Doc, rng: Random, world: World, claim: dict, i: int, *, hedged: bool, discrepant: bool, denial: bool, cap: bool) -> Wording:
    """Write one mention of claim ``i`` (of the ``claim`` attribute lists) at the end of ``doc``."""
    t = TEMPLATES[claim["template"][i]]
    start = doc.pos
    if denial:
        doc.add((pick(rng, vocab.DENIAL_PREFIXES)).capitalize() if cap else pick(rng, vocab.DENIAL_PREFIXES))
        doc.add(" ")
        cap = False
    parsed = pick(rng, t.hedged if hedged else t.flat)
    actor, target = world.countries[claim["actor"][i]], world.countries[claim["target"][i]]
    obj = t.objects[claim["obj"][i]]
    slots = {
        "A": actor_pieces(world, claim["actor"][i], rng),
        "Adem": [Ent(actor.demonym, actor.entity.id, "demonym")],
        "B": [target.piece],
        "P": [Ent(world.places[claim["place"][i]].name, world.places[claim["place"][i]].id)],
        "O": [obj],
    }
    values: tuple = (None, None, None)
    periods: tuple = (None, None, None)
    kind = t.kind
    if kind == "quantity":
        need_hedge = hedged and not has_cue(parsed)
        hedge_number = need_hedge or (hedged and rng.random() < 0.5)
        slots["N"], values = quantity(
            rng, claim["value"][i], obj, claim["direction"][i], hedge=hedge_number, discrepant=discrepant
        )
    elif kind == "date_range":
        slots["T"], periods = period(rng, claim["month"][i], claim["day"][i], claim["direction"][i], discrepant=discrepant)
    cues = render(doc, parsed, slots, cap=cap)
    low, high, note = values
    ps, pe, pnote = periods
    return Wording(start, doc.pos, cues, low, high, ps, pe, note or pnote)
