"""Pay held back until return, against closed forms and its own accounts.

With a share ``s`` of pay held back, a man due back from leave with ``k`` months of pay held
returns with probability ``logistic(logit p + held_pay_logit_slope k)`` (binomial counts, four
standard errors), and his held pay is paid out if he returns or forfeited if he does not: exact
sums. A man on duty flees at ``h exp(-held_pay_logit_slope k)`` a day. Held pay draws no random
numbers, so without deterrence every head count is what it is without the scheme.
"""

import numpy as np
import pytest

import attrit
from attrit.model.codes import DUTY, LEAVE, WOUNDED
from attrit.model.registry import RECORDED
from support.helpers import flat_hazard, run_states, scenario, var

WAGE, CYCLE = 100.0, 5
PAY = {"pay": {"wage_usd_per_cycle": WAGE, "cycle_days": CYCLE, "faction_skim_fraction": 0.0}}
UNIT_PAY = {"commander_skim_fraction": 0.0, "missed_cycle_probability": 0.0}


def _held(size=1.0, start="2015-08-01"):
    return [{"id": "held", "kind": "held_pay", "start": start, "size": size}]


def _leave(slope, size=1.0, days=12):
    return scenario(
        on=("pay", "rotation", "interventions"),
        rotation={"days_on": 10, "days_off": 10, "quota": 100},
        unit={
            "pay": UNIT_PAY,
            "leave": {
                "return_probability": 0.5,
                "morale_logit_slope": 0,
                "pull_logit_slope": 0,
                "held_pay_logit_slope": slope,
            },
        },
        faction=PAY,
        interventions=_held(size),
        days=days,
    )


def _logistic(z):
    return 1.0 / (1.0 + np.exp(-z))


@pytest.mark.statistical
def test_pay_held_back_raises_the_chance_of_coming_back_by_its_months_of_pay():
    slope, size = 5.0, 0.6
    res = attrit.simulate(_leave(slope, size), replicates=100, seed=3)
    # the men on leave on day 0 were paid on days 4 and 9, a share held each time
    held = 2 * WAGE * size
    months = held / WAGE * CYCLE / 30
    due = var(res, "leave_due", "alpha")[:, 10]
    back = var(res, "leave_returned", "alpha")[:, 10]
    n, p = due.sum(), _logistic(slope * months)
    assert n == 100 * 200
    assert abs(back.sum() - n * p) < 4 * np.sqrt(n * p * (1 - p))
    # the returned are paid what was held for them; those who stayed away forfeit theirs
    assert np.allclose(var(res, "pay_held_released", "alpha")[:, 10], back * held)
    assert np.allclose(var(res, "pay_held_forfeited", "alpha")[:, 10], (due - back) * held)


def test_held_pay_is_paid_out_forfeited_or_still_held_to_the_dollar():
    sc = _leave(1.0, 0.3, days=60)
    _, runs = run_states(sc, replicates=3, seed=2)
    names = list(RECORDED)
    col = {n: names.index(n) for n in ("pay_held", "pay_held_released", "pay_held_forfeited")}
    for rec, st in runs:
        held = rec[:, 0, col["pay_held"]].sum()
        out = rec[:, 0, col["pay_held_released"]].sum() + rec[:, 0, col["pay_held_forfeited"]].sum()
        on_rolls = np.isin(st.status, (DUTY, LEAVE, WOUNDED))
        assert held > 0 and np.isclose(held, out + st.held.sum())
        assert (st.held[~on_rolls] == 0).all()  # no one gone keeps held pay


@pytest.mark.statistical
def test_pay_held_back_cuts_the_hazard_of_flight_from_duty():
    h, slope, n, reps = 0.01, 1.0, 400, 40
    sc = scenario(
        on=("pay", "desertion", "interventions"),
        troops=n,
        rotation={"days_on": 30, "days_off": 0, "quota": n},
        unit={
            "pay": UNIT_PAY,
            "leave": {"held_pay_logit_slope": slope},
            "desertion": flat_hazard(h),
        },
        faction={"pay": {**PAY["pay"], "cycle_days": 30}},
        interventions=_held(),
        days=59,
    )
    fled = var(attrit.simulate(sc, replicates=reps, seed=4), "deserted_on_duty", "alpha")
    # one month's pay is held from day 29 (pay comes before flight in a day) to day 58
    at_risk = n * reps - fled[:, :29].sum()
    q = 1 - (1 - h * np.exp(-slope)) ** 30
    assert abs(fled[:, 29:].sum() - at_risk * q) < 4 * np.sqrt(at_risk * q * (1 - q))


def test_without_deterrence_held_pay_changes_no_head_count():
    counts = ("strength", "on_leave", "deserted_leave_nonreturn", "leave_returned", "pay_received")
    plain = attrit.simulate(_leave(0.0, 1.0, days=40), replicates=3, seed=5)
    sc = _leave(0.0, 1.0, days=40)
    none = sc.model_copy(update={"interventions": []})
    base = attrit.simulate(none, replicates=3, seed=5)
    for name in counts:
        assert np.array_equal(var(plain, name), var(base, name)), name
    assert var(plain, "pay_held").sum() > 0 and var(base, "pay_held").sum() == 0


def test_held_pay_is_a_share():
    with pytest.raises(attrit.scenario.ScenarioError, match="size of held_pay is a fraction"):
        _leave(1.0, 1.5)
