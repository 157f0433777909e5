"""Warnings: settings that are valid but probably not what the analyst meant.

Unlike :mod:`attrit.scenario.checks`, nothing here stops a run; ``attrit validate`` prints
each warning located in the file, so the analyst can confirm the setting or change it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from attrit.scenario import reading
from attrit.scenario.checks import Loc
from attrit.scenario.errors import Problem
from attrit.scenario.schema import ScenarioData


def _leave_groups(sc: ScenarioData) -> Iterator[tuple[Loc, str]]:
    for i, u in enumerate(sc.units):
        rot, st = u.rotation, u.strength
        squads = st.officers + -(-st.troops // max(st.squad_size, 1))
        if sc.mechanisms.rotation and rot.days_off and squads < rot.shifts:
            yield (
                ("units", i, "rotation", "days_off"),
                f"{rot.days_on} days on and {rot.days_off} off make {rot.shifts} leave groups, "
                f"but the unit has only {squads} squads (a squad goes on leave together), so "
                f"some groups are empty and the duty share is not {rot.duty_share:.0%}; use "
                "smaller squads or a schedule with fewer groups (days whose gcd is larger)",
            )


def _targeted(sc: ScenarioData, target: str) -> list:
    """The units an intervention's ``target`` ('force', 'faction:ID', 'unit:ID') names."""
    scope, _, name = target.partition(":")
    return [
        u
        for u in sc.units
        if scope == "force"
        or (scope == "unit" and u.id == name)
        or (scope == "faction" and u.faction == name)
    ]


def _amnesty_without_absentees(sc: ScenarioData) -> Iterator[tuple[Loc, str]]:
    for k, iv in enumerate(sc.interventions):
        if iv.kind != "amnesty":
            continue
        units = _targeted(sc, iv.target)
        if not sc.mechanisms.absence or not any(u.absence.strike_off_days for u in units):
            yield (
                ("interventions", k, "kind"),
                f"the amnesty '{iv.id}' brings back absentees, but no unit it targets keeps "
                "them on its rolls (absence.strike_off_days is 0: whoever leaves is a deserter "
                "at once), so it changes nothing; set units.ID.absence.strike_off_days",
            )


def _quota_change_on_a_share(sc: ScenarioData) -> Iterator[tuple[Loc, str]]:
    for k, iv in enumerate(sc.interventions):
        if iv.kind != "quota_change":
            continue
        shared = [u.id for u in _targeted(sc, iv.target) if u.rotation.quota_share]
        if shared:
            yield (
                ("interventions", k, "kind"),
                f"the quota change '{iv.id}' sets a number of men, but {', '.join(shared)} "
                "set their quota as a share of strength (rotation.quota_share), which it does "
                "not change; give those units a quota in men, or leave them out of its target",
            )


PLAN_BUDGET = 256 * 2**20  # bytes of declared plan arrays over a run's epochs worth a warning


def _schedules(sc: ScenarioData) -> Iterator[tuple[Loc, str]]:
    from attrit.model.registry import PLAN_ARRAYS
    from attrit.scenario.schedules import day_changes

    for i, s in enumerate(sc.schedules):
        if s.points[0].date > sc.calendar.end:
            yield (
                ("schedules", i, "points", 0, "date"),
                f"the schedule '{s.id}' starts after the calendar ends ({sc.calendar.end}): "
                "it acts only in runs and forecasts longer than the calendar",
            )
    if sc.schedules:
        changes = day_changes(sc, sc.calendar.days)
        epochs = len({tuple(sorted(c.items())) for c in changes})
        size = epochs * len(sc.units) * len(PLAN_ARRAYS) * 8
        if size > PLAN_BUDGET:
            yield (
                ("schedules",),
                f"the schedules cut the run into {epochs} epochs, and the plan holds every "
                f"parameter of every unit in each (about {size / 2**20:,.0f} MiB); a linear "
                "schedule makes an epoch a day: give steps a week or more apart instead",
            )


CHECKS = (_leave_groups, _amnesty_without_absentees, _quota_change_on_a_share, _schedules)


def advise(sc: ScenarioData) -> list[tuple[Loc, str]]:
    """Every warning for a valid scenario, located by its path in the data."""
    return [w for check in CHECKS for w in check(sc)]


def warnings_in(
    path: str | Path, sc: ScenarioData, extra: Sequence[tuple[Loc, str]] = ()
) -> list[Problem]:
    """The warnings for ``sc`` loaded from ``path``, each located at its line in the file.

    ``extra`` holds warnings found elsewhere (such as a short run's), located by data path.
    """
    text, fmt = reading.read_text(Path(path))
    data, locate = reading.parse(text, str(path), fmt)
    return [
        Problem(str(path), *locate(loc), reading.display_path(data, loc), msg)
        for loc, msg in [*advise(sc), *extra]
    ]
