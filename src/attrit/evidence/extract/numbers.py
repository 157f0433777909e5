"""Figures as reports write them, each with its exact place in the text.

Digits in every separator style, words, ranges, qualifiers, percentages, fractions, money and
durations. A figure that is part of a date, an ordinal ("205th"), a unit's number ("Battalion
101"), an age or a distance is found but marked as such, so no rule reads it as people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
APPROXIMATE = {
    "around",
    "about",
    "approximately",
    "roughly",
    "some",
    "nearly",
    "almost",
    "over",
    "more than",
    "at least",
    "fewer than",
    "less than",
    "up to",
    "close to",
    "an estimated",
    "as many as",
    "just over",
    "just under",
    "no more than",
    "a few",
    "several",
    "as much as",
    "upwards of",
    "no fewer than",
    "not fewer than",
    "no less than",
    "not less than",
    "not more than",
    "at most",
}
BOUNDS = {
    "over": "more_than",
    "more than": "more_than",
    "just over": "more_than",
    "upwards of": "more_than",
    "at least": "at_least",
    "a few": "at_least",
    "several": "at_least",
    "fewer than": "fewer_than",
    "less than": "fewer_than",
    "just under": "fewer_than",
    "up to": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "no more than": "at_most",
    "not more than": "at_most",
    "at most": "at_most",
    "no fewer than": "at_least",
    "not fewer than": "at_least",
    "no less than": "at_least",
    "not less than": "at_least",
}
"""The qualifiers that make a figure a bound, and which (see ``EvidenceBase.stated``)."""

QUALIFIER = re.compile(
    r"(?:\b("
    + "|".join(
        sorted((re.escape(q) for q in APPROXIMATE | {"only", "barely"}), key=len, reverse=True)
    )
    + r")\s+)$",
    re.I,
)
PEOPLE = (
    r"(?:men|women|soldiers|troops|fighters|members|militiamen|recruits|volunteers|"
    r"reservists|individuals|personnel|officers|conscripts|tribesmen|guards|people|"
    r"deserters|defectors|policemen|policewomen|police|servicemen|servicemembers|marines|"
    r"sailors|airmen|gunmen|militants|guardsmen|paramilitaries|cadets|combatants|"
    r"draftees|mobilised|mobilized)"
)
CURRENCY_BEFORE = r"(?:US\$|\$|USD\s?|€|EUR\s?|£|GBP\s?|IQD\s?)"
CURRENCY_AFTER = (
    r"(?:dollars|US dollars|USD|dinars|Iraqi dinars|Syrian pounds|pounds|euros|"
    r"naira|shillings|francs|rubles|roubles|hryvnias|afghanis)"
)
DURATION_UNIT = r"(days?|weeks?|months?|years?)"

_WORD = "|".join([*ONES, *TENS, *SCALES])
WORDS = rf"(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD}))*"
DIGITS = (
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])"
    r"|\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?:\.\d+)?)"
)
MULTIPLIER = r"(?:\s*(million|thousand|k)\b)?"
NUMBER = rf"(?:{DIGITS}{MULTIPLIER}|\b{WORDS}\b|\ba (?:dozen|hundred|thousand)\b)"


@dataclass(frozen=True)
class Figure:
    """A figure in the text: its span, value (or range) and what it measures."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    kind: (
        str  # count | percent | fraction | money | duration | vague | label | date | age | distance
    )
    qualifier: str = ""
    unit: str = ""  # currency for money, day/week/month/year for a duration
    ambiguous: bool = False  # a separator that could be a decimal point

    @property
    def stated(self) -> str:
        """How the text states it: a bound's name, ``range`` ("30-40") or ``exact``."""
        if self.low != self.high:
            return "range"
        return BOUNDS.get(self.qualifier.lower(), "exact")

    @property
    def approximate(self) -> bool:
        """Qualified ("nearly", "over") or a range."""
        return self.qualifier.lower() in APPROXIMATE or self.low != self.high


def words_value(text: str) -> float:
    """The value of a number in words ("two hundred and fifty", "seventy-five")."""
    total = current = 0
    for token in re.split(r"[\s-]+", text.lower().replace(" and ", " ")):
        if token in ONES:
            current += ONES[token]
        elif token in TENS:
            current += TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in ("thousand", "million"):
            total += max(current, 1) * SCALES[token]
            current = 0
    return float(total + current)


