"""The simulator against closed forms: rotation arithmetic, binomial leave non-return, a
pure-hazard survival curve, morale's exponential approach, pay and supply accounting.

Stochastic tests fix their seeds; each tolerance comes from the sampling distribution
(standard errors at 4 sigma, chi-square quantiles at 0.1%), never from a guess.
"""

import itertools

import numpy as np
import pytest
from scipy import stats

import attrit
from attrit.model.phases.desertion import V_DES_DUTY, V_DES_OFFICER
from support.helpers import run_states, scenario, var

pytestmark = pytest.mark.statistical
ALPHA = 0.001


def chi2_ok(statistic: float, dof: int) -> bool:
    """Two-sided: neither too large nor too small at level ALPHA."""
    return stats.chi2.ppf(ALPHA / 2, dof) < statistic < stats.chi2.ppf(1 - ALPHA / 2, dof)


def shift_sizes(troops, officers, bodyguards, squad, shifts):
    sizes = [1 + bodyguards] * officers + [squad] * (troops // squad)
    sizes += [troops % squad] if troops % squad else []
    return [sum(s for j, s in enumerate(sizes) if j % shifts == k) for k in range(shifts)]


@pytest.mark.parametrize("days_on, days_off, quota", [(15, 15, 170), (14, 28, 120), (10, 10, 400)])
def test_rotation_arithmetic_is_exact(days_on, days_off, quota):
    troops, officers, bodyguards, squad = 395, 8, 2, 10
    sc = scenario(
        on=("rotation",),
        troops=troops,
        officers=officers,
        bodyguards=bodyguards,
        squad=squad,
        rotation={"days_on": days_on, "days_off": days_off, "quota": quota},
        unit={"leave": {"return_probability": 1.0}},
    )
    res = attrit.simulate(sc, replicates=2, days=120)
    shifts = (days_on + days_off) // days_on
    sizes = shift_sizes(troops, officers, bodyguards, squad, shifts)
    total = sum(sizes)
    for t in range(120):
        on_duty = sizes[(t // days_on) % shifts]
        assert (var(res, "front", "alpha")[:, t] == min(quota, on_duty)).all()
        assert (var(res, "reserve", "alpha")[:, t] == on_duty - min(quota, on_duty)).all()
        assert (var(res, "on_leave", "alpha")[:, t] == total - on_duty).all()
        assert (var(res, "strength", "alpha")[:, t] == total).all()


def test_leave_non_return_is_binomial_over_leave_cycles():
    n, p, reps = 400, 0.9, 400
    sc = scenario(
        on=("rotation",),
        troops=n,
        unit={
            "leave": {"return_probability": p, "morale_logit_slope": 0.0, "pull_logit_slope": 0.0}
        },
    )
    strength = var(attrit.simulate(sc, replicates=reps, days=121, seed=3), "strength")
    for k in (1, 2, 3, 4):
        s = strength[:, 30 * k]
        q = p**k
        mean, variance = n * q, n * q * (1 - q)
        assert abs(s.mean() - mean) < 4 * np.sqrt(variance / reps), k
        assert chi2_ok((reps - 1) * s.var(ddof=1) / variance, reps - 1), k
    # strength only ever falls on changeover days
    drops = np.nonzero((np.diff(strength, axis=1) != 0).any(axis=0))[0] + 1
    assert set(drops) <= {15, 30, 45, 60, 75, 90, 105, 120}


def test_constant_duty_hazard_gives_geometric_survival():
    n, h, reps, days = 400, 0.01, 50, 150
    sc = scenario(
        on=("desertion",),
        troops=n,
        unit={
            "desertion": {
                "hazard_per_day": h,
                "morale_log_slope": 0.0,
                "contagion_weight": 0.0,
                "group_join_probability": 0.0,
            }
        },
    )
    res = attrit.simulate(sc, replicates=reps, days=days, seed=4)
    daily = var(res, "deserted_on_duty").sum(axis=0)
    at_risk = n * reps
    edges = np.arange(0, days + 1, 10)
    observed = [daily[a:b].sum() for a, b in itertools.pairwise(edges)]
    expected = [at_risk * ((1 - h) ** a - (1 - h) ** b) for a, b in itertools.pairwise(edges)]
    observed.append(at_risk - daily.sum())
    expected.append(at_risk * (1 - h) ** days)
    assert stats.chisquare(observed, expected).pvalue > ALPHA
    survival = 1 - daily.cumsum() / at_risk
    assert np.abs(survival - (1 - h) ** np.arange(1, days + 1)).max() < 4 * np.sqrt(0.25 / at_risk)


def test_morale_approaches_its_target_exponentially():
    rate, m0, base, purpose = 0.05, 0.6, 0.8, 0.1
    sc = scenario(
        on=("morale",),
        morale={
            "initial_mean": m0,
            "initial_sd": 0.0,
            "individual_sd": 0.0,
            "baseline_target": base,
            "purpose_weight": purpose,
            "adjustment_rate_per_day": rate,
        },
    )
    morale = var(attrit.simulate(sc, replicates=1, days=100), "morale_mean", "alpha")[0]
    target = base - purpose
    expected = target + (m0 - target) * (1 - rate) ** np.arange(1, 101)
    np.testing.assert_allclose(morale, expected, rtol=1e-12)


def test_pay_chain_fractions_are_exact():
    sc = scenario(
        on=("pay",),
        faction={
            "funding": {"points": [{"date": "2015-08-01", "value": 0.8}]},
            "pay": {"faction_skim_fraction": 0.1, "wage_usd_per_cycle": 500},
        },
        unit={"pay": {"commander_skim_fraction": 0.3, "missed_cycle_probability": 0.0}},
    )
    res = attrit.simulate(sc, replicates=2, days=90)
    entitled = var(res, "pay_entitled")
    paydays = np.nonzero(entitled[0])[0]
    assert list(paydays) == [29, 59, 89]
    e = entitled[:, paydays]
    np.testing.assert_allclose(var(res, "pay_received")[:, paydays], e * 0.8 * 0.9 * 0.7)
    np.testing.assert_allclose(var(res, "pay_unpaid")[:, paydays], e * 0.2)
    arrears = var(res, "arrears_mean_months")[:, -1]
    np.testing.assert_allclose(arrears, 3 * (1 - 0.8 * 0.9 * 0.7))


def test_missed_pay_cycles_happen_with_their_probability():
    p, reps = 0.4, 300
    sc = scenario(on=("pay",), troops=20, unit={"pay": {"missed_cycle_probability": p}})
    res = attrit.simulate(sc, replicates=reps, days=120, seed=5)
    paydays = [29, 59, 89, 119]
    missed = (var(res, "pay_received")[:, paydays] == 0).sum()
    assert stats.binomtest(int(missed), reps * len(paydays), p).pvalue > ALPHA


def test_pay_and_supply_accounting_balance_on_the_example(example):
    sc = example.set("interventions.*.active", True)
    res = attrit.simulate(sc, replicates=4, days=120)
    d = res.daily
    gap = d.pay_entitled - d.pay_received - d.pay_skimmed - d.pay_unpaid
    assert float(abs(gap).max()) < 0.005  # to the cent
    assert float(d.pay_entitled.sum()) > 0 and float(d.pay_skimmed.sum()) > 0
    np.testing.assert_allclose(d.supply_sent, d.supply_delivered + d.supply_diverted)
    shortage = np.maximum(d.supply_needed - d.supply_delivered, 0)
    np.testing.assert_allclose(d.supply_shortage, shortage)
    no_surplus = d.supply_delivered <= d.supply_needed
    np.testing.assert_allclose(
        d.supply_needed.where(no_surplus),
        (d.supply_delivered + d.supply_shortage).where(no_surplus),
    )


def test_supply_diversion_is_exact():
    sc = scenario(
        on=("supply",),
        faction={"supply": {"diversion_fraction": 0.3, "need_usd_per_person_day": 5.0}},
        unit={"supply": {"commander_diversion_fraction": 0.2}},
    )
    d = attrit.simulate(sc, replicates=1, days=30).daily.sel(unit="alpha")
    np.testing.assert_allclose(d.supply_needed, 5.0 * 400)
    np.testing.assert_allclose(d.supply_delivered, d.supply_sent * 0.7 * 0.8)


def dispersion(totals: np.ndarray, n: int) -> float:
    """Chi-square statistic of the variance against a binomial with the observed mean."""
    pi = totals.mean() / n
    return (len(totals) - 1) * totals.var(ddof=1) / (n * pi * (1 - pi))


@pytest.mark.parametrize(
    "group, contagion, overdispersed",
    [
        (0.0, 0.0, False),
        (0.3, 0.0, True),
        (0.0, 50.0, True),
    ],
)
def test_groups_and_contagion_raise_the_variance_of_desertion(group, contagion, overdispersed):
    n, reps = 400, 300
    sc = scenario(
        on=("desertion",),
        troops=n,
        unit={
            "desertion": {
                "hazard_per_day": 0.003,
                "morale_log_slope": 0.0,
                "group_join_probability": group,
                "contagion_weight": contagion,
            }
        },
    )
    totals = var(attrit.simulate(sc, replicates=reps, days=60, seed=6), "deserted").sum(1)
    statistic = dispersion(totals, n)
    if overdispersed:
        assert statistic > stats.chi2.ppf(1 - ALPHA, reps - 1)
    else:
        assert chi2_ok(statistic, reps - 1)


def test_an_officer_takes_his_bodyguards_with_the_stated_probability():
    follow = 0.6
    sc = scenario(
        on=("desertion",),
        troops=0,
        officers=200,
        bodyguards=3,
        rotation={"days_on": 15, "days_off": 15, "quota": 0},
        unit={
            "desertion": {
                "hazard_per_day": 1e-3,
                "officer_hazard_multiplier": 100.0,
                "morale_log_slope": 0.0,
                "contagion_weight": 0.0,
                "group_join_probability": 0.0,
                "bodyguard_follow_probability": follow,
            }
        },
    )
    plan, runs = run_states(sc, replicates=10, days=60)
    followed = eligible = 0
    for _, st in runs:
        for boss in np.nonzero(plan.p_rank == 1)[0]:
            if st.exit_cause[boss] != V_DES_DUTY:
                continue
            guards = range(plan.p_guard_start[boss], plan.p_guard_end[boss])
            there = [g for g in guards if st.exit_day[g] < 0 or st.exit_day[g] >= st.exit_day[boss]]
            eligible += len(there)
            followed += sum(st.exit_cause[g] == V_DES_OFFICER for g in there)
    assert eligible > 5000
    assert stats.binomtest(followed, eligible, follow).pvalue > ALPHA


def test_casualties_follow_the_front_hazard():
    n, h, reps, days = 400, 0.002, 100, 30
    sc = scenario(
        on=("casualties",),
        troops=n,
        rotation={"days_on": 15, "days_off": 15, "quota": 200},
        unit={"casualties": {"hazard_per_day": h, "wounded_fraction": 0.75, "recovery_days": 1000}},
    )
    res = attrit.simulate(sc, replicates=reps, days=days, seed=8)
    hit = var(res, "killed") + var(res, "wounded_new")
    # the front stays at the quota (200 of >= 370 on duty), so each day's casualties are
    # binomial with mean h x 200 (Poisson-like variance h x 200)
    mean = h * 200 * days
    assert abs(hit.sum(1).mean() - mean) < 4 * np.sqrt(mean / reps)
    wounded = int(var(res, "wounded_new").sum())
    assert stats.binomtest(wounded, int(hit.sum()), 0.75).pvalue > ALPHA


def test_recruits_train_for_their_duration_then_report():
    sc = scenario(
        on=("training", "rotation"),
        faction={
            "recruitment": {
                "recruits_per_30_days": 30,
                "training_days": 90,
                "report_probability": 1.0,
            }
        },
        unit={"leave": {"return_probability": 1.0}},
        days=150,
    ).set("units.alpha.strength.authorised", 500)  # room for every recruit
    res = attrit.simulate(sc, replicates=1, days=150)
    posted = var(res, "recruits_posted")[0]
    assert posted[:90].sum() == 0
    np.testing.assert_array_equal(posted[90:], 1)  # one a day, enrolled 90 days before
    np.testing.assert_array_equal(var(res, "in_training")[0][:90], np.arange(1, 91))
    assert var(res, "strength")[0][-1] == 400 + 60


def test_recent_desertions_forget_days_older_than_the_window():
    """A burst of desertion on day 15 (leave non-return) raises contagion for 7 days only.

    Regression test: the ring of recent desertions was never cleared, so contagion and the
    morale penalty accumulated every desertion since day 0.
    """
    from attrit.model.registry import index
    from attrit.model.state import recent

    nonreturn = index("deserted_leave_nonreturn")

    sc = scenario(
        on=("rotation",),
        troops=400,
        days=80,
        unit={"leave": {"return_probability": 0.5, "morale_logit_slope": 0.0}},
    )
    _, runs = run_states(sc, replicates=1, days=80)
    rec, st = runs[0]
    lost_day_15 = rec[15, 0, nonreturn]  # deserted_leave_nonreturn on the changeover of day 15
    assert lost_day_15 > 50
    # by day 79 the 30-day window holds days 50..79 only: the changeovers of 60 and 75
    expected = rec[50:80, 0, nonreturn].sum()
    assert recent(st.des_ring, 0, 79, 30) == expected
    assert recent(st.des_ring, 0, 79, 30) < rec[:80, 0, nonreturn].sum()
