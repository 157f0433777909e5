"""A sentence's template, the markers patterns use, and what a match turns into.

A sentence's template is its lower-cased text with every figure replaced by a marker that
says what the figure measures and which one it is: ``⟦n3⟧`` a count, ``⟦p1⟧`` a percentage,
``⟦f0⟧`` a fraction, ``⟦m2⟧`` money, ``⟦d4⟧`` a duration; dates, ages, distances and unit
numbers become ``⟦x…⟧`` so no pattern can read them as people. A pattern names its figures
(``(?P<went>…)``); a match becomes a candidate with the figures' values. Each pattern carries
a confidence: high for a phrasing that leaves one reading, lower for a generic one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from attrit.evidence.extract.numbers import PEOPLE, Figure

LETTER = {"count": "n", "percent": "p", "fraction": "f", "money": "m", "duration": "d"}


def template(sentence: str, figures: list[Figure], offset: int) -> tuple[str, list[int]]:
    """The sentence's template and, for each template position, the sentence position."""
    parts, where, last = [], [], 0
    for k, f in enumerate(figures):
        s, e = f.start - offset, f.end - offset
        if s < last:
            continue
        chunk = sentence[last:s].lower()
        parts.append(chunk)
        where.extend(range(last, s))
        marker = f"⟦{LETTER.get(f.kind, 'x')}{k}⟧"
        parts.append(marker)
        where.extend([s] * len(marker))
        last = e
    parts.append(sentence[last:].lower())
    where.extend(range(last, len(sentence) + 1))
    # an abbreviation's full stop does not end a clause: "No. 12" (same length, same offsets)
    return _ABBREVIATION.sub(lambda m: m.group(1) + " ", "".join(parts)), where


_ABBREVIATION = re.compile(r"\b(no|gen|col|lt|maj|capt|sgt|mr|mrs|dr|st)\.")


def _fig(letter: str, name: str) -> str:
    return rf"⟦{letter}(?P<{name}>\d+)⟧"


def N(name: str) -> str:
    """A count named ``name``."""
    return _fig("n", name)


def SHARE(name: str) -> str:
    """A percentage or a fraction named ``name``."""
    return rf"⟦[pf](?P<{name}>\d+)⟧"


def D(name: str) -> str:
    """A duration named ``name``."""
    return _fig("d", name)


def M(name: str) -> str:
    """An amount of money named ``name``."""
    return _fig("m", name)


W = r"(?:[\w'’\-]+\s+)"  # one word and its space
Q = (
    r"(?:(?:around|about|approximately|roughly|some|nearly|almost|over|more than|at least|"
    r"fewer than|less than|up to|close to|an estimated|as many as|just over|just under|"
    r"no more than|only|barely|a further|another)\s+)?"
)
P = rf"(?:{W}{{0,2}}{PEOPLE}\b\s*)"  # an optional adjective or two, then a people noun
GAP = r"(?:[^⟦.;]|⟦x\d+⟧)*?"  # up to the next figure (dates, ages and labels are no figures)
LOOSE = r"[^.;]*?"  # across other figures too
PAY = r"(?:pay|salar(?:y|ies)|wages?|allowances?|payroll)"
RATE = r"(?P<rate>a|per|each|every)\s+(?P<per>day|week|month|year)\b"
MONTHS_RE = "january|february|march|april|may|june|july|august|september|october|november|december"


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


@dataclass(frozen=True)
class Rule:
    """One phrasing of one evidence kind."""

    kind: str
    name: str
    source: str
    confidence: float
    fields: Callable[[re.Match[str], list[Figure]], dict[str, float] | None]

    @property
    def pattern(self) -> re.Pattern[str]:
        """The phrasing, compiled when first used (not when attrit is imported)."""
        return _compiled(self.source)


def phrasing(kind: str) -> Callable[..., Rule]:
    """A maker of ``kind``'s rules: ``r(name, pattern, confidence, fields)``."""

    def rule(name: str, pattern: str, confidence: float, fields) -> Rule:
        return Rule(kind, name, pattern, confidence, fields)

    return rule


def _value(m: re.Match[str], figures: list[Figure], name: str) -> float:
    return figures[int(m.group(name))].value


def _counts(*names: str, rename: dict[str, str] | None = None):
    def fields(m: re.Match[str], figures: list[Figure]) -> dict[str, float] | None:
        out = {}
        for n in names:
            if m.group(n) is None:
                continue
            value = _value(m, figures, n)
            if value != int(value) or value < 0:
                return None  # people come whole
            out[(rename or {}).get(n, n)] = value
        return out or None

    return fields


def _share(m: re.Match[str], figures: list[Figure]) -> dict[str, float] | None:
    f = figures[int(m.group("share"))]
    value = f.value / 100.0 if f.kind == "percent" else f.value
    return {"fraction": round(value, 4)} if 0.0 < value <= 1.0 else None


def _wage_kept(m: re.Match[str], figures: list[Figure]) -> dict[str, float] | None:
    wage, got = _value(m, figures, "wage"), _value(m, figures, "got")
    return {"fraction": round(1.0 - got / wage, 4)} if 0 < got < wage else None


def _months(m: re.Match[str], figures: list[Figure]) -> dict[str, float] | None:
    f = figures[int(m.group("months"))]
    per_month = {"month": 1.0, "week": 12 / 52, "day": 12 / 365, "year": 12.0}
    if f.unit not in per_month:
        return None
    return {"months_unpaid": round(f.low * per_month[f.unit], 2)}


REST = r"(?:(?:home |annual |short )?leave|rest|furlough|time off|a break)"
NOT_BACK = (
    r"(?:failed to (?:return|come back|report back)|did not (?:return|come back)|"
    r"didn't (?:return|come back)|never (?:returned|came back)|not come back|"
    r"not returned|not reported back)"
)
PAPER = rf"(?!\s*{W}{{0,4}}?(?:on paper|on (?:its|the|their) books|on (?:its|the) payroll))"


def _returned_from_missing(m: re.Match[str], figures: list[Figure]) -> dict[str, float] | None:
    went, missing = _value(m, figures, "went"), _value(m, figures, "missing")
    if not (0 <= missing <= went) or not went.is_integer() or not missing.is_integer():
        return None
    return {"went_on_leave": went, "returned": went - missing}


def _returned_from_share(m: re.Match[str], figures: list[Figure]) -> dict[str, float] | None:
    went = _value(m, figures, "went")
    share = _share(m, figures)
    if share is None or not went.is_integer():
        return None
    returned = round(went * (1.0 - share["fraction"]))
    return {"went_on_leave": went, "returned": float(returned)}
