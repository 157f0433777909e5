"""Each evidence item as a function of the simulated daily record, in the report's own terms.

A report's figure and its simulated counterpart are put on the same scale, so that the
distance between them means the same thing for every kind; each kind says how in its module
(:mod:`attrit.evidence.kinds`, listed in ``docs/calibration.md``).

Units are the item's ``unit``/``units`` or every unit of its ``faction``. A figure's noise
scale is ``Grades.relative_scale(grade) x max(|figure|, floor)`` (the kind's floor: 1, or 0.05
for a share); a scale of ``inf`` (grade F or 6) gives the figure no weight.
"""

from __future__ import annotations

import math
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

    @property
    def weighed(self) -> bool:
        """Whether the figure counts at all (grades F and 6 do not)."""
        return math.isfinite(self.scale)


def observables(sc: ScenarioData) -> list[Observable]:
    """The scenario's evidence as observables (one per figure)."""
    index = {u.id: k for k, u in enumerate(sc.units)}
    grades = sc.calibration.grades
    out = []
    for ev in sc.evidence:
        names = ev.subject_units or [u.id for u in sc.units if u.faction == ev.faction]
        units = tuple(index[n] for n in names)
        first = (ev.first_day - sc.calendar.start).days
        last = (ev.last_day - sc.calendar.start).days
        rel = grades.relative_scale(ev.reliability, ev.credibility, ev.approximate)
        declared = kind(ev.kind)
        figures = [(f"{ev.id}{suffix}", value) for suffix, value in declared.figures(ev)]
        floor = declared.floor
        for key, value in figures:
            out.append(
                Observable(
                    key,
                    ev.id,
                    ev.kind,
                    float(value),
                    rel * max(abs(float(value)), floor),
                    units,
                    first,
                    last,
                    ev.date is not None,
                )
            )
    return out


def measure(sc: ScenarioData, obs: Observable, record: np.ndarray) -> np.ndarray:
    """The simulated counterpart of ``obs`` in each replicate of ``record``.

    ``record`` is replicates x days x units x variables (``Results.record``). NaN where the
    counterpart is undefined (e.g. nobody was due back from leave in the period).
    """
    if obs.last >= record.shape[1]:
        raise ValueError(
            f"evidence '{obs.evidence}' ends on day {obs.last}; the run has {record.shape[1]} days"
        )
    ev = next(e for e in sc.evidence if e.id == obs.evidence)
    declared = kind(obs.kind)
    u = list(obs.units)
    # a count "by a date" runs from the start; a level "on a date" is that day's
    first = 0 if obs.dated and declared.by_date == "to_date" else obs.first
    window = Window(
        record=record,
        span=record[:, first : obs.last + 1][:, :, u],
        units=obs.units,
        first=first,
        members0=float(sum(sc.units[k].strength.members for k in u)),
    )
    return declared.observable(window, ev, obs.key.removeprefix(obs.evidence))
