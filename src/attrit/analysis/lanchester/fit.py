"""Fitting a Lanchester law to a battle series, with profile-likelihood intervals.

Three methods:

- ``lsq`` (the classic): least squares between the observed and the deterministic trajectory,
  on each observed strength series and cumulative casualty series, each scaled by its spread.
  Under Gaussian errors, -2 log L = n log(SSE / n) + const.
- ``poisson``: each observed day's losses are Poisson with the trajectory's expected loss as
  mean; -2 log L is twice the negative Poisson log-likelihood.
- ``filter``: the likelihood of the stochastic battle itself, with unobserved strengths carried
  by an extended Kalman filter (:mod:`attrit.analysis.lanchester.filter`). The other two follow
  one deterministic trajectory, so their intervals leave out the battle's own randomness; this
  one's do not.

Intervals are profile-likelihood intervals (the parameter values whose profile -2 log L lies
within the chi-square(1) quantile of the minimum). A coefficient whose profile does not rise
that far within six orders of magnitude either side is reported as not identified, with no
number. AIC = -2 log L + 2k compares laws fitted by the same method to the same data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy import optimize, special, stats

from attrit.analysis.lanchester import filter as kalman
from attrit.analysis.lanchester.laws import Battle, simulate
from attrit.analysis.lanchester.series import Series
from attrit.model.lanchester import exponents

LEVEL = 0.90
METHODS = ("lsq", "poisson", "filter")
SPAN = 6.0  # decades searched either side of the estimate for a profile's end


class FitProblem(ValueError):
    """The series cannot be fitted (nothing observed, no initial strength)."""


@dataclass
class Setup:
    """A series with its initial strengths and reinforcements resolved."""

    series: Series
    battle: Battle
    used: list[str]

    @cached_property
    def filter_inputs(self) -> tuple[np.ndarray, ...]:
        """Initial strengths, arrivals, casualties and strengths as the filter's arrays."""
        b = self.battle
        arrivals = np.column_stack([b.arrivals("blue"), b.arrivals("red")])
        casualties, strengths = kalman.observations(self.series.values, b.days)
        return np.array([b.blue, b.red], float), arrivals, casualties, strengths


def setup(
    series: Series,
    blue_initial: float | None = None,
    red_initial: float | None = None,
    blue_reinforcements: np.ndarray | None = None,
    red_reinforcements: np.ndarray | None = None,
) -> Setup:
    """Resolve initial strengths (option, else the day-0 row) and reinforcements."""
    v = series.values
    initial = {}
    for side, given in (("blue", blue_initial), ("red", red_initial)):
        row0 = v.get(f"{side}_strength", np.array([np.nan]))[0]
        value = given if given is not None else row0
        if value is None or not np.isfinite(value):
            raise FitProblem(
                f"no initial {side} strength: give --{side}-initial N or a day-0 row with "
                f"{side}_strength"
            )
        initial[side] = float(value)
    arrivals = {}
    for side, given in (("blue", blue_reinforcements), ("red", red_reinforcements)):
        column = v.get(f"{side}_reinforcements")
        if given is not None and column is not None and series.observed(f"{side}_reinforcements"):
            raise FitProblem(f"{side} reinforcements given twice (column and option); keep one")
        r = given if given is not None else column
        arrivals[side] = None if r is None else np.nan_to_num(np.asarray(r, float))[1:]
    used = [
        c
        for c in ("blue_strength", "red_strength", "blue_casualties", "red_casualties")
        if series.observed(c)
    ]
    if not used:
        raise FitProblem("nothing observed after day 0: give strengths or casualties")
    battle = Battle(initial["blue"], initial["red"], series.days, arrivals["blue"],
                    arrivals["red"])  # fmt: skip
    return Setup(series, battle, used)


def _trajectory(law: str, a: float, b: float, s: Setup) -> dict[str, np.ndarray]:
    sim = simulate(law, a, b, s.battle)
    return {
        "blue_strength": sim["blue"],
        "red_strength": sim["red"],
        "blue_casualties": sim["blue_losses"],
        "red_casualties": sim["red_losses"],
    }


