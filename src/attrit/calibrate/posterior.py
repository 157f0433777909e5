"""A fit's posterior: summaries, weighted draws and the posterior predictive check."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from scipy import stats

from attrit.calibrate.draws import simulate_draws
from attrit.calibrate.problem import Problem, weighted_quantiles
from attrit.evidence.observables import measure, observables, observation_values

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
    from attrit.scenario.calibration import is_date
    from attrit.scenario.paths import get_path

    value = get_path(problem.scenario, path)
    value = value[0] if isinstance(value, list) else value
    # a date is fitted as its day number (see Prior)
    return float(dt.date.fromisoformat(value).toordinal() if is_date(value) else value)


def ess(particles: list[dict[str, Any]]) -> float:
    """Effective sample size of the weighted particles (Kish)."""
    return kish(np.array([p["weight"] for p in particles]))


def kish(weights: np.ndarray) -> float:
    """Kish's effective sample size of importance weights: (sum w)^2 / sum w^2."""
    return float(weights.sum() ** 2 / (weights**2).sum())


def draws(particles: list[dict[str, Any]], n: int, seed: int) -> list[dict[str, float]]:
    """``n`` parameter sets resampled from the particles by weight (seeded)."""
    w = np.array([p["weight"] for p in particles])
    picks = np.random.default_rng(seed).choice(len(particles), size=n, p=w / w.sum())
    return [dict(particles[k]["theta"]) for k in picks]


OUTER = 0.05
"""A figure is flagged when it lies in the outer 5% of its predictive distribution."""


