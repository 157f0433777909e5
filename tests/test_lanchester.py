"""Lanchester laws: closed forms, recovery of known coefficients, located bad input."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from attrit.analysis import lanchester as lx
from attrit.cli import app

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
@pytest.mark.xfail(
    strict=True,
    reason="known gap: profile intervals from matching the deterministic trajectory ignore "
    "the battle's process noise, so they are too narrow for a stochastic battle (here b is "
    "3.3 standard errors off); --intervals bootstrap carries that noise (next test)",
)
def test_known_coefficients_are_recovered_from_a_stochastic_battle():
    # Poisson daily losses; only the blue side observed, as at Iwo Jima
    sim = lx.simulate("square", 0.0544, 0.0106, IWO_LIKE, seed=11)
    s = lx.setup(as_series(sim, IWO_LIKE, ["blue_casualties"]), 0, 21500,
                 np.r_[0, IWO_LIKE.blue_reinforcements])  # fmt: skip
    result = lx.fit("square", s, "poisson")
    for name, truth in (("a", 0.0544), ("b", 0.0106)):
        c = result["coefficients"][name]
        # a 90% interval spans about 2 x 1.645 standard errors: allow 3 (0.3% false alarms)
        se = (c["high"] - c["low"]) / (2 * 1.645)
        assert abs(c["estimate"] - truth) < 3 * se, (name, c)
    # the right law wins on AIC
    aics = {law: lx.fit(law, s, "poisson")["aic"] for law in ("square", "logarithmic")}
    assert aics["square"] < aics["logarithmic"]


@pytest.mark.statistical
def test_bootstrap_intervals_carry_the_battles_own_noise():
    sim = lx.simulate("square", 0.0544, 0.0106, IWO_LIKE, seed=11)
    s = lx.setup(as_series(sim, IWO_LIKE, ["blue_casualties"]), 0, 21500,
                 np.r_[0, IWO_LIKE.blue_reinforcements])  # fmt: skip
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
