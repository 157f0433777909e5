"""How many months of pay members are owed.

In the simulation (months): Members' mean arrears in months of wage on the date (mean over a
period), weighted by strength.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field

from attrit.evidence.extract.markers import GAP, LOOSE, MONTHS_RE, PAY, D, Q, W, _months, phrasing
from attrit.evidence.extract.numbers import MONTHS
from attrit.evidence.extract.proposal import Proposal
from attrit.evidence.extract.text import Sentence
from attrit.evidence.extract.vocabulary import UNPAID
from attrit.evidence.kind import Kind, Window, one
from attrit.scenario.evidence import EvidenceBase


class PayArrears(EvidenceBase):
    """How many months of pay members are owed."""

    kind: Literal["pay_arrears"]
    months_unpaid: float = Field(ge=0.0, le=120.0)


def observable(w: Window, ev: PayArrears, part: str):
    """The figure's simulated counterpart in each replicate."""
    weight = w.by_unit("strength")
    months = w.ratio((w.by_unit("arrears_mean_months") * weight).sum(axis=2), weight.sum(axis=2))
    return w.mean_over_days(months)


_UNPAID_SINCE = re.compile(
    rf"(?:(?:not|never|n't)\s+(?:been\s+)?(?:paid|received (?:any |their )?(?:pay|salar\w*|"
    rf"wages))|(?:nobody|no one|none of (?:us|them)) (?:has|have) (?:been paid|received (?:any )?"
    rf"(?:pay|salar\w*|wages))|(?:gone|been) unpaid)\s+since\s+(?P<month>{MONTHS_RE})\b",
    re.I,
)


def in_sentence(s: Sentence, today: dt.date, kinds: set[str]) -> list[Proposal]:
    """Pay not received since a month: the months from then to the report's date."""
    m = _UNPAID_SINCE.search(s.text)
    if m is None or "pay_arrears" in kinds:
        return []
    month = MONTHS.index(m.group("month").lower()) + 1
    year = today.year if month <= today.month else today.year - 1
    months = today.year * 12 + today.month - (year * 12 + month)
    note = f"months from {m.group('month')} {year} to the report's date"
    return [
        Proposal(
            "pay_arrears",
            {"months_unpaid": float(months)},
            s.text,
            (s.start, s.end),
            0.7,
            "not-paid-since-month",
            (today, today),
            m.group(0),
            notes=[note],
        )
    ]


r = phrasing("pay_arrears")
RULES = (
    r(
        "not-paid-for-N-months",
        rf"{UNPAID}\s*(?:{W}{{0,2}}?)?(?:{PAY}\s+)?(?:for|in)\s+{Q}{D('months')}",
        0.85,
        _months,
    ),
    r(
        "N-months-without-pay",
        rf"{Q}{D('months')}\s+without\s+(?:{W}{{0,3}}?){PAY}",
        0.85,
        _months,
    ),
    r(
        "N-months-since-not-paid",
        rf"{Q}{D('months')} since {GAP}{UNPAID}{GAP}{PAY}",
        0.7,
        _months,
    ),
    r(
        "pay-unpaid-for-N-months",
        rf"{PAY}\s+(?:went|have gone|had gone|have been|has been|were|was|have remained)\s+"
        rf"(?:unpaid|in arrears|outstanding)\s+for\s+{Q}{D('months')}",
        0.85,
        _months,
    ),
    r(
        "unpaid-for-N-months",
        rf"(?:unpaid|without pay|without (?:their )?salar\w+|in arrears)\s+for\s+"
        rf"{Q}{D('months')}",
        0.8,
        _months,
    ),
    r(
        "pay-is-N-months-late",
        rf"{PAY}{LOOSE}(?:are|is|were|was|have been|has been|running|now)\s+{Q}{D('months')}\s+"
        rf"(?:late|overdue|behind|in arrears)",
        0.8,
        _months,
    ),
    r(
        "owed-N-months-of-pay",
        rf"(?:owed|arrears of)\s+{Q}{D('months')}\s+(?:of\s+)?(?:{W}{{0,2}}?){PAY}",
        0.85,
        _months,
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="pay_arrears",
    schema=PayArrears,
    doc=__doc__,
    figures=one("months_unpaid"),
    observable=observable,
    by_date="on_date",
    stated="as_of_report",
    rules=RULES,
    in_sentence=in_sentence,
    extensive=False,
)