def _minus2loglik(law: str, method: str, s: Setup, log_a: float, log_b: float) -> float:
    if method == "filter":
        return kalman.minus2loglik(exponents(law), math.exp(log_a), math.exp(log_b),
                                   *s.filter_inputs)  # fmt: skip
    traj = _trajectory(law, math.exp(log_a), math.exp(log_b), s)
    if method == "poisson":
        total = 0.0
        for col in ("blue_casualties", "red_casualties"):
            if col not in s.used:
                continue
            x = s.series.values[col][1:]
            ok = np.isfinite(x)
            mu = np.maximum(traj[col][ok], 1e-12)
            total += float((mu - x[ok] * np.log(mu) + special.gammaln(x[ok] + 1)).sum())
        return 2 * total
    sse, n = 0.0, 0
    for col in s.used:
        obs = s.series.values[col][1:]
        sim = traj[col]
        if col.endswith("casualties"):  # compare cumulative losses: smoother, the classic way
            obs, sim = np.nancumsum(obs), np.cumsum(sim)
            obs = np.where(np.isfinite(s.series.values[col][1:]), obs, np.nan)
        ok = np.isfinite(obs)
        spread = max(float(np.nanstd(obs[ok])), 1.0)
        sse += float((((obs[ok] - sim[ok]) / spread) ** 2).sum())
        n += int(ok.sum())
    return n * math.log(max(sse, 1e-300) / n)


def _observations(s: Setup, method: str) -> int:
    cols = [c for c in s.used if method != "poisson" or c.endswith("casualties")]
    return sum(int(np.isfinite(s.series.values[c][1:]).sum()) for c in cols)


def _estimate(law: str, s: Setup, method: str) -> tuple[Any, np.ndarray, float]:
    """The objective, and the (log a, log b) minimising it with its value."""
    f = lambda x: _minus2loglik(law, method, s, x[0], x[1])  # noqa: E731
    # a coarse grid (three decades either side of a rough guess) guards against local minima
    guess = _guess(law, s)
    steps = np.linspace(-3, 3, 13) * math.log(10)
    grid = [(f(guess + np.array([u, w])), u, w) for u in steps for w in steps]
    starts = [guess + np.array([u, w]) for _, u, w in sorted(grid)[:3]]
    best = None
    for start in starts:
        r = optimize.minimize(f, start, method="Nelder-Mead",
                              options={"xatol": 1e-6, "fatol": 1e-8, "maxiter": 4000})  # fmt: skip
        if best is None or r.fun < best.fun:
            best = r
    return f, best.x, float(best.fun)


def fit(
    law: str,
    s: Setup,
    method: str = "lsq",
    intervals: str = "profile",
    draws: int = 200,
    seed: int = 1,
) -> dict[str, Any]:
    """Fit ``law``'s coefficients a, b; estimates, intervals, R^2 and AIC.

    ``intervals``: ``profile`` (profile likelihood) or ``bootstrap`` (parametric: ``draws``
    stochastic battles simulated at the estimate, observed like the data, refitted; their 5%
    and 95% quantiles). The bootstrap carries the battle's own randomness, which the profile of
    a trajectory fit leaves out.
    """
    if method not in METHODS:
        raise FitProblem(f"method must be one of {', '.join(METHODS)} (got '{method}')")
    if method == "poisson" and not any(c.endswith("casualties") for c in s.used):
        raise FitProblem("the poisson method needs observed daily casualties")
    if intervals not in ("profile", "bootstrap"):
        raise FitProblem(f"intervals must be profile or bootstrap (got '{intervals}')")
    f, x, m2ll = _estimate(law, s, method)
    threshold = stats.chi2.ppf(LEVEL, 1)
    coefficients = {}
    for k, name in enumerate(("a", "b")):
        coefficients[name] = _profile(f, x, k, m2ll, threshold)
    if intervals == "bootstrap":
        _bootstrap(law, s, method, x, draws, seed, coefficients)
    traj = _trajectory(law, math.exp(x[0]), math.exp(x[1]), s)
    return {
        "law": law,
        "method": method,
        "coefficients": coefficients,
        "r2": _r2(s, traj),
        "aic": m2ll + 2 * 2,
        "observations": _observations(s, method),
        "fitted": {k: v.tolist() for k, v in traj.items()},
    }


