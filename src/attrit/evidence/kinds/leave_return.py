"""Of those who went on leave, how many came back.

In the simulation (`returned`): `went_on_leave x (men back from leave / men due back)` over the
period.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ValidationInfo, field_validator

from attrit.evidence.extract.markers import (
    GAP,
    NOT_BACK,
    REST,
    SHARE,
    N,
    P,
    Q,
    W,
    _counts,
    _returned_from_missing,
    _returned_from_share,
    phrasing,
)
from attrit.evidence.extract.vocabulary import BACK, WENT
from attrit.evidence.kind import Kind, Window, one
from attrit.scenario.evidence import Count, EvidenceBase


class LeaveReturn(EvidenceBase):
    """Of those who went on leave, how many came back."""

    kind: Literal["leave_return"]
    went_on_leave: Count
    returned: Count

    @field_validator("returned")
    @classmethod
    def _returned_le_went(cls, returned: int, info: ValidationInfo) -> int:
        went = info.data.get("went_on_leave")
        if went is not None and returned > went:
            raise ValueError(f"returned ({returned}) exceeds went_on_leave ({went})")
        return returned


def observable(w: Window, ev: LeaveReturn, part: str):
    """The figure's simulated counterpart in each replicate."""
    return w.ratio(w.total("leave_returned"), w.total("leave_due")) * ev.went_on_leave


r = phrasing("leave_return")
RULES = (
    r(
        "of-the-N-who-went-on-leave",
        rf"of (?:the )?{N('went')} {P}?{W}{{0,3}}?(?:that|who) (?:had )?{WENT} "
        rf"(?:home )?(?:on|for) leave\b{GAP}{Q}{N('returned')} {W}{{0,2}}?{BACK}",
        0.9,
        _counts("went", "returned", rename={"went": "went_on_leave"}),
    ),
    r(
        "of-the-N-granted-leave",
        rf"of (?:the )?{N('went')} {P}?(?:granted|given|sent on|allowed) leave\b{GAP}{Q}"
        rf"{N('returned')} {W}{{0,2}}?{BACK}",
        0.85,
        _counts("went", "returned", rename={"went": "went_on_leave"}),
    ),
    r(
        "M-of-N-on-leave-came-back",
        rf"{Q}{N('returned')} of (?:the |those )?{N('went')} {P}?(?:who |that )?"
        rf"(?:went |were )?(?:on |granted |sent on )?leave {W}{{0,2}}?{BACK}",
        0.85,
        _counts("went", "returned", rename={"went": "went_on_leave"}),
    ),
    r(
        "N-went-on-leave-M-came-back",
        rf"{N('went')} {P}?{WENT} (?:home )?on leave\b{GAP}{Q}{N('returned')} "
        rf"{W}{{0,2}}?{BACK}",
        0.8,
        _counts("went", "returned", rename={"went": "went_on_leave"}),
    ),
    r(
        "of-N-given-leave-M-failed-to-return",
        rf"of (?:the )?{N('went')} {GAP}(?:given|granted|sent on|who went on|allowed)\s+"
        rf"(?:{W}{{0,2}}?)?{REST}{GAP}{Q}{N('missing')} {P}?(?:have |had )?{NOT_BACK}",
        0.8,
        _returned_from_missing,
    ),
    r(
        "share-of-the-N-on-leave-not-back",
        rf"{SHARE('share')} of (?:the )?{N('went')} {P}?(?:who were |who went |sent |granted |"
        rf"given )?(?:on )?(?:home )?{REST}{GAP}(?:have |had )?{NOT_BACK}",
        0.8,
        _returned_from_share,
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="leave_return",
    schema=LeaveReturn,
    doc=__doc__,
    figures=one("returned"),
    observable=observable,
    by_date="on_date",
    stated="flow",
    no_value="nobody is due back from leave in its period under the unit's rotation; "
    "widen the period to hold a shift changeover",
    rules=RULES,
    extensive=False,
)
