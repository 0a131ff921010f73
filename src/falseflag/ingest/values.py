"""Normalised values of a claim mention: a quantity range, or a period, as the annotation guide reads them.

Quantities: "tens of thousands" -> 20000 to 99999; "more than 100,000" -> at least 100000
(exclusive, said in the note), no upper bound; "between 5 and 10"; "about 300"; "1.5 million";
numbers in words up to "ninety-nine". Periods: a year ("in 2014", "since 2015" -> from 2015),
a month and a year ("January 2022" -> 2022-01), a day ("14 January", "Jan. 14" -> --01-14, or
with the year the article's date gives), and "mid-January" -> --01-15. Only what the text
says is recorded; ``note`` says how it was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                           "september", "october", "november", "december"))}
MONTHS |= {m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9}
UNITS_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
               "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE = [
    (r"hundreds of thousands", 200_000, 999_999, "at least two hundred thousand, fewer than a million"),
    (r"tens of thousands", 20_000, 99_999, "at least two tens of thousands, fewer than a hundred thousand"),
    (r"thousands", 2_000, 9_999, "at least two thousand, fewer than ten thousand"),
    (r"hundreds", 200, 999, "at least two hundred, fewer than a thousand"),
    (r"dozens", 24, 99, "at least two dozen, fewer than a hundred"),
]
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:hundred|thousand|million|billion))?"
WORD_NUMBER = r"(?:(?:" + "|".join(TENS_WORDS) + r")(?:[- ](?:" + "|".join(UNITS_WORDS) + r"))?|" + "|".join(UNITS_WORDS) + r")(?:\s+(?:hundred|thousand|million|billion))?"
ANY_NUMBER = rf"(?:{NUMBER}|{WORD_NUMBER})"
UNIT = r"(?P<unit>[a-z][a-z-]+)"


@dataclass
class Value:
    low: float | None = None
    high: float | None = None
    period_start: str | None = None
    period_end: str | None = None
    unit: str | None = None
    note: str | None = None


def number(text: str) -> float | None:
    """A number written in digits ("100,000", "1.5 million") or words ("forty-two", "three thousand")."""
    text = text.lower().strip()
    scale = 1
    for word, factor in SCALES.items():
        if text.endswith(" " + word):
            text, scale = text[: -len(word) - 1].strip(), factor
            break
    digits = text.replace(",", "")
    try:
        return float(digits) * scale
    except ValueError:
        pass
    parts = re.split(r"[- ]", text)
    total = 0
    for part in parts:
        if part in TENS_WORDS:
            total += TENS_WORDS[part]
        elif part in UNITS_WORDS:
            total += UNITS_WORDS[part]
        else:
            return None
    return float(total * scale)


def _unit_after(text: str, end: int) -> str | None:
    """The noun counted: the first lower-case word after the number, past capitalised modifiers ("Russian troops")."""
    match = re.match(r"\s+(?:of\s+)?(?:(?:[A-Z][\w’'-]+|more|additional|new|other|armed|combat)\s+){0,3}(?P<unit>[a-z][a-z-]{2,})", text[end:])
    if match and match.group("unit") in MONTHS:
        return None
    if not match or match.group("unit") in ("and", "or", "to", "of", "in", "on", "at", "the", "a", "than", "percent", "per", "times"):
        if match and match.group("unit") == "percent":
            return "percent"
        return None
    return match.group("unit")


def quantity(text: str) -> Value | None:
    """The first quantity the text gives, with its unit (the noun after it)."""
    lowered = text.lower()
    for pattern, low, high, note in VAGUE:
        match = re.search(rf"\b{pattern}\b", lowered)
        if match:
            return Value(low, high, unit=_unit_after(text, match.end()), note=f"'{text[match.start():match.end()]}': {note}")
    patterns = [
        (rf"\bbetween\s+(?P<a>{ANY_NUMBER})\s+and\s+(?P<b>{ANY_NUMBER})", "range"),
        (rf"\b(?P<kind>more than|over|greater than|upwards of)\s+(?P<a>{ANY_NUMBER})", "above"),
        (rf"\b(?P<kind>at least|no fewer than|a minimum of)\s+(?P<a>{ANY_NUMBER})", "from"),
        (rf"\b(?P<kind>fewer than|less than|under|up to|at most|no more than)\s+(?P<a>{ANY_NUMBER})", "below"),
        (rf"\b(?P<kind>about|around|roughly|nearly|almost|some|approximately|an estimated)\s+(?P<a>{ANY_NUMBER})", "about"),
        (rf"(?<![\w.,])(?P<a>{NUMBER})(?![\w])", "exact"),
        (rf"\b(?P<a>{WORD_NUMBER})\b", "exact"),
    ]
    for pattern, kind in patterns:
        for match in re.finditer(pattern, lowered):
            a = number(match.group("a"))
            if a is None or kind == "exact" and _looks_like_a_year(match.group("a"), lowered, match.end()):
                continue
            unit = _unit_after(text, match.end())
            written = text[match.start():match.end()]
            if re.match(r"\s+(" + "|".join(MONTHS) + r")\b", lowered[match.end():]) or re.search(r"\b(" + "|".join(MONTHS) + r")\.?\s+$", lowered[:match.start()]):
                continue  # a day of a date
            if kind == "range":
                b = number(match.group("b"))
                if b is None:
                    continue
                return Value(min(a, b), max(a, b), unit=unit, note=f"'{written}'")
            if kind == "above":
                return Value(a, None, unit=unit, note=f"'{written}': more than {a:g} (an exclusive bound), no upper bound")
            if kind == "from":
                return Value(a, None, unit=unit, note=f"'{written}': {a:g} or more")
            if kind == "below":
                return Value(None, a, unit=unit, note=f"'{written}': at most {a:g}")
            if kind == "about":
                return Value(a, a, unit=unit, note=f"'{written}': about {a:g}, as given")
            if unit is None and kind == "exact":
                continue  # a bare number with nothing counted
            return Value(a, a, unit=unit, note=f"'{written}'")
    return None


def _looks_like_a_year(written: str, text: str, end: int) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", written)) and not re.match(r"\s+(troops|people|soldiers|votes)", text[end:])


def period(text: str, year: int | None = None) -> Value | None:
    """The first date or period the text gives; ``year`` (the article's) completes a day without one."""
    lowered = text.lower()
    month = r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
    mids = list(re.finditer(rf"\b(?:mid-|the middle of\s+){month}", lowered))
    if mids:
        days = [f"--{MONTHS[m.group('m')[:3] if m.group('m') not in MONTHS else m.group('m')]:02d}-15" for m in mids[:2]]
        return Value(period_start=days[0], period_end=days[-1], note=f"'{text[mids[0].start():mids[-1].end()]}': the middle of the month is the 15th; no year given")
    day_first = re.search(rf"\b(?P<d>\d{{1,2}})\s+{month}(?:,?\s+(?P<y>\d{{4}}))?\b", lowered)
    month_first = re.search(rf"\b{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}}))?", lowered)
    for match in (day_first, month_first):
        if match is None:
            continue
        m = MONTHS.get(match.group("m")[:3]) if match.group("m")[:3] in MONTHS else MONTHS.get(match.group("m"))
        day = int(match.group("d"))
        if m is None or not 1 <= day <= 31:
            continue
        written = text[match.start():match.end()]
        if match.group("y"):
            iso = f"{match.group('y')}-{m:02d}-{day:02d}"
            return Value(period_start=iso, period_end=iso, note=f"'{written}'")
        if year is not None:
            iso = f"{year}-{m:02d}-{day:02d}"
            return Value(period_start=iso, period_end=iso, note=f"'{written}': the year from the article's date")
        return Value(period_start=f"--{m:02d}-{day:02d}", period_end=f"--{m:02d}-{day:02d}", note=f"'{written}': no year given")
    month_year = re.search(rf"\b{month}\s+(?P<y>(?:19|20)\d\d)\b", lowered)
    if month_year:
        m = MONTHS.get(month_year.group("m")[:3])
        iso = f"{month_year.group('y')}-{m:02d}"
        return Value(period_start=iso, period_end=iso, note=f"'{text[month_year.start():month_year.end()]}'")
    since = re.search(r"\b(?:since|from)\s+(?P<y>(?:19|20)\d\d)\b", lowered)
    if since:
        return Value(period_start=since.group("y"), note=f"'{text[since.start():since.end()]}': from then on, no end")
    in_year = re.search(r"\b(?:in|during|throughout|of|early|late|mid-)\s*(?:the end of\s+|the start of\s+)?(?P<y>(?:19|20)\d\d)\b|\bthe (?P<y2>(?:19|20)\d\d)\b", lowered)
    if in_year:
        y = in_year.group("y") or in_year.group("y2")
        return Value(period_start=y, period_end=y, note=f"'{text[in_year.start():in_year.end()]}'")
    return None


__all__ = ["Value", "number", "period", "quantity"]
