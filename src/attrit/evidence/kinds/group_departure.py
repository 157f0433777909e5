"""Members who left together (abroad, say) in a period.

In the simulation (men): Emigrations over the period.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from attrit.evidence.extract.markers import GAP, N, P, W, _counts, phrasing
from attrit.evidence.extract.vocabulary import CROSS, DEST
from attrit.evidence.kind import Kind, Window, one
from attrit.scenario.evidence import Count, EvidenceBase


class GroupDeparture(EvidenceBase):
    """A number of members who left together (e.g. abroad) in a period."""

    kind: Literal["group_departure"]
    count: Count
    destination: str = Field("", max_length=200)


def observable(w: Window, ev: GroupDeparture, part: str):
    """The figure's simulated counterpart in each replicate."""
    return w.total("emigrated")


def _place(dest: str) -> str:
    """A destination's name: its capitalised words ("Cameroon", "European countries")."""
    words = dest.removeprefix("the ").split()
    keep = [words[0]]
    for w in words[1:]:
        if not (w[:1].isupper() or w in ("countries", "region")):
            break
        keep.append(w)
    return " ".join(keep)


def refine(values: dict, sentence, match: re.Match[str], where: list[int]) -> dict | None:
    """A departure names a place abroad: the destination, capitalised, read from the text."""
    dest = sentence.text[where[match.start("dest")] : where[match.end("dest") - 1] + 1]
    if not re.match(r"(?:the\s+)?[A-Z]", dest):
        return None  # "to clan militias": a desertion, not a departure abroad
    return {**values, "destination": _place(dest)}


r = phrasing("group_departure")
RULES = (
    r(
        "N-members-fled-to-somewhere",
        rf"{N('count')} (?:{P}|members )(?:{W}{{0,5}}?)?{CROSS}\b{GAP}\b(?:to|for|into|towards)"
        rf"\s+{DEST}",
        0.8,
        _counts("count"),
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="group_departure",
    schema=GroupDeparture,
    doc=__doc__,
    figures=one("count"),
    observable=observable,
    by_date="to_date",
    stated="flow",
    rules=RULES,
    refine=refine,
)
