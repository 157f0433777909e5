"""Each evidence item as a function of the simulated daily record, in the report's own terms.

A report's figure and its simulated counterpart are put on the same scale, so that the
distance between them means the same thing for every kind; each kind says how in its module
(:mod:`attrit.evidence.kinds`, listed in ``docs/calibration.md``).

Units are the item's ``unit``/``units`` or every unit of its ``faction``. A figure's noise
scale is ``Grades.relative_scale(grade) x max(|figure|, floor)`` (the kind's floor: 1, or 0.05
for a share), or the item's own ``noise`` (absolute, or relative to the figure); a scale of
``inf`` (grade F or 6) gives the figure no weight. How the figure is stated sets its residual:
a value's is the signed error over the scale, a bound's only counts on the wrong side of it,
a range's only outside it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from attrit.evidence.kind import Window
from attrit.evidence.kinds import kind
from attrit.scenario.schema import ScenarioData


@dataclass(frozen=True)
class Observable:
    """One reported figure and where its simulated counterpart lies."""

    key: str
    evidence: str
    kind: str
    reported: float
    scale: float
    units: tuple[int, ...]
    first: int
    last: int
    dated: bool
    bound: str = "point"  # point, lower, upper or interval (see EvidenceBase.bound)
    width: float = 0.0  # an interval's high end minus its low end (``reported``)

    @property
    def weighed(self) -> bool:
        """Whether the figure counts at all (grades F and 6 do not)."""
        return math.isfinite(self.scale)

    def residual(self, simulated, reported=None):
        """How far ``simulated`` lies from the statement, in noise scales (0 where it holds).

        ``reported`` replaces the figure (a pseudo-observation, keeping the statement's form
        and an interval's width). Works on floats and arrays alike.
        """
        r = self.reported if reported is None else reported
        error = (np.asarray(simulated, dtype=float) - r) / self.scale
        if self.bound == "lower":
            error = np.minimum(error, 0.0)
        elif self.bound == "upper":
            error = np.maximum(error, 0.0)
        elif self.bound == "interval":
            above = (np.asarray(simulated, dtype=float) - (r + self.width)) / self.scale
            error = np.where(error < 0, error, np.maximum(above, 0.0))
        return error if np.ndim(error) else float(error)


def _scale(ev, value: float, floor: float, rel: float) -> float:
    if not math.isfinite(rel):
        return math.inf  # grade F or 6: no weight, whatever the noise
    size = max(abs(value), floor)
    if ev.noise is None:
        return rel * size
    return ev.noise.absolute if ev.noise.absolute is not None else ev.noise.relative * size


def observables(sc: ScenarioData) -> list[Observable]:
    """The scenario's evidence as observables (one per figure)."""
    index = {u.id: k for k, u in enumerate(sc.units)}
    grades = sc.calibration.grades
    start = sc.calendar.start
    out = []
    for ev in sc.evidence:
        names = ev.subject_units or [u.id for u in sc.units if u.faction == ev.faction]
        units = tuple(index[n] for n in names)
        rel = grades.relative_scale(ev.reliability, ev.credibility, ev.approximate)
        declared = kind(ev.kind)
        floor = 0.05 if getattr(ev, "share", False) else declared.floor
        for suffix, value, *when in declared.figures(ev):
            first_day, last_day, dated = when[0] if when else (
                ev.first_day, ev.last_day, ev.date is not None
            )  # fmt: skip
            value = float(value)
            size = (value + ev.high) / 2 if ev.high is not None else value
            out.append(
                Observable(
                    f"{ev.id}{suffix}",
                    ev.id,
                    ev.kind,
                    value,
                    _scale(ev, size, floor, rel),
                    units,
                    (first_day - start).days,
                    (last_day - start).days,
                    dated,
                    "point" if suffix == ".change" else ev.bound_of(suffix.lstrip(".")),
                    ev.high - value if ev.high is not None else 0.0,
                )
            )
    return out


def observation_values(
    sc: ScenarioData, thetas: Sequence[Mapping[str, float]] | None = None, replicates: int = 1
) -> dict[str, np.ndarray]:
    """The observation models' parameters per replicate: ``measure.parameter`` -> values.

    Each is the scenario's value (``observation.<measure>.<parameter>``), or, where
    ``thetas`` (one mapping of path -> value per replicate) sets the path, that value.
    """
    n = len(thetas) if thetas is not None else replicates
    out = {}
    for name in type(sc.observation).model_fields:
        section = getattr(sc.observation, name)
        for field in type(section).model_fields:
            path = f"observation.{name}.{field}"
            default = float(getattr(section, field))
            values = [float(t.get(path, default)) for t in thetas] if thetas is not None else []
            out[f"{name}.{field}"] = np.array(values) if values else np.full(n, default)
    return out


def measure(
    sc: ScenarioData,
    obs: Observable,
    record: np.ndarray,
    observation: Mapping[str, np.ndarray] | None = None,
) -> np.ndarray:
    """The simulated counterpart of ``obs`` in each replicate of ``record``.

    ``record`` is replicates x days x units x variables (``Results.record``); ``observation``
    the observation models' parameters per replicate (:func:`observation_values`; the
    scenario's when None). NaN where the counterpart is undefined (e.g. nobody was due back
    from leave in the period).
    """
    if obs.last >= record.shape[1]:
        raise ValueError(
            f"evidence '{obs.evidence}' ends on day {obs.last}; the run has {record.shape[1]} days"
        )
    ev = next(e for e in sc.evidence if e.id == obs.evidence)
    declared = kind(obs.kind)
    u = list(obs.units)
    # a count "by a date" runs from the start; a level "on a date" is that day's
    first = 0 if obs.dated and declared.counts_to_date(ev) else obs.first
    window = Window(
        record=record,
        span=record[:, first : obs.last + 1][:, :, u],
        units=obs.units,
        first=first,
        members0=float(sum(sc.units[k].strength.members for k in u)),
        last=obs.last,
        observation=(
            observation
            if observation is not None
            else observation_values(sc, replicates=record.shape[0])
        ),
    )
    value = declared.observable(window, ev, obs.key.removeprefix(obs.evidence))
    scale = sc.calibration.scale
    return value * scale if scale != 1.0 and declared.is_extensive(ev) else value
