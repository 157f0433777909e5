"""Recruits taken in over a period.

In the simulation (men): Recruits posted to the units over the period.
"""

from __future__ import annotations

from typing import Literal

from attrit.evidence.extract.markers import RATE, N, P, Q, W, _counts, phrasing
from attrit.evidence.kind import Kind, Window, one
from attrit.scenario.evidence import Count, EvidenceBase


class RecruitmentEvidence(EvidenceBase):
    """Recruits taken in over a period."""

    kind: Literal["recruitment"]
    recruits: Count


def observable(w: Window, ev: RecruitmentEvidence, part: str):
    """The figure's simulated counterpart in each replicate."""
    return w.total("recruits_posted")


r = phrasing("recruitment")
RULES = (
    r(
        "recruited-N",
        rf"(?:recruit|recruits|recruited|recruiting|enlist|enlists|enlisted|took in|takes in|"
        rf"take in|signed up|conscripted|drafted|mobilised|mobilized|called up|call up|"
        rf"calls up|inducted|enrolled)\s+{Q}{N('recruits')}"
        rf"(?! {W}{{0,2}}?(?:killed|dead|wounded))(?: {P}?{RATE})?",
        0.8,
        _counts("recruits"),
    ),
    r(
        "N-recruits-joined",
        rf"{Q}{N('recruits')} (?:new )?(?:recruits|volunteers|conscripts) (?:have |had )?"
        rf"(?:joined|enlisted|were enlisted|signed up|arrived|were trained|reported)",
        0.8,
        _counts("recruits"),
    ),
    r(
        "sent-N-recruits-for-training",
        rf"sent {Q}{N('recruits')} (?:new )?(?:recruits|volunteers|conscripts) (?:for|to) "
        rf"(?:training|be trained)",
        0.75,
        _counts("recruits"),
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="recruitment",
    schema=RecruitmentEvidence,
    doc=__doc__,
    figures=one("recruits"),
    observable=observable,
    by_date="to_date",
    stated="flow",
    rules=RULES,
)
