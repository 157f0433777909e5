"""Absence without leave against its closed form: geometric returns, then the strike-off.

Half of a 400-man unit (two leave groups, 10 days on and 10 off) is due back on day 10; each
man due comes back with probability 1/2, else goes absent. An absent man comes back on each
of the next ``S`` days with probability ``r`` and is struck off on day ``10 + S`` if he has
not: returned on day ``10 + k`` with probability ``r (1 - r)^(k - 1)``, struck off with
``(1 - r)^S``. Pooled over replicates, a Pearson chi-square at level 0.001 tests the fit.
"""

import numpy as np
import pytest
from scipy import stats

import attrit
from support.helpers import scenario, var

pytestmark = pytest.mark.statistical
ALPHA = 0.001
S, R = 5, 0.1


def unit(absence, interventions=None):
    return scenario(
        on=("rotation", "absence", "interventions"),
        rotation={"days_on": 10, "days_off": 10, "quota": 100},
        unit={
            "leave": {"return_probability": 0.5, "morale_logit_slope": 0, "pull_logit_slope": 0},
            "absence": absence,
        },
        interventions=interventions,
        days=19,
    )


def outcomes(res):
    went = var(res, "went_absent", "alpha")
    back = var(res, "absent_returned", "alpha")
    struck = var(res, "deserted_struck_off", "alpha")
    assert went[:, 10].sum() > 0 and (np.delete(went, 10, axis=1) == 0).all()
    counts = [back[:, 10 + k].sum() for k in range(1, S + 1)] + [struck[:, 10 + S].sum()]
    assert struck.sum() == counts[-1] and back[:, 10].sum() == 0
    return went[:, 10].sum(), np.array(counts)


def chi2_ok(observed, expected):
    statistic = ((observed - expected) ** 2 / expected).sum()
    dof = len(observed) - 1
    return stats.chi2.ppf(ALPHA / 2, dof) < statistic < stats.chi2.ppf(1 - ALPHA / 2, dof)


def geometric(r):
    return np.array([r * (1 - r) ** (k - 1) for k in range(1, S + 1)] + [(1 - r) ** S])


def test_the_absent_come_back_geometrically_and_the_rest_are_struck_off():
    res = attrit.simulate(unit({"strike_off_days": S, "return_hazard_per_day": R}), 200, seed=2)
    total, counts = outcomes(res)
    assert chi2_ok(counts, total * geometric(R)), (counts, total * geometric(R))
    # the stock: everyone absent on day 10 + k for k < S is still on the rolls, not in strength
    absent = var(res, "absent", "alpha")
    strength = var(res, "strength", "alpha")
    went = var(res, "went_absent", "alpha")[:, 10]
    assert (absent[:, 10] == went).all()
    assert (strength[:, 10] == 400 - went).all()
    assert (absent[:, 10 + S] == 0).all()
    # only those struck off are deserters
    assert (var(res, "deserted_leave_nonreturn", "alpha") == 0).all()


def test_an_amnesty_multiplies_the_return_hazard():
    amnesty = [{"id": "amnesty", "kind": "amnesty", "start": "2015-08-01", "size": 3.0}]
    res = attrit.simulate(
        unit({"strike_off_days": S, "return_hazard_per_day": R}, amnesty), 200, seed=3
    )
    total, counts = outcomes(res)
    assert chi2_ok(counts, total * geometric(3 * R)), (counts, total * geometric(3 * R))


def test_without_a_strike_off_delay_the_men_desert_at_once_as_before():
    res = attrit.simulate(unit({"strike_off_days": 0}), 50, seed=4)
    assert (var(res, "went_absent", "alpha") == 0).all()
    assert (var(res, "absent", "alpha") == 0).all()
    nonreturn = var(res, "deserted_leave_nonreturn", "alpha")[:, 10]
    off = unit({"strike_off_days": S}).set("mechanisms.absence", False)
    same = var(attrit.simulate(off, 50, seed=4), "deserted_leave_nonreturn", "alpha")[:, 10]
    assert (nonreturn == same).all() and nonreturn.sum() > 0


def test_validate_warns_of_an_amnesty_with_no_absentees_to_bring_back():
    from attrit.scenario.advice import advise

    amnesty = [{"id": "amnesty", "kind": "amnesty", "start": "2015-08-01", "size": 3.0}]
    (loc, message), *rest = advise(unit({"strike_off_days": 0}, amnesty))
    assert loc == ("interventions", 0, "kind") and not rest
    assert "changes nothing" in message and "strike_off_days" in message
    assert advise(unit({"strike_off_days": S}, amnesty)) == []
