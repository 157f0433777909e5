"""A change-point date as a fit parameter: the date a schedule steps on is recovered."""

import datetime as dt

import pytest

from attrit.calibrate import Bounds, Problem, fit
from attrit.scenario import validate_data
from attrit.scenario.calibration import FittedParameter, Prior
from attrit.store import Store
from support.helpers import scenario

pytest.importorskip("pyabc")

DATE = "schedules.crackdown-ends.points.0.date"
PRIOR = "uniform(2015-08-21,2015-10-10)"
PARAMS = [FittedParameter(path=DATE, prior=PRIOR)]
TRUTH = dt.date(2015, 9, 15)
ALONE = {"morale_log_slope": 0.0, "contagion_weight": 0.0, "group_join_probability": 0.0}


def stepped(counts: list[float] | None = None):
    """400 men whose flight hazard rises tenfold on a date; desertions counted by ten days."""
    sc = scenario(
        on=("desertion",),
        troops=400,
        unit={"desertion": {"hazard_per_day": 0.001, **ALONE}},
        schedules=[
            {
                "id": "crackdown-ends",
                "path": "units.alpha.desertion.hazard_per_day",
                "points": [{"date": "2015-09-01", "value": 0.01}],
            }
        ],
        days=90,
    )
    data = sc.to_data()
    data["sources"] = [{"id": "memo", "title": "memo"}]
    grade = {"source": "memo", "quote": "q", "reliability": "B", "credibility": 2}
    start = sc.calendar.start
    data["evidence"] = [
        {
            "id": f"deserted-{k}",
            "kind": "desertion_count",
            "unit": "alpha",
            "deserted": 10 if counts is None else counts[k],
            "period": {
                "start": (start + dt.timedelta(days=10 * k)).isoformat(),
                "end": (start + dt.timedelta(days=10 * k + 9)).isoformat(),
            },
            **grade,
        }
        for k in range(9)
    ]
    return validate_data(data)


def test_a_date_prior_reads_and_shows_dates():
    prior = Prior.parse(PRIOR)
    assert prior.dates and prior.low == dt.date(2015, 8, 21).toordinal()
    assert str(prior) == PRIOR and prior.show(TRUTH.toordinal() + 0.4) == "2015-09-15"


@pytest.mark.statistical
def test_the_date_a_hazard_steps_on_is_recovered(tmp_path):
    reported = Problem(stepped(), PARAMS).observe({DATE: TRUTH.toordinal()}, seed=3)
    sc = stepped([max(0, round(reported[f"deserted-{k}"])) for k in range(9)])
    record = fit(sc, PARAMS, Bounds(population=100, generations=4, budget=20_000), seed=1,
                 store=Store(tmp_path / "s.duckdb"), checks=10)  # fmt: skip
    (p,) = record["posterior"]
    assert p["low"] <= TRUTH.toordinal() <= p["high"]
    # the counts at the base rate to 10 September rule out an early step; at this small
    # budget the 90% interval still spans about four weeks of the prior's seven
    assert p["low"] > dt.date(2015, 9, 1).toordinal()
    prior = Prior.parse(PRIOR)
    assert p["high"] - p["low"] < 0.7 * (prior.high - prior.low)
