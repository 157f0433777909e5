"""Killed and wounded in a period.

In the simulation (killed, wounded): Deaths and new wounded over the period, one observable
each.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from attrit.evidence.extract.markers import N, P, Q, _counts, phrasing
from attrit.evidence.kind import Kind, Window
from attrit.scenario.evidence import Count, EvidenceBase


class CasualtyEvidence(EvidenceBase):
    """Killed and wounded in a period."""

    kind: Literal["casualties"]
    killed: Count | None = None
    wounded: Count | None = None

    FIGURES = ("killed", "wounded")

    @model_validator(mode="after")
    def _some_count(self) -> CasualtyEvidence:
        if self.killed is None and self.wounded is None:
            raise ValueError("give killed, wounded or both")
        return self


def figures(ev: CasualtyEvidence) -> list[tuple[str, float]]:
    """The killed and the wounded, each a figure of its own (``.killed``, ``.wounded``)."""
    return [
        (f".{part}", getattr(ev, part))
        for part in ("killed", "wounded")
        if getattr(ev, part) is not None
    ]


def observable(w: Window, ev: CasualtyEvidence, part: str):
    """The figure's simulated counterpart in each replicate."""
    return w.total("killed" if part == ".killed" else "wounded_new")


r = phrasing("casualties")
RULES = (
    r(
        "N-killed-and-M-wounded",
        rf"{N('killed')} {P}?(?:were |had been |have been )?(?:killed|dead)(?:,)? and "
        rf"{N('wounded')} {P}?(?:were |have been )?(?:wounded|injured)",
        0.9,
        _counts("killed", "wounded"),
    ),
    r(
        "killing-N-and-wounding-M",
        rf"killing {N('killed')} {P}?and (?:wounding|injuring) {N('wounded')}",
        0.9,
        _counts("killed", "wounded"),
    ),
    r(
        "N-killed",
        rf"{N('killed')} {P}?(?:were |had been |have been |was )?(?:killed|dead)\b",
        0.75,
        _counts("killed"),
    ),
    r(
        "N-wounded",
        rf"{N('wounded')} {P}?(?:were |had been |have been )?(?:wounded|injured)\b",
        0.7,
        _counts("wounded"),
    ),
    r(
        "lost-N-soldiers",
        rf"\blost {Q}{N('killed')} {P}(?!to )",
        0.5,
        _counts("killed"),
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="casualties",
    schema=CasualtyEvidence,
    doc=__doc__,
    figures=figures,
    observable=observable,
    by_date="to_date",
    stated="flow",
    rules=RULES,
)
