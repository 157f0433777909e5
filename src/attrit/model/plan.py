"""A scenario compiled into the arrays the kernels read: the plan.

People are laid out unit by unit: each officer followed by his bodyguards (one squad, his
detail), then the troops in squads of ``squad_size``; future recruits follow, in order of
enrolment. Exogenous series and interventions become day-by-unit arrays, so the kernels never
see a date or a string.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from itertools import pairwise

import numpy as np

from attrit.model import codes, lanchester
from attrit.scenario.schema import Intervention, Scenario

Plan = namedtuple(
    "Plan",
    [
        # persons
        "p_rank",
        "p_squad",
        "p_home_unit",
        "p_faction",
        "p_officer",
        "p_guard_start",
        "p_guard_end",
        "p_enrol_day",
        "s_start",
        "s_end",
        # units
        "u_faction",
        "u_quota",
        "u_members0",
        "u_skim_cmd",
        "u_miss_p",
        "u_div_cmd",
        "u_des_h",
        "u_des_slope",
        "u_contagion_w",
        "u_contagion_win",
        "u_pull_w",
        "u_group_p",
        "u_officer_mult",
        "u_bodyguard_p",
        "u_leave_p",
        "u_leave_mslope",
        "u_leave_pslope",
        "u_emig_h",
        "u_emig_slope",
        "u_cas_h",
        "u_cas_offmult",
        "u_cas_wfrac",
        "u_cas_recovery",
        "u_cas_return_p",
        "u_combat",
        "u_cmb_exp",
        "u_cmb_a",
        "u_cmb_b",
        "u_enemy0",
        "u_enemy_reinf",
        # factions
        "f_wage",
        "f_cycle",
        "f_officer_mult",
        "f_skim",
        "f_need",
        "f_div",
        "f_training_days",
        "f_promise",
        "f_report_p",
        # days x units
        "d_funding",
        "d_pull",
        "d_bonus",
        "d_extra_supply",
        "d_cut",
        "d_direct",
        "d_offensive",
        "d_shift_on",
        "d_changeover",
        "d_nshift",
        "d_reassign",
        # morale (force-wide scalars)
        "m_init_mean",
        "m_init_sd",
        "m_indiv_sd",
        "m_rate",
        "m_base",
        "m_arrears_w",
        "m_arrears_sat",
        "m_shortage_w",
        "m_theft_w",
        "m_casualty_w",
        "m_desertion_w",
        "m_purpose_w",
        "m_leader_shock",
        "m_leader_decay",
        "m_bonus_w",
        "m_bonus_decay",
        "m_promise_w",
        # switches and ring size
        "switch",
        "ring",
    ],
)
"""Everything a replicate needs; read-only, shared by all replicates of a run."""

RING_MIN = 30  # days kept in each unit's ring of recent desertions and casualties


def _day(sc: Scenario, date: dt.date) -> int:
    return (date - sc.calendar.start).days


def _combat(units: list) -> dict[str, np.ndarray]:
    """Per-unit arrays of the combat model; units without one have zeros and no enemy."""
    fights = [u.casualties.combat for u in units]

    def col(get, empty=0.0):
        return np.array([empty if c is None else get(c) for c in fights], float)

    exps = [lanchester.EXPONENTS[c.law] if c else (0.0,) * 4 for c in fights]
    return {
        "u_combat": np.array([c is not None for c in fights], np.int8),
        "u_cmb_exp": np.array(exps, float).reshape(len(units), 4),
        "u_cmb_a": col(lambda c: c.enemy_effectiveness),
        "u_cmb_b": col(lambda c: c.own_effectiveness),
        "u_enemy0": col(lambda c: c.enemy_strength),
        "u_enemy_reinf": col(lambda c: c.enemy_reinforcements_per_day),
    }


def _targets(sc: Scenario, target: str) -> list[int]:
    kind, _, ref = target.partition(":")
    if kind == "unit":
        return [i for i, u in enumerate(sc.units) if u.id == ref]
    if kind == "faction":
        return [i for i, u in enumerate(sc.units) if u.faction == ref]
    return list(range(len(sc.units)))


def _span(sc: Scenario, iv: Intervention, days: int) -> range:
    first = max(_day(sc, iv.start), 0)
    last = days - 1 if iv.end is None else min(_day(sc, iv.end), days - 1)
    return range(first, last + 1)


def _people(sc: Scenario, days: int, courses: list[tuple[int, list[int], int]]):
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
    intake: dict[tuple[int, int], int] = {}
    if sc.mechanisms.training:
        for f in sc.factions:
            units = faction_units[f.id]
            rate = f.recruitment.recruits_per_30_days / 30.0
            if not units or rate <= 0:
                continue
            for t in range(days):
                for _ in range(int(np.floor(rate * (t + 1))) - int(np.floor(rate * t))):
                    u = units[turn[f.id] % len(units)]
                    turn[f.id] += 1
                    intake[(t, u)] = intake.get((t, u), 0) + 1
        for t, units, size in courses:
            for k in range(size):
                u = units[k % len(units)]
                intake[(t, u)] = intake.get((t, u), 0) + 1
    for (t, u), n in sorted(intake.items()):
        size = sc.units[u].strength.squad_size
        for k in range(n):
            s = new_squad() if k % size == 0 else s
            add(codes.TROOP, s, u, day=t)

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
        s_start=np.array(s_start, np.int64),
        s_end=np.array(s_end, np.int64),
    )


def _rotation(sc: Scenario, days: int) -> dict[str, np.ndarray]:
    """Which shift is on duty each day, when shifts change over, and rotation changes."""
    n_units = len(sc.units)
    shift_on = np.zeros((days, n_units), np.int64)
    changeover = np.zeros((days, n_units), np.int8)
    nshift = np.ones((days, n_units), np.int64)
    reassign = np.zeros((days, n_units), np.int8)
    changes = [
        iv
        for iv in sc.interventions
        if iv.kind == "rotation_change" and iv.active and sc.mechanisms.interventions
    ]
    for u, unit in enumerate(sc.units):
        if not sc.mechanisms.rotation:
            continue
        regime = [(unit.rotation.days_on, unit.rotation.days_off)] * days
        for iv in changes:
            if u in _targets(sc, iv.target):
                for t in _span(sc, iv, days):
                    regime[t] = (iv.days_on, iv.days_off)
        t0 = 0
        for t in range(days):
            if t > 0 and regime[t] != regime[t - 1]:
                t0 = t
                reassign[t, u] = 1
            on, off = regime[t]
            shifts = (on + off) // on
            nshift[t, u] = shifts
            shift_on[t, u] = ((t - t0) // on) % shifts
            changeover[t, u] = 1 if t > 0 and ((t - t0) % on == 0 or t == t0) else 0
    return dict(d_shift_on=shift_on, d_changeover=changeover, d_nshift=nshift, d_reassign=reassign)


def compile_plan(sc: Scenario, days: int) -> Plan:
    """Compile ``sc`` for a run of ``days`` days."""
    n_units = len(sc.units)
    dates = [sc.calendar.start + dt.timedelta(days=t) for t in range(days)]
    fidx = {f.id: i for i, f in enumerate(sc.factions)}
    units, factions, morale = sc.units, sc.factions, sc.morale

    def per_unit(get, dtype=np.float64):
        return np.array([get(u) for u in units], dtype)

    def per_faction(get, dtype=np.float64):
        return np.array([get(f) for f in factions], dtype)

    funding = np.array([[f.funding.value_on(d) for f in factions] for d in dates])
    pull = np.zeros((days, n_units))
    for u, unit in enumerate(units):
        series = [p for p in sc.exogenous.pull if p.province == unit.province] or [
            p for p in sc.exogenous.pull if p.province is None
        ]
        if series:
            s = series[0].as_series()
            pull[:, u] = [s.value_on(d) for d in dates]

    bonus, extra, direct, offensive = (np.zeros((days, n_units)) for _ in range(4))
    keep = np.ones((days, n_units))  # share of skims and diversion left by anti-corruption
    courses: list[tuple[int, list[int], int]] = []
    live = [iv for iv in sc.interventions if iv.active and sc.mechanisms.interventions]
    for iv in live:
        targets = _targets(sc, iv.target)
        span = _span(sc, iv, days)
        if iv.kind == "bonus" and 0 <= _day(sc, iv.start) < days:
            bonus[_day(sc, iv.start), targets] += iv.size
        elif iv.kind == "training_courses" and 0 <= _day(sc, iv.start) < days:
            courses.append((_day(sc, iv.start), targets, round(iv.size)))
        for t in span:
            if iv.kind == "extra_supplies":
                extra[t, targets] += iv.size
            elif iv.kind == "anti_corruption":
                keep[t, targets] *= 1.0 - iv.size
            elif iv.kind == "direct_pay":
                direct[t, targets] = np.maximum(direct[t, targets], iv.size)
            elif iv.kind == "offensive":
                offensive[t, targets] = np.maximum(offensive[t, targets], iv.size)

    switch = np.array([getattr(sc.mechanisms, name) for name in codes.SWITCHES], np.int8)
    ring = max(RING_MIN, max(u.desertion.contagion_window_days for u in units))
    return Plan(
        **_people(sc, days, courses),
        u_faction=per_unit(lambda u: fidx[u.faction], np.int64),
        u_quota=per_unit(lambda u: u.rotation.quota, np.int64),
        u_members0=per_unit(lambda u: u.strength.members),
        u_skim_cmd=per_unit(lambda u: u.pay.commander_skim_fraction),
        u_miss_p=per_unit(lambda u: u.pay.missed_cycle_probability),
        u_div_cmd=per_unit(lambda u: u.supply.commander_diversion_fraction),
        u_des_h=per_unit(lambda u: u.desertion.hazard_per_day),
        u_des_slope=per_unit(lambda u: u.desertion.morale_log_slope),
        u_contagion_w=per_unit(lambda u: u.desertion.contagion_weight),
        u_contagion_win=per_unit(lambda u: u.desertion.contagion_window_days, np.int64),
        u_pull_w=per_unit(lambda u: u.desertion.pull_weight),
        u_group_p=per_unit(lambda u: u.desertion.group_join_probability),
        u_officer_mult=per_unit(lambda u: u.desertion.officer_hazard_multiplier),
        u_bodyguard_p=per_unit(lambda u: u.desertion.bodyguard_follow_probability),
        u_leave_p=per_unit(lambda u: u.leave.return_probability),
        u_leave_mslope=per_unit(lambda u: u.leave.morale_logit_slope),
        u_leave_pslope=per_unit(lambda u: u.leave.pull_logit_slope),
        u_emig_h=per_unit(lambda u: u.emigration.hazard_per_day_at_full_pull),
        u_emig_slope=per_unit(lambda u: u.emigration.morale_log_slope),
        u_cas_h=per_unit(lambda u: u.casualties.hazard_per_day),
        u_cas_offmult=per_unit(lambda u: u.casualties.offensive_multiplier),
        u_cas_wfrac=per_unit(lambda u: u.casualties.wounded_fraction),
        u_cas_recovery=per_unit(lambda u: u.casualties.recovery_days, np.int64),
        u_cas_return_p=per_unit(lambda u: u.casualties.return_after_wound_probability),
        **_combat(units),
        f_wage=per_faction(lambda f: f.pay.wage_usd_per_cycle),
        f_cycle=per_faction(lambda f: f.pay.cycle_days, np.int64),
        f_officer_mult=per_faction(lambda f: f.pay.officer_wage_multiplier),
        f_skim=per_faction(lambda f: f.pay.faction_skim_fraction),
        f_need=per_faction(lambda f: f.supply.need_usd_per_person_day),
        f_div=per_faction(lambda f: f.supply.diversion_fraction),
        f_training_days=per_faction(lambda f: f.recruitment.training_days, np.int64),
        f_promise=per_faction(lambda f: f.recruitment.promised_wage_multiplier),
        f_report_p=per_faction(lambda f: f.recruitment.report_probability),
        d_funding=np.ascontiguousarray(funding[:, [fidx[u.faction] for u in units]]),
        d_pull=pull,
        d_bonus=bonus,
        d_extra_supply=extra,
        d_cut=1.0 - keep,
        d_direct=direct,
        d_offensive=offensive,
        **_rotation(sc, days),
        m_init_mean=morale.initial_mean,
        m_init_sd=morale.initial_sd,
        m_indiv_sd=morale.individual_sd,
        m_rate=morale.adjustment_rate_per_day,
        m_base=morale.baseline_target,
        m_arrears_w=morale.arrears_weight,
        m_arrears_sat=morale.arrears_saturation_months,
        m_shortage_w=morale.shortage_weight,
        m_theft_w=morale.theft_weight,
        m_casualty_w=morale.casualty_weight,
        m_desertion_w=morale.desertion_weight,
        m_purpose_w=morale.purpose_weight,
        m_leader_shock=morale.leader_loss_shock,
        m_leader_decay=0.5 ** (1.0 / morale.leader_loss_halflife_days),
        m_bonus_w=morale.bonus_weight,
        m_bonus_decay=0.5 ** (1.0 / morale.bonus_halflife_days),
        m_promise_w=morale.promise_gap_weight,
        switch=switch,
        ring=ring,
    )