def _digits_value(text: str, dot_thousands: bool) -> tuple[float, bool]:
    core = re.sub(r"[\u00a0\u202f ]", "", text)
    if "," in core:
        return float(core.replace(",", "")), False
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", core):
        return float(core.replace(".", "")), False
    if re.fullmatch(r"\d{1,3}\.\d{3}", core):
        return (float(core.replace(".", "")), False) if dot_thousands else (float(core), True)
    return float(core), False


def _number_value(m: re.Match[str], dot_thousands: bool) -> tuple[float, bool]:
    text = m.group(0)
    lower = text.lower()
    if lower.startswith("a "):
        return {"a dozen": 12.0, "a hundred": 100.0, "a thousand": 1000.0}[lower], False
    digits = re.match(DIGITS, text)
    if digits is None:
        return words_value(text), False
    value, ambiguous = _digits_value(digits.group(0), dot_thousands)
    scale = m.group(1)
    if scale:
        value *= {"million": 1e6, "thousand": 1e3, "k": 1e3}[scale.lower()]
    return value, ambiguous


def _dot_thousands(text: str) -> bool:
    """Whether the text writes thousands with dots ("1.450 men", "35.307.000")."""
    return bool(
        re.search(rf"\b\d{{1,3}}\.\d{{3}}\s+{PEOPLE}", text, re.I)
        or re.search(r"\b\d{1,3}(?:\.\d{3}){2,}\b", text)
    )


_NUMBER_RE = re.compile(NUMBER, re.I)
_RANGE_LINK = re.compile(r"^\s*(?:-|–|—|to|and)\s*$", re.I)
_MONTH_AFTER = re.compile(rf"^\s*(?:{'|'.join(MONTHS)})\b", re.I)  # "12 March"
_MONTH_BEFORE = re.compile(rf"\b(?:{'|'.join(MONTHS)})\s*$", re.I)  # "March 12"


