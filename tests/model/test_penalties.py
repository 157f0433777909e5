"""Penalties for flight against closed forms: hazards cut by their severity, morale's cost.

With penalties of severity ``s`` in effect, the chance of staying away after leave is
``(1 - p)(1 - s)`` and the daily hazard of flight ``h (1 - s)``: binomial counts, four
standard errors. Their cost to morale is exact: with nothing else moving, each man's morale
approaches a target lower by ``penalty_weight x s``, so the gap after ``t`` days is
``penalty_weight s (1 - (1 - rate)^t)`` for every replicate (common random numbers).
"""

import numpy as np
import pytest

import attrit
from support.helpers import flat_hazard, scenario, var

pytestmark = pytest.mark.statistical
S = 0.6
PENALTIES = [{"id": "penalties", "kind": "penalties", "start": "2015-08-01", "size": S}]


def within(count, n, p):
    return abs(count - n * p) < 4 * np.sqrt(n * p * (1 - p))


def test_penalties_cut_the_chance_of_staying_away_after_leave():
    sc = scenario(
        on=("rotation", "interventions"),
        rotation={"days_on": 10, "days_off": 10, "quota": 100},
        unit={"leave": {"return_probability": 0.5, "morale_logit_slope": 0, "pull_logit_slope": 0}},
        interventions=PENALTIES,
        days=12,
    )
    res = attrit.simulate(sc, replicates=100, seed=3)
    due = var(res, "leave_due", "alpha")[:, 10].sum()
    stayed = var(res, "deserted_leave_nonreturn", "alpha")[:, 10].sum()
    assert due == 100 * 200 and within(stayed, due, 0.5 * (1 - S))


def test_penalties_cut_the_hazard_of_flight():
    h, days, n = 0.01, 30, 400
    sc = scenario(
        on=("desertion", "interventions"),
        troops=n,
        unit={"desertion": flat_hazard(h)},
        interventions=PENALTIES,
        days=days,
    )
    res = attrit.simulate(sc, replicates=40, seed=4)
    fled = var(res, "deserted_on_duty", "alpha").sum()
    assert within(fled, n * 40, 1 - (1 - h * (1 - S)) ** days)


def test_penalties_cost_morale_exactly_their_weight_times_severity():
    base = scenario(on=("morale", "interventions"), days=40)
    harsh = scenario(on=("morale", "interventions"), days=40, interventions=PENALTIES)
    calm = var(attrit.simulate(base, replicates=3, seed=5), "morale_mean", "alpha")
    hurt = var(attrit.simulate(harsh, replicates=3, seed=5), "morale_mean", "alpha")
    t = np.arange(40) + 1
    gap = base.morale.penalty_weight * S * (1 - (1 - base.morale.adjustment_rate_per_day) ** t)
    assert np.allclose(calm - hurt, gap[None, :], atol=1e-9)
