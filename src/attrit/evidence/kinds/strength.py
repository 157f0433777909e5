"""Members on the rolls, as a source counts them on a date (or over a period).

In the simulation (men): Members on the rolls on the date (mean over a period), summed over the
units.
"""

from __future__ import annotations

from typing import Literal

from attrit.evidence.extract.markers import GAP, PAPER, PEOPLE, N, P, Q, W, _counts, phrasing
from attrit.evidence.kind import Kind, Window, one
from attrit.scenario.evidence import Count, EvidenceBase


class StrengthEvidence(EvidenceBase):
    """Members present on a date."""

    kind: Literal["strength"]
    strength: Count


def observable(w: Window, ev: StrengthEvidence, part: str):
    """The figure's simulated counterpart in each replicate."""
    return w.daily("strength").mean(axis=1)


r = phrasing("strength")
RULES = (
    r(
        "those-remaining-numbered-N",
        rf"(?:those|the) remaining (?:{W}{{0,2}})?(?:numbered|number|numbering|were|are|"
        rf"totalled|totaled)\s+(?:at\s+)?{Q}{N('strength')}",
        0.9,
        _counts("strength"),
    ),
    r(
        "now-counts-N-men",
        rf"(?<!should )(?<!would )(?<!nominally )(?:now\s+)?(?:counts|numbers|numbered|"
        rf"totals|totalled|has|had|have|fields|fielded|musters|mustered)\s+{Q}{N('strength')}"
        rf"(?: {PEOPLE}\b| on (?:strength|its rolls|the rolls)|(?=[,.;]|$)){PAPER}",
        0.8,
        _counts("strength"),
    ),
    r(
        "N-reported-for-duty",
        rf"{Q}{N('strength')} {P}?(?:were |are |was )?(?:actually |still )?(?:present|"
        rf"reported for duty|report for duty|on (?:strength|its rolls|the rolls)|"
        rf"under arms|remain(?:ed)?\b){PAPER}",
        0.8,
        _counts("strength"),
    ),
    r(
        "down-to-N",
        rf"(?:is|are|was|were|has been|had been|now)\s+(?:now\s+)?(?:down|reduced|dwindled|"
        rf"shrunk|whittled down)\s+to\s+{Q}{N('strength')}",
        0.8,
        _counts("strength"),
    ),
    r(
        "N-show-up-for-duty",
        rf"{Q}{N('strength')} {P}?(?:actually\s+)?(?:show up|shows up|showed up|turn up|"
        rf"turns up|turned up|report|reported|reports)(?: for (?:work|duty))?\b",
        0.75,
        _counts("strength"),
    ),
    r(
        "a-census-counted-N",
        rf"(?:census|head ?count|roll ?call|muster)\b{GAP}(?:counted|found|showed|recorded)\s+"
        rf"{Q}{N('strength')}",
        0.8,
        _counts("strength"),
    ),
    r(
        "of-N-fighters",
        rf"^of {Q}{N('strength')} {PEOPLE},",
        0.55,
        _counts("strength"),
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="strength",
    schema=StrengthEvidence,
    doc=__doc__,
    figures=one("strength"),
    observable=observable,
    by_date="on_date",
    stated="stock",
    rules=RULES,
)
