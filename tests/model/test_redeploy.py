"""A unit redeployed on a date feels the pull of its new province while it is there."""

import numpy as np
import pytest

from attrit.model.plan import compile_plan
from attrit.scenario import ScenarioError, validate_data
from support.helpers import scenario


def force(interventions):
    sc = scenario(
        on=("emigration", "interventions"),
        extra_units=[
            {
                "id": "bravo",
                "name": "Bravo",
                "faction": "red",
                "province": "south",
                "strength": {"troops": 100},
                "rotation": {"days_on": 15, "days_off": 15, "quota": 50},
            }
        ],
        interventions=interventions,
        days=60,
    )
    pull = [
        {"province": "north", "points": [{"date": "2015-08-01", "value": 0.1}]},
        {"province": "south", "points": [{"date": "2015-08-01", "value": 0.9}]},
    ]
    data = sc.to_data()
    data["exogenous"] = {"pull": pull}
    return validate_data(data, source="<test>")


MOVE = {
    "id": "move",
    "kind": "redeploy",
    "target": "unit:alpha",
    "province": "south",
    "start": "2015-08-21",
    "end": "2015-09-09",
}


def test_the_redeployed_unit_takes_its_new_province_s_pull_for_the_span():
    plan = compile_plan(force([MOVE]), 60)
    want = np.full(60, 0.1)
    want[20:40] = 0.9
    assert np.allclose(plan.d_pull[:, 0], want)
    assert np.allclose(plan.d_pull[:, 1], 0.9)
    # without the redeploy it stays in the north
    assert np.allclose(compile_plan(force([]), 60).d_pull[:, 0], 0.1)


def test_a_redeploy_needs_a_province_and_only_a_redeploy_has_one():
    with pytest.raises(ScenarioError, match="a redeploy needs a province"):
        force([{**MOVE, "province": None}])
    with pytest.raises(ScenarioError, match="only a redeploy has one"):
        force([{**MOVE, "kind": "offensive"}])
