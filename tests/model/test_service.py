"""Terms of service against their closed form, and a dated discharge.

The men of day 0 are part-way through a term of ``T`` days: each one's term ends on a day
uniform over 1..T, so by day ``d <= T`` a man has signed on again with probability ``p d / T``
and gone home with ``(1 - p) d / T``. Pooled over replicates, each count is binomial; the
tolerance is four standard errors. A discharge of a share ``s`` on a day sends home a
binomial share of the men present that day.
"""

import numpy as np
import pytest

import attrit
from support.helpers import scenario, var

pytestmark = pytest.mark.statistical
N, T, P, REPS = 400, 100, 0.3, 50


def unit(interventions=None, term=T):
    return scenario(
        on=("service", "interventions"),
        troops=N,
        unit={"service": {"term_days": term, "reenlist_probability": P}},
        interventions=interventions,
        days=T,
    )


def within(count, n, p):
    return abs(count - n * p) < 4 * np.sqrt(n * p * (1 - p))


def test_terms_end_uniformly_and_a_share_sign_on_again():
    res = attrit.simulate(unit(), replicates=REPS, seed=8)
    home = np.cumsum(var(res, "discharged", "alpha"), axis=1)
    again = np.cumsum(var(res, "reenlisted", "alpha"), axis=1)
    for d in (25, 50, 99):  # a term ending on day e is settled on day e (e = 1 ... T)
        share = d / T
        assert within(home[:, d].sum(), N * REPS, (1 - P) * share), d
        assert within(again[:, d].sum(), N * REPS, P * share), d
    assert (var(res, "strength", "alpha") == N - home).all()
    # discharged men are not deserters
    assert (var(res, "deserted_leave_nonreturn", "alpha") == 0).all()


def test_a_dated_discharge_sends_a_share_home_that_day():
    sent = [{"id": "demob", "kind": "discharge", "start": "2015-09-20", "size": 0.25}]
    res = attrit.simulate(unit(sent, term=0), replicates=REPS, seed=9)
    home = var(res, "discharged", "alpha")
    day = (np.datetime64("2015-09-20") - np.datetime64("2015-08-01")).astype(int)
    assert home[:, day].sum() > 0 and np.delete(home, day, axis=1).sum() == 0
    assert within(home[:, day].sum(), N * REPS, 0.25)
