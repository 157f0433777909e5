"""A quota changed on a date: the unit must keep the new number at the front while it lasts."""

import numpy as np

import attrit
from attrit.scenario.advice import advise
from support.helpers import scenario, var

CHANGE = [
    {
        "id": "surge",
        "kind": "quota_change",
        "target": "unit:alpha",
        "start": "2015-08-31",
        "end": "2015-09-29",
        "size": 150,
    }
]


def test_the_quota_is_the_changed_one_on_its_days_and_the_unit_s_own_otherwise():
    sc = scenario(
        on=("rotation", "interventions"),
        rotation={"days_on": 15, "days_off": 15, "quota": 100},
        unit={"leave": {"return_probability": 1.0}},
        interventions=CHANGE,
        days=90,
    )
    res = attrit.simulate(sc, replicates=2, seed=1)
    want = np.full(90, 100.0)
    want[30:60] = 150.0
    assert (var(res, "quota", "alpha") == want).all()
    # 200 men on duty every day: the front is the quota
    assert (var(res, "front", "alpha") == want).all()
    assert advise(sc) == []


def test_validate_warns_that_a_share_quota_ignores_a_quota_change():
    sc = scenario(
        on=("rotation", "interventions"),
        rotation={"days_on": 15, "days_off": 15, "quota": 0},
        interventions=CHANGE,
    ).set("units.alpha.rotation.quota_share", 0.4)
    (loc, message), *rest = advise(sc)
    assert loc == ("interventions", 0, "kind") and not rest
    assert "alpha" in message and "quota_share" in message
