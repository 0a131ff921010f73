"""Quote wordings: bodies from a Reed-Solomon code, common openings, and drifted copies.

A quote body has CODE_SLOTS = 10 slots ("{subject} {verb} {adjective} {noun} {origin}
{place} {route} {time} {purpose}, {coda}"), each filled from a list of CODE_BASE = 37
phrases. Quote number i is mapped (by a seeded affine permutation) to a message of
``digits`` base-37 digits, and the slots are the message polynomial evaluated at 1..10
over GF(37) (a Reed-Solomon code). Two distinct messages agree in at most digits - 1
slots, so any two ordinary quote bodies differ in at least 11 - digits slots (7 of 10 up
to 1.87 million quotes, 6 up to 69 million): they share openings, never near-identical
wording. Planted copies reuse their group's body.
"""

from __future__ import annotations

from functools import lru_cache
from random import Random

import numpy as np

from . import vocab
from .plan import CODE_BASE, CODE_SLOTS
from .text import OPEN_QUOTE, Ent, pick
from .world import World

assert all(slot is None or len(slot) >= CODE_BASE for slot in vocab.BODY_SLOTS)
assert len(vocab.CORE_PLACES) >= CODE_BASE

PAIR = CODE_BASE * CODE_BASE


@lru_cache(maxsize=8)
def _pair_tables(level: int) -> list[list[int]]:
    """For each slot x: (d0 * x**(2 level) + d1 * x**(2 level + 1)) mod 37 for every digit pair d0 + 37 d1."""
    tables = []
    for x in range(1, CODE_SLOTS + 1):
        p0, p1 = pow(x, 2 * level, CODE_BASE), pow(x, 2 * level + 1, CODE_BASE)
        tables.append([(d % CODE_BASE * p0 + d // CODE_BASE * p1) % CODE_BASE for d in range(PAIR)])
    return tables


def codewords(first: int, count: int, digits: int, mult: int, add: int) -> np.ndarray:
    """Slot values of quote bodies first .. first + count - 1 (one row each), vectorized."""
    x = (np.arange(first, first + count, dtype=np.int64) * mult + add) % CODE_BASE**digits
    values = np.zeros((count, CODE_SLOTS), dtype=np.int64)
    points = np.arange(1, CODE_SLOTS + 1, dtype=np.int64)
    power = np.ones(CODE_SLOTS, dtype=np.int64)
    for _ in range(digits):
        x, d = np.divmod(x, CODE_BASE)
        values = (values + d[:, None] * power[None, :]) % CODE_BASE
        power = power * points % CODE_BASE
    return values


def codeword(index: int, digits: int, mult: int, add: int) -> list[int]:
    """The slot values of quote body ``index``: its message polynomial at x = 1..CODE_SLOTS."""
    x = (index * mult + add) % CODE_BASE**digits
    values = [0] * CODE_SLOTS
    level = 0
    while x:
        x, pair = divmod(x, PAIR)
        table = _pair_tables(level)
        for s in range(CODE_SLOTS):
            values[s] += table[s][pair]
        level += 1
    return [v % CODE_BASE for v in values]


def _codeword_reference(index: int, digits: int, mult: int, add: int) -> list[int]:
    """The plain definition of codeword(), for the tests."""
    x = (index * mult + add) % CODE_BASE**digits
    message = []
    for _ in range(digits):
        x, d = divmod(x, CODE_BASE)
        message.append(d)
    return [sum(c * pow(p, k, CODE_BASE) for k, c in enumerate(message)) % CODE_BASE for p in range(1, CODE_SLOTS + 1)]


@lru_cache(maxsize=4)
def _places(world: World) -> list[Ent]:
    return [Ent(p.name, p.id) for p in world.core_places[:CODE_BASE]]


PLACE_SLOT = 5
_SLOTS = [s[:CODE_BASE] if s else None for s in vocab.BODY_SLOTS]


def body_tokens(world: World, values, mixed: bool = False) -> list:
    """Tokens of a body: the words before the place, the place, the words after.
    ``mixed`` puts the adjective-to-place run in quotation marks."""
    s = _SLOTS
    v = values
    before = [s[0][v[0]], s[1][v[1]], s[2][v[2]], s[3][v[3]], s[4][v[4]], vocab.PLACE_PREPOSITIONS[v[5] % len(vocab.PLACE_PREPOSITIONS)]]
    after = f"{s[6][v[6]]} {s[7][v[7]]} {s[8][v[8]]}, {s[9][v[9]]}"
    if mixed:
        before[2] = OPEN_QUOTE + before[2]
        return [" ".join(before), _places(world)[v[5]], "’", after]
    return [" ".join(before), _places(world)[v[5]], after]


def words(tokens: list) -> list:
    """Split phrase tokens into single words (for drift edits)."""
    out: list = []
    for tok in tokens:
        if isinstance(tok, Ent) or tok in (",", OPEN_QUOTE, "’"):
            out.append(tok)
        else:
            out.extend(tok.split(" "))
    return out


def drift(tokens: list, rng: Random) -> list:
    """A copy of ``tokens`` with 1-3 words inserted, dropped or replaced by a synonym.

    The first word, entity names and punctuation are left alone, and no word is edited
    twice, so the copy differs from the original by exactly the edits made.
    """
    ws = words(tokens)
    touched: set[int] = set()

    def editable(i: int) -> bool:
        t = ws[i]
        return i > 0 and i not in touched and isinstance(t, str) and t not in (",", OPEN_QUOTE, "’")

    for _ in range(pick(rng, (1, 1, 2, 2, 3))):
        op = pick(rng, ("insert", "delete", "substitute"))
        candidates = [i for i in range(len(ws)) if editable(i)]
        if op == "substitute":
            synonyms = [i for i in candidates if ws[i] in vocab.DRIFT_SYNONYMS]
            if synonyms:
                i = pick(rng, synonyms)
                ws[i] = vocab.DRIFT_SYNONYMS[ws[i]]
                touched.add(i)
                continue
            op = "insert"
        if op == "delete" and len(candidates) > 8:
            i = pick(rng, candidates)
            if isinstance(ws[i - 1], str) and ws[i - 1] not in (",", OPEN_QUOTE) and (i + 1 >= len(ws) or ws[i + 1] != ","):
                del ws[i]
                touched = {j - 1 if j > i else j for j in touched}
                continue
        # insert an adverb before a word that is not a punctuation mark
        spots = [i for i in candidates if not (isinstance(ws[i - 1], str) and ws[i - 1] in vocab.DRIFT_INSERTS)]
        if not spots:
            continue
        i = pick(rng, spots)
        ws.insert(i, pick(rng, vocab.DRIFT_INSERTS))
        touched = {j + 1 if j >= i else j for j in touched} | {i}
    return ws
