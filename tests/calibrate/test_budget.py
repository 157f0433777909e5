"""--budget holds to within one generation's population, on one core and on processes."""

import pytest

from attrit.calibrate import Bounds, fit
from attrit.executor import processes
from attrit.store import Store
from support.calib import PARAMS, synthetic

pytest.importorskip("pyabc")

POPULATION = 40


@pytest.mark.parametrize("budget", [150, 260, 400, 650])
def test_a_fit_runs_at_most_its_budget_and_one_population(budget, tmp_path):
    sc = synthetic(0.008, seed=5, strength=150)
    done = fit(sc, PARAMS, Bounds(population=POPULATION, generations=30, budget=budget),
               seed=1, store=Store(tmp_path / "s.duckdb"), checks=10)  # fmt: skip
    assert done["why"] == "budget"
    assert done["simulations"] <= budget + POPULATION
    # what the store says the generations cost adds up to the same total
    assert done.generations_frame()["simulations"].sum() == done["simulations"]


def test_local_processes_keep_the_budget_too(tmp_path):
    sc = synthetic(0.008, seed=5, strength=150)
    with processes(2) as pool:
        done = fit(sc, PARAMS, Bounds(population=POPULATION, generations=30, budget=400),
                   seed=1, store=Store(tmp_path / "s.duckdb"), checks=10,
                   executor=pool)  # fmt: skip
    assert done["why"] == "budget" and done["simulations"] <= 400 + POPULATION
