"""A scenario compiled into the arrays the kernels read: the plan.

People are laid out unit by unit: each officer followed by his bodyguards (one squad, his
detail), then the troops in squads of ``squad_size``; future recruits follow, in order of
enrolment. Exogenous series and interventions become day-by-unit arrays, so the kernels never
see a date or a string. Schedules (:mod:`attrit.scenario.schedules`) cut the run into epochs:
the day-by-unit arrays take each day's scheduled quota, rotation and province, and every
declared array is built once per epoch from that epoch's scenario.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import namedtuple
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from attrit.model import codes, registry
from attrit.scenario.schedules import epochs
from attrit.scenario.schema import Intervention, ScenarioData

CORE = (
    # persons, in the layout above
    "p_rank",
    "p_squad",
    "p_home_unit",
    "p_faction",
    "p_officer",
    "p_guard_start",
    "p_guard_end",
    "p_enrol_day",
    "p_train_days",
    "p_quit_h",
    "s_start",
    "s_end",
    # the force's structure
    "u_faction",
    # days x units: exogenous series, the interventions' levers and the rotation schedule
    "d_funding",
    "d_pull",
    "d_bonus",
    "d_extra_supply",
    "d_cut",
    "d_direct",
    "d_offensive",
    "d_amnesty",
    "d_discharge",
    "d_penalty",
    "d_held",
    "d_quota",
    "d_phase",
    "d_on",
    "d_cycle",
    "d_step",
    "d_changeover",
    "d_nshift",
    "d_reassign",
    # which phases run (one entry per phase, in order) and the days the rings keep
    "switch",
    "ring",
)
"""The arrays every plan has; the mechanisms declare the rest (``registry.PLAN_ARRAYS``)."""

DECLARED: tuple[str, ...] = tuple(a.name for a in registry.PLAN_ARRAYS)

Plan = namedtuple("Plan", [*CORE, *DECLARED, "e_day", *(f"e_{n}" for n in DECLARED)])
"""Everything a replicate needs; read-only, shared by all replicates of a run.

