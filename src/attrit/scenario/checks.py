"""Checks that span fields: references, sizes, dates and duplicate ids.

Each check yields ``(loc, message)``, where ``loc`` is the position of the offending value
in the raw data (keys and list indices), so the loader can point at its line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from attrit.scenario.schema import ScenarioData

Loc = tuple[str | int, ...]


def _duplicates(items: list[Any], section: str) -> Iterator[tuple[Loc, str]]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            yield (
                (section, i, "id"),
                (
                    f"duplicate id '{item.id}' (first used by item {seen[item.id] + 1} of "
                    f"{section}; ids must be unique)"
                ),
            )
        else:
            seen[item.id] = i


def _in_calendar(day: dt.date, sc: ScenarioData) -> bool:
    return sc.calendar.start <= day <= sc.calendar.end


def cross_checks(sc: ScenarioData) -> list[tuple[Loc, str]]:
    """All cross-field problems of a scenario that passed field validation."""
    problems: list[tuple[Loc, str]] = []
    for section in ("factions", "units", "interventions", "schedules", "sources", "evidence"):
        problems.extend(_duplicates(getattr(sc, section), section))

    faction_ids = {f.id for f in sc.factions}
    unit_ids = {u.id for u in sc.units}
    source_ids = {s.id for s in sc.sources}
    provinces = {u.province for u in sc.units}
    provinces |= {iv.province for iv in sc.interventions if iv.province is not None}
    cal = f"{sc.calendar.start} to {sc.calendar.end}"

    for i, u in enumerate(sc.units):
        if u.faction not in faction_ids:
            problems.append(
                (
                    ("units", i, "faction"),
                    (f"unknown faction '{u.faction}' (factions: {', '.join(sorted(faction_ids))})"),
                )
            )
        rot = u.rotation
        members = u.strength.members
        if rot.quota > members:
            problems.append(
                (
                    ("units", i, "rotation", "quota"),
                    (f"quota ({rot.quota}) is larger than the unit ({members} members)"),
                )
            )
        if rot.quota and rot.quota_share:
            problems.append(
                (
                    ("units", i, "rotation", "quota_share"),
                    (
                        f"give either a fixed quota ({rot.quota}) or a quota_share "
                        f"({rot.quota_share}), not both (set the other to 0)"
                    ),
                )
            )

    for i, iv in enumerate(sc.interventions):
        kind, _, ref = iv.target.partition(":")
        if kind == "faction" and ref not in faction_ids:
            problems.append(
                (
                    ("interventions", i, "target"),
                    (f"unknown faction '{ref}' (factions: {', '.join(sorted(faction_ids))})"),
                )
            )
        if kind == "unit" and ref not in unit_ids:
            problems.append((("interventions", i, "target"), f"unknown unit '{ref}'"))

    pull_seen: dict[str | None, int] = {}
    for i, pull in enumerate(sc.exogenous.pull):
        if pull.province in pull_seen:
            where = pull.province or "every province"
            problems.append(
                (
                    ("exogenous", "pull", i, "province"),
                    f"a second pull series for {where} (the first is item "
                    f"{pull_seen[pull.province] + 1}; give one series per province)",
                )
            )
        pull_seen.setdefault(pull.province, i)
        if pull.province is not None and pull.province not in provinces:
            problems.append(
                (
                    ("exogenous", "pull", i, "province"),
                    (
                        f"no unit is in province '{pull.province}' "
                        f"(provinces: {', '.join(sorted(provinces))})"
                    ),
                )
            )

    for i, ev in enumerate(sc.evidence):
        if ev.source not in source_ids:
            problems.append(
                (
                    ("evidence", i, "source"),
                    (f"unknown source '{ev.source}' (add it under sources)"),
                )
            )
        if ev.faction is not None and ev.faction not in faction_ids:
            problems.append((("evidence", i, "faction"), f"unknown faction '{ev.faction}'"))
        if ev.unit is not None and ev.unit not in unit_ids:
            problems.append((("evidence", i, "unit"), f"unknown unit '{ev.unit}'"))
        for j, uid in enumerate(ev.units or []):
            if uid not in unit_ids:
                problems.append((("evidence", i, "units", j), f"unknown unit '{uid}'"))
        if ev.date is not None and not _in_calendar(ev.date, sc):
            problems.append(
                (("evidence", i, "date"), (f"date {ev.date} is outside the calendar ({cal})"))
            )
        if ev.period is not None:
            for end in ("start", "end"):
                day = getattr(ev.period, end)
                if not _in_calendar(day, sc):
                    problems.append(
                        (
                            ("evidence", i, "period", end),
                            (f"{end} {day} is outside the calendar ({cal})"),
                        )
                    )

    from attrit.scenario.paths import PathError, resolve

    for i, a in enumerate(sc.assumptions):
        try:
            resolve(sc.to_data(), a.path)
        except PathError as exc:
            problems.append((("assumptions", i, "path"), str(exc)))
    if sc.schedules or any(iv.kind == "set" for iv in sc.interventions):
        from attrit.scenario.schedules import schedule_checks

        problems += schedule_checks(sc, cross_checks)
    problems += _calibration_checks(sc)
    return problems


def _calibration_checks(sc: ScenarioData) -> list[tuple[Loc, str]]:
    """Fitted parameters name numbers, once each (the fit checks the prior's bounds)."""
    from attrit.scenario.calibration import is_date
    from attrit.scenario.paths import PathError, get_path

    problems: list[tuple[Loc, str]] = []
    seen: set[str] = set()
    for i, p in enumerate(sc.calibration.parameters):
        loc: Loc = ("calibration", "parameters", i, "path")
        if p.path in seen:
            problems.append((loc, f"'{p.path}' is fitted twice (name each parameter once)"))
        seen.add(p.path)
        try:
            value = get_path(sc, p.path)
        except PathError as exc:
            problems.append((loc, str(exc)))
            continue
        values = value if isinstance(value, list) else [value]
        dated = p.distribution.dates
        if values and dated and all(is_date(v) for v in values):
            continue
        if dated:
            problems.append(
                (
                    ("calibration", "parameters", i, "prior"),
                    f"'{p.path}' is not a date, so its prior takes numbers, not dates",
                )
            )
            continue
        if values and all(is_date(v) for v in values):
            problems.append(
                (
                    ("calibration", "parameters", i, "prior"),
                    f"'{p.path}' is a date: give its prior as dates, e.g. "
                    "uniform(2015-09-01,2015-10-31)",
                )
            )
            continue
        if not values or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values
        ):
            problems.append((loc, f"'{p.path}' is not a number, so it cannot be fitted"))
            continue
    return problems
