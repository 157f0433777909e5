"""Global sensitivity analysis with SALib: Morris screening and Sobol indices.

Each sample point is a scenario with the factors set; it runs ``replicates`` replicates with
replicate ids 0..R-1 under one seed, so every point sees the same random numbers (common random
numbers) and differences between points come from the parameters. The point's output is the
replicates' mean. What is left of replicate noise in those means is estimated from the
within-point variance and reported as a share of the outputs' variance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from attrit.analysis.sensitivity.factors import Factor
from attrit.errors import AttritError
from attrit.model.registry import DESERTION_CAUSES, RECORDED
from attrit.scenario.edit import set_paths
from attrit.scenario.schema import ScenarioData

OUTPUTS = ("front_fill", "strength", "deserted_total")
METHODS = ("morris", "sobol")
CHUNK = 8  # points per task sent to a worker


class SensitivityError(AttritError, ValueError):
    """The analysis cannot run as asked."""


@dataclass
class Sensitivity:
    """The result: indices per factor, the sample and its outputs, and the noise estimate."""

    scenario: ScenarioData
    method: str
    output: str
    unit: str | None
    day: int
    factors: list[Factor]
    replicates: int
    samples: int
    seed: int
    indices: pd.DataFrame
    inputs: np.ndarray
    means: np.ndarray
    within_var: np.ndarray
    wall_seconds: float
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def noise_share(self) -> float:
        """Share of the outputs' variance that is replicate noise in the point means."""
        total = float(np.var(self.means, ddof=1)) if len(self.means) > 1 else 0.0
        noise = float(np.mean(self.within_var)) / self.replicates
        return noise / total if total > 0 else float("nan")

    def ranking(self) -> pd.DataFrame:
        """Factors from most to least influential (mu* for Morris, total index for Sobol)."""
        key = "mu_star" if self.method == "morris" else "ST"
        return self.indices.sort_values(key, ascending=False).reset_index(drop=True)


def measure(record: np.ndarray, scenario: ScenarioData, output: str, unit: str | None, day: int):
    """The output on ``day`` for each replicate of ``record`` (replicates x days x units x vars).

    ``front_fill`` is men at the front over the quota; ``deserted_total`` counts every desertion
    cause from day 0 to ``day``; without a unit, the force's totals.
    """
    ids = [u.id for u in scenario.units]
    cols = [ids.index(unit)] if unit is not None else list(range(len(ids)))
    at = record[:, day][:, cols]
    if output == "strength":
        return at[:, :, RECORDED.index("strength")].sum(axis=1)
    if output == "front_fill":
        quota = at[:, :, RECORDED.index("quota")].sum(axis=1)
        front = at[:, :, RECORDED.index("front")].sum(axis=1)
        return np.divide(front, quota, out=np.full(front.shape, np.nan), where=quota > 0)
    causes = [RECORDED.index(c) for c in DESERTION_CAUSES]
    return record[:, : day + 1][:, :, cols][..., causes].sum(axis=(1, 2, 3))