The declared arrays hold the first day's values; ``e_NAME`` stacks their values in every
epoch of the run (one row each: epoch by unit, or one entry per epoch for the force's), and
``e_day`` gives each day's epoch (see :mod:`attrit.scenario.schedules`). The engine splits a
plan into what the kernels read on a day (:data:`Day`) and the epochs (:data:`Epochs`).
"""

Day = namedtuple("Day", [*CORE, *DECLARED])
"""The plan as the kernels read it on one day: the arrays of that day's epoch."""

Epochs = namedtuple("Epochs", ["day", *DECLARED])
"""Each day's epoch, and every declared array stacked over the epochs."""


def split(plan: Plan) -> tuple[Day, Epochs]:
    """The first day's :data:`Day` and the :data:`Epochs` of a plan, for the engine."""
    n = len(Day._fields)
    return Day(*plan[:n]), Epochs(*plan[n:])


RING_MIN = 30  # days kept in each unit's ring of recent desertions and casualties


def _day(sc: ScenarioData, date: dt.date) -> int:
    return (date - sc.calendar.start).days


@dataclass(frozen=True)
class Course:
    """A training cohort: recruits enrolled on one day, with their own course if it has one.

    ``training_days`` is -1 for the faction's own; a completion share ``c`` over ``D`` days is
    a daily hazard of quitting ``1 - c ** (1 / D)``, so a share ``c`` is still there on day D.
    """

    day: int
    units: list[int]
    size: int
    training_days: int
    quit_hazard: float

    @classmethod
    def of(cls, sc: ScenarioData, iv: Intervention, units: list[int]) -> Course:
        """The course a ``training_courses`` intervention enrols."""
        own = -1 if iv.training_days is None else iv.training_days
        days = own if own >= 0 else sc.faction(sc.units[units[0]].faction).recruitment.training_days
        share = 1.0 if iv.completion_share is None else iv.completion_share
        hazard = 1.0 - share ** (1.0 / days) if days > 0 and share < 1.0 else 0.0
        return cls(_day(sc, iv.start), units, round(iv.size), own, hazard)


def targeted_units(sc: ScenarioData, target: str) -> list[int]:
    """The indices of the units an intervention's ``target`` names."""
    kind, _, ref = target.partition(":")
    if kind == "unit":
        return [i for i, u in enumerate(sc.units) if u.id == ref]
    if kind == "faction":
        return [i for i, u in enumerate(sc.units) if u.faction == ref]
    return list(range(len(sc.units)))


def intervention_days(sc: ScenarioData, iv: Intervention, days: int) -> range:
    """The days of a run of ``days`` days on which ``iv`` is in effect."""
    first = max(_day(sc, iv.start), 0)
    last = days - 1 if iv.end is None else min(_day(sc, iv.end), days - 1)
    return range(first, last + 1)


def _pull_in(sc: ScenarioData, province: str, dates: list[dt.date]) -> np.ndarray:
    """The pull toward emigration in ``province`` on each date.

    Its own series, else the series for every province, else none.
    """
    series = [p for p in sc.exogenous.pull if p.province == province] or [
        p for p in sc.exogenous.pull if p.province is None
    ]
    if not series:
        return np.zeros(len(dates))
    s = series[0].as_series()
    return np.array([s.value_on(d) for d in dates])


def _people(
    sc: ScenarioData,
    days: int,
    courses: list[Course],
    day_sc: list[ScenarioData],
):
    """Person and squad arrays: initial members, then recruits by enrolment day."""
    rank: list[int] = []
    squad: list[int] = []
    home: list[int] = []
    officer: list[int] = []
    enrol: list[int] = []
    s_start: list[int] = []

    def new_squad() -> int:
        s_start.append(len(rank))
        return len(s_start) - 1

    def add(r: int, s: int, u: int, boss: int = -1, day: int = -1) -> int:
        rank.append(r)
        squad.append(s)
        home.append(u)
        officer.append(boss)
        enrol.append(day)
        return len(rank) - 1

    for u, unit in enumerate(sc.units):
        st = unit.strength
        for _ in range(st.officers):
            s = new_squad()
            boss = add(codes.OFFICER, s, u)
            for _ in range(st.bodyguards_per_officer):
                add(codes.BODYGUARD, s, u, boss)
        for k in range(st.troops):
            s = new_squad() if k % st.squad_size == 0 else s
            add(codes.TROOP, s, u)

    # recruits: each faction's steady intake, spread over its units in turn, and courses
    faction_units = {
        f.id: [i for i, u in enumerate(sc.units) if u.faction == f.id] for f in sc.factions
    }
    turn = dict.fromkeys(faction_units, 0)
    # each recruit's own training days (-1: his faction's) and daily hazard of quitting it
    intake: dict[tuple[int, int], list[tuple[int, float]]] = {}
    if sc.mechanisms.training:
        for k, f in enumerate(sc.factions):
            units = faction_units[f.id]
            # recruits enrolled by the end of each day: the rate times the days, restarted
            # from the total so far wherever a schedule changes the rate
            enrolled = np.zeros(days + 1)
            rate, since, base = -1.0, 0, 0.0
            for t in range(days):
                now = day_sc[t].factions[k].recruitment.recruits_per_30_days / 30.0
                if now != rate:
                    rate, since, base = now, t, enrolled[t]
                enrolled[t + 1] = base + rate * (t + 1 - since)
            if not units:
                continue
            for t in range(days):
                for _ in range(int(np.floor(enrolled[t + 1])) - int(np.floor(enrolled[t]))):
                    u = units[turn[f.id] % len(units)]
                    turn[f.id] += 1
                    intake.setdefault((t, u), []).append((-1, 0.0))
        for c in courses:
            for k in range(c.size):
                u = c.units[k % len(c.units)]
                intake.setdefault((c.day, u), []).append((c.training_days, c.quit_hazard))
    train_days: list[int] = [-1] * len(rank)
    quit_h: list[float] = [0.0] * len(rank)
    for (t, u), recruits in sorted(intake.items()):
        size = sc.units[u].strength.squad_size
        for k, (own_days, hazard) in enumerate(recruits):
            s = new_squad() if k % size == 0 else s
            add(codes.TROOP, s, u, day=t)
            train_days.append(own_days)
            quit_h.append(hazard)

    n = len(rank)
    guard_start = np.zeros(n, np.int64)
    guard_end = np.zeros(n, np.int64)
    for i, boss in enumerate(officer):
        if boss >= 0:
            if guard_end[boss] == 0:
                guard_start[boss] = i
            guard_end[boss] = i + 1
    s_end = [*(b for _, b in pairwise(s_start)), n] if s_start else []
    u_faction = {i: [f.id for f in sc.factions].index(u.faction) for i, u in enumerate(sc.units)}
    return dict(
        p_rank=np.array(rank, np.int8),
        p_squad=np.array(squad, np.int64),
        p_home_unit=np.array(home, np.int64),
        p_faction=np.array([u_faction[h] for h in home], np.int64),
        p_officer=np.array(officer, np.int64),
        p_guard_start=guard_start,
        p_guard_end=guard_end,
        p_enrol_day=np.array(enrol, np.int64),
        p_train_days=np.array(train_days, np.int64),
        p_quit_h=np.array(quit_h, np.float64),
        s_start=np.array(s_start, np.int64),
        s_end=np.array(s_end, np.int64),
    )


def _rotation(sc: ScenarioData, days: int, day_sc: list[ScenarioData]) -> dict[str, np.ndarray]:
    """Each unit's leave cycle day by day: where it stands, its lengths, its changeovers.

    A unit on ``days_on``/``days_off`` splits into ``K = (on + off) / gcd(on, off)`` leave
    groups; group ``g`` starts its duty ``g * gcd`` days after group 0, so the same share
    ``on / (on + off)`` of the groups is on duty every day (see :mod:`attrit.model.shifts`).
    A rotation change, by intervention or schedule, restarts the cycle (``d_reassign``: the
    men are dealt into the new groups by squad).
    """
    n_units = len(sc.units)
    shape = (days, n_units)
    phase, on_days, cycle = (
        np.zeros(shape, np.int64),
        np.ones(shape, np.int64),
        np.ones(shape, np.int64),
    )
    step, nshift = np.ones(shape, np.int64), np.ones(shape, np.int64)
    changeover = np.zeros(shape, np.int8)
    reassign = np.zeros(shape, np.int8)
    changes = [
        iv
        for iv in sc.interventions
        if iv.kind == "rotation_change" and iv.active and sc.mechanisms.interventions
    ]
    for u in range(len(sc.units)):
        if not sc.mechanisms.rotation:
            continue
        regime = [(d.units[u].rotation.days_on, d.units[u].rotation.days_off) for d in day_sc]
        for iv in changes:
            if u in targeted_units(sc, iv.target):
                for t in intervention_days(sc, iv, days):
                    regime[t] = (iv.days_on, iv.days_off)
        t0 = 0
        for t in range(days):
            if t > 0 and regime[t] != regime[t - 1]:
                t0 = t
                reassign[t, u] = 1
            on, off = regime[t]
            every = math.gcd(on, off)
            phase[t, u] = (t - t0) % (on + off)
            on_days[t, u], cycle[t, u], step[t, u] = on, on + off, every
            nshift[t, u] = (on + off) // every
            moves = t == t0 or (off > 0 and (t - t0) % every == 0)
            changeover[t, u] = 1 if t > 0 and moves else 0
    return dict(
        d_phase=phase,
        d_on=on_days,
        d_cycle=cycle,
        d_step=step,
        d_changeover=changeover,
        d_nshift=nshift,
        d_reassign=reassign,
    )


def compile_plan(sc: ScenarioData, days: int) -> Plan:
    """Compile ``sc`` for a run of ``days`` days."""
    n_units = len(sc.units)
    dates = [sc.calendar.start + dt.timedelta(days=t) for t in range(days)]
    fidx = {f.id: i for i, f in enumerate(sc.factions)}
    units, factions = sc.units, sc.factions
    e_day, epoch_sc = epochs(sc, days)
    day_sc = [epoch_sc[e] for e in e_day]

    funding = np.array([[f.funding.value_on(d) for f in factions] for d in dates])
    pull = np.zeros((days, n_units))
    pulls = {p: _pull_in(sc, p, dates) for p in {u.province for e in epoch_sc for u in e.units}}
    for t, today in enumerate(day_sc):
        pull[t] = [pulls[u.province][t] for u in today.units]
    for iv in sc.interventions:
        if iv.kind == "redeploy" and iv.active and sc.mechanisms.interventions:
            there = _pull_in(sc, iv.province, dates)
            for t in intervention_days(sc, iv, days):
                pull[t, targeted_units(sc, iv.target)] = there[t]

    bonus, extra, direct, offensive = (np.zeros((days, n_units)) for _ in range(4))
    amnesty = np.ones((days, n_units))  # factor on the absent's daily return hazard
    discharge = np.zeros((days, n_units))  # share of the men present sent home that day
    penalty = np.zeros((days, n_units))  # severity of penalties for flight and non-return
    held = np.zeros((days, n_units))  # share of pay held back until return from leave
    quota = np.array([[u.rotation.quota for u in d.units] for d in day_sc], np.int64).reshape(
        days, n_units
    )
    keep = np.ones((days, n_units))  # share of skims and diversion left by anti-corruption
    courses: list[Course] = []
    live = [iv for iv in sc.interventions if iv.active and sc.mechanisms.interventions]
    for iv in live:
        targets = targeted_units(sc, iv.target)
        span = intervention_days(sc, iv, days)
        if iv.kind == "bonus" and 0 <= _day(sc, iv.start) < days:
            bonus[_day(sc, iv.start), targets] += iv.size
        elif iv.kind == "discharge" and 0 <= _day(sc, iv.start) < days:
            t0 = _day(sc, iv.start)
            discharge[t0, targets] = 1.0 - (1.0 - discharge[t0, targets]) * (1.0 - iv.size)
        elif iv.kind == "training_courses" and 0 <= _day(sc, iv.start) < days:
            courses.append(Course.of(sc, iv, targets))
        for t in span:
            if iv.kind == "extra_supplies":
                extra[t, targets] += iv.size
            elif iv.kind == "anti_corruption":
                keep[t, targets] *= 1.0 - iv.size
            elif iv.kind == "direct_pay":
                direct[t, targets] = np.maximum(direct[t, targets], iv.size)
            elif iv.kind == "offensive":
                offensive[t, targets] = np.maximum(offensive[t, targets], iv.size)
            elif iv.kind == "quota_change":
                quota[t, targets] = round(iv.size)
            elif iv.kind == "penalties":
                penalty[t, targets] = np.maximum(penalty[t, targets], iv.size)
            elif iv.kind == "amnesty":
                amnesty[t, targets] = np.maximum(amnesty[t, targets], iv.size)
            elif iv.kind == "held_pay":
                held[t, targets] = np.maximum(held[t, targets], iv.size)

    windows = [u.desertion.contagion_window_days for e in epoch_sc for u in e.units]
    ring = max(RING_MIN, *windows)
    return Plan(
        **_people(sc, days, courses, day_sc),
        u_faction=np.array([fidx[u.faction] for u in units], np.int64),
        d_funding=np.ascontiguousarray(funding[:, [fidx[u.faction] for u in units]]),
        d_pull=pull,
        d_bonus=bonus,
        d_extra_supply=extra,
        d_cut=1.0 - keep,
        d_direct=direct,
        d_offensive=offensive,
        d_amnesty=amnesty,
        d_discharge=discharge,
        d_penalty=penalty,
        d_held=held,
        d_quota=quota,
        **_rotation(sc, days, day_sc),
        switch=registry.switch_array(sc.mechanisms),
        ring=ring,
        **_declared(epoch_sc, e_day),
    )


def _declared(epoch_sc: list[ScenarioData], e_day: list[int]) -> dict[str, object]:
    """The declared arrays on the first day, and stacked over the epochs (``e_NAME``)."""
    out: dict[str, object] = {"e_day": np.array(e_day, np.int64)}
    for a in registry.PLAN_ARRAYS:
        values = [a.build(e) for e in epoch_sc]
        out[a.name] = values[e_day[0]]
        if isinstance(values[0], np.ndarray):
            out[f"e_{a.name}"] = np.ascontiguousarray(np.stack(values))
        else:  # a force's scalar
            dtype = np.float64 if isinstance(values[0], float) else type(values[0])
            out[f"e_{a.name}"] = np.array(values, dtype)
    return out
