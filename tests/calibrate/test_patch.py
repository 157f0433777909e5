"""A fit's plan is compiled once and patched per particle: the same plan, the same numbers."""

import pickle

import numpy as np
import pytest

from attrit.calibrate import Problem
from attrit.model.patch import plan_patch, same_plan
from attrit.model.plan import compile_plan
from attrit.scenario import load
from attrit.scenario.calibration import FittedParameter
from attrit.scenario.edit import set_paths
from support.files import EXAMPLE

# the example's own fitted parameters (a wildcard, a pattern, single units) and a force-wide one
FITTED = {
    "units.ashoura-anbar-1.leave.return_probability": (0.3, 1.0),
    "units.*.desertion.hazard_per_day": (1e-4, 1e-2),
    "units.aah-*.emigration.hazard_per_day_at_full_pull": (5e-4, 5e-2),
    "morale.theft_weight": (0.0, 0.5),
}


@pytest.fixture(scope="module")
def example():
    return load(EXAMPLE)


def test_a_patched_plan_is_the_compiled_plan(example):
    patch, why = plan_patch(example, 79, FITTED)
    assert patch is not None, why
    rng = np.random.default_rng(7)
    for _ in range(5):
        theta = {p: float(rng.uniform(lo, hi)) for p, (lo, hi) in FITTED.items()}
        assert same_plan(patch.plan_at(theta), compile_plan(set_paths(example, theta), 79))
    # the base plan is not changed by patching
    assert same_plan(patch.base, compile_plan(example, 79))


def test_a_parameter_that_lays_out_people_is_compiled_every_time(example):
    unit = example.units[0].id
    patch, why = plan_patch(example, 79, {f"units.{unit}.strength.troops": (100, 200)})
    assert patch is None and "strength.troops" in why


def test_a_prior_with_an_invalid_corner_is_compiled_every_time(example):
    # a fit refuses an invalid bound before it gets here; a corner is checked all the same
    patch, why = plan_patch(example, 79, {"units.*.desertion.hazard_per_day": (1e-4, 2.0)})
    assert patch is None and "not a valid scenario" in why


def test_a_fit_simulates_the_same_with_and_without_patching(example):
    params = [FittedParameter(path=p, prior=f"uniform({lo},{hi})") for p, (lo, hi) in
              FITTED.items()]  # fmt: skip
    problem = Problem(example, params)
    assert problem.patching == "patched"
    compiled = pickle.loads(pickle.dumps(problem))  # as a worker receives it
    compiled._paths = None  # the per-particle compile of earlier versions
    rng = np.random.default_rng(11)
    for k in range(3):
        theta = {p: float(rng.uniform(lo, hi)) for p, (lo, hi) in FITTED.items()}
        fast, slow = problem.simulate(theta, 100 + k), compiled.simulate(theta, 100 + k)
        assert fast.keys() == slow.keys()
        assert all(fast[o] == slow[o] or (np.isnan(fast[o]) and np.isnan(slow[o])) for o in fast)
    # pickled without its plan, it compiles it once where it lands
    shipped = pickle.loads(pickle.dumps(problem))
    assert shipped._patch is None and shipped.plan_patch() is not None


def test_posterior_draws_run_on_the_patched_plan_with_the_compiled_results(example, monkeypatch):
    from attrit.calibrate import draws as module

    rng = np.random.default_rng(5)
    paths = ["units.*.desertion.hazard_per_day", "morale.theft_weight"]
    hazards, weights = rng.uniform(0.0005, 0.004, 6), rng.uniform(0.1, 0.6, 6)
    pairs = zip(hazards, weights, strict=True)
    draws = [{paths[0]: float(h), paths[1]: float(w)} for h, w in pairs]
    assert module.draw_patch(example, draws, 30) is not None
    patched = module.simulate_draws(example, draws, days=30, seed=4)
    monkeypatch.setattr(module, "draw_patch", lambda *a: None)
    compiled = module.simulate_draws(example, draws, days=30, seed=4)
    np.testing.assert_array_equal(patched.record, compiled.record)
    assert patched.people == compiled.people
