"""A training cohort with its own course and completion share: a binomial share completes."""

import numpy as np
import pytest

import attrit
from support.helpers import scenario, var

COHORT = {
    "id": "abroad",
    "kind": "training_courses",
    "start": "2015-08-11",
    "size": 1000,
    "training_days": 40,
    "completion_share": 0.8,
    "place": "abroad",
}


def _cohort(**changes):
    return scenario(
        on=("training", "interventions"),
        troops=100,
        unit={"strength": {"troops": 100, "authorised": 5000}},
        faction={"recruitment": {"recruits_per_30_days": 0, "report_probability": 1.0}},
        interventions=[{**COHORT, **changes}],
        days=130,
    )


@pytest.mark.statistical
def test_a_cohort_s_completion_share_is_the_binomial_share_posted_after_its_own_course():
    reps, n, c = 40, 1000, 0.8
    res = attrit.simulate(_cohort(), replicates=reps, seed=3)
    posted = var(res, "recruits_posted")
    # everyone reaches the end of the course on day 10 + 40, not the faction's default
    assert (posted[:, :50] == 0).all() and (posted[:, 51:] == 0).all()
    done = posted[:, 50]
    assert abs(done.mean() - n * c) < 4 * np.sqrt(n * c * (1 - c) / reps)
    quit_ = var(res, "deserted_trainee").sum(axis=1)
    assert (quit_ + done == n).all()
    # quitting is spread over the course at a constant hazard: about half by day 10 + 20
    early = var(res, "deserted_trainee")[:, 11:31].sum() / quit_.sum()
    h = 1 - c ** (1 / 40)
    expected = (1 - (1 - h) ** 20) / (1 - (1 - h) ** 40)
    assert abs(early - expected) < 4 * np.sqrt(expected * (1 - expected) / quit_.sum())


def test_a_cohort_without_its_own_settings_trains_as_its_faction_does():
    res = attrit.simulate(
        _cohort(training_days=None, completion_share=None, place=None), replicates=2, seed=1
    )
    # the faction's default course (its training_days), and nobody quits it
    days = _cohort().factions[0].recruitment.training_days
    assert (var(res, "recruits_posted")[:, 10 + days] == 1000).all()
    assert (var(res, "deserted_trainee") == 0).all()


def test_a_cohort_s_settings_belong_to_training_courses_only():
    with pytest.raises(attrit.scenario.ScenarioError, match="belong to a training_courses only"):
        _cohort(kind="bonus")
