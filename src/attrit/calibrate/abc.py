"""The pyabc boundary: ABC-SMC over a :class:`Problem`, bounded, one generation at a time.

Everything pyabc-specific lives here. Priors are uniform in the parameter's own scale or in
log10 (``loguniform``); the distance is the problem's graded distance; the model returns the
observables and the seed it simulated with, so pyabc's history keeps each particle's seed.
The history is a SQLite file; a fit stopped at any point continues from its last complete
generation (``resume``).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from attrit.calibrate.problem import Problem
from attrit.executor import kind_of, workers_of
from attrit.interrupt import check as check_interrupt


def _key(k: int) -> str:
    return f"p{k}"


@dataclass
class Model:
    """pyabc's model: a particle's parameters (in the prior's scale) to its observables."""

    problem: Problem

    def theta(self, particle: dict[str, float]) -> dict[str, float]:
        """Parameters by path, in their natural scale."""
        out = {}
        for k, p in enumerate(self.problem.parameters):
            value = float(particle[_key(k)])
            out[p.path] = 10.0**value if p.distribution.family == "loguniform" else value
        return out

    def __call__(self, particle: dict[str, float]) -> dict[str, float]:
        """One replicate with a fresh seed (kept among the statistics), reported with noise."""
        check_interrupt()  # a stop asked for ends the fit here, between two simulations
        seed = int(np.random.randint(0, 2**62))
        stats: dict[str, float] = self.problem.observe(self.theta(particle), seed)
        stats["seed"] = seed
        return stats


@dataclass
class Distance:
    """pyabc's distance: the problem's graded distance (the seed is not compared)."""

    problem: Problem

    def __call__(self, simulated: dict[str, Any], reported: dict[str, Any]) -> float:
        """The distance, finite (pyabc's epsilon schedule needs finite quantiles)."""
        d = self.problem.distance(simulated, reported)
        return d if math.isfinite(d) else 1e300


def prior(problem: Problem) -> Any:
    """The joint prior as a pyabc Distribution (independent margins)."""
    import pyabc

    margins = {}
    for k, p in enumerate(problem.parameters):
        d = p.distribution
        low, high = (
            (math.log10(d.low), math.log10(d.high)) if d.family == "loguniform" else (d.low, d.high)
        )
        margins[_key(k)] = pyabc.RV("uniform", low, high - low)
    return pyabc.Distribution(**margins)


def sampler(executor: Any) -> Any:
    """The pyabc sampler for an executor (:mod:`attrit.executor`).

    Here: the single-core sampler (bit-reproducible). A local process pool: pyabc's own
    multicore sampler with as many processes (it forks; its workers run the serial kernel).
    A Dask client: pyabc's Dask sampler on that cluster. Any other executor: pyabc's sampler
    for ``concurrent.futures`` executors. The first two stop a generation at its cap of
    simulations (:mod:`attrit.calibrate.budget`); pyabc's Dask and futures samplers do not
    (they ignore ``max_eval``), so there only the forecast keeps the budget.
    """
    import pyabc

    kind = kind_of(executor)
    if kind == "dask":
        # batches amortise Dask's per-task cost (one simulation is ~0.1 s)
        return pyabc.sampler.DaskDistributedSampler(executor, batch_size=20)
    if kind == "processes":
        return pyabc.sampler.MulticoreEvalParallelSampler(
            n_procs=workers_of(executor), check_max_eval=True
        )
    if kind == "other":
        return pyabc.sampler.ConcurrentFutureSampler(executor, batch_size=20)
    return pyabc.sampler.SingleCoreSampler(check_max_eval=True)


@dataclass
class Bounds:
    """When a fit stops: whichever comes first."""

    population: int = 200
    generations: int = 8
    budget: int = 5000  # simulations in all
    walltime: float | None = None  # seconds
    min_acceptance: float = 0.01


def run(
    problem: Problem,
    db: str,
    bounds: Bounds,
    seed: int,
    abc_id: int | None = None,
    executor: Any = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
    spent: int | None = None,
) -> tuple[Any, int, str, int]:
    """Run (or continue, given ``abc_id``) an ABC-SMC fit.

    Returns (history, abc_id, why it stopped, simulations run in dropped generations, this
    run's and earlier ones'). ``db`` is a SQLAlchemy URL (``sqlite:///path``). ``progress``
    is called after each generation with its number, epsilon, acceptance rate and the
    simulations so far. ``spent`` is the fit's count of simulations so far (a resumed fit's:
    more than its history holds where a generation was dropped), which the budget includes.
    """
    try:
        import pyabc  # noqa: F401  (fail early with the fix, not deep inside)
    except ImportError:
        from attrit.calibrate.problem import FitError

        raise FitError("fitting needs pyabc: pip install 'attrit[calibrate]'") from None

    np.random.seed(seed % 2**32)
    with _generation_reports(progress):
        try:
            return _run(problem, db, bounds, abc_id, sampler(executor), spent)
        except Exception:
            # a worker that left on Ctrl-C ends the sampler with its own error: a stop
            check_interrupt()
            raise


def _run(
    problem: Problem,
    db: str,
    bounds: Bounds,
    abc_id: int | None,
    chosen: Any,
    spent: int | None = None,
) -> tuple[Any, int, str, int]:
    from attrit.calibrate.budget import BudgetedSMC

    def smc() -> Any:
        return BudgetedSMC(
            Model(problem),
            prior(problem),
            Distance(problem),
            population_size=bounds.population,
            sampler=chosen,
        )

    abc = smc()
    if abc_id is not None:
        history = abc.load(db, abc_id)
        if history.total_nr_simulations is None:
            # killed after pyabc stored the run, before its first generation: begin it again
            abc, abc_id = smc(), None
    if abc_id is None:
        history = abc.new(db, problem.reported())
        abc_id = history.id
    # simulations of generations dropped by earlier runs: spent, though the history lacks them
    before = max(0, (spent or 0) - (history.total_nr_simulations or 0))
    abc.budget = bounds.budget - before
    left = bounds.generations - _generations(history)
    if left <= 0:
        return history, abc_id, "generations", before
    if (history.total_nr_simulations or 0) + before >= bounds.budget:
        return history, abc_id, "budget", before
    abc.run(
        max_nr_populations=left,
        max_total_nr_simulations=bounds.budget,
        max_walltime=dt.timedelta(seconds=bounds.walltime) if bounds.walltime else None,
        min_acceptance_rate=bounds.min_acceptance,
    )
    why = _why(history, bounds, abc.ended_by_budget)
    return history, abc_id, why, before + abc.dropped


def _why(history: Any, bounds: Bounds, ended_by_budget: str | None = None) -> str:
    if _generations(history) >= bounds.generations:
        return "generations"
    if history.total_nr_simulations >= bounds.budget or ended_by_budget:
        return "budget"
    if _generations(history) and acceptance(history) < bounds.min_acceptance:
        return "acceptance rate below the minimum"
    return "walltime"


class _Reports(logging.Handler):
    """Turns pyabc's log lines into one progress call per finished generation."""

    EPS = re.compile(r"^t: (\d+), eps: ([0-9.eE+-]+?)\.?$")
    DONE = re.compile(r"^Accepted: (\d+) / (\d+) = ([0-9.eE+-]+), ESS: ([0-9.eE+-]+?)\.?$")

    def __init__(self, progress: Callable[[dict[str, Any]], None]):
        super().__init__(logging.INFO)
        self.progress = progress
        self.current: dict[str, Any] = {}
        self.simulations = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if m := self.EPS.match(text):
            self.current = {"generation": int(m[1]) + 1, "epsilon": float(m[2])}
        elif (m := self.DONE.match(text)) and self.current:
            self.simulations += int(m[2])
            self.progress(
                {
                    **self.current,
                    "acceptance": float(m[3]),
                    "ess": float(m[4]),
                    "simulations_this_run": self.simulations,
                }
            )


@contextmanager
def _generation_reports(progress: Callable[[dict[str, Any]], None] | None) -> Iterator[None]:
    logger = logging.getLogger("ABC")
    old = (logger.level, logger.propagate, [(h, h.level) for h in logger.handlers])
    for h, _ in old[2]:
        h.setLevel(logging.WARNING)  # pyabc's own lines would clutter the terminal
    handler = _Reports(progress or (lambda _: None))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old[0])
        logger.propagate = old[1]
        for h, level in old[2]:
            h.setLevel(level)


def _generations(history: Any) -> int:
    t = history.max_t
    return 0 if t is None or t < 0 else int(t) + 1


def acceptance(history: Any) -> float:
    """Acceptance rate of the last generation."""
    pops = history.get_all_populations()
    last = pops[pops.t >= 0].iloc[-1]
    return float(last.particles / last.samples) if last.samples else 0.0


def particles(history: Any, problem: Problem) -> list[dict[str, Any]]:
    """The last generation: each particle's parameters (by path), weight and seed."""
    pop = history.get_population(history.max_t)
    model = Model(problem)
    total = sum(p.weight for p in pop.particles)
    return [
        {
            "theta": model.theta(dict(p.parameter)),
            "weight": float(p.weight / total),
            "seed": int(p.sum_stat["seed"]),
            "distance": float(p.distance),
        }
        for p in pop.particles
    ]
