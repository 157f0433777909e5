"""Dated schedules in the engine: each day's kernels read the values of that day's epoch.

The closed forms: with a flight hazard h1 to a date and h2 after it, the men still there
on day t are Binomial(n, (1-h1)^min(t, d) (1-h2)^max(t-d, 0)); a quota or a rotation given as
steps is the recorded quota and duty share on each day exactly.
"""

import itertools

import numpy as np
import pytest
from scipy import stats

import attrit
from attrit.model.epochs import at_day
from attrit.model.plan import compile_plan
from support.helpers import scenario, schedule, var

ALPHA = 0.001
FLIGHT = {
    "morale_log_slope": 0.0,
    "contagion_weight": 0.0,
    "group_join_probability": 0.0,
}


def _hazard_steps(h1: float, h2: float, date: str, days: int = 120):
    return scenario(
        on=("desertion",),
        troops=400,
        unit={"desertion": {"hazard_per_day": h1, **FLIGHT}},
        schedules=[
            {
                "id": "crackdown",
                "path": "units.alpha.desertion.hazard_per_day",
                "points": [{"date": date, "value": h2}],
            }
        ],
        days=days,
    )


@pytest.mark.statistical
def test_a_hazard_that_steps_on_a_date_gives_the_piecewise_geometric_survival():
    n, h1, h2, reps, days, d = 400, 0.002, 0.02, 60, 120, 40
    sc = _hazard_steps(h1, h2, "2015-09-10", days)  # day 40 of a run from 2015-08-01
    res = attrit.simulate(sc, replicates=reps, days=days, seed=5)
    daily = var(res, "deserted_on_duty").sum(axis=0)
    t = np.arange(days + 1)
    alive = (1 - h1) ** np.minimum(t, d) * (1 - h2) ** np.maximum(t - d, 0)
    at_risk = n * reps
    edges = np.arange(0, days + 1, 10)
    observed = [daily[a:b].sum() for a, b in itertools.pairwise(edges)]
    expected = [at_risk * (alive[a] - alive[b]) for a, b in itertools.pairwise(edges)]
    observed.append(at_risk - daily.sum())
    expected.append(at_risk * alive[days])
    assert stats.chisquare(observed, expected).pvalue > ALPHA
    # the step is where the schedule puts it: the daily rate before and after differ tenfold
    before, after = daily[:d].sum() / (n * reps * d), daily[d : d + 10].sum()
    assert before < 2 * h1 and after > 5 * h1 * n * reps * 10 * alive[d + 10]


def test_the_plan_holds_one_row_per_epoch_and_each_day_reads_its_own():
    sc = _hazard_steps(0.002, 0.02, "2015-09-10")
    plan = compile_plan(sc, 120)
    assert plan.e_u_des_h.shape == (2, 1)
    assert list(plan.e_day[:40]) == [0] * 40 and list(plan.e_day[40:]) == [1] * 80
    assert at_day(plan, 39).u_des_h[0] == 0.002 and at_day(plan, 40).u_des_h[0] == 0.02
    assert plan.u_des_h[0] == 0.002  # the first day's values, for readers outside the engine


def test_a_linear_schedule_moves_day_by_day_and_holds_its_last_value():
    ramp = schedule(
        "ramp",
        "units.alpha.desertion.hazard_per_day",
        ("2015-08-11", 0.001),
        ("2015-08-21", 0.011),
        shape="linear",
    )
    sc = scenario(on=("desertion",), schedules=[ramp], days=40)
    plan = compile_plan(sc, 40)
    h = np.array([at_day(plan, t).u_des_h[0] for t in range(40)])
    assert (h[:10] == sc.units[0].desertion.hazard_per_day).all()  # the unit's own, before
    assert np.allclose(h[10:21], 0.001 + 0.001 * np.arange(11))
    assert (h[20:] == 0.011).all()


def test_quota_and_rotation_as_steps_are_recorded_exactly():
    sc = scenario(
        on=("rotation",),
        troops=400,
        rotation={"days_on": 15, "days_off": 15, "quota": 100},
        unit={"leave": {"return_probability": 1.0}},
        schedules=[
            {
                "id": "surge",
                "path": "units.alpha.rotation.quota",
                "points": [
                    {"date": "2015-08-31", "value": 180},
                    {"date": "2015-09-30", "value": 100},
                ],
            },
            {
                "id": "no-leave",
                "path": "units.alpha.rotation.days_off",
                "points": [{"date": "2015-09-30", "value": 0}],
            },
        ],
        days=90,
    )
    res = attrit.simulate(sc, replicates=2, seed=1)
    want = np.full(90, 100.0)
    want[30:60] = 180.0
    assert (var(res, "quota", "alpha") == want).all()
    on_leave = var(res, "on_leave", "alpha")
    assert (on_leave[:, :60] == 200).all()  # half on leave while the rotation is 15/15
    assert (on_leave[:, 60:] == 0).all()  # everyone on duty once leave is stopped
    assert (var(res, "front", "alpha")[:, 60:] == 100).all()


def test_a_schedule_that_never_starts_changes_nothing():
    plain = scenario(on=("desertion", "rotation", "morale"), days=60)
    later = scenario(
        on=("desertion", "rotation", "morale"),
        days=60,
        schedules=[
            {
                "id": "late",
                "path": "units.alpha.desertion.hazard_per_day",
                "points": [{"date": "2016-01-01", "value": 0.05}],
            }
        ],
    )
    a = attrit.simulate(plain, replicates=3, seed=2)
    b = attrit.simulate(later, replicates=3, seed=2)
    assert np.array_equal(a.daily["strength"].values, b.daily["strength"].values)


def test_a_set_intervention_gives_its_parameter_its_size_while_it_lasts():
    hold = {
        "id": "hold",
        "kind": "set",
        "path": "units.alpha.rotation.quota",
        "start": "2015-08-31",
        "end": "2015-09-29",
        "size": 150,
    }
    sc = scenario(
        on=("rotation", "interventions"),
        rotation={"days_on": 15, "days_off": 15, "quota": 100},
        unit={"leave": {"return_probability": 1.0}},
        interventions=[hold],
        days=90,
    )
    want = np.full(90, 100.0)
    want[30:60] = 150.0
    assert (var(attrit.simulate(sc, replicates=2, seed=1), "quota", "alpha") == want).all()
    # a variant for compare: inactive, the baseline keeps the unit's own quota
    idle = sc.set("interventions.hold.active", False)
    assert (var(attrit.simulate(idle, replicates=2, seed=1), "quota", "alpha") == 100.0).all()
