"""Criminal proceedings (cases opened) for absence without leave and desertion.

A case is opened for a share of the men who leave, some time after they leave: commanders
settle some absences in the unit, some absentees are back before anyone reports them, and an
investigator registers a case weeks after the unit's report. So cases over a period are
``registration_share x offences over the period shifted back by lag_days``, where the offences
are the men who went absent plus those who deserted at once (a deserter struck off after an
absence was counted when he went absent).
"""

from __future__ import annotations

from attrit.evidence.measure import Measure, lagged_total
from attrit.model.registry import DESERTION_CAUSES, index
from attrit.scenario.base import Strict
from attrit.scenario.params import param

OFFENCES = ("went_absent", *(c for c in DESERTION_CAUSES if c != "deserted_struck_off"))
"""The flows that are an offence of absence or desertion, each man once."""


class ProceedingsObservation(Strict):
    """How the cases opened relate to the men who leave."""

    registration_share: float = param(
        0.5,
        unit="fraction",
        low=0.05,
        high=1.0,
        ge=0.0,
        le=1.0,
        reason="Share of the men who leave for whom a case is opened. Unknown in general; "
        "half, until a fit to cases and a count of men together pins it down.",
    )
    lag_days: float = param(
        30.0,
        unit="days",
        low=0.0,
        high=120.0,
        ge=0.0,
        le=1460.0,
        reason="Days from a man's leaving to his case's registration: the unit's report, then "
        "the investigator's; assumed a month.",
    )


def registered(name: str, share: str, parameters: type, what: str, counts: str) -> Measure:
    """A measure that counts a lagged share of the offences: ``share`` and ``lag_days``."""

    def value(w):
        lag = w.observation[f"{name}.lag_days"]
        offences = lagged_total(
            w.record, w.units, [index(v) for v in OFFENCES], w.first, w.last, lag
        )
        return w.observation[f"{name}.{share}"] * offences

    return Measure(
        name,
        counts,  # type: ignore[arg-type]
        False,
        f"{what}: {share} x ({' + '.join(OFFENCES)}) over the period shifted back by lag_days",
        value,
        parameters,
    )


MEASURES = (
    registered(
        "proceedings",
        "registration_share",
        ProceedingsObservation,
        "criminal proceedings opened for absence or desertion",
        "cases",
    ),
)
