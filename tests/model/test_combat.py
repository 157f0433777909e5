"""A unit's front fighting an enemy under a Lanchester law, inside the engine.

The square law has a closed-form solution over a day from (B, R), with c = sqrt(a b):
B(1) = B cosh c - sqrt(a/b) R sinh c and R(1) = R cosh c - sqrt(b/a) B sinh c. With the front
held at the quota (a large reserve on duty), each day's losses are linear in the enemy's
strength, so the expected enemy strength and the expected casualties follow a linear
recurrence exactly. Tolerances are 4 standard errors of the replicate means.
"""

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import attrit
from attrit.analysis.lanchester import laws
from attrit.model import lanchester, rng
from attrit.model.registry import stream_keys
from attrit.scenario import ScenarioError, validate_data
from support.helpers import scenario, var

pytestmark = pytest.mark.statistical

A, B, FRONT, ENEMY = 0.002, 0.001, 100, 400.0


def combat_scenario(days=20, offensive=None, **combat):
    fight = {
        "law": "square",
        "enemy_strength": ENEMY,
        "enemy_effectiveness": A,
        "own_effectiveness": B,
        **combat,
    }
    ivs = None
    if offensive is not None:
        ivs = [{"id": "push", "kind": "offensive", "start": "2015-08-01", "size": offensive}]
    return scenario(
        on=("casualties", "interventions"),
        troops=2000,
        rotation={"days_on": 15, "days_off": 15, "quota": FRONT},
        unit={"casualties": {"combat": fight, "offensive_multiplier": 3.0}},
        interventions=ivs,
        days=days,
    )


def square_day(blue, red, a, b):
    c = np.sqrt(a * b)
    return (
        blue - (blue * np.cosh(c) - np.sqrt(a / b) * red * np.sinh(c)),
        red - (red * np.cosh(c) - np.sqrt(b / a) * blue * np.sinh(c)),
    )


def test_kernel_matches_the_square_law_closed_form_over_a_day():
    for blue, red, a, b in [(100, 400, A, B), (5000, 3000, 0.01, 0.02), (50, 10, 0.05, 0.2)]:
        lb, lr = lanchester.day_losses(lanchester.exponents("square"), a, b, blue, red, 8)
        eb, er = square_day(blue, red, a, b)
        assert lb == pytest.approx(eb, rel=1e-9) and lr == pytest.approx(er, rel=1e-9)


def test_analysis_and_engine_share_one_kernel():
    assert laws.EXPONENTS is lanchester.EXPONENTS
    assert laws.daily_losses("linear", 1e-4, 2e-4, 300, 200) == lanchester.day_losses(
        lanchester.exponents("linear"), 1e-4, 2e-4, 300.0, 200.0, lanchester.STEPS
    )


def test_schema_offers_exactly_the_kernels_laws():
    from attrit.scenario.mechanisms import Combat

    assert Combat.model_fields["law"].annotation.__args__ == lanchester.LAWS


