"""Postings fill a unit up to its authorised strength, never beyond; the rest wait.

A faction recruits far more than its one unit loses. Graduates are posted while the unit is
below its authorised strength (counting those posted earlier the same day), so its strength
rises to that ceiling and stays there; the others wait in training.
"""

import attrit
from support.helpers import scenario, var


def force(authorised=None):
    sc = scenario(
        on=("training", "desertion"),
        troops=400,
        unit={"desertion": {"hazard_per_day": 0.001}},
        faction={
            "recruitment": {
                "recruits_per_30_days": 120,
                "training_days": 10,
                "report_probability": 1.0,
            }
        },
        days=120,
    )
    if authorised is not None:
        sc = sc.set("units.alpha.strength.authorised", authorised)
    return sc


def test_postings_fill_up_to_the_authorised_strength_and_never_beyond():
    res = attrit.simulate(force(450), replicates=4, seed=1)
    strength = var(res, "strength", "alpha")
    assert strength.max() == 450 and (strength[:, -1] == 450).all()
    # recruits beyond the ceiling wait in training instead of swelling the unit
    waiting = var(res, "in_training", "alpha")[:, -1]
    assert (waiting > 100).all()
    # the unit's books balance: its start, plus those posted, less those who fled
    posted = var(res, "recruits_posted", "alpha").sum(axis=1)
    fled = var(res, "deserted_on_duty", "alpha").sum(axis=1)
    assert (400 + posted - fled == strength[:, -1]).all() and (fled > 0).all()


def test_by_default_the_ceiling_is_the_strength_at_the_start():
    res = attrit.simulate(force(), replicates=4, seed=1)
    strength = var(res, "strength", "alpha")
    assert strength.max() == 400
