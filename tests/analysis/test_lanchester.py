"""Lanchester laws: closed forms, recovery of known coefficients, located bad input."""

import json

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from attrit.analysis import lanchester as lx
from attrit.cli import app

COVERAGE_BATTLES = 40
IWO_LIKE = lx.Battle(0, 21500, 36, np.r_[54000, 6000, 0, 0, 13000, np.zeros(31)], None)


def as_series(sim, battle, columns):
    values = {
        "blue_strength": np.r_[battle.blue, sim["blue"]],
        "red_strength": np.r_[battle.red, sim["red"]],
        "blue_casualties": np.r_[np.nan, sim["blue_losses"]],
        "red_casualties": np.r_[np.nan, sim["red_losses"]],
    }
    return lx.series.Series(battle.days, {c: values[c] for c in columns})


def test_the_square_law_conserves_its_state_equation():
    sim = lx.simulate("square", 0.01, 0.02, lx.Battle(1000, 800, 30))
    blue, red = np.r_[1000, sim["blue"]], np.r_[800, sim["red"]]
    invariant = 0.02 * blue**2 - 0.01 * red**2
    np.testing.assert_allclose(invariant, invariant[0], rtol=1e-9)


def test_the_linear_law_conserves_its_state_equation():
    sim = lx.simulate("linear", 1e-4, 3e-4, lx.Battle(1000, 800, 30))
    blue, red = np.r_[1000, sim["blue"]], np.r_[800, sim["red"]]
    np.testing.assert_allclose(3e-4 * blue - 1e-4 * red, 3e-4 * 1000 - 1e-4 * 800, rtol=1e-9)


def test_the_logarithmic_law_decays_exponentially():
    sim = lx.simulate("logarithmic", 0.02, 0.05, lx.Battle(1000, 800, 20))
    np.testing.assert_allclose(sim["blue"], 1000 * np.exp(-0.02 * np.arange(1, 21)), rtol=1e-6)


@pytest.mark.parametrize("method", ["lsq", "poisson"])
def test_known_coefficients_are_recovered_from_a_deterministic_battle(method):
    sim = lx.simulate("square", 0.0544, 0.0106, IWO_LIKE)
    s = lx.setup(as_series(sim, IWO_LIKE, ["blue_strength", "blue_casualties"]), 0, 21500,
                 np.r_[0, IWO_LIKE.blue_reinforcements])  # fmt: skip
    result = lx.fit("square", s, method)
    a, b = result["coefficients"]["a"], result["coefficients"]["b"]
    assert a["estimate"] == pytest.approx(0.0544, rel=1e-3)
    assert b["estimate"] == pytest.approx(0.0106, rel=1e-3)
    assert result["r2"] > 0.999


@pytest.mark.statistical
def iwo_like_setup(sim):
    """An Iwo-Jima-like series: only the blue side's daily casualties observed."""
    return lx.setup(as_series(sim, IWO_LIKE, ["blue_casualties"]), 0, 21500,
                    np.r_[0, IWO_LIKE.blue_reinforcements])  # fmt: skip


TRAJECTORY_GAP = pytest.mark.xfail(
    strict=True,
    reason="known limit of the trajectory methods: their profile intervals ignore the "
    "battle's process noise, so they are too narrow for a stochastic battle (here b is 3.3 "
    "standard errors off); --method filter and --intervals bootstrap carry that noise",
)


@pytest.mark.parametrize("method", [pytest.param("poisson", marks=TRAJECTORY_GAP), "filter"])
def test_known_coefficients_are_recovered_from_a_stochastic_battle(method):
    s = iwo_like_setup(lx.simulate("square", 0.0544, 0.0106, IWO_LIKE, seed=11))
    result = lx.fit("square", s, method)
    for name, truth in (("a", 0.0544), ("b", 0.0106)):
        c = result["coefficients"][name]
        # a 90% interval spans about 2 x 1.645 standard errors: allow 3 (0.3% false alarms)
        se = (c["high"] - c["low"]) / (2 * 1.645)
        assert abs(c["estimate"] - truth) < 3 * se, (name, c)
    # the right law wins on AIC
    aics = {law: lx.fit(law, s, method)["aic"] for law in ("square", "logarithmic")}
    assert aics["square"] < aics["logarithmic"]


def test_the_filter_recovers_a_deterministic_battle_within_its_intervals():
    result = lx.fit("square", iwo_like_setup(lx.simulate("square", 0.0544, 0.0106, IWO_LIKE)),
                    "filter")  # fmt: skip
    for name, truth in (("a", 0.0544), ("b", 0.0106)):
        c = result["coefficients"][name]
        assert c["low"] <= truth <= c["high"], (name, c)
        assert c["estimate"] == pytest.approx(truth, rel=1e-2)


