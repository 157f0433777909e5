"""A run's summary: per unit and reported day, quantiles of strength and front fill and more.

:meth:`attrit.results.Results.summary_rows` computes it from a whole daily record. A command
that prints only the summary need not keep that record: :class:`Summarise` is a reduction
(:mod:`attrit.reduce`) that keeps, as each batch of replicates finishes, every replicate's
figures on the reported days and the day its strength first fell below half, and gives a
:class:`Summary` with the same rows, exactly (same seed, same rows as the whole record's).

>>> import attrit
>>> from attrit.summary import Summarise
>>> sc = attrit.load("examples/toy.yaml")
>>> summary = attrit.simulate(sc, replicates=64, reduce=Summarise())  # doctest: +SKIP
>>> summary.summary_rows()[0]["strength_q50"]                          # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from attrit.model.registry import DESERTION_CAUSES, RECORDED

if TYPE_CHECKING:
    from attrit.scenario.schema import ScenarioData

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
SUMMARISED = (
    "strength",
    "front",
    "quota",
    "away",
    "absent",
    "paper_strength",
    "deserted_total",
    "killed_total",
)
"""The variables (recorded or derived) a summary row is computed from."""
FORCE = "(force)"
"""The ``unit`` of the rows for the whole force: every unit summed, replicate by replicate (a
name no unit can have: ids are lower-case letters, digits, ``-`` and ``_``)."""


def default_days(days: int) -> list[int]:
    """Days a summary reports by default: every 30th day and the last."""
    return sorted({*range(29, days, 30), days - 1})


def derived(record: np.ndarray, name: str) -> np.ndarray:
    """A recorded or derived variable (replicate x day x unit) of a record.

    Totals are cumulated over the record's days, so ``record`` must start on day 0.
    """
    at = RECORDED.index
    if name in ("deserted", "deserted_total"):
        deserted = sum(record[..., at(c)] for c in DESERTION_CAUSES)
        return deserted if name == "deserted" else np.cumsum(deserted, axis=1)
    if name in ("killed_total", "invalided_total"):
        return np.cumsum(record[..., at(name.removesuffix("_total"))], axis=1)
    if name == "front_fill":
        return fill(record[..., at("front")], record[..., at("quota")])
    if name == "away":
        return record[..., at("strength")] - record[..., at("front")] - record[..., at("reserve")]
    return record[..., at(name)]


def fill(front: np.ndarray, quota: np.ndarray) -> np.ndarray:
    """Men at the front over the quota; NaN where there is no quota."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(quota > 0, front / quota, np.nan)


def starts(scenario: ScenarioData) -> np.ndarray:
    """Members at the start of each unit and, last, of the force."""
    start = np.array([u.strength.members for u in scenario.units], float)
    return np.append(start, start.sum())


def with_force(a: np.ndarray) -> np.ndarray:
    """``a`` (replicate x day x unit) with the force's total as one more, last unit."""
    return np.concatenate([a, a.sum(axis=-1, keepdims=True)], axis=-1)


def first_below_half(strength: np.ndarray, scenario: ScenarioData) -> np.ndarray:
    """Per replicate and unit, then the force: the first day below half its start, or -1."""
    below = with_force(strength) < 0.5 * starts(scenario)[None, None, :]
    return np.where(below.any(axis=1), below.argmax(axis=1), -1)


def names(scenario: ScenarioData) -> list[str]:
    """The summary's units: each unit's id, then :data:`FORCE`."""
    return [*(u.id for u in scenario.units), FORCE]


def half_strength(first: np.ndarray, scenario: ScenarioData) -> dict[str, dict[str, float]]:
    """Per unit and the force: the share of replicates ever below half, and the median day.

    The day is the first below half, its median over the replicates that fell below.
    """
    rows = {}
    for k, unit in enumerate(names(scenario)):
        hit = first[:, k][first[:, k] >= 0]
        rows[unit] = {
            "p_ever_below_half": float((first[:, k] >= 0).mean()),
            "day_below_half_q50": float(np.median(hit)) if hit.size else np.nan,
        }
    return rows


def rows(
    scenario: ScenarioData, days: list[int], cuts: dict[str, np.ndarray], first: np.ndarray
) -> list[dict[str, Any]]:
    """Summary rows from each variable's cut (replicate x ``days`` x unit).

    One row per unit and day, then the force's (:data:`FORCE`) on each day.
    ``p_below_half`` is the share of replicates below half their start on that day;
    ``p_ever_below_half`` and ``day_below_half_q50`` are about the whole run.
    """
    start = np.datetime64(scenario.calendar.start, "D")
    half = half_strength(first, scenario)
    members = starts(scenario)
    cuts = {v: with_force(a) for v, a in cuts.items()}
    cuts["front_fill"] = fill(cuts["front"], cuts["quota"])
    # the force holds its quotas when every unit holds its own: men do not move between units
    met = cuts["front"] >= cuts["quota"]
    met[..., -1] = met[..., :-1].all(axis=-1)
    out = []
    for k, unit in enumerate(names(scenario)):
        for j, d in enumerate(days):
            cut = {v: a[:, j, k] for v, a in cuts.items()}
            row: dict[str, Any] = {
                "unit": unit,
                "day": d,
                "date": str(start + np.timedelta64(d, "D"))[:10],
                "quota": int(np.median(cut["quota"])),
            }
            for var in ("strength", "front_fill"):
                qs = (
                    np.nanquantile(cut[var], QUANTILES)
                    if var == "strength" or np.isfinite(cut[var]).any()
                    else [np.nan] * len(QUANTILES)
                )
                for q, v in zip(QUANTILES, qs, strict=True):
                    row[f"{var}_q{int(q * 100):02d}"] = float(v)
            row["p_quota_met"] = float(met[:, j, k].mean())
            row["away_q50"] = float(np.median(cut["away"]))
            row["absent_q50"] = float(np.median(cut["absent"]))
            row["paper_strength_q50"] = float(np.median(cut["paper_strength"]))
            row["deserted_total_q50"] = float(np.median(cut["deserted_total"]))
            row["killed_total_q50"] = float(np.median(cut["killed_total"]))
            row["p_below_half"] = float((cut["strength"] < 0.5 * members[k]).mean())
            row.update(half[unit])
            out.append(row)
    return out