def _classify(text: str, start: int, end: int) -> tuple[str, str, int, int]:
    """What a number measures, from the words around it; may widen the span."""
    after, before = text[end : end + 40], text[max(0, start - 40) : start]
    if re.match(r"\s*(?:%|per\s?cent\b|percent\b)", after, re.I):
        m = re.match(r"\s*(?:%|per\s?cent\b|percent\b)", after, re.I)
        return "percent", "", start, end + m.end()  # type: ignore[union-attr]
    if m := re.search(CURRENCY_BEFORE + r"$", before):
        return "money", m.group(0).strip(), start - len(m.group(0)), end
    if m := re.match(r"\s+" + CURRENCY_AFTER + r"\b", after, re.I):
        return "money", m.group(0).strip(), start, end + m.end()
    if m := re.match(r"(?:\s+|-)" + DURATION_UNIT + r"\b", after, re.I):
        return "duration", m.group(1).lower().rstrip("s"), start, end + m.end()
    if re.match(r"\s*(?:km|kilomet(?:re|er)s?|miles?|metres?|meters?)\b", after, re.I):
        return "distance", "", start, end
    if _MONTH_AFTER.search(after[:12]) or _MONTH_BEFORE.search(before[-12:]):
        return "date", "", start, end
    if re.search(r"\b(?:aged|under|over the age of|age)\s+$", before, re.I) and re.match(
        r"\s*(?:years?\b|,|\)|\s+(?:are|were|is))", after
    ):
        return "age", "", start, end
    if re.search(r"[A-Za-z]+,\s*$", before) and re.match(r"\s*,", after) and end - start <= 2:
        return "age", "", start, end  # "One soldier, 24, said"
    if re.search(
        r"\b(?:battalion|brigade|division|regiment|corps|unit|no\.|number)\s+$", before, re.I
    ):
        return "label", "", start, end
    return "count", "", start, end


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order, not overlapping."""
    dot_thousands = _dot_thousands(text)
    fractions = _fractions(text, [])  # first: "one in four" is a fraction, not two counts
    raw: list[tuple[int, int, float, bool]] = []
    for m in _NUMBER_RE.finditer(text):
        if any(f.start < m.end() and m.start() < f.end for f in fractions):
            continue
        value, ambiguous = _number_value(m, dot_thousands)
        if re.fullmatch(r"(?:19|20)\d\d", m.group(0)):
            raw.append((m.start(), m.end(), -value, False))  # a year: marked below
            continue
        if re.match(r"(?:st|nd|rd|th)\b", text[m.end() : m.end() + 2]):
            continue  # an ordinal: "205th Corps"
        raw.append((m.start(), m.end(), value, ambiguous))
    figures: list[Figure] = []
    i = 0
    while i < len(raw):
        start, end, value, ambiguous = raw[i]
        if value < 0:
            figures.append(Figure(start, end, text[start:end], -value, -value, -value, "date"))
            i += 1
            continue
        low = high = value
        if i + 1 < len(raw) and _RANGE_LINK.match(text[end : raw[i + 1][0]]) and raw[i + 1][2] > 0:
            link = text[end : raw[i + 1][0]].strip().lower()
            opens = re.search(r"\bbetween\s+$", text[max(0, start - 10) : start], re.I)
            if link != "and" or opens:
                high = raw[i + 1][2]
                end = raw[i + 1][1]
                i += 1
        kind, unit, s, e = _classify(text, start, end)
        mid = (low + high) / 2
        qualifier = ""
        if m := QUALIFIER.search(text[max(0, s - 25) : s]):
            qualifier = m.group(1).lower()
        figures.append(Figure(s, e, text[s:e], mid, low, high, kind, qualifier, unit, ambiguous))
        i += 1
    figures.extend(fractions)
    figures.extend(_vague(text, figures))
    return sorted(figures, key=lambda f: f.start)


_FRACTION_RE = re.compile(
    r"\b(?:(?P<n>a|one|two|three|four)[\s-]+(?P<d>half|thirds?|quarters?|fifths?|tenths?)"
    r"|(?P<half>half)|(?<![\d.,])(?P<a>\d+|one|two|three)\s+(?:[a-z]+\s+)?(?:in|out of)\s+"
    r"(?P<b>\d+(?![.,]\d)|two|three|four|five|"
    r"six|seven|eight|nine|ten))\b",
    re.I,
)


def _fractions(text: str, taken: list[Figure]) -> list[Figure]:
    out = []
    for m in _FRACTION_RE.finditer(text):
        if any(f.start < m.end() and m.start() < f.end for f in taken):
            continue
        if m.group("half"):
            value = 0.5
        elif m.group("d"):
            n = 1.0 if m.group("n").lower() in ("a", "one") else words_value(m.group("n"))
            value = n / FRACTIONS[m.group("d").lower()]
        else:
            a, b = (
                float(x) if x.isdigit() else words_value(x) for x in (m.group("a"), m.group("b"))
            )
            if not 0 < a < b or re.match(r"\s*(?:-\s*)?" + DURATION_UNIT, text[m.end() :], re.I):
                continue  # "17 soldiers in two attacks", "one man in two days": no share
            value = a / b
        qualifier = ""
        if q := QUALIFIER.search(text[max(0, m.start() - 25) : m.start()]):
            qualifier = q.group(1).lower()
        out.append(
            Figure(m.start(), m.end(), m.group(0), value, value, value, "fraction", qualifier)
        )
    return out


_VAGUE_RE = re.compile(
    r"\b(?:dozens|scores|hundreds|thousands|tens of thousands|a few|several|many|a number)"
    r"(?:\s+(?:of\s+)?)",
    re.I,
)


def _vague(text: str, taken: list[Figure]) -> list[Figure]:
    """Quantities with no figure ("dozens of soldiers"); durations like "a few months" count."""
    out = []
    for m in _VAGUE_RE.finditer(text):
        if any(f.start < m.end() and m.start() < f.end for f in taken):
            continue
        word = m.group(0).strip().lower()
        after = text[m.end() : m.end() + 12]
        if word in ("a few", "several") and (d := re.match(DURATION_UNIT, after, re.I)):
            end = m.end() + d.end()
            out.append(
                Figure(
                    m.start(),
                    end,
                    text[m.start() : end],
                    2.0,
                    2.0,
                    4.0,
                    "duration",
                    word,
                    d.group(1).lower().rstrip("s"),
                )
            )
            continue
        out.append(Figure(m.start(), m.end(), m.group(0).strip(), 0.0, 0.0, 0.0, "vague"))
    return out
