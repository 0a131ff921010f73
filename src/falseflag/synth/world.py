"""The invented world a synthetic corpus is about: outlets and entities, with how often each is named.

``build_world(seed, scale)`` is deterministic, so every worker process rebuilds the same
world from the seed instead of receiving it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from random import Random

import numpy as np

from . import vocab
from .scale import Scale
from .text import Ent

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "ı": "i"})


def slug(name: str) -> str:
    """An identifier made of the ASCII letters and digits of ``name``: 'Łukasz Wójcik' -> 'lukasz-wojcik'."""
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    short: str | None = None
    """A shorter name the text may use (surname, acronym)."""


@dataclass(frozen=True)
class Country:
    entity: Entity
    demonym: str
    capital: Entity
    government: Entity
    army: Entity

    @property
    def piece(self) -> Ent:
        """The country's name as a mention."""
        return self._piece

    def __post_init__(self):
        object.__setattr__(self, "_piece", Ent(self.entity.name, self.entity.id))


@dataclass(frozen=True)
class Person:
    entity: Entity
    country: int
    role: str


class Weighted:
    """Draws items with fixed (heavy-tailed) weights using one uniform number per draw."""

    def __init__(self, items: list, weights: np.ndarray):
        self.items = items
        cum = np.cumsum(np.asarray(weights, dtype=float))
        self.cum = (cum / cum[-1]).tolist()

    def pick(self, rng: Random):
        i = bisect.bisect_right(self.cum, rng.random())
        return self.items[min(i, len(self.items) - 1)]


