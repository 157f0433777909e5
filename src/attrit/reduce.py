"""Ensembles reduced as their replicates finish, instead of holding every daily record.

A run of many replicates holds replicates x days x units x variables numbers (a 1000-replicate
ensemble of a 25-unit force over a year: 2.3 GB). Most questions need far less: the mean and
spread of each variable, every replicate's figures on a few days, or the force's totals. Give
:func:`attrit.simulate` a reduction (``reduce=``) and it keeps one batch of replicates at a
time and folds each into the reduction as it finishes; the result is the reduction's, exact
(no approximate quantiles: where quantiles are wanted, keep the replicates on the days or at
the level they are wanted at).

>>> import attrit
>>> from attrit.reduce import AtDays, Moments
>>> sc = attrit.load("examples/toy.yaml")
>>> spread = attrit.simulate(sc, replicates=64, reduce=Moments())  # doctest: +SKIP
>>> spread["strength"].sel(stat="mean")                             # doctest: +SKIP

:class:`attrit.summary.Summarise` keeps what a run's summary needs (what ``attrit simulate
--no-store`` prints). Every reduction sees the batches in replicate order, whatever the
executor, so its result is the same for the same seed on any number of workers or threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    import xarray as xr

    from attrit.scenario.schema import ScenarioData


class Reduction(Protocol):
    """What :func:`attrit.simulate` folds each finished batch of replicates into."""

    def start(self, scenario: ScenarioData, replicates: np.ndarray, days: int) -> None:
        """Called once before the first batch, with every replicate's id."""

    def add(self, first: int, batch: np.ndarray) -> None:
        """Fold in a batch: replicates ``first`` ... (positions in the run).

        ``batch`` is a slice of the record: replicates x days x units x variables.
        """

    def result(self) -> Any:
        """What the run returns."""

    def nbytes(self, replicates: int, days: int, units: int) -> int:
        """Memory the reduction holds for such a run (for the run's memory check)."""

    # optional: ``ran(seed, people, wall_seconds)``, called after the last batch and before
    # ``result`` with the run's seed, the people in its plan and its wall time, for a
    # result that reports them (:class:`attrit.summary.Summarise`)


def finish(reduction: Reduction, seed: int, people: int, wall_seconds: float) -> Any:
    """The reduction's result once the last batch is in (its optional ``ran`` told first)."""
    if hasattr(reduction, "ran"):
        reduction.ran(seed, people, wall_seconds)
    return reduction.result()


def _coords(scenario: ScenarioData, days: int) -> dict[str, Any]:
    from attrit.results import date_of

    return {
        "day": np.arange(days),
        "date": ("day", [np.datetime64(date_of(scenario, d)) for d in range(days)]),
        "unit": [u.id for u in scenario.units],
    }


def _dataset(values: np.ndarray, dims: tuple[str, ...], coords: dict[str, Any]) -> xr.Dataset:
    """One variable per recorded variable, its units and long name as attributes."""
    import xarray as xr

    from attrit.model.registry import VARIABLES

    return xr.Dataset(
        {
            v.name: (dims, values[..., k], {"units": v.units, "long_name": v.long_name})
            for k, v in enumerate(VARIABLES)
        },
        coords=coords,
    )


@dataclass
class Moments:
    """Per day, unit and variable: the replicates' mean, standard deviation, min and max.

    Sums are accumulated in float64 batch by batch (Welford's update merged per batch, so a
    large mean does not swamp the variance); the result is an xarray Dataset with a ``stat``
    dimension (``mean``, ``sd``, ``min``, ``max``) and ``replicates`` as an attribute.
    """

    _n: int = 0
    _mean: np.ndarray | None = field(default=None, repr=False)
    _m2: np.ndarray | None = field(default=None, repr=False)
    _lo: np.ndarray | None = field(default=None, repr=False)
    _hi: np.ndarray | None = field(default=None, repr=False)
    _coords: dict[str, Any] = field(default_factory=dict, repr=False)

    def start(self, scenario: ScenarioData, replicates: np.ndarray, days: int) -> None:
        """As :meth:`Reduction.start`."""
        self._n, self._mean = 0, None
        self._coords = _coords(scenario, days)

    def add(self, first: int, batch: np.ndarray) -> None:
        """As :meth:`Reduction.add`."""
        k = batch.shape[0]
        mean = batch.mean(axis=0)
        m2 = ((batch - mean) ** 2).sum(axis=0)
        if self._mean is None:
            self._n, self._mean, self._m2 = k, mean, m2
            self._lo, self._hi = batch.min(axis=0), batch.max(axis=0)
            return
        n = self._n + k
        delta = mean - self._mean
        self._mean = self._mean + delta * (k / n)
        self._m2 = self._m2 + m2 + delta**2 * (self._n * k / n)
        self._lo = np.minimum(self._lo, batch.min(axis=0))
        self._hi = np.maximum(self._hi, batch.max(axis=0))
        self._n = n

    def result(self) -> xr.Dataset:
        """As :meth:`Reduction.result`."""
        sd = np.sqrt(self._m2 / (self._n - 1)) if self._n > 1 else np.full_like(self._m2, np.nan)
        values = np.stack([self._mean, sd, self._lo, self._hi])
        ds = _dataset(values, ("stat", "day", "unit"), {"stat": ["mean", "sd", "min", "max"],
                                                        **self._coords})  # fmt: skip
        ds.attrs["replicates"] = self._n
        return ds

    def nbytes(self, replicates: int, days: int, units: int) -> int:
        """As :meth:`Reduction.nbytes`."""
        from attrit.model.registry import N_RECORDED

        return 5 * days * units * N_RECORDED * 8


