"""Ghost soldiers: the payroll keeps a share of the gone, and their pay reaches the commander.

Exact book-keeping, replicate by replicate and day by day: ghosts are the share of everyone who
left for good so far plus the share of the absent; the payroll is the men present, the absent
and the ghosts; on pay day the ghosts' wages are drawn at the day's funding, less the faction's
skim. With no share nothing changes: the payroll is the men present and the absent.
"""

import numpy as np

import attrit
from attrit.model.registry import DESERTION_CAUSES
from support.helpers import scenario, var

SHARE, WAGE, SKIM = 0.4, 300.0, 0.25


def unit(share):
    return scenario(
        on=("rotation", "desertion", "casualties", "absence", "pay", "ghosts"),
        unit={
            "desertion": {"hazard_per_day": 0.01},
            "casualties": {"hazard_per_day": 0.002},
            "absence": {"strike_off_days": 10, "return_hazard_per_day": 0.05},
            "leave": {"return_probability": 0.8},
            "ghosts": {"payroll_share": share},
        },
        faction={"pay": {"wage_usd_per_cycle": WAGE, "faction_skim_fraction": SKIM}},
        days=90,
    )


def test_the_payroll_keeps_a_share_of_the_gone_and_their_pay_is_taken():
    res = attrit.simulate(unit(SHARE), replicates=6, seed=5)
    left = sum(var(res, c, "alpha") for c in DESERTION_CAUSES)
    left = left + var(res, "killed", "alpha") + var(res, "invalided", "alpha")
    left = left + var(res, "discharged", "alpha")
    absent = var(res, "absent", "alpha")
    ghosts = SHARE * np.cumsum(left, axis=1) + SHARE * absent
    assert left.sum() > 50 and absent.max() > 5, "the test needs leavers and absentees"
    assert np.allclose(var(res, "ghosts", "alpha"), ghosts)
    paper = var(res, "strength", "alpha") + absent + SHARE * np.cumsum(left, axis=1)
    assert np.allclose(var(res, "paper_strength", "alpha"), paper)
    payday = (np.arange(90) + 1) % 30 == 0  # the default cycle of 30 days; funding 1
    pay = np.where(payday, ghosts * WAGE * (1 - SKIM), 0.0)
    assert np.allclose(var(res, "pay_ghost", "alpha"), pay)
    assert var(res, "pay_ghost", "alpha").sum() > 0


def test_with_no_share_the_payroll_is_the_present_and_the_absent():
    res = attrit.simulate(unit(0.0), replicates=3, seed=5)
    assert (var(res, "ghosts", "alpha") == 0).all() and (var(res, "pay_ghost", "alpha") == 0).all()
    paper = var(res, "strength", "alpha") + var(res, "absent", "alpha")
    assert (var(res, "paper_strength", "alpha") == paper).all()
    # the ghosts change no one's fate: the same seed gives the same men present
    assert (var(res, "strength", "alpha") == var(attrit.simulate(unit(SHARE), 3, seed=5),
                                                   "strength", "alpha")).all()  # fmt: skip
