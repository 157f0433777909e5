"""Every per-event effect on a unit is a share of the unit: size changes no one's morale.

A 400-man and a 40,000-man unit with the same shares (officers, hazards, weights) must have
the same expected morale path. Under a per-officer shock the corps would lose 100 times as
many officers a day for the same shock each and reach its floor within weeks.
"""

import numpy as np
import pytest

import attrit
from attrit.scenario.edit import set_path
from support.helpers import scenario, var

pytestmark = pytest.mark.statistical
DAYS = 60
CHECK_DAYS = (14, 29, 44, 59)
Z = 4.0  # four standard errors over four days: a false alarm about once in 4,000 runs
# Measured at these seeds: the battalion ends 0.012 lower (1.8 standard errors). That part is
# real: its shocks come eight officers at a time, and the hazard is convex in morale, so the
# lumpier path costs a little more; it is a second-order effect of size, not of the weights.


def unit(troops: int, officers: int):
    return scenario(
        on=("desertion", "morale"),
        troops=troops,
        officers=officers,
        bodyguards=0,
        unit={"desertion": {"hazard_per_day": 0.002, "officer_hazard_multiplier": 5.0}},
        days=DAYS,
    )


def test_a_battalion_and_a_corps_with_the_same_shares_have_the_same_morale_path():
    small = attrit.simulate(unit(392, 8), replicates=160, days=DAYS, seed=3)
    large = attrit.simulate(unit(39_200, 800), replicates=8, days=DAYS, seed=4)
    m_small = var(small, "morale_mean", "alpha")
    m_large = var(large, "morale_mean", "alpha")
    lost = 1.0 - var(large, "officers", "alpha")[:, -1] / 800
    assert lost.mean() > 0.3, "the test needs many officers to desert to mean anything"
    for t in CHECK_DAYS:
        se = np.hypot(m_small[:, t].std(ddof=1) / np.sqrt(160), m_large[:, t].std(ddof=1) / 8**0.5)
        diff = m_small[:, t].mean() - m_large[:, t].mean()
        assert abs(diff) < Z * se, (t, diff, se)
    # and the shock is felt: the same units with no leader loss keep a higher morale
    calm = set_path(unit(39_200, 800), "morale.leader_loss_weight", 0.0)
    m_calm = var(attrit.simulate(calm, replicates=8, days=DAYS, seed=4), "morale_mean", "alpha")
    assert m_calm[:, -1].mean() - m_large[:, -1].mean() > 0.05


def test_validate_warns_of_a_setting_that_drives_morale_to_its_floor_and_names_it():
    from attrit.analysis.outlook import morale_floor

    assert morale_floor(unit(39_200, 800)) == []
    harsh = set_path(unit(39_200, 800), "morale.leader_loss_weight", 20.0)
    (loc, message), *rest = morale_floor(harsh)
    assert loc == ("units", 0) and not rest
    assert "'alpha'" in message and "within 30 days" in message
    first = message.split("drops of the target: ")[1]
    assert first.startswith("officers deserting") and "morale.leader_loss_weight" in first
