"""Members who deserted over a period (or by a date), optionally out of a size.

In the simulation (men): Desertions of every cause over the period (from day 0 to a date); with
`of`, scaled to a unit of that size: `deserted / strength at the start x of`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ValidationInfo, field_validator

from attrit.evidence.extract.markers import GAP, RATE, N, P, Q, W, _counts, phrasing
from attrit.evidence.extract.vocabulary import FLED
from attrit.evidence.kind import Kind, Window, one
from attrit.model.registry import DESERTION_CAUSES
from attrit.scenario.evidence import Count, EvidenceBase


class DesertionCount(EvidenceBase):
    """Members who deserted over a period (or by a date), optionally out of a starting size."""

    kind: Literal["desertion_count"]
    deserted: Count
    of: Count | None = None

    @field_validator("of")
    @classmethod
    def _not_less_than_deserted(cls, of: int | None, info: ValidationInfo) -> int | None:
        deserted = info.data.get("deserted")
        if of is not None and deserted is not None and deserted > of:
            raise ValueError(f"of ({of}) is smaller than deserted ({deserted})")
        return of


def observable(w: Window, ev: DesertionCount, part: str):
    """The figure's simulated counterpart in each replicate."""
    deserted = w.total(*DESERTION_CAUSES)
    if ev.of is None:
        return deserted
    return w.ratio(deserted, w.strength_at_start()) * ev.of


r = phrasing("desertion_count")
RULES = (
    r(
        "N-has-seen-M-of-its-members-desert",
        rf"{N('of')} {P}{GAP}\b(?:seen|lost|had|has had)\s+{Q}{N('deserted')} of (?:its|their|"
        rf"them|whom)\b{GAP}(?:desert|fle[de]|defect|abandon)",
        0.9,
        _counts("deserted", "of"),
    ),
    r(
        "N-a-week-fail-to-report-back",
        rf"{N('deserted')} {P}?{RATE}\s+(?:{W}{{0,2}})?(?:fail to (?:report back|return)|"
        rf"do not (?:report back|return)|desert|defect|abscond)",
        0.7,
        _counts("deserted"),
    ),
    r(
        "N-deserted",
        rf"{N('deserted')} {P}?{W}{{0,4}}?(?:who |that )?(?:have |had |has )?(?:been )?{FLED}",
        0.8,
        _counts("deserted"),
    ),
    r(
        "lost-N-to-desertion",
        rf"(?:lost|lose|loses|losing) {Q}{N('deserted')} {P}?to (?:desertion|defection)",
        0.85,
        _counts("deserted"),
    ),
    r(
        "every-month-we-lose-N-to",
        rf"(?P<rate>every|each|a|per) (?P<per>day|week|month|year),? {W}{{0,3}}?(?:lose|loses|"
        rf"lost) {Q}{N('deserted')} {P}?to\b",
        0.65,
        _counts("deserted"),
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="desertion_count",
    schema=DesertionCount,
    doc=__doc__,
    figures=one("deserted"),
    observable=observable,
    by_date="to_date",
    stated="flow",
    no_value="its units have no members at the start of its period",
    rules=RULES,
    extensive=lambda ev: ev.of is None,  # with `of`, a share scaled to a unit of that size
)
