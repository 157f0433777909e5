"""The share of pay taken before it reaches members.

In the simulation (share): Skimmed / (skimmed + received) pay over the period (from day 0 to a
date).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from attrit.evidence.extract.markers import GAP, PAY, SHARE, M, Q, W, _share, _wage_kept, phrasing
from attrit.evidence.extract.vocabulary import LOST, TAKE
from attrit.evidence.kind import Kind, Window, one
from attrit.scenario.evidence import EvidenceBase


class SkimFraction(EvidenceBase):
    """The share of pay taken before it reaches members."""

    kind: Literal["skim_fraction"]
    fraction: float = Field(ge=0.0, le=1.0)


def observable(w: Window, ev: SkimFraction, part: str):
    """The figure's simulated counterpart in each replicate."""
    skimmed = w.total("pay_skimmed")
    return w.ratio(skimmed, skimmed + w.total("pay_received"))


r = phrasing("skim_fraction")
RULES = (
    r(
        "take-N-percent-of-pay",
        rf"{TAKE}\s+(?:as much as\s+|between\s+)?{Q}{SHARE('share')}\s+(?:of\s+)?"
        rf"(?:(?:the |each |every |their |his |a )?(?:{W}{{0,2}}?){PAY}|"
        rf"what is (?:sent|paid|meant) for the (?:troops|men|soldiers|fighters))",
        0.85,
        _share,
    ),
    r(
        "N-percent-of-pay-is-lost",
        rf"{Q}{SHARE('share')}\s+of\s+(?:the |their |each |every )?(?:{W}{{0,2}}?){PAY}\s+"
        rf"(?:has been|have been|is|was|were|are|gets?|got|being)\s+[\"“”'‘’]?{LOST}",
        0.8,
        _share,
    ),
    r(
        "of-a-wage-of-X-they-receive-Y",
        rf"(?:wage|salary|pay) of {M('wage')}{GAP}(?:receive|get|are paid|see)\s+{Q}{M('got')}",
        0.7,
        _wage_kept,
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="skim_fraction",
    schema=SkimFraction,
    doc=__doc__,
    figures=one("fraction"),
    observable=observable,
    by_date="to_date",
    stated="as_of_report",
    floor=0.05,
    no_value="no pay flows to its units in its period",
    rules=RULES,
    extensive=False,
)
