"""Dated schedules: a parameter that changes on dates, in steps or along straight lines.

A schedule names one parameter path (``units.aah-1.rotation.quota``; ``*`` and patterns name
several) and dated points. Before its first date the parameter keeps the scenario's own value;
``steps`` holds each point's value from its date until the next; ``linear`` moves day by day
in a straight line from one point to the next and holds the last value after it. A whole
number parameter (a quota, days on duty) takes the nearest whole number on each day.

What can change on a date is what the engine reads day by day: every field of a mechanism's
parameter block (``units.ID.desertion.hazard_per_day``, ``factions.ID.pay.skim_rate``,
``morale.leader_weight``) and a unit's province (its pull toward emigration). A unit's
strength lays out its men on the first day, funding and the pull are dated series already,
and an intervention has its own dates, so those are refused with the way to say them.

The run is cut into *epochs*, the stretches of days on which every schedule holds one value;
:func:`epochs` gives the scenario of each one, which the plan compiles into the arrays the
kernels read on those days (:mod:`attrit.model.plan`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import pairwise
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from attrit.scenario.base import Id, Strict

Loc = tuple[str | int, ...]

Value = int | float | str

Checks = Callable[[Any], list[tuple[Loc, str]]]


class SchedulePoint(Strict):
    """A date and the value the parameter takes from it."""

    date: dt.date
    value: Value = Field(description="A number, or a province for a unit's province.")


class Schedule(Strict):
    """A parameter path whose value changes on dates (see :mod:`attrit.scenario.schedules`)."""

    id: Id
    path: str = Field(min_length=1, max_length=300)
    shape: Literal["steps", "linear"] = Field(
        "steps",
        description="steps: each value holds from its date; linear: straight lines between "
        "the points, day by day.",
    )
    points: list[SchedulePoint] = Field(min_length=1, max_length=3650)
    note: str = Field("", max_length=5000)

    @model_validator(mode="after")
    def _ordered(self) -> Schedule:
        for before, after in pairwise(self.points):
            if after.date <= before.date:
                raise ValueError(
                    f"dates must increase strictly; {after.date} follows {before.date} "
                    "(sort the points and remove repeated dates)"
                )
        if self.shape == "linear" and any(isinstance(p.value, str) for p in self.points):
            raise ValueError("a linear schedule moves between numbers; use steps for a province")
        return self

    def value_on(self, day: dt.date) -> Value | None:
        """The scheduled value on ``day``; None before the first date (the scenario's own)."""
        pts = self.points
        if day < pts[0].date:
            return None
        if self.shape == "steps":
            return next(p.value for p in reversed(pts) if p.date <= day)
        for a, b in pairwise(pts):
            if day < b.date:
                w = (day - a.date).days / (b.date - a.date).days
                return a.value + w * (b.value - a.value)  # type: ignore[operator]
        return pts[-1].value


def _blocks() -> tuple[set[str], set[str], set[str]]:
    """The mechanisms' parameter blocks of units, of factions and of the force."""
    from attrit.model.registry import MECHANISMS

    homes = [home for m in MECHANISMS for home in m.params]
    units = {h.removeprefix("units.*.") for h in homes if h.startswith("units.*.")}
    factions = {h.removeprefix("factions.*.") for h in homes if h.startswith("factions.*.")}
    force = {h for h in homes if "." not in h}
    return units, factions, force


FIXED = {
    "strength": "a unit's strength lays out its men on the first day; give postings with a "
    "training_courses intervention or send men home with a discharge",
    "funding": "funding is a dated series already: give it more points",
    "exogenous": "the pull is a dated series already: give it more points",
    "interventions": "an intervention has its own start and end: give it those",
    "calendar": "the calendar is the run itself",
    "schedules": "a schedule cannot move another schedule",
}


def why_fixed(loc: Loc) -> str | None:
    """Why the value at ``loc`` cannot change on a date, or None when it can."""
    units, factions, force = _blocks()
    if loc[0] in ("units", "factions") and len(loc) > 2:
        rest = loc[2:]
        blocks = units if loc[0] == "units" else factions
        if loc[0] == "units" and rest == ("province",):
            return None
        if len(rest) == 2 and rest[0] in blocks:
            return None
        head = str(rest[0])
    else:
        if len(loc) == 2 and loc[0] in force:
            return None
        head = str(loc[0])
    reason = FIXED.get(head, "it is not a parameter the engine reads day by day")
    return (
        f"it cannot change on a date: {reason}. Schedules change a mechanism's parameters "
        "(units.ID.BLOCK.FIELD, factions.ID.BLOCK.FIELD, BLOCK.FIELD) and units.ID.province"
    )


def _as_field(old: Any, value: Value) -> Any:
    """A scheduled value as the field holds it: whole numbers for a whole-number field."""
    if isinstance(old, int) and not isinstance(old, bool) and isinstance(value, float):
        return round(value)
    return value


def with_values(sc: Any, changes: dict[str, Value]) -> Any:
    """``sc`` with every ``path: value`` of ``changes`` set, validated by the schema only.

    No schedules or ``set`` interventions are left: what they do is in ``changes``.
    """
    from attrit.scenario.paths import resolve

    data = sc.to_data()
    data["schedules"] = []
    data["interventions"] = [iv for iv in data["interventions"] if iv["kind"] != "set"]
    for path, value in changes.items():
        for loc in resolve(data, path):  # by location: each field keeps its own number type
            parent = data
            for key in loc[:-1]:
                parent = parent[key]
            parent[loc[-1]] = _as_field(parent[loc[-1]], value)
    return type(sc).model_validate(data)


def day_changes(sc: Any, days: int) -> list[dict[str, Value]]:
    """Each day's scheduled values, path by path (none before a schedule starts).

    An active ``set`` intervention gives its parameter its ``size`` from its start to its end
    (when the interventions are switched on), on top of a schedule.
    """
    sets = [iv for iv in sc.interventions if iv.kind == "set" and iv.active]
    if not sc.mechanisms.interventions:
        sets = []
    out = []
    for t in range(days):
        day = sc.calendar.start + dt.timedelta(days=t)
        changes = {s.path: v for s in sc.schedules if (v := s.value_on(day)) is not None}
        for iv in sets:
            if iv.start <= day and (iv.end is None or day <= iv.end):
                changes[iv.path] = iv.size
        out.append(changes)
    return out


def epochs(sc: Any, days: int) -> tuple[list[int], list[Any]]:
    """Each day's epoch and each epoch's scenario, for a run of ``days`` days.

    Epoch 0 is the first day's; a new epoch begins on each day the scheduled values
    (:func:`day_changes`) differ from every epoch seen before.
    """
    if not sc.schedules and not any(iv.kind == "set" for iv in sc.interventions):
        return [0] * days, [sc]
    keys: dict[tuple[Any, ...], int] = {}
    scenarios: list[Any] = []
    day_epoch = []
    for changes in day_changes(sc, days):
        key = tuple(sorted(changes.items()))
        if key not in keys:
            keys[key] = len(scenarios)
            scenarios.append(with_values(sc, changes))
        day_epoch.append(keys[key])
    return day_epoch, scenarios


def _locations(sc: Any, data: dict[str, Any], path: str) -> tuple[list[Loc], str | None]:
    """Where ``path`` points, or why it cannot change on a date."""
    from attrit.scenario.paths import PathError, resolve

    try:
        locs = resolve(data, path)
    except PathError as exc:
        return [], str(exc)
    fixed = next((why for loc in locs if (why := why_fixed(loc))), None)
    return locs, (f"'{path}': {fixed}" if fixed else None)


def _value_problem(
    sc: Any, path: str, value: Value, known: set[str], cross_checks: Checks
) -> str | None:
    """What is wrong with ``value`` at ``path``, checked as the scenario's own would be.

    Problems the scenario has without it (``known``) are its own, reported where they are.
    """
    try:
        new = [m for _, m in cross_checks(with_values(sc, {path: value})) if m not in known]
    except ValidationError as exc:
        new = [exc.errors(include_url=False)[0]["msg"]]
    return f"{value!r} for '{path}': {new[0]}" if new else None


def schedule_checks(sc: Any, cross_checks: Checks) -> list[tuple[Loc, str]]:
    """Schedules and ``set`` interventions: parameters that can change, valid values and dates.

    Each value is checked by the scenario's own ``cross_checks`` (passed in: they call this).
    """
    problems: list[tuple[Loc, str]] = []
    data = sc.to_data()
    known = {m for _, m in cross_checks(with_values(sc, {}))}
    owner: dict[Loc, int] = {}
    for i, s in enumerate(sc.schedules):
        here: Loc = ("schedules", i)
        locs, why = _locations(sc, data, s.path)
        if why:
            problems.append(((*here, "path"), why))
            continue
        twice = [owner[loc] for loc in locs if loc in owner]
        if twice:
            problems.append(
                (
                    (*here, "path"),
                    f"'{s.path}' is scheduled by schedule {twice[0] + 1} too; give one "
                    "schedule per parameter (merge their points)",
                )
            )
        owner.update(dict.fromkeys(locs, i))
        wants_text = locs[0][-1] == "province"
        for k, p in enumerate(s.points):
            where = (*here, "points", k)
            if p.date < sc.calendar.start:
                problems.append(
                    (
                        (*where, "date"),
                        f"{p.date} is before the calendar starts ({sc.calendar.start}); "
                        "set the scenario's own value for the first day instead",
                    )
                )
            if isinstance(p.value, str) != wants_text:
                need = "a province" if wants_text else "a number"
                problems.append(((*where, "value"), f"'{s.path}' takes {need}"))
            elif wrong := _value_problem(sc, s.path, p.value, known, cross_checks):
                problems.append(((*where, "value"), wrong))
    for i, iv in enumerate(sc.interventions):
        if iv.kind != "set" or iv.path is None:
            continue
        locs, why = _locations(sc, data, iv.path)
        if not why and locs[0][-1] == "province":
            why = f"'{iv.path}' is a province: move units with a redeploy"
        if why:
            problems.append((("interventions", i, "path"), why))
        elif wrong := _value_problem(sc, iv.path, iv.size, known, cross_checks):
            problems.append((("interventions", i, "size"), wrong))
    return problems


def described(sc: Any) -> list[dict[str, str]]:
    """Each schedule as text for a table: its parameter, the value before it, its points."""
    from attrit.scenario.paths import get_path

    rows = []
    for s in sc.schedules:
        before = get_path(sc, s.path)
        if isinstance(before, list):  # a wildcard: one value, or the spread of them
            before = before[0] if len(set(before)) == 1 else f"{min(before)} to {max(before)}"
        points = "; ".join(
            f"{p.date}: {p.value:g}" if not isinstance(p.value, str) else f"{p.date}: {p.value}"
            for p in s.points
        )
        rows.append(
            {
                "id": s.id,
                "path": s.path,
                "before": str(before),
                "shape": "straight lines" if s.shape == "linear" else "steps",
                "points": points,
                "note": s.note,
            }
        )
    return rows
