"""What the report computes: quota holding over a window and the share of pay reaching a man."""

import datetime as dt

import numpy as np
import pytest
from scipy import stats

import attrit
from attrit.analysis.paychain import pass_through
from attrit.analysis.quota import hold_quota, hold_quota_effect, wilson, window
from support.helpers import scenario


def rotation_only(quota: int):
    # 400 troops in squads of 10 on 15 days on / 15 off, all back from leave: two shifts of 200
    return scenario(
        on=("rotation",),
        rotation={"days_on": 15, "days_off": 15, "quota": quota},
        unit={"leave": {"return_probability": 1.0}},
    )


@pytest.mark.parametrize(("quota", "held"), [(200, 1.0), (201, 0.0)])
def test_a_shift_of_200_holds_a_quota_of_200_every_day_and_201_never(quota, held):
    res = attrit.simulate(rotation_only(quota), replicates=3, days=60)
    win = window(res, dt.date(2015, 8, 11), 30)
    row = hold_quota(res, win).iloc[0]
    assert (win.first, win.last, win.days, win.short) == (10, 39, 30, False)
    assert row.days_held_mean == held and row.p_throughout == held
    assert row.fill_end_q50 == pytest.approx(min(1.0, 200 / quota))


def test_the_window_is_clipped_to_the_run_and_checked():
    res = attrit.simulate(rotation_only(200), replicates=1, days=20)
    win = window(res, dt.date(2015, 8, 11), 90)
    assert (win.first, win.last, win.short, win.end_date) == (10, 19, True, dt.date(2015, 8, 20))
    with pytest.raises(ValueError, match="outside the run"):
        window(res, dt.date(2015, 9, 1), 90)
    with pytest.raises(ValueError, match="at least one day"):
        window(res, None, 0)


def test_wilson_interval_matches_its_closed_form():
    z = stats.norm.ppf(0.95)
    assert wilson(0, 200) == pytest.approx((0.0, z * z / (200 + z * z)))
    low, high = wilson(50, 100)
    assert low + high == pytest.approx(1.0) and high - low == pytest.approx(
        2 * z * np.sqrt(0.25 / 100 + z * z / 4e4) / (1 + z * z / 100)
    )


def test_a_run_compared_with_itself_has_no_effect():
    sc = scenario(
        on=("rotation", "desertion"), rotation={"days_on": 15, "days_off": 15, "quota": 190}
    )
    res = attrit.simulate(sc, replicates=8, days=60)
    effect = hold_quota_effect(res, res, window(res, None, 60)).iloc[0]
    assert effect.diff_mean == 0 and effect.p_better == 0.5


def test_pass_through_is_the_product_of_what_each_hand_leaves():
    sc = scenario(
        on=("interventions",),
        faction={"pay": {"faction_skim_fraction": 0.1}},
        unit={"pay": {"commander_skim_fraction": 0.3}},
        interventions=[
            {"id": "b", "kind": "bonus", "target": "force", "start": "2015-09-01", "size": 200},
            {
                "id": "clean",
                "kind": "anti_corruption",
                "target": "force",
                "start": "2015-09-01",
                "size": 0.5,
                "active": False,
            },
            {
                "id": "direct",
                "kind": "direct_pay",
                "target": "force",
                "start": "2015-09-01",
                "size": 1.0,
                "active": False,
            },
        ],
    )
    on = dt.date(2015, 9, 1)
    row = pass_through(sc, on).iloc[0]
    assert row.reaches_man == pytest.approx(0.9 * 0.7)
    assert row.bonus_reaching_usd == pytest.approx(200 * 0.63)
    clean = pass_through(sc.set("interventions.clean.active", True), on).iloc[0]
    assert (clean.faction_skim, clean.commander_skim) == pytest.approx((0.05, 0.15))
    assert clean.reaches_man == pytest.approx(0.95 * 0.85)
    assert pass_through(sc.set("interventions.direct.active", True), on).iloc[0].reaches_man == 1
    with pytest.raises(ValueError, match="outside the calendar"):
        pass_through(sc, dt.date(2016, 9, 1))


def test_pass_through_is_what_the_engine_pays():
    # pay only, every cycle funded in full and never missed: received / entitled = take-home
    sc = scenario(
        on=("pay",),
        faction={"pay": {"faction_skim_fraction": 0.15}},
        unit={"pay": {"commander_skim_fraction": 0.25, "missed_cycle_probability": 0.0}},
    )
    res = attrit.simulate(sc, replicates=2, days=90)
    d = res.daily.sum(["day", "replicate"])
    share = float(d.pay_received.sum() / d.pay_entitled.sum())
    assert share == pytest.approx(pass_through(sc, dt.date(2015, 8, 1)).iloc[0].reaches_man)
