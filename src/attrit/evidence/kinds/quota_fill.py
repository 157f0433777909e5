"""Men a unit must put at the front, and the men it sends.

In the simulation (`sent`): `quota x` the mean over the period of men at the front / the unit's
quota.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from attrit.evidence.extract.markers import GAP, N, P, Q, W, _counts, phrasing, template
from attrit.evidence.extract.numbers import Figure
from attrit.evidence.extract.proposal import Proposal
from attrit.evidence.extract.text import Sentence
from attrit.evidence.extract.vocabulary import FIELD, MUST
from attrit.evidence.kind import Kind, Window, one
from attrit.scenario.evidence import Count, EvidenceBase


class QuotaFill(EvidenceBase):
    """Men a unit must put at the front and men it sends."""

    kind: Literal["quota_fill"]
    quota: Count
    sent: Count


def observable(w: Window, ev: QuotaFill, part: str):
    """The figure's simulated counterpart in each replicate."""
    return w.mean_over_days(w.ratio(w.daily("front"), w.daily("quota"))) * ev.quota


QUOTA_DEMAND = re.compile(rf"{MUST} {W}{{0,2}}?{FIELD}\s+{Q}{N('quota')}")
QUOTA_SUPPLY = re.compile(
    rf"(?:(?:can|could|are able to|is able to|manage to|manages to)\s+(?:only |rarely |barely |"
    rf"seldom |hardly |usually )?(?:muster|field|send|provide|put|deploy|raise|find)\s+"
    rf"(?:more than |over |only |about |around )?{N('sent')}|only {N('sent2')} {P}?(?:are|were|is)"
    rf" (?:deployed|present|at the front|on the line))"
)
"""A quota stated in one sentence and the men sent in the next ("... must keep 400 on the
front. Its commanders can rarely muster more than 250.")."""


def across_sentences(
    text: str,
    first: tuple[Sentence, list[Figure], list[Proposal]],
    second: tuple[Sentence, list[Figure], list[Proposal]],
    today: dt.date,
) -> list[Proposal]:
    """A quota demanded in one sentence and met (or not) in the next."""
    (s1, f1, p1), (s2, f2, p2) = first, second
    if any(p.kind == "quota_fill" for p in (*p1, *p2)):
        return []
    demand = QUOTA_DEMAND.search(template(s1.text, f1, s1.start)[0])
    supply = QUOTA_SUPPLY.search(template(s2.text, f2, s2.start)[0])
    if demand is None or supply is None:
        return []
    quota = f1[int(demand.group("quota"))]
    sent = f2[int(supply.group("sent") or supply.group("sent2"))]
    if not (quota.value.is_integer() and sent.value.is_integer()):
        return []
    quote = text[s1.start : s2.end]
    return [
        Proposal(
            "quota_fill",
            {"quota": quota.value, "sent": sent.value},
            quote,
            (s1.start, s2.end),
            0.65,
            "quota-then-sent-in-the-next-sentence",
            (today, today),
            "",
            approximate=quota.approximate or sent.approximate or "more than" in s2.text,
            notes=["the quota and the men sent are in two sentences"],
        )
    ]


r = phrasing("quota_fill")
RULES = (
    r(
        "must-provide-N-but-only-M",
        rf"{MUST} {W}{{0,2}}?{FIELD} {N('quota')}{GAP}\b(?:but|yet|however)\b{GAP}"
        rf"{Q}{N('sent')}",
        0.9,
        _counts("quota", "sent"),
    ),
    r(
        "meant-to-put-N-manages-M",
        rf"{MUST} {W}{{0,2}}?{FIELD} {N('quota')}{GAP}(?:manages?|managing|can field|"
        rf"only manages?|is able to send|are able to send)\s+(?:only\s+|no more than\s+)?"
        rf"{N('sent')}",
        0.85,
        _counts("quota", "sent"),
    ),
    r(
        "with-M-against-a-requirement-of-N",
        rf"with {N('sent')} {P}?,?\s*(?:against|short of|out of) (?:a |the )?(?:requirement|"
        rf"quota|target|establishment) of {N('quota')}",
        0.85,
        _counts("quota", "sent"),
    ),
    r(
        "quota-of-N-only-M",
        rf"quota of {N('quota')}{GAP}\b(?:only|but|yet)\b{GAP}{N('sent')}",
        0.8,
        _counts("quota", "sent"),
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


KIND = Kind(
    name="quota_fill",
    schema=QuotaFill,
    doc=__doc__,
    figures=one("sent"),
    observable=observable,
    by_date="on_date",
    stated="stock",
    no_value="its units have no front-line quota in its period",
    rules=RULES,
    across_sentences=across_sentences,
    extensive=False,
)