def zipf_weights(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Weights 1/rank**exponent, with ranks shuffled so popularity does not follow list order."""
    return 1.0 / rng.permutation(np.arange(1, n + 1)) ** exponent


@dataclass(eq=False)
class World:
    countries: list[Country]
    core_places: list[Entity]
    """The CODE_BASE places of quote bodies."""
    places: list[Entity]
    """Places claims are about (core places first)."""
    persons: list[Person]
    organizations: list[Entity]
    outlets: list[Entity]
    """One media_outlet entity per outlet; outlet_id is the entity id."""
    agencies: list[Entity]
    groups: list[Entity]
    events: list[Entity]
    person_pick: Weighted = field(repr=False)
    organization_pick: Weighted = field(repr=False)
    outlet_weights: np.ndarray = field(repr=False)
    relay_pick: Weighted = field(repr=False)
    author_names: list[str] = field(repr=False)

    def entities(self) -> list[Entity]:
        """Every entity, in the order of the entities table."""
        out: list[Entity] = []
        for c in self.countries:
            out.append(c.entity)
        for c in self.countries:
            out.extend((c.government, c.army))
        out.extend(self.places)
        out.extend(c.capital for c in self.countries)
        out.extend(p.entity for p in self.persons)
        out.extend(self.organizations)
        out.extend(self.outlets)
        out.extend(self.agencies)
        out.extend(self.groups)
        out.extend(self.events)
        return out


class _Ids:
    """Hands out unique slugs, suffixing -2, -3 ... on a collision."""

    def __init__(self):
        self.used: set[str] = set()

    def __call__(self, name: str) -> str:
        base = slug(name) or "entity"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper())


def person_name(index: int, rng_perm: np.ndarray) -> tuple[str, str]:
    """Full name and surname of person ``index``: first x last, then with a middle initial."""
    n_first, n_last = len(vocab.FIRST_NAMES), len(vocab.LAST_NAMES)
    combos = n_first * n_last
    tier, k = divmod(index, combos)
    k = int(rng_perm[k])
    first, last = vocab.FIRST_NAMES[k % n_first], vocab.LAST_NAMES[k // n_first]
    if tier == 0:
        return f"{first} {last}", last
    initial = chr(ord("A") + (tier - 1) % 26)
    suffix = "" if tier <= 26 else f" {tier // 26 + 1}"  # only past 200,000 people
    return f"{first} {initial}. {last}{suffix}", last


def generated_places(count: int) -> list[str]:
    names = []
    seen = {n.lower() for n in vocab.CORE_PLACES} | {c[2].lower() for c in vocab.COUNTRIES}
    heads, tails = vocab.PLACE_HEADS, vocab.PLACE_TAILS
    k = 0
    while len(names) < count:
        head, tail = heads[k % len(heads)], tails[(k // len(heads)) % len(tails)]
        round_ = k // (len(heads) * len(tails))
        name = head + tail if round_ == 0 else f"{head}{tail} {['Nowy', 'Upper', 'Lower', 'Port', 'Stary'][(round_ - 1) % 5]}"
        if round_ > 5:
            name = f"{name} {round_}"
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
        k += 1
    return names


@lru_cache(maxsize=4)
def build_world(seed: int, scale: Scale) -> World:
    """The world of a corpus of ``scale``; the same for the same seed."""
    rng = np.random.default_rng([seed, 1])
    ids = _Ids()
    countries = []
    for name, demonym, capital in vocab.COUNTRIES:
        countries.append(
            Country(
                entity=Entity(ids(name), name, "country"),
                demonym=demonym,
                capital=Entity(ids(capital), capital, "place"),
                government=Entity(ids(f"{demonym} government"), f"{demonym} government", "organization"),
                army=Entity(ids(f"{demonym} Armed Forces"), f"{demonym} Armed Forces", "organization", f"{demonym} army"),
            )
        )
    core_places = [Entity(ids(n), n, "place") for n in vocab.CORE_PLACES]
    places = core_places + [Entity(ids(n), n, "place") for n in generated_places(scale.places - len(core_places))]

    combos = len(vocab.FIRST_NAMES) * len(vocab.LAST_NAMES)
    perm = rng.permutation(combos)
    person_country = rng.integers(0, len(countries), scale.persons)
    person_role = rng.integers(0, len(vocab.ROLES), scale.persons)
    persons = []
    for i in range(scale.persons):
        full, surname = person_name(i, perm)
        persons.append(Person(Entity(ids(full), full, "person", surname), int(person_country[i]), vocab.ROLES[person_role[i]]))

    organizations = []
    for c in countries:
        for body in vocab.STATE_BODIES:
            name = f"{c.demonym} {body}"
            organizations.append(Entity(ids(name), name, "organization", _acronym(name)))
    for topic in vocab.INSTITUTE_TOPICS:
        for kind in vocab.INSTITUTE_KINDS:
            name = f"{topic} {kind}" if kind != "Institute" else f"Institute for {topic} Studies"
            organizations.append(Entity(ids(name), name, "organization", _acronym(name)))
    k = 0
    while len(organizations) < scale.organizations:
        place = places[k // len(vocab.ORG_KINDS) % len(places)]
        name = f"{place.name} {vocab.ORG_KINDS[k % len(vocab.ORG_KINDS)]}"
        organizations.append(Entity(ids(name), name, "organization"))
        k += 1
    organizations = organizations[: scale.organizations]

    heads, tails = vocab.OUTLET_HEADS, vocab.OUTLET_TAILS
    outlet_perm = rng.permutation(len(heads) * len(tails))[: scale.outlets]
    outlets = [Entity(ids(f"{heads[k % len(heads)]} {tails[k // len(heads)]}"), f"{heads[k % len(heads)]} {tails[k // len(heads)]}", "media_outlet") for k in outlet_perm]
    agencies = [Entity(ids(name), name, "media_outlet", short) for name, short in vocab.AGENCIES]
    groups = [Entity(ids(n), n, "group") for n in vocab.GROUPS]
    events = [Entity(ids(n), n, "event") for n in vocab.EVENTS]

    for e in (*(c.entity for c in countries), *core_places, *places, *(p.entity for p in persons), *organizations, *outlets, *agencies, *groups, *events):
        # mention rows are written without CSV quoting (article.py), and slugs must be ids
        assert not set(f"{e.name}{e.short or ''}{e.id}") & set(',"\n\r'), e
    outlet_weights = zipf_weights(len(outlets), 0.8, rng)
    relay_items = outlets + agencies
    relay_weights = np.concatenate([outlet_weights, np.full(len(agencies), outlet_weights.max())])
    author_perm = rng.permutation(combos)
    authors = [person_name(int(k), np.arange(combos))[0] for k in author_perm[:500]]
    return World(
        countries=countries,
        core_places=core_places,
        places=places,
        persons=persons,
        organizations=organizations,
        outlets=outlets,
        agencies=agencies,
        groups=groups,
        events=events,
        person_pick=Weighted(persons, zipf_weights(len(persons), 0.8, rng)),
        organization_pick=Weighted(organizations, zipf_weights(len(organizations), 0.8, rng)),
        outlet_weights=outlet_weights,
        relay_pick=Weighted(relay_items, relay_weights),
        author_names=authors,
    )
