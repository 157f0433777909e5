"""The simulator boundary of a fit: parameters and a seed in, the evidence's observables out.

:class:`Problem` holds a scenario, the parameters to infer with their priors and the weighed
observables. ``problem.simulate(theta, seed)`` and ``problem.observe(theta, seed)`` (the same
with each figure's reporting noise) are pure functions: the same parameters and seed give the
same observables, in any process, so pyabc may call them anywhere (local processes or Dask
workers) and an accepted particle can be re-run from its stored seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from attrit.errors import AttritError
from attrit.evidence.observables import Observable, measure, observables, observation_values
from attrit.scenario.calibration import FittedParameter
from attrit.scenario.schema import ScenarioData


class FitError(AttritError, ValueError):
    """A fit cannot start or continue (no parameters, no evidence, a bad prior)."""


@dataclass
class Problem:
    """What to infer (``parameters``) from what (``observed``), with which model."""

    scenario: ScenarioData
    parameters: list[FittedParameter]
    observed: list[Observable] = field(init=False)
    days: int = field(init=False)
    patching: str = field(init=False, default="")
    """Why each particle's plan is patched from one compiled plan, or compiled afresh."""
    _paths: Any = field(init=False, default=None, repr=False, compare=False)
    _patch: Any = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        from attrit.scenario.edit import set_path
        from attrit.scenario.errors import ScenarioError

        if not self.parameters:
            raise FitError(
                "no parameters to fit: give --param path=prior or a calibration.parameters "
                "section in the scenario"
            )
        self.observed = [o for o in observables(self.scenario) if o.weighed]
        if not self.observed:
            raise FitError("no evidence with weight to fit to (grades F and 6 carry none)")
        self.days = max(o.last for o in self.observed) + 1
        for p in self.parameters:
            prior = p.distribution
            for bound in (prior.low, prior.high):
                try:
                    set_path(self.scenario, p.path, bound)
                except (ScenarioError, ValueError) as exc:
                    raise FitError(
                        f"prior {prior} of {p.path}: {prior.show(bound)} is not a valid value "
                        f"({exc})"
                    ) from None
        from attrit.model.patch import plan_patch

        # an observation model's parameters change how figures are read, not the run
        bounds = {
            p.path: (p.distribution.low, p.distribution.high)
            for p in self.parameters
            if not is_observation(p.path)
        }
        self._patch, self.patching = plan_patch(self.scenario, self.days, bounds)
        self._paths = self._patch.paths if self._patch is not None else None

    def __getstate__(self) -> dict[str, Any]:
        # the compiled plan stays behind: each process compiles its own once (a big force's
        # plan is larger than the rest of the problem)
        return {**self.__dict__, "_patch": None}

    def plan_patch(self) -> Any:
        """The patchable plan (compiled on first use in this process), or None."""
        if self._patch is None and self._paths is not None:
            from attrit.model.patch import PlanPatch
            from attrit.model.plan import compile_plan

            self._patch = PlanPatch(compile_plan(self.scenario, self.days), self._paths)
        return self._patch

    @property
    def names(self) -> list[str]:
        """The fitted parameters' paths, in order."""
        return [p.path for p in self.parameters]

    def scenario_at(self, theta: dict[str, float]) -> ScenarioData:
        """The scenario with the fitted parameters set to ``theta`` (path -> value)."""
        from attrit.scenario.edit import set_paths

        return set_paths(self.scenario, theta)

    def simulate(self, theta: dict[str, float], seed: int) -> dict[str, float]:
        """One replicate at ``theta`` with ``seed``: each observable's simulated value.

        The plan is patched where :attr:`patching` allows (see :mod:`attrit.model.patch`),
        else compiled from the scenario with ``theta`` set; both give the same record.
        """
        from attrit.run import run_plan, simulate

        patch = self.plan_patch()
        if patch is None:
            res = simulate(self.scenario_at(theta), replicates=1, days=self.days, seed=seed)
            scenario, record = res.scenario, res.record
        else:
            scenario, record = self.scenario, run_plan(patch.plan_at(theta), self.days, seed)
        reading = observation_values(scenario, [theta])
        return {o.key: float(measure(scenario, o, record, reading)[0]) for o in self.observed}

    def observe(self, theta: dict[str, float], seed: int) -> dict[str, float]:
        """What a source of each figure's grade would report: simulated value plus noise.

        The noise is Gaussian with the figure's scale, drawn from ``seed`` too. Accepting
        particles whose noisy observables lie near the reported figures makes the ABC
        posterior, as epsilon shrinks, the posterior under this error model (Wilkinson 2013):
        a figure with a wide scale (a poor grade) pulls the parameters less.
        """
        clean = self.simulate(theta, seed)
        noise = np.random.default_rng([seed, 0x6E6F697365]).standard_normal(len(self.observed))
        return {
            o.key: clean[o.key] + o.scale * e for o, e in zip(self.observed, noise, strict=True)
        }

    def unpredictable(self, seed: int, replicates: int = 3) -> list[Observable]:
        """Figures with no value in any of ``replicates`` runs at the priors' medians.

        Such a figure puts every particle infinitely far (see :meth:`distance`), so a fit would
        spend its whole budget and accept nothing. Each replicate runs alone: the serial
        kernel, so no thread pool exists before a multicore sampler forks its workers.
        """
        centre = {p.path: p.distribution.median for p in self.parameters}
        runs = [self.simulate(centre, seed + k) for k in range(replicates)]
        return [o for o in self.observed if not any(math.isfinite(r[o.key]) for r in runs)]

    def reported(self) -> dict[str, float]:
        """Each observable's reported figure."""
        return {o.key: o.reported for o in self.observed}

    def distance(self, simulated: dict[str, Any], reported: dict[str, Any]) -> float:
        """Graded distance: root of the summed squared residuals, each over its noise scale.

        A bound counts only on its wrong side and a range only outside it (see
        :meth:`Observable.residual`). A figure that the simulation cannot produce (NaN) puts
        the particle infinitely far.
        """
        total = 0.0
        for o in self.observed:
            x = simulated[o.key]
            if x is None or not math.isfinite(x):
                return math.inf
            total += o.residual(x, reported[o.key]) ** 2
        return math.sqrt(total)


def is_observation(path: str) -> bool:
    """Whether ``path`` is an observation model's parameter (it does not reach the run)."""
    return path.startswith("observation.")


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: list[float]) -> np.ndarray:
    """Quantiles of a weighted sample (inverse of the weighted empirical CDF, interpolated)."""
    order = np.argsort(values)
    v, w = values[order], weights[order]
    cdf = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(qs, cdf, v)
