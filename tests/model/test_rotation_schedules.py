"""Rotation as armies run it: any duty and leave lengths, no leave, quotas as a share.

Each schedule is checked against its closed form: with every man returning, the men on duty
on day t are the members of the leave groups on duty that day, exactly; with a return
probability p, a group's strength after k returns is binomial(n_g, p**k).
"""

from math import gcd

import numpy as np
import pytest

import attrit
from support.helpers import scenario, var

pytestmark = pytest.mark.statistical

SCHEDULES = [(15, 15), (20, 10), (28, 7), (10, 20), (3, 5), (12, 9), (10, 0)]


def groups(days_on, days_off):
    step = gcd(days_on, days_off)
    return step, (days_on + days_off) // step


def on_duty(t, g, days_on, days_off):
    step, _ = groups(days_on, days_off)
    cycle = days_on + days_off
    return (t - g * step) % cycle < days_on


def group_sizes(troops, squad, k):
    sizes = [squad] * (troops // squad) + ([troops % squad] if troops % squad else [])
    return [sum(s for j, s in enumerate(sizes) if j % k == g) for g in range(k)]


@pytest.mark.parametrize("days_on, days_off", SCHEDULES)
def test_men_on_duty_are_the_groups_on_duty(days_on, days_off):
    troops, squad, quota = 403, 10, 150
    sc = scenario(
        on=("rotation",),
        troops=troops,
        squad=squad,
        rotation={"days_on": days_on, "days_off": days_off, "quota": quota},
        unit={"leave": {"return_probability": 1.0}},
    )
    res = attrit.simulate(sc, replicates=2, days=120)
    _, k = groups(days_on, days_off)
    sizes = group_sizes(troops, squad, k)
    for t in range(120):
        duty = sum(n for g, n in enumerate(sizes) if on_duty(t, g, days_on, days_off))
        assert (var(res, "front", "alpha")[:, t] == min(quota, duty)).all(), t
        assert (var(res, "reserve", "alpha")[:, t] == duty - min(quota, duty)).all(), t
        assert (var(res, "on_leave", "alpha")[:, t] == troops - duty).all(), t
        assert (var(res, "strength", "alpha")[:, t] == troops).all(), t


@pytest.mark.parametrize("days_on, days_off", [(20, 10), (28, 7), (6, 4)])
def test_duty_share_is_days_on_over_the_cycle(days_on, days_off):
    # squads divide evenly into the groups, so the share is exact on every day
    _, k = groups(days_on, days_off)
    troops = 10 * k * 7
    sc = scenario(
        on=("rotation",),
        troops=troops,
        rotation={"days_on": days_on, "days_off": days_off, "quota": 0},
        unit={"leave": {"return_probability": 1.0}},
    )
    res = attrit.simulate(sc, replicates=1, days=90)
    share = var(res, "reserve", "alpha")[0] / troops
    assert np.allclose(share, days_on / (days_on + days_off))


@pytest.mark.parametrize("days_on, days_off", [(20, 10), (28, 7), (12, 9)])
def test_leave_non_return_is_binomial_per_group(days_on, days_off):
    troops, squad, p, reps, days = 420, 10, 0.9, 300, 150
    sc = scenario(
        on=("rotation",),
        troops=troops,
        squad=squad,
        rotation={"days_on": days_on, "days_off": days_off, "quota": 0},
        unit={
            "leave": {"return_probability": p, "morale_logit_slope": 0.0, "pull_logit_slope": 0.0}
        },
    )
    strength = var(attrit.simulate(sc, replicates=reps, days=days, seed=5), "strength")
    _, k = groups(days_on, days_off)
    sizes = group_sizes(troops, squad, k)
    for t in (40, 90, days - 1):
        # a group comes back on each day it turns from leave to duty
        back = [
            sum(
                1
                for s in range(1, t + 1)
                if on_duty(s, g, days_on, days_off) and not on_duty(s - 1, g, days_on, days_off)
            )
            for g in range(k)
        ]
        mean = sum(n * p**b for n, b in zip(sizes, back, strict=True))
        variance = sum(n * p**b * (1 - p**b) for n, b in zip(sizes, back, strict=True))
        se = np.sqrt(variance / reps)
        assert abs(strength[:, t].mean() - mean) < 4 * se, (t, strength[:, t].mean(), mean)


def test_no_leave_keeps_everyone_on_duty_and_nobody_deserts_from_leave():
    sc = scenario(
        on=("rotation",),
        troops=300,
        rotation={"days_on": 30, "days_off": 0, "quota": 100},
        unit={"leave": {"return_probability": 0.5}},
    )
    res = attrit.simulate(sc, replicates=3, days=200)
    assert (var(res, "on_leave") == 0).all()
    assert (var(res, "front") == 100).all()
    assert (var(res, "strength") == 300).all()
    assert (var(res, "deserted_leave_nonreturn") == 0).all()


def test_quota_as_a_share_of_strength_follows_the_unit():
    troops, p = 400, 0.8
    sc = scenario(
        on=("rotation",),
        troops=troops,
        rotation={"days_on": 10, "days_off": 10, "quota_share": 0.3},
        unit={"leave": {"return_probability": p}},
    )
    res = attrit.simulate(sc, replicates=4, days=100, seed=2)
    strength, quota = var(res, "strength"), var(res, "quota")
    assert strength[:, -1].max() < troops  # men were lost, so the quota moved with them
    assert np.array_equal(quota, np.floor(0.3 * strength + 0.5))
    front, reserve = var(res, "front"), var(res, "reserve")
    assert np.array_equal(front, np.minimum(quota, front + reserve))


def test_a_rotation_change_to_no_leave_brings_the_men_on_leave_back():
    sc = scenario(
        on=("rotation", "interventions"),
        troops=200,
        rotation={"days_on": 15, "days_off": 15, "quota": 0},
        unit={"leave": {"return_probability": 1.0}},
        interventions=[
            {
                "id": "stop-leave",
                "kind": "rotation_change",
                "start": "2015-09-10",
                "days_on": 30,
                "days_off": 0,
            }
        ],
    )
    res = attrit.simulate(sc, replicates=1, days=90)
    change = 40  # 2015-09-10 is day 40 of a run that starts on 2015-08-01
    on_leave = var(res, "on_leave")[0]
    assert on_leave[change - 1] > 0
    assert (on_leave[change:] == 0).all()


def test_a_quota_and_a_quota_share_together_are_refused():
    from attrit.scenario.errors import ScenarioError

    with pytest.raises(ScenarioError, match="quota_share"):
        scenario(rotation={"days_on": 10, "days_off": 10, "quota": 50, "quota_share": 0.5})


def test_the_quota_table_of_a_share_quota_is_judged_day_by_day():
    from attrit.analysis.quota import hold_quota, window

    sc = scenario(
        on=("rotation",),
        troops=400,
        rotation={"days_on": 10, "days_off": 10, "quota_share": 0.3},
        unit={"leave": {"return_probability": 0.8}},
    )
    res = attrit.simulate(sc, replicates=6, days=100, seed=2)
    win = window(res, horizon=100)
    row = hold_quota(res, win).set_index("unit").loc["alpha"]
    end = var(res, "quota")[:, -1]
    assert row["quota"] == round(float(np.median(end)))
    held = (var(res, "front") >= var(res, "quota")).mean(axis=1)
    assert row["days_held_mean"] == pytest.approx(held.mean())
