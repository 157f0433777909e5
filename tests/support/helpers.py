"""Small scenarios for engine tests, built from data so each test states what it switches."""

from __future__ import annotations

from typing import Any

import numpy as np

from attrit.model import engine
from attrit.model.plan import compile_plan, split
from attrit.model.registry import stream_keys
from attrit.scenario import validate_data

ALL_OFF = {
    "pay": False,
    "supply": False,
    "rotation": False,
    "desertion": False,
    "emigration": False,
    "casualties": False,
    "training": False,
    "morale": False,
    "interventions": False,
    "absence": False,
    "ghosts": False,
    "service": False,
}


def flat_hazard(h: float, **more: Any) -> dict[str, Any]:
    """A desertion block whose hazard is ``h`` for every man: no morale, contagion, pull, groups."""
    return {
        "hazard_per_day": h,
        "morale_log_slope": 0,
        "contagion_weight": 0,
        "pull_weight": 0,
        "group_join_probability": 0,
        **more,
    }


def scenario(
    on: tuple[str, ...] = (),
    troops: int = 400,
    officers: int = 0,
    bodyguards: int = 0,
    squad: int = 10,
    rotation: dict[str, int] | None = None,
    unit: dict[str, Any] | None = None,
    morale: dict[str, Any] | None = None,
    faction: dict[str, Any] | None = None,
    extra_units: list[dict[str, Any]] | None = None,
    interventions: list[dict[str, Any]] | None = None,
    schedules: list[dict[str, Any]] | None = None,
    days: int = 120,
):
    """One faction, one unit (plus ``extra_units``), only the mechanisms in ``on`` switched on."""
    first = {
        "id": "alpha",
        "name": "Alpha",
        "faction": "red",
        "province": "north",
        "strength": {
            "troops": troops,
            "officers": officers,
            "bodyguards_per_officer": bodyguards,
            "squad_size": squad,
        },
        "rotation": rotation or {"days_on": 15, "days_off": 15, "quota": troops // 2},
        **(unit or {}),
    }
    data = {
        "name": "test",
        "calendar": {"start": "2015-08-01", "days": days},
        "seed": 11,
        "mechanisms": {**ALL_OFF, **dict.fromkeys(on, True)},
        "morale": morale or {},
        "factions": [{"id": "red", "name": "Red", **(faction or {})}],
        "units": [first, *(extra_units or [])],
        "interventions": interventions or [],
        "schedules": schedules or [],
    }
    return validate_data(data, source="<test>")


def run_states(sc, replicates: int, days: int | None = None, seed: int = 1):
    """Run replicates one by one and keep each final state (for per-person checks)."""
    days = days or sc.calendar.days
    plan = compile_plan(sc, days)
    keys = stream_keys(seed)
    out = []
    for r in range(replicates):
        rec = engine.new_record(1, days, len(sc.units))[0]
        st = engine.run_replicate(*split(plan), keys, r, days, rec)
        out.append((rec, st))
    return plan, out


def var(results, name: str, unit: str | None = None) -> np.ndarray:
    """A recorded variable as an array (replicate x day) for one unit, or summed."""
    da = results.daily[name]
    return (da.sel(unit=unit) if unit else da.sum("unit")).transpose("replicate", "day").values


def schedule(sid: str, path: str, *points: tuple[str, Any], shape: str = "steps") -> dict:
    """A schedule as scenario data: ``(date, value)`` points."""
    return {
        "id": sid,
        "path": path,
        "shape": shape,
        "points": [{"date": d, "value": v} for d, v in points],
    }


def with_evidence(sc, *items: dict[str, Any], grades: dict[str, Any] | None = None):
    """``sc`` with these evidence items, each from one memo graded B2 unless it says."""
    data = sc.to_data()
    data["sources"] = [{"id": "memo", "title": "memo"}]
    data["evidence"] = [
        {"source": "memo", "quote": "q", "reliability": "B", "credibility": 2, **item}
        for item in items
    ]
    if grades is not None:
        data["calibration"]["grades"] = grades
    return validate_data(data)
