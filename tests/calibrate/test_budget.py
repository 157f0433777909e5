"""--budget holds to within one generation's population, on one core and on processes."""

import pytest

from attrit.calibrate import Bounds, Problem, fit, resume
from attrit.executor import processes
from attrit.store import Store
from support.calib import PARAMS, synthetic

pytest.importorskip("pyabc")

POPULATION = 40


@pytest.fixture
def counted(monkeypatch):
    """Every simulation the fit runs (one core: they all run in this process)."""
    calls = []
    observe = Problem.observe

    def counting(self, theta, seed):
        calls.append(seed)
        return observe(self, theta, seed)

    monkeypatch.setattr(Problem, "observe", counting)
    return calls


@pytest.mark.parametrize("budget", [150, 260, 400, 650, 900])
def test_a_fit_runs_at_most_its_budget_and_one_population(budget, tmp_path, counted):
    sc = synthetic(0.008, seed=5, strength=150)
    counted.clear()  # the synthetic report's own simulation
    done = fit(sc, PARAMS, Bounds(population=POPULATION, generations=30, budget=budget),
               seed=1, store=Store(tmp_path / "s.duckdb"), checks=10)  # fmt: skip
    assert done["why"] == "budget"
    # the simulations counted are those run: the checks' own draws do not pass through here
    assert len(counted) == done["simulations"] <= budget + POPULATION


def test_a_generation_cut_at_the_cap_is_counted_and_not_run_again(tmp_path, counted,
                                                                   monkeypatch):  # fmt: skip
    # a forecast that always has room: every generation starts, the last one meets the cap
    monkeypatch.setattr("attrit.calibrate.budget.forecast_cost", lambda history: 0.0)
    sc = synthetic(0.008, seed=5, strength=150)
    counted.clear()
    store = Store(tmp_path / "s.duckdb")
    bounds = Bounds(population=POPULATION, generations=30, budget=650)
    done = fit(sc, PARAMS, bounds, seed=1, store=store, checks=10)
    kept = int(done.generations_frame()["simulations"].sum())
    assert done["why"] == "budget"
    assert kept < done["simulations"] == len(counted) <= 650 + POPULATION
    # resumed with the same budget, the dropped generation's simulations count as spent
    again = resume(done.fit_id, store, bounds=bounds)
    assert again["simulations"] == done["simulations"] and len(counted) == done["simulations"]


def test_local_processes_keep_the_budget_too(tmp_path):
    sc = synthetic(0.008, seed=5, strength=150)
    with processes(2) as pool:
        done = fit(sc, PARAMS, Bounds(population=POPULATION, generations=30, budget=400),
                   seed=1, store=Store(tmp_path / "s.duckdb"), checks=10,
                   executor=pool)  # fmt: skip
    # two processes read the shared count without a lock: one more simulation at most
    assert done["why"] == "budget" and done["simulations"] <= 400 + POPULATION + 1
