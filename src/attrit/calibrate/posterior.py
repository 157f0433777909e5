"""A fit's posterior: summaries, weighted draws and the posterior predictive check."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import stats

from attrit.calibrate.draws import simulate_draws
from attrit.calibrate.problem import Problem, weighted_quantiles
from attrit.evidence.observables import measure, observables

LEVEL = 0.90


def summary(problem: Problem, particles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per parameter: its prior, and the posterior median and 90% interval."""
    w = np.array([p["weight"] for p in particles])
    out = []
    for p in problem.parameters:
        values = np.array([q["theta"][p.path] for q in particles])
        lo, med, hi = weighted_quantiles(values, w, [(1 - LEVEL) / 2, 0.5, (1 + LEVEL) / 2])
        out.append(
            {
                "path": p.path,
                "prior": p.prior,
                "median": float(med),
                "low": float(lo),
                "high": float(hi),
                "current": _current(problem, p.path),
            }
        )
    return out


def _current(problem: Problem, path: str) -> float:
    from attrit.scenario.paths import get_path

    value = get_path(problem.scenario, path)
    return float(value[0] if isinstance(value, list) else value)


def ess(particles: list[dict[str, Any]]) -> float:
    """Effective sample size of the weighted particles (Kish)."""
    w = np.array([p["weight"] for p in particles])
    return float(w.sum() ** 2 / (w**2).sum())


def draws(particles: list[dict[str, Any]], n: int, seed: int) -> list[dict[str, float]]:
    """``n`` parameter sets resampled from the particles by weight (seeded)."""
    w = np.array([p["weight"] for p in particles])
    picks = np.random.default_rng(seed).choice(len(particles), size=n, p=w / w.sum())
    return [dict(particles[k]["theta"]) for k in picks]


def check(
    problem: Problem,
    particles: list[dict[str, Any]],
    n: int = 100,
    seed: int = 1,
    progress: Any = None,
    executor: Any = None,
) -> list[dict[str, Any]]:
    """Posterior predictive check of every evidence figure (weighed or not).

    ``n`` posterior draws are simulated with fresh random streams. For each figure: its
    simulated counterpart's 90% predictive interval, the same widened by the figure's own
    noise (its grade), and whether the reported figure lies inside each.
    """
    res = simulate_draws(
        problem.scenario,
        draws(particles, n, seed),
        problem.days,
        seed,
        progress=progress,
        executor=executor,
    )
    z = stats.norm.ppf((1 + LEVEL) / 2)
    out = []
    for o in observables(problem.scenario):
        if o.last >= problem.days:
            continue
        sim = measure(problem.scenario, o, res.record)
        sim = sim[np.isfinite(sim)]
        if sim.size == 0:
            q05 = q50 = q95 = math.nan
        else:
            q05, q50, q95 = np.quantile(sim, [(1 - LEVEL) / 2, 0.5, (1 + LEVEL) / 2])
        noise = z * o.scale if o.weighed else math.inf
        inside = bool(q05 <= o.reported <= q95)
        out.append(
            {
                "key": o.key,
                "evidence": o.evidence,
                "kind": o.kind,
                "reported": o.reported,
                "scale": o.scale if o.weighed else None,
                "q05": float(q05),
                "q50": float(q50),
                "q95": float(q95),
                "inside": inside,
                "inside_with_noise": bool(q05 - noise <= o.reported <= q95 + noise),
                "weighed": o.weighed,
            }
        )
    return out