@dataclass
class AtDays:
    """Every replicate's record on the given days only: replicate x day x unit.

    Exact quantiles, paired differences and evidence observables on those days, for the
    memory of ``len(days)`` days.
    """

    days: list[int]
    _out: np.ndarray | None = field(default=None, repr=False)
    _coords: dict[str, Any] = field(default_factory=dict, repr=False)

    def start(self, scenario: ScenarioData, replicates: np.ndarray, days: int) -> None:
        """As :meth:`Reduction.start`."""
        from attrit.model.registry import N_RECORDED

        wrong = [d for d in self.days if not 0 <= d < days]
        if wrong:
            raise ValueError(f"AtDays: days {wrong} are outside the run's 0 ... {days - 1}")
        self._out = np.zeros((len(replicates), len(self.days), len(scenario.units), N_RECORDED))
        every = _coords(scenario, days)
        self._coords = {
            "replicate": replicates,
            "day": np.asarray(self.days),
            "date": ("day", np.asarray(every["date"][1])[self.days]),
            "unit": every["unit"],
        }

    def add(self, first: int, batch: np.ndarray) -> None:
        """As :meth:`Reduction.add`."""
        self._out[first : first + batch.shape[0]] = batch[:, self.days]

    def result(self) -> xr.Dataset:
        """As :meth:`Reduction.result`."""
        return _dataset(self._out, ("replicate", "day", "unit"), self._coords)

    def nbytes(self, replicates: int, days: int, units: int) -> int:
        """As :meth:`Reduction.nbytes`."""
        from attrit.model.registry import N_RECORDED

        return replicates * len(self.days) * units * N_RECORDED * 8


@dataclass
class ForceTotals:
    """Every replicate's daily record summed over the units: replicate x day.

    Sums are meaningful for counts and money; for means (``morale_mean``) and shares the
    result is a sum of the units' values, which the caller should not read as the force's.
    """

    _out: np.ndarray | None = field(default=None, repr=False)
    _coords: dict[str, Any] = field(default_factory=dict, repr=False)

    def start(self, scenario: ScenarioData, replicates: np.ndarray, days: int) -> None:
        """As :meth:`Reduction.start`."""
        from attrit.model.registry import N_RECORDED

        self._out = np.zeros((len(replicates), days, N_RECORDED))
        every = _coords(scenario, days)
        self._coords = {"replicate": replicates, "day": every["day"], "date": every["date"]}

    def add(self, first: int, batch: np.ndarray) -> None:
        """As :meth:`Reduction.add`."""
        self._out[first : first + batch.shape[0]] = batch.sum(axis=2)

    def result(self) -> xr.Dataset:
        """As :meth:`Reduction.result`."""
        return _dataset(self._out, ("replicate", "day"), self._coords)

    def nbytes(self, replicates: int, days: int, units: int) -> int:
        """As :meth:`Reduction.nbytes`."""
        from attrit.model.registry import N_RECORDED

        return replicates * days * N_RECORDED * 8


@dataclass
class Several:
    """Several reductions of one run, folded together; the result is a dict by name."""

    parts: dict[str, Any]

    def start(self, scenario: ScenarioData, replicates: np.ndarray, days: int) -> None:
        """As :meth:`Reduction.start`."""
        for part in self.parts.values():
            part.start(scenario, replicates, days)

    def add(self, first: int, batch: np.ndarray) -> None:
        """As :meth:`Reduction.add`."""
        for part in self.parts.values():
            part.add(first, batch)

    def ran(self, seed: int, people: int, wall_seconds: float) -> None:
        """Pass the run's seed, size and time to the parts that take them."""
        for part in self.parts.values():
            if hasattr(part, "ran"):
                part.ran(seed, people, wall_seconds)

    def result(self) -> dict[str, Any]:
        """As :meth:`Reduction.result`."""
        return {name: part.result() for name, part in self.parts.items()}

    def nbytes(self, replicates: int, days: int, units: int) -> int:
        """As :meth:`Reduction.nbytes`."""
        return sum(p.nbytes(replicates, days, units) for p in self.parts.values())
