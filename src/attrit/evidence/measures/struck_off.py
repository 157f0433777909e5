"""Names struck off the rolls: every man who left the force for good.

A force strikes off its deserters (absentees once they are past the unit's threshold, see
``units.*.absence.strike_off_days``), the men discharged, the killed and the invalided. The
ledger is kept some days behind events, so names struck off over a period are those flows
over the period shifted back by ``lag_days``.
"""

from __future__ import annotations

from attrit.evidence.measure import Measure, lagged_total
from attrit.model.registry import DESERTION_CAUSES, index
from attrit.scenario.base import Strict
from attrit.scenario.params import param

LEFT = (*DESERTION_CAUSES, "discharged", "killed", "invalided")
"""The flows of men who leave the rolls."""


class StruckOffObservation(Strict):
    """How the rolls' ledger follows the men who leave."""

    lag_days: float = param(
        0.0,
        unit="days",
        low=0.0,
        high=90.0,
        ge=0.0,
        le=1460.0,
        reason="Days from a man's leaving to his name's removal; none, unless the report says "
        "the rolls are purged late.",
    )


def _value(w):
    lag = w.observation["struck_off.lag_days"]
    return lagged_total(w.record, w.units, [index(v) for v in LEFT], w.first, w.last, lag)


MEASURES = (
    Measure(
        "struck_off",
        "names",
        False,
        f"names struck off the rolls: {' + '.join(LEFT)} over the period shifted back by lag_days",
        _value,
        StruckOffObservation,
    ),
)