@pytest.mark.parametrize("offensive", [None, 1.0])
def test_engine_follows_the_square_law_recurrence(offensive):
    days, reps = 20, 400
    scale = 1.0 if offensive is None else 3.0  # offensive_multiplier at full intensity
    a, b = A * scale, B * scale
    res = attrit.simulate(combat_scenario(days, offensive), replicates=reps, days=days, seed=5)
    assert (var(res, "front") == FRONT).all()  # the front is held: the closed form applies
    enemy = var(res, "enemy_strength")
    hits = var(res, "killed") + var(res, "wounded_new")
    red, expected_enemy, expected_hits = ENEMY, [], []
    for _ in range(days):
        lb, lr = square_day(FRONT, red, a, b)
        red -= lr
        expected_enemy.append(red)
        expected_hits.append(lb)
    for t in (0, days // 2, days - 1):
        se = enemy[:, t].std(ddof=1) / np.sqrt(reps)
        assert abs(enemy[:, t].mean() - expected_enemy[t]) < 4 * se, t
    total = hits.sum(axis=1)
    assert abs(total.mean() - sum(expected_hits)) < 4 * total.std(ddof=1) / np.sqrt(reps)


def test_enemy_losses_are_poisson():
    reps = 600
    res = attrit.simulate(combat_scenario(days=1), replicates=reps, days=1, seed=9)
    lost = ENEMY - var(res, "enemy_strength")[:, 0]
    mean = square_day(FRONT, ENEMY, A, B)[1]
    assert abs(lost.mean() - mean) < 4 * np.sqrt(mean / reps)
    statistic = (reps - 1) * lost.var(ddof=1) / mean  # dispersion test: chi2(reps - 1)
    assert stats.chi2.ppf(0.0005, reps - 1) < statistic < stats.chi2.ppf(0.9995, reps - 1)


@pytest.mark.parametrize("mean", [0.3, 4.0, 30.0, 400.0])
def test_poisson_draws_match_the_distribution(mean):
    n = 4000
    keys = stream_keys(1)
    # numba returns a uint64 as a Python int: keep it uint64, or a call typed (int64, ...)
    # compiles an int64 overload that later big bases cannot be converted to
    b1, b2 = (np.uint64(rng.day_base(keys[k], 0, 0)) for k in (0, 1))
    x = np.array([rng.poisson(b1, b2, i, mean) for i in range(n)])
    assert abs(x.mean() - mean) < 4 * np.sqrt(mean / n)
    if mean < 50:  # exact inversion: chi-square over the pmf, tail bins merged
        top = int(stats.poisson.ppf(0.999, mean))
        observed = np.bincount(np.minimum(x.astype(int), top), minlength=top + 1)
        pmf = stats.poisson.pmf(np.arange(top), mean)
        expected = n * np.append(pmf, stats.poisson.sf(top - 1, mean))
        keep = expected >= 5
        obs = np.append(observed[keep], observed[~keep].sum())
        exp = np.append(expected[keep], expected[~keep].sum())
        obs, exp = (obs[:-1], exp[:-1]) if exp[-1] == 0 else (obs, exp)
        assert stats.chisquare(obs, exp).pvalue > 0.001
    else:  # the normal approximation: variance equals the mean
        dispersion = (n - 1) * x.var(ddof=1) / mean
        assert stats.chi2.ppf(0.0005, n - 1) < dispersion < stats.chi2.ppf(0.9995, n - 1)


def test_enemy_reinforcements_arrive_daily():
    res = attrit.simulate(
        combat_scenario(days=5, own_effectiveness=0.0, enemy_reinforcements_per_day=7.0),
        replicates=2,
        days=5,
    )
    assert (var(res, "enemy_strength") == ENEMY + 7.0 * np.arange(1, 6)).all()


def test_units_without_combat_record_no_enemy(toy):
    res = attrit.simulate(toy, replicates=2, days=10)
    assert (res.long().query("variable == 'enemy_strength'")["value"] == 0).all()


def test_hazard_and_combat_together_are_refused_with_the_field():
    sc = combat_scenario()
    data = sc.model_dump(mode="json")
    data["units"][0]["casualties"]["hazard_per_day"] = 0.001
    with pytest.raises(ScenarioError) as err:
        validate_data(data)
    message = str(err.value)
    assert "units" in message and "casualties" in message
    assert "hazard_per_day is not used when combat is set" in message


def test_the_documented_combat_block_validates_and_its_paths_are_settable(example):
    import re

    import yaml

    from attrit.scenario.paths import PathError

    text = (Path(__file__).parents[2] / "docs" / "lanchester.md").read_text()
    block = re.search(r"## A unit's front in battle.*?```yaml\n(.*?)```", text, re.S).group(1)
    unit = yaml.safe_load(block)["units"][0]
    data = example.model_dump(mode="json")
    target = next(u for u in data["units"] if u["id"] == unit["id"])
    target["casualties"] = {**target["casualties"], **unit["casualties"]}
    sc = validate_data(data)
    path = f"units.{unit['id']}.casualties.combat.enemy_effectiveness"
    assert sc.set(path, 1e-3).get(path) == 1e-3
    with pytest.raises((PathError, ScenarioError)):
        example.set(path, 1e-3)  # no combat block there: the path does not exist