def _bootstrap(
    law: str,
    s: Setup,
    method: str,
    x: np.ndarray,
    draws: int,
    seed: int,
    coefficients: dict[str, dict[str, Any]],
) -> None:
    """Replace identified coefficients' intervals by parametric-bootstrap percentiles."""
    a, b = math.exp(x[0]), math.exp(x[1])
    estimates = []
    for k in range(draws):
        sim = simulate(law, a, b, s.battle, seed=seed * 1_000_003 + k)
        values = {}
        for col, simulated in (("blue_strength", sim["blue"]), ("red_strength", sim["red"]),
                               ("blue_casualties", sim["blue_losses"]),
                               ("red_casualties", sim["red_losses"])):  # fmt: skip
            observed = s.series.values.get(col)
            if observed is None:
                continue
            v = np.r_[observed[0], simulated]
            values[col] = np.where(np.isfinite(observed), v, np.nan)
        again = Setup(Series(s.series.days, values), s.battle, s.used)
        estimates.append(np.exp(_estimate(law, again, method)[1]))
    est = np.array(estimates)
    for k, name in enumerate(("a", "b")):
        c = coefficients[name]
        if c["identified"]:
            c["low"], c["high"] = (float(q) for q in np.quantile(est[:, k], [0.05, 0.95]))
            c["intervals"] = f"parametric bootstrap, {draws} battles"


def _guess(law: str, s: Setup) -> np.ndarray:
    """A start from the first observed day's loss rates (log scale)."""
    b0 = s.battle.blue + s.battle.arrivals("blue")[0]
    r0 = s.battle.red + s.battle.arrivals("red")[0]
    scale = {"square": (r0, b0), "linear": (r0 * b0, b0 * r0), "logarithmic": (b0, r0),
             "mixed": (r0, b0 * r0)}[law]  # fmt: skip
    rate = 0.01 * min(b0, r0) if min(b0, r0) > 0 else 1.0
    return np.log([rate / max(scale[0], 1e-9), rate / max(scale[1], 1e-9)])


def _profile(f, x: np.ndarray, k: int, m2ll: float, threshold: float) -> dict[str, Any]:
    """Profile interval of coefficient k (in log space), or 'not identified'."""
    other = 1 - k

    def profile(value: float) -> float:
        def g(y: np.ndarray) -> float:
            z = np.empty(2)
            z[k], z[other] = value, y[0]
            return f(z)

        r = optimize.minimize(g, [x[other]], method="Nelder-Mead",
                              options={"xatol": 1e-6, "fatol": 1e-8})  # fmt: skip
        return float(r.fun) - m2ll - threshold

    ends = []
    for direction in (-1.0, 1.0):
        far = x[k] + direction * SPAN * math.log(10)
        if profile(far) <= 0:
            return {"estimate": None, "low": None, "high": None, "identified": False,
                    "note": "the likelihood is flat: the data do not determine it"}  # fmt: skip
        ends.append(optimize.brentq(profile, *sorted((x[k], far)), xtol=1e-6))
    return {
        "estimate": math.exp(x[k]),
        "low": math.exp(min(ends)),
        "high": math.exp(max(ends)),
        "identified": True,
    }


def _r2(s: Setup, traj: dict[str, np.ndarray]) -> float:
    """Share of the observed series' variance the fitted trajectory explains (pooled)."""
    ss_res = ss_tot = 0.0
    for col in s.used:
        obs = s.series.values[col][1:]
        sim = traj[col]
        if col.endswith("casualties"):
            ok0 = np.isfinite(obs)
            obs, sim = np.where(ok0, np.nancumsum(obs), np.nan), np.cumsum(sim)
        ok = np.isfinite(obs)
        ss_res += float(((obs[ok] - sim[ok]) ** 2).sum())
        ss_tot += float(((obs[ok] - obs[ok].mean()) ** 2).sum())
    return 1.0 - ss_res / ss_tot if ss_tot > 0 else float("nan")
