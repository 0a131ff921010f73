"""The word lists ingest's rules read, kept as data in ``lexicons/`` (one CSV each, with notes)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files(__package__).joinpath("lexicons").joinpath(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class ReportingVerb:
    lemma: str
    kind: str
    """speech, attitude, evidential, denial, accusation or demand"""
    complement: str
    """clause (a that-clause), object (the object noun phrase), or a preposition (of, with, for, to)"""


@dataclass
class Lexicons:
    verbs: dict[str, list[ReportingVerb]] = field(default_factory=dict)
    source_words: dict[str, str] = field(default_factory=dict)
    """head word -> anonymous, organization or media_outlet"""
    media: set[str] = field(default_factory=set)
    """names of news outlets, lower case"""
    countries: dict[str, str] = field(default_factory=dict)
    """any name, alias or demonym, lower case -> the country's name"""
    demonyms: set[str] = field(default_factory=set)
    title_words: set[str] = field(default_factory=set)
    boilerplate: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)


@cache
def lexicons() -> Lexicons:
    lex = Lexicons()
    for row in _rows("reporting_verbs.csv"):
        lex.verbs.setdefault(row["lemma"], []).append(ReportingVerb(row["lemma"], row["class"], row["complement"]))
    lex.source_words = {row["word"]: row["kind"] for row in _rows("sources.csv")}
    lex.media = {row["name"].lower() for row in _rows("media.csv")}
    for row in _rows("countries.csv"):
        name = row["name"]
        for alias in [name, *filter(None, row["aliases"].split("|"))]:
            lex.countries[alias.lower()] = name
        for demonym in filter(None, row["demonyms"].split("|")):
            lex.countries[demonym.lower()] = name
            lex.demonyms.add(demonym.lower())
    lex.title_words = {row["word"] for row in _rows("titles.csv")}
    lex.boilerplate = [(row["kind"], re.compile(row["pattern"], re.IGNORECASE)) for row in _rows("boilerplate.csv")]
    return lex


__all__ = ["Lexicons", "ReportingVerb", "lexicons"]
