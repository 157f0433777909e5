"""Schedules as data: what a day's value is, which paths may change, and located errors."""

import datetime as dt

import numpy as np
import pytest

from attrit.model.plan import compile_plan
from attrit.scenario import ScenarioError, validate_data
from attrit.scenario.schedules import Schedule, described, epochs
from support.helpers import scenario, schedule

D = dt.date


POINTS = ((D(2015, 8, 11), 1.0), (D(2015, 8, 21), 3.0))


def _schedule(shape="steps", points=POINTS):
    return Schedule(
        id="s",
        path="morale.leader_loss_weight",
        shape=shape,
        points=[{"date": d, "value": v} for d, v in points],
    )


def test_steps_hold_each_value_from_its_date_and_nothing_before_the_first():
    s = _schedule()
    assert s.value_on(D(2015, 8, 10)) is None
    assert s.value_on(D(2015, 8, 11)) == 1.0 and s.value_on(D(2015, 8, 20)) == 1.0
    assert s.value_on(D(2015, 8, 21)) == 3.0 and s.value_on(D(2016, 1, 1)) == 3.0


def test_lines_move_day_by_day_and_hold_the_last_value():
    s = _schedule("linear")
    assert s.value_on(D(2015, 8, 16)) == pytest.approx(2.0)
    assert s.value_on(D(2015, 9, 30)) == 3.0


def test_a_line_needs_numbers():
    with pytest.raises(ValueError, match="use steps for a province"):
        _schedule("linear", ((D(2015, 8, 11), "east"), (D(2015, 8, 21), "west")))


def _quota_ramp():
    ramp = schedule(
        "ramp",
        "units.alpha.rotation.quota",
        ("2015-08-11", 100),
        ("2015-08-14", 101),
        shape="linear",
    )
    return scenario(
        on=("rotation",),
        rotation={"days_on": 15, "days_off": 15, "quota": 100},
        schedules=[ramp],
        days=20,
    )


def test_a_line_on_a_whole_number_gives_whole_numbers_and_shares_epochs():
    day_epoch, scenarios = epochs(_quota_ramp(), 20)
    quotas = [scenarios[e].units[0].rotation.quota for e in day_epoch]
    assert quotas == [100] * 12 + [101] * 8  # 100.33 rounds to 100, 100.67 to 101
    assert all(isinstance(q, int) for q in quotas)
    assert not any(s.schedules for s in scenarios)


def test_a_province_that_changes_moves_the_unit_s_pull():
    sc = scenario(
        on=("emigration",),
        schedules=[
            {
                "id": "moved",
                "path": "units.alpha.province",
                "points": [{"date": "2015-08-11", "value": "south"}],
            }
        ],
        days=20,
    )
    data = sc.to_data()
    data["exogenous"] = {
        "pull": [
            {"province": "north", "points": [{"date": "2015-08-01", "value": 0.2}]},
            {"points": [{"date": "2015-08-01", "value": 0.7}]},
        ]
    }
    plan = compile_plan(type(sc).model_validate(data), 20)
    assert np.allclose(plan.d_pull[:10, 0], 0.2) and np.allclose(plan.d_pull[10:, 0], 0.7)


def test_the_report_s_rows_give_the_value_before_and_the_points():
    (row,) = described(_quota_ramp())
    assert row["before"] == "100" and row["shape"] == "straight lines"
    assert row["points"] == "2015-08-11: 100; 2015-08-14: 101"


def test_a_fitted_date_is_set_as_the_nearest_day():
    sc = _quota_ramp().set("schedules.ramp.points.1.date", D(2015, 8, 17).toordinal() + 0.3)
    assert sc.schedules[0].points[1].date == D(2015, 8, 17)


def test_a_date_prior_on_a_number_and_a_number_prior_on_a_date_are_refused():
    data = _quota_ramp().to_data()
    data["calibration"] = {
        "parameters": [
            {"path": "schedules.ramp.points.0.date", "prior": "uniform(1,2)"},
            {"path": "units.alpha.rotation.quota", "prior": "uniform(2015-08-01,2015-09-01)"},
        ]
    }
    with pytest.raises(ScenarioError) as info:
        validate_data(data)
    messages = [p.message for p in info.value.problems]
    assert any("is a date: give its prior as dates" in m for m in messages)
    assert any("is not a date, so its prior takes numbers" in m for m in messages)


def test_validate_lists_the_schedules(tmp_path):
    from typer.testing import CliRunner

    from attrit.cli import app
    from attrit.scenario import dump_yaml

    path = tmp_path / "ramp.yaml"
    dump_yaml(_quota_ramp(), path)
    result = CliRunner().invoke(app, ["validate", str(path), "--no-outlook"])
    assert result.exit_code == 0, result.output
    assert "schedules" in result.output and "units.alpha.rotation.quota" in result.output


def test_validate_warns_of_a_schedule_that_starts_after_the_calendar():
    from attrit.scenario.advice import advise

    late = schedule("late", "units.alpha.rotation.quota", ("2016-01-01", 120))
    sc = scenario(on=("rotation",), schedules=[late], days=20)
    ((loc, message),) = advise(sc)
    assert loc == ("schedules", 0, "points", 0, "date") and "after the calendar ends" in message
