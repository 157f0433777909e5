"""Court sentences for absence without leave and desertion.

The same observation model as the cases opened (:mod:`.proceedings`) with its own share and
lag: a sentence comes months after the man left, and only for a share of the men who leave
(not every case comes to court; some men are sent back to their units instead).
"""

from __future__ import annotations

from attrit.evidence.measures.proceedings import registered
from attrit.scenario.base import Strict
from attrit.scenario.params import param


class SentencesObservation(Strict):
    """How the court sentences relate to the men who leave."""

    conviction_share: float = param(
        0.2,
        unit="fraction",
        low=0.01,
        high=1.0,
        ge=0.0,
        le=1.0,
        reason="Share of the men who leave who are sentenced for it. Unknown in general; a "
        "fifth, below the share of cases opened, until a fit pins it down.",
    )
    lag_days: float = param(
        180.0,
        unit="days",
        low=30.0,
        high=730.0,
        ge=0.0,
        le=1460.0,
        reason="Days from a man's leaving to his sentence: registration, investigation and "
        "trial; assumed half a year.",
    )


MEASURES = (
    registered(
        "sentences",
        "conviction_share",
        SentencesObservation,
        "court sentences for absence or desertion",
        "sentences",
    ),
)