def evaluate_points(
    scenario: ScenarioData,
    factors: list[Factor],
    points: np.ndarray,
    output: str,
    unit: str | None,
    day: int,
    replicates: int,
    seed: int,
    patch: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and within-point variance of the output at each point (rows of ``points``).

    ``patch``: a :class:`~attrit.model.patch.PlanPatch` of the factors, or its paths (the
    plan is then compiled once here, for the chunk), where patching gives the compiled plan
    across the factors' box; else each point's scenario is validated and compiled.
    """
    from attrit.model.patch import received
    from attrit.run import simulate, simulate_plan

    patch = received(patch, scenario, day + 1)
    means, variances = np.empty(len(points)), np.empty(len(points))
    for k, x in enumerate(points):
        changes = {f.path: f.value(v) for f, v in zip(factors, x, strict=True)}
        if patch is not None:
            plan = patch.plan_at(changes)
            record = simulate_plan(plan, scenario, replicates, day + 1, seed).record
        else:
            changed = set_paths(scenario, changes)
            record = simulate(changed, replicates=replicates, days=day + 1, seed=seed).record
        y = measure(record, scenario, output, unit, day)
        means[k] = float(np.mean(y))
        variances[k] = float(np.var(y, ddof=1)) if replicates > 1 else 0.0
    return means, variances


def sample(method: str, factors: list[Factor], samples: int, seed: int, levels: int = 4):
    """The SALib problem and its sample (points x factors) for ``method``."""
    from SALib.sample import morris as morris_sample
    from SALib.sample import sobol as sobol_sample

    problem = {
        "num_vars": len(factors),
        "names": [f.path for f in factors],
        "bounds": [[f.low, f.high] for f in factors],
    }
    if method == "morris":
        return problem, morris_sample.sample(problem, samples, num_levels=levels, seed=seed)
    return problem, sobol_sample.sample(problem, samples, calc_second_order=False, seed=seed)


def indices(
    method: str, problem: dict, points: np.ndarray, y: np.ndarray, seed: int, levels: int = 4
):
    """SALib's indices with 95% (Morris) or 90% (Sobol) bootstrap intervals, one row per factor."""
    from SALib.analyze import morris as morris_analyze
    from SALib.analyze import sobol as sobol_analyze

    if method == "morris":
        r = morris_analyze.analyze(
            problem, points, y, num_resamples=1000, conf_level=0.95, num_levels=levels, seed=seed
        )
        return pd.DataFrame(
            {
                "path": problem["names"],
                "mu_star": r["mu_star"],
                "mu_star_conf": r["mu_star_conf"],
                "mu": r["mu"],
                "sigma": r["sigma"],
            }
        )
    r = sobol_analyze.analyze(
        problem, y, calc_second_order=False, num_resamples=1000, conf_level=0.90, seed=seed
    )
    return pd.DataFrame(
        {
            "path": problem["names"],
            "S1": r["S1"],
            "S1_conf": r["S1_conf"],
            "ST": r["ST"],
            "ST_conf": r["ST_conf"],
        }
    )


def analyse(
    scenario: ScenarioData,
    output: str,
    day: int,
    factors: list[Factor],
    method: str = "morris",
    samples: int = 10,
    unit: str | None = None,
    replicates: int = 10,
    seed: int | None = None,
    executor: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> Sensitivity:
    """Rank the factors' influence on ``output`` on ``day`` (of ``unit``, or the force).

    ``samples`` is the number of Morris trajectories, or Sobol's base sample N (a power of
    two; the model runs N x (factors + 2) points). Same inputs and seed give the same indices
    whatever the ``executor`` (:mod:`attrit.executor`) the points run on.
    """
    from attrit.executor import kind_of, ordered
    from attrit.interrupt import check as check_interrupt
    from attrit.model.patch import sendable

    _check(scenario, output, day, factors, method, samples, unit, replicates)
    seed = scenario.seed if seed is None else seed
    started = time.perf_counter()
    problem, points = sample(method, factors, samples, seed)
    patch = _patch(scenario, factors, day)
    sent = sendable(patch, kind_of(executor) == "serial")
    tasks = [
        (scenario, factors, points[k : k + CHUNK], output, unit, day, replicates, seed, sent)
        for k in range(0, len(points), CHUNK)
    ]
    means, variances, done = [], [], 0
    for m, v in ordered(executor, evaluate_points, tasks):
        check_interrupt()
        means.append(m)
        variances.append(v)
        done += len(m)
        if progress is not None:
            progress(done, len(points))
    y, within = np.concatenate(means), np.concatenate(variances)
    if not np.all(np.isfinite(y)):
        raise SensitivityError(f"{output} is undefined at some points (a quota of 0?)")
    table = indices(method, problem, points, y, seed)
    return Sensitivity(
        scenario,
        method,
        output,
        unit,
        day,
        factors,
        replicates,
        samples,
        seed,
        table,
        points,
        y,
        within,
        time.perf_counter() - started,
    )


def _patch(scenario: ScenarioData, factors: list[Factor], day: int) -> Any:
    """A plan patch for the factors over their box, or None where patching is not sound."""
    from attrit.model.patch import plan_patch

    bounds = {f.path: (f.low, f.high) for f in factors}
    if len(bounds) != len(factors):
        return None  # a path given twice: let each point's scenario say what it means
    patch, _ = plan_patch(scenario, day + 1, bounds)
    return patch


def _check(scenario, output, day, factors, method, samples, unit, replicates) -> None:
    if output not in OUTPUTS:
        raise SensitivityError(f"--output: '{output}' is not one of {', '.join(OUTPUTS)}")
    if method not in METHODS:
        raise SensitivityError(f"--method: '{method}' is not one of {', '.join(METHODS)}")
    if not 0 <= day < scenario.calendar.days:
        raise SensitivityError(
            f"--day: {day} is outside the scenario's 0..{scenario.calendar.days - 1}"
        )
    if unit is not None and unit not in {u.id for u in scenario.units}:
        raise SensitivityError(f"--unit: no unit '{unit}'")
    if not factors:
        raise SensitivityError("no factors to vary: give --param path=low:high")
    if len({f.path for f in factors}) != len(factors):
        raise SensitivityError("a parameter is given twice")
    if samples < 2 or (method == "sobol" and samples & (samples - 1)):
        raise SensitivityError("--samples: at least 2; for sobol a power of two (e.g. 256)")
    if replicates < 2:
        raise SensitivityError("--replicates: at least 2, so the noise can be estimated")