def test_with_every_loss_observed_the_filter_is_the_markov_chains_exact_likelihood():
    # nothing is latent: each day's losses are Poisson around the law's expected losses from
    # the observed strengths at the day's start; the filter must give that likelihood exactly
    from attrit.analysis.lanchester import filter as kalman
    from attrit.model.lanchester import exponents

    battle = lx.Battle(900, 1100, 12, np.r_[0, 0, 200, np.zeros(9)],
                       np.r_[np.zeros(6), 50, np.zeros(5)])  # fmt: skip
    sim = lx.simulate("mixed", 3e-3, 2e-6, battle, seed=5)
    a, b = 3e-3 * 1.1, 2e-6 * 0.9  # away from the truth: the likelihood, not its optimum
    blue, red = float(battle.blue), float(battle.red)
    expected = 0.0
    for t in range(battle.days):
        blue, red = blue + battle.arrivals("blue")[t], red + battle.arrivals("red")[t]
        means = lx.laws.daily_losses("mixed", a, b, blue, red)
        lost = sim["blue_losses"][t], sim["red_losses"][t]
        expected -= 2 * stats.poisson.logpmf(lost, means).sum()
        blue, red = blue - lost[0], red - lost[1]
    arrivals = np.column_stack([battle.arrivals("blue"), battle.arrivals("red")])
    casualties = np.column_stack([sim["blue_losses"], sim["red_losses"]])
    unobserved = np.full((battle.days, 2), np.nan)
    got = kalman.minus2loglik(exponents("mixed"), a, b, np.array([900.0, 1100.0]), arrivals,
                              casualties, unobserved)  # fmt: skip
    assert got == pytest.approx(expected, rel=1e-9)
    # strengths alone say the same as the losses they imply
    strengths = np.column_stack([sim["blue"], sim["red"]])
    again = kalman.minus2loglik(exponents("mixed"), a, b, np.array([900.0, 1100.0]), arrivals,
                                unobserved, strengths)  # fmt: skip
    assert again == pytest.approx(expected, rel=1e-9)


def test_the_filter_fits_a_series_of_strengths_only():
    battle = lx.Battle(2000, 1500, 25)
    sim = lx.simulate("linear", 2e-5, 3e-5, battle, seed=8)
    s = lx.setup(as_series(sim, battle, ["blue_strength", "red_strength"]))
    result = lx.fit("linear", s, "filter")
    for name, truth in (("a", 2e-5), ("b", 3e-5)):
        c = result["coefficients"][name]
        se = (c["high"] - c["low"]) / (2 * 1.645)
        assert abs(c["estimate"] - truth) < 3 * se, (name, c)


@pytest.mark.parametrize("law", lx.LAWS)
def test_the_filter_gives_an_interval_or_says_none_for_every_observation_pattern(law):
    # a small battle with reinforcements, whose weaker side may be wiped out: the edge cases
    a, b = {"square": (0.01, 0.02), "linear": (2e-5, 3e-5), "logarithmic": (0.02, 0.05),
            "mixed": (0.01, 2e-5)}[law]  # fmt: skip
    battle = lx.Battle(60, 40, 10, np.r_[0, 100, np.zeros(8)])
    sim = lx.simulate(law, a, b, battle, seed=2)
    sides = ("blue", "red")
    patterns = [[f"{side}_{what}"] for side in sides for what in ("casualties", "strength")]
    patterns += [[f"{side}_casualties" for side in sides], [f"{side}_strength" for side in sides]]
    for columns in patterns:
        s = lx.setup(as_series(sim, battle, columns), 60, 40, np.r_[0, battle.blue_reinforcements])
        result = lx.fit(law, s, "filter")
        assert np.isfinite(result["aic"]), columns
        for name, c in result["coefficients"].items():
            if c["identified"]:
                assert 0 < c["low"] <= c["estimate"] <= c["high"] < np.inf, (columns, name, c)
            else:
                assert c["estimate"] is None, (columns, name, c)