def check(
    problem: Problem,
    particles: list[dict[str, Any]],
    n: int = 100,
    seed: int = 1,
    progress: Any = None,
    executor: Any = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Posterior predictive check of every evidence figure (weighed or not), and of the fit.

    ``n`` posterior draws are simulated with fresh random streams. For each figure: its
    simulated counterpart's 90% predictive interval, the same widened by the figure's own
    noise (its grade), whether the reported figure lies inside each; where the figure falls in
    the predictive distribution of what a source of its grade would report (``quantile``: the
    share of predictive reports below it), the standardised distance of the predictive median
    from the statement (``z``, its residual: 0 where a bound or range holds), and a flag when
    the statement lies in the outer 5% on either side. The second value is the whole fit's
    goodness of fit (:func:`goodness_of_fit`).
    """
    thetas = draws(particles, n, seed)
    res = simulate_draws(
        problem.scenario, thetas, problem.days, seed, progress=progress, executor=executor
    )
    reading = observation_values(problem.scenario, thetas)
    noise_rng = np.random.default_rng([seed, 0x707063])
    z90 = stats.norm.ppf((1 + LEVEL) / 2)
    out, simulated = [], {}
    for o in observables(problem.scenario):
        if o.last >= problem.days:
            continue
        raw = measure(problem.scenario, o, res.record, reading)
        simulated[o.key] = raw
        sim = raw[np.isfinite(raw)]
        if sim.size == 0:
            q05 = q50 = q95 = math.nan
        else:
            q05, q50, q95 = np.quantile(sim, [(1 - LEVEL) / 2, 0.5, (1 + LEVEL) / 2])
        noise = z90 * o.scale if o.weighed else math.inf
        reports = sim + (o.scale * noise_rng.standard_normal(sim.size) if o.weighed else 0.0)
        low_q, high_q = (
            _share_below(reports, o.reported),
            _share_below(reports, o.reported + o.width),
        )
        out.append(
            {
                "key": o.key,
                "evidence": o.evidence,
                "kind": o.kind,
                "stated": o.bound,
                "reported": o.reported,
                "high": o.reported + o.width if o.bound == "interval" else None,
                "scale": o.scale if o.weighed else None,
                "q05": float(q05),
                "q50": float(q50),
                "q95": float(q95),
                "inside": _holds(o, q05, q95),
                "inside_with_noise": _holds(o, q05 - noise, q95 + noise),
                "quantile": low_q,
                "z": float(o.residual(q50)) if o.weighed and math.isfinite(q50) else math.nan,
                "flag": _flag(o.bound, low_q, high_q) if o.weighed else "",
                "weighed": o.weighed,
            }
        )
    return out, goodness_of_fit(problem, simulated, seed)


def _share_below(reports: np.ndarray, value: float) -> float:
    """Where ``value`` lies among ``reports``: the share below it (ties count half)."""
    if reports.size == 0:
        return math.nan
    return float(np.mean(reports < value) + 0.5 * np.mean(reports == value))


def _holds(o: Any, low: float, high: float) -> bool:
    """Whether the statement is consistent with the interval ``low..high``."""
    if o.bound == "lower":
        return bool(high >= o.reported)
    if o.bound == "upper":
        return bool(low <= o.reported)
    return bool(low <= o.reported + o.width and o.reported <= high)


def _flag(bound: str, low_q: float, high_q: float) -> str:
    """``high`` when the model predicts well above the statement, ``low`` well below, else ''.

    A lower bound can only be contradicted by a model that stays below it, an upper bound by
    one that stays above it; a range by one that stays on either side of it.
    """
    if not math.isfinite(low_q):
        return ""
    too_low = low_q > 1 - OUTER  # nearly every predictive report below the figure
    too_high = high_q < OUTER
    if bound == "lower":
        return "low" if too_low else ""
    if bound == "upper":
        return "high" if too_high else ""
    return "low" if too_low else "high" if too_high else ""


def goodness_of_fit(
    problem: Problem, simulated: dict[str, np.ndarray], seed: int
) -> dict[str, Any]:
    """One statistic for the whole fit, with its reference distribution.

    The statistic is the mean, over the posterior predictive replicates, of the squared graded
    distance (the fit's own distance, bounds and ranges included) from each replicate to the
    reported figures. Its reference distribution comes from the same replicates: each in turn,
    reported with its figures' noise, plays the reported figures (a pseudo-observation of the
    same forms), and the statistic is computed against the others. The p-value is the share
    of the reference at or above the observed statistic (a posterior predictive p-value with
    the distance as discrepancy; the data were used to fit, so it is conservative: a small
    value is a strong sign of misfit, a large one no proof of fit).
    """
    weighed = [o for o in problem.observed if o.key in simulated]
    if not weighed:
        return {"statistic": math.nan, "p_value": math.nan, "replicates": 0, "figures": 0}
    sims = np.column_stack([simulated[o.key] for o in weighed])
    sims = sims[np.isfinite(sims).all(axis=1)]
    n = sims.shape[0]
    if n < 3:
        return {"statistic": math.nan, "p_value": math.nan, "replicates": n,
                "figures": len(weighed)}  # fmt: skip
    scale = np.array([o.scale for o in weighed])
    reported = np.array([o.reported for o in weighed])
    observed = _mean_distance(weighed, sims, reported[None, :])[0]
    pseudo = sims + scale * np.random.default_rng([seed, 0x676F66]).standard_normal(sims.shape)
    reference = _mean_distance(weighed, sims, pseudo, leave_out=True)
    return {
        "statistic": float(observed),
        "reference_median": float(np.median(reference)),
        "reference_q95": float(np.quantile(reference, 0.95)),
        "p_value": float((1 + np.sum(reference >= observed)) / (n + 1)),
        "replicates": int(n),
        "figures": len(weighed),
    }


def _mean_distance(
    weighed: list[Any], sims: np.ndarray, reports: np.ndarray, leave_out: bool = False
) -> np.ndarray:
    """Per row of ``reports``: the mean squared graded distance of the ``sims`` to it.

    With ``leave_out``, row ``j`` of ``reports`` came from replicate ``j``, which is left out
    of its own mean.
    """
    total = np.zeros((reports.shape[0], sims.shape[0]))
    for k, o in enumerate(weighed):
        total += o.residual(sims[None, :, k], reports[:, k : k + 1]) ** 2
    if leave_out:
        np.fill_diagonal(total, np.nan)
        return np.nanmean(total, axis=1)
    return total.mean(axis=1)