def clean(rows_: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as plain data: NaN becomes None (for JSON)."""
    return [
        {k: None if isinstance(v, float) and np.isnan(v) else v for k, v in row.items()}
        for row in rows_
    ]


def person_days_per_second(run: Any) -> float:
    """Person-days simulated per wall second: people in the plan x days x replicates."""
    return run.people * run.days * len(run.replicates) / max(run.wall_seconds, 1e-9)


def metadata(run: Any) -> dict[str, Any]:
    """How a run (its results or its summary) was made: enough to reproduce it."""
    from attrit.version import __version__

    missing = getattr(run, "missing", ())
    return {
        "scenario": run.scenario.name,
        "scenario_hash": run.scenario.hash(),
        "seed": run.seed,
        "replicates": len(run.replicates),
        "days": run.days,
        "start": str(run.scenario.calendar.start),
        "attrit_version": __version__,
        "wall_seconds": round(run.wall_seconds, 3),
        **({"missing_variables": ", ".join(missing)} if missing else {}),
    }


@dataclass
class Summary:
    """What :class:`Summarise` gives: a run's summary without its daily record."""

    scenario: ScenarioData
    replicates: np.ndarray = field(repr=False)
    days: int
    report_days: list[int]
    cuts: dict[str, np.ndarray] = field(repr=False)
    first: np.ndarray = field(repr=False)
    seed: int | None = None
    wall_seconds: float = 0.0
    people: int = 0

    def summary_rows(self, days: list[int] | None = None) -> list[dict[str, Any]]:
        """As :meth:`attrit.results.Results.summary_rows`, on the days that were kept."""
        days = self.report_days if days is None else days
        missing = [d for d in days if d not in self.report_days]
        if missing:
            raise ValueError(f"days {missing} were not kept (kept: {self.report_days})")
        at = [self.report_days.index(d) for d in days]
        return rows(self.scenario, days, {v: a[:, at] for v, a in self.cuts.items()}, self.first)

    @property
    def person_days_per_second(self) -> float:
        """Simulated person-days (people in the plan x days x replicates) per wall second."""
        return person_days_per_second(self)

    def metadata(self) -> dict[str, Any]:
        """How the run was made (as :meth:`attrit.results.Results.metadata`)."""
        return metadata(self)

    def to_dict(self, days: list[int] | None = None) -> dict[str, Any]:
        """The summary as plain data (for ``--json``)."""
        return {"run": self.metadata(), "summary": clean(self.summary_rows(days))}


@dataclass
class Summarise:
    """The reduction that keeps what a summary needs, on ``days`` (default: every 30th, last).

    It holds replicates x days x units x 8 numbers, not the whole record.
    """

    days: list[int] | None = None
    _summary: Summary | None = field(default=None, repr=False)

    def start(self, scenario: ScenarioData, replicates: np.ndarray, days: int) -> None:
        """As :meth:`attrit.reduce.Reduction.start`."""
        report = default_days(days) if self.days is None else sorted(set(self.days))
        wrong = [d for d in report if not 0 <= d < days]
        if wrong:
            raise ValueError(f"Summarise: days {wrong} are outside the run's 0 ... {days - 1}")
        n, units = len(replicates), len(scenario.units)
        self._summary = Summary(
            scenario,
            replicates,
            days,
            report,
            {v: np.zeros((n, len(report), units)) for v in SUMMARISED},
            np.full((n, units + 1), -1),
        )

    def add(self, first: int, batch: np.ndarray) -> None:
        """As :meth:`attrit.reduce.Reduction.add` (the batch holds every day from 0)."""
        s = self._summary
        at = slice(first, first + batch.shape[0])
        for v in SUMMARISED:
            s.cuts[v][at] = derived(batch, v)[:, s.report_days]
        s.first[at] = first_below_half(batch[..., RECORDED.index("strength")], s.scenario)

    def ran(self, seed: int, people: int, wall_seconds: float) -> None:
        """As :meth:`attrit.reduce.Reduction.ran`: the run's seed, size and time."""
        s = self._summary
        s.seed, s.people, s.wall_seconds = seed, people, wall_seconds

    def result(self) -> Summary:
        """As :meth:`attrit.reduce.Reduction.result`."""
        return self._summary

    def nbytes(self, replicates: int, days: int, units: int) -> int:
        """As :meth:`attrit.reduce.Reduction.nbytes`."""
        kept = len(default_days(days) if self.days is None else set(self.days))
        return replicates * units * (kept * len(SUMMARISED) + 1) * 8