@pytest.mark.statistical
def test_filter_intervals_cover_the_truth_at_their_level_over_many_battles():
    # each battle's 90% interval covers the truth or not: over n independent battles the count
    # is Binomial(n, 0.9) if the intervals are calibrated. Accept the central 99.8% of it.
    n = COVERAGE_BATTLES
    low, high = stats.binom.ppf([0.001, 0.999], n, 0.90)
    covered = {"filter": np.zeros(2), "poisson": np.zeros(2)}
    for seed in range(1, n + 1):
        s = iwo_like_setup(lx.simulate("square", 0.0544, 0.0106, IWO_LIKE, seed=1000 + seed))
        for method in covered:
            c = lx.fit("square", s, method)["coefficients"]
            for k, (name, truth) in enumerate((("a", 0.0544), ("b", 0.0106))):
                covered[method][k] += c[name]["low"] <= truth <= c[name]["high"]
    for k, name in enumerate("ab"):
        assert low <= covered["filter"][k] <= high, (name, covered, (low, high))
    # the same test has the power to fail: the trajectory method's intervals for b miss it
    assert covered["poisson"][1] < low, covered


@pytest.mark.statistical
def test_bootstrap_intervals_carry_the_battles_own_noise():
    s = iwo_like_setup(lx.simulate("square", 0.0544, 0.0106, IWO_LIKE, seed=11))
    result = lx.fit("square", s, "poisson", intervals="bootstrap", draws=100, seed=2)
    for name, truth in (("a", 0.0544), ("b", 0.0106)):
        c = result["coefficients"][name]
        se = (c["high"] - c["low"]) / (2 * 1.645)
        assert abs(c["estimate"] - truth) < 3 * se, (name, c)


def test_a_coefficient_the_data_cannot_determine_is_not_given_a_number():
    # under the logarithmic law the sides do not interact: blue's losses say nothing of b
    battle = lx.Battle(1000, 800, 20)
    sim = lx.simulate("logarithmic", 0.02, 0.05, battle)
    s = lx.setup(as_series(sim, battle, ["blue_strength"]), 1000, 800)
    b = lx.fit("logarithmic", s)["coefficients"]["b"]
    assert b["identified"] is False and b["estimate"] is None


def test_bad_series_are_refused_with_located_errors(tmp_path):
    path = tmp_path / "battle.csv"
    path.write_text("day,blue_strength,red_casualties,oops\n0,100,,\n2,-5,3,\n1,90,x,\n")
    with pytest.raises(lx.SeriesError) as err:
        lx.read(path)
    assert err.value.problems == [
        f"{path}:1:4: oops: unknown column (columns: day, blue_strength, red_strength, "
        "blue_casualties, red_casualties, blue_reinforcements, red_reinforcements)"
    ]
    path.write_text("day,blue_strength,red_casualties\n0,100,\n2,-5,3\n1,90,x\n")
    with pytest.raises(lx.SeriesError) as err:
        lx.read(path)
    assert err.value.problems == [
        f"{path}:3:2: blue_strength: -5 is negative",
        f"{path}:4:1: day: 1 does not follow day 2 (sort the rows by day, one row per day)",
    ]
    with pytest.raises(lx.SeriesError, match="day 40 is outside the battle"):
        lx.schedule("1:100,40:5", 36, "--blue-reinforcements")


def test_the_command_line_fits_and_simulates(tmp_path):
    runner = CliRunner()
    csv = tmp_path / "b.csv"
    made = runner.invoke(app, ["lanchester", "simulate", "--a", "0.02", "--b", "0.01",
                               "--blue", "1000", "--red", "1200", "--days", "15",
                               "--out", str(csv)])  # fmt: skip
    assert made.exit_code == 0, made.output
    plot = tmp_path / "fit.png"
    fitted = runner.invoke(app, ["lanchester", "fit", str(csv), "--law", "square", "--json",
                                 "--plot", str(plot)])  # fmt: skip
    assert fitted.exit_code == 0, fitted.output
    result = json.loads(fitted.stdout)
    assert set(result) == {"law", "coefficients", "r2", "aic"}
    assert set(result["coefficients"]["a"]) == {"estimate", "low", "high"}
    assert result["coefficients"]["a"]["estimate"] == pytest.approx(0.02, rel=1e-2)
    assert plot.stat().st_size > 0
    bad = runner.invoke(app, ["lanchester", "fit", str(csv), "--law", "cubic"])
    assert bad.exit_code == 2 and "unknown law 'cubic'" in bad.stderr
    filtered = runner.invoke(app, ["lanchester", "fit", str(csv), "--method", "filter", "--json"])
    assert filtered.exit_code == 0, filtered.output
    assert json.loads(filtered.stdout)["coefficients"]["b"]["estimate"] == pytest.approx(
        0.01, rel=5e-2
    )
    refused = runner.invoke(app, ["lanchester", "fit", str(csv), "--method", "kalman"])
    assert refused.exit_code == 2
    assert "--method: 'kalman' is not one of lsq, poisson, filter" in refused.stderr
