"""Each evidence item as a function of the simulated daily record, in the report's own terms.

A report's figure and its simulated counterpart are put on the same scale, so that the
distance between them means the same thing for every kind:

- ``strength`` (men): members on the rolls on the date (mean over a period), summed over
  the units.
- ``desertion_count`` (men): desertions of every cause over the period (from day 0 to a
  date); with ``of``, scaled to a unit of that size: ``deserted / strength at the start x of``.
- ``leave_return`` (``returned``): ``went_on_leave x (men back from leave / men due back)``
  over the period.
- ``quota_fill`` (``sent``): ``quota x`` the mean over the period of men at the front / the
  unit's quota.
- ``group_departure`` (men): emigrations over the period.
- ``pay_arrears`` (months): members' mean arrears in months of wage on the date (mean over a
  period), weighted by strength.
- ``skim_fraction`` (share): skimmed / (skimmed + received) pay over the period.
- ``casualties`` (killed, wounded): deaths and new wounded over the period, one observable each.
- ``recruitment`` (men): recruits posted to the units over the period.

Units are the item's ``unit``/``units`` or every unit of its ``faction``. A figure's noise
scale is ``Grades.relative_scale(grade) x max(|figure|, 1)`` (``skim_fraction``: ``max(figure,
0.05)``); a scale of ``inf`` (grade F or 6) gives the figure no weight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from attrit.model.registry import DESERTION_CAUSES, RECORDED, index
from attrit.scenario.schema import Scenario

V_ARREARS_MEAN = index("arrears_mean_months")
V_EMIGRATED = index("emigrated")
V_FRONT = index("front")
V_KILLED = index("killed")
V_LEAVE_DUE = index("leave_due")
V_LEAVE_RETURNED = index("leave_returned")
V_PAY_RECEIVED = index("pay_received")
V_PAY_SKIMMED = index("pay_skimmed")
V_QUOTA = index("quota")
V_STRENGTH = index("strength")
V_WOUNDED_NEW = index("wounded_new")
V_RECRUITS = RECORDED.index("recruits_posted")
DESERTED = [RECORDED.index(c) for c in DESERTION_CAUSES]


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


def observables(sc: Scenario) -> list[Observable]:
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
        figures: list[tuple[str, float]]
        if ev.kind == "strength":
            figures = [(ev.id, ev.strength)]
        elif ev.kind == "desertion_count":
            figures = [(ev.id, ev.deserted)]
        elif ev.kind == "leave_return":
            figures = [(ev.id, ev.returned)]
        elif ev.kind == "quota_fill":
            figures = [(ev.id, ev.sent)]
        elif ev.kind == "group_departure":
            figures = [(ev.id, ev.count)]
        elif ev.kind == "pay_arrears":
            figures = [(ev.id, ev.months_unpaid)]
        elif ev.kind == "skim_fraction":
            figures = [(ev.id, ev.fraction)]
        elif ev.kind == "casualties":
            figures = [
                (f"{ev.id}.{part}", getattr(ev, part))
                for part in ("killed", "wounded")
                if getattr(ev, part) is not None
            ]
        else:
            figures = [(ev.id, ev.recruits)]
        floor = 0.05 if ev.kind == "skim_fraction" else 1.0
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


def _mean_over_days(values: np.ndarray) -> np.ndarray:
    """Mean over the period's days per replicate; nan, quietly, where no day is defined."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=1)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def measure(sc: Scenario, obs: Observable, record: np.ndarray) -> np.ndarray:
    """The simulated counterpart of ``obs`` in each replicate of ``record``.

    ``record`` is replicates x days x units x variables (``Results.record``). NaN where the
    counterpart is undefined (e.g. nobody was due back from leave in the period).
    """
    if obs.last >= record.shape[1]:
        raise ValueError(
            f"evidence '{obs.evidence}' ends on day {obs.last}; the run has {record.shape[1]} days"
        )
    ev = next(e for e in sc.evidence if e.id == obs.evidence)
    u = list(obs.units)
    # a count "by a date" runs from the start; a level "on a date" is that day's
    first = 0 if obs.dated and obs.kind in _FLOWS else obs.first
    span = record[:, first : obs.last + 1][:, :, u]  # replicates x days x units x vars

    def total(*variables: int) -> np.ndarray:
        return span[..., list(variables)].sum(axis=(1, 2, 3))

    if obs.kind == "strength":
        return span[..., V_STRENGTH].sum(axis=2).mean(axis=1)
    if obs.kind == "desertion_count":
        deserted = total(*DESERTED)
        if ev.of is None:
            return deserted
        # strength at the start of the period: the day before, or the members at day 0
        if first > 0:
            start = record[:, first - 1][:, u][..., V_STRENGTH].sum(axis=1)
        else:
            start = np.full(record.shape[0], float(sum(sc.units[k].strength.members for k in u)))
        return _ratio(deserted, start) * ev.of
    if obs.kind == "leave_return":
        return _ratio(total(V_LEAVE_RETURNED), total(V_LEAVE_DUE)) * ev.went_on_leave
    if obs.kind == "quota_fill":
        fill = _ratio(span[..., V_FRONT].sum(axis=2), span[..., V_QUOTA].sum(axis=2))
        return _mean_over_days(fill) * ev.quota
    if obs.kind == "group_departure":
        return total(V_EMIGRATED)
    if obs.kind == "pay_arrears":
        weight = span[..., V_STRENGTH]
        months = _ratio((span[..., V_ARREARS_MEAN] * weight).sum(axis=2), weight.sum(axis=2))
        return _mean_over_days(months)
    if obs.kind == "skim_fraction":
        skimmed = total(V_PAY_SKIMMED)
        return _ratio(skimmed, skimmed + total(V_PAY_RECEIVED))
    if obs.kind == "casualties":
        return total(V_KILLED if obs.key.endswith(".killed") else V_WOUNDED_NEW)
    return total(V_RECRUITS)


_FLOWS = {"desertion_count", "group_departure", "casualties", "recruitment", "skim_fraction"}
