"""Newcomers: a recruit's hazard of flight in his first days with the unit, against closed forms.

A cohort posted on one day flees at ``h m`` a day until ``newcomer_days`` days after its
posting (from the next day: posting comes after flight in a day) and at ``h`` after
(binomial counts of the men still there, four standard errors); the men of day 0 are never
newcomers.
"""

import numpy as np
import pytest

import attrit
from support.helpers import flat_hazard, scenario, var

pytestmark = pytest.mark.statistical
H, M, DAYS_NEW, COURSE = 0.004, 3.0, 10, 5
ALONE = flat_hazard(H, newcomer_hazard_multiplier=M, newcomer_days=DAYS_NEW)


def _force(troops: int, cohort: int):
    courses = [
        {
            "id": "intake",
            "kind": "training_courses",
            "start": "2015-08-01",
            "size": cohort,
            "training_days": COURSE,
        }
    ]
    return scenario(
        on=("desertion", "training", "interventions"),
        troops=troops,
        rotation={"days_on": 30, "days_off": 0, "quota": 0},
        unit={"strength": {"troops": troops, "authorised": 10_000}, "desertion": ALONE},
        faction={"recruitment": {"recruits_per_30_days": 0, "report_probability": 1.0}},
        interventions=courses if cohort else [],
        days=40,
    )


def _within(count, n, p):
    return abs(count - n * p) < 4 * np.sqrt(n * p * (1 - p))


def test_a_cohort_flees_at_the_newcomer_hazard_then_at_the_unit_s():
    reps, n = 40, 1000
    fled = var(attrit.simulate(_force(0, n), replicates=reps, seed=7), "deserted_on_duty")
    # posted on day 5, after the day's flight: newcomers on days 6 to 14, then like any other
    new = slice(COURSE + 1, COURSE + DAYS_NEW)
    assert fled[:, : COURSE + 1].sum() == 0
    assert _within(fled[:, new].sum(), n * reps, 1 - (1 - H * M) ** (DAYS_NEW - 1))
    at_risk = n * reps - fled[:, new].sum()
    later = fled[:, COURSE + DAYS_NEW :].sum()
    assert _within(later, at_risk, 1 - (1 - H) ** (40 - COURSE - DAYS_NEW))


def test_the_men_of_day_0_are_never_newcomers():
    reps, n = 40, 1000
    fled = var(attrit.simulate(_force(n, 0), replicates=reps, seed=8), "deserted_on_duty")
    assert _within(fled[:, :DAYS_NEW].sum(), n * reps, 1 - (1 - H) ** DAYS_NEW)
