"""Casualties at the front, and the return of the wounded.

Each man on duty is at the front with probability ``front / on duty`` (the quota, or all on
duty if fewer), so a unit loses on average ``hazard x front`` men a day, times
``1 + (offensive_multiplier - 1) x intensity`` during an offensive. A casualty is wounded
with probability ``wounded_fraction``, else killed. After ``recovery_days`` a wounded man
returns (to duty if his shift is on, else to leave) with ``return_after_wound_probability``, else he
is invalided out.

A unit with ``combat`` fights its enemy under a Lanchester law instead of the flat hazard: the
day's expected losses of both sides come from the law's kernel (:mod:`attrit.model.lanchester`,
the one ``attrit lanchester`` fits), its two coefficients scaled by the same engagement
intensity; the unit's losses are spread over the men on duty as above, the enemy's are a
Poisson draw capped at its strength. The enemy's reinforcements arrive at the start of a day.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import lanchester, rng
from attrit.model.codes import DUTY, INVALIDED, KILLED, LEAVE, WOUNDED
from attrit.model.mechanism import Mechanism, flow, per_unit, stream
from attrit.model.phases.pay import settle_held
from attrit.model.shifts import on_duty, quota
from attrit.model.state import leave_for_good, set_status, strength
from attrit.scenario.mechanisms import Casualties

HIT = stream("casualties.hit")
KIND = stream("casualties.wounded_or_killed")
BACK = stream("casualties.return_after_wound")
ENEMY_U1 = stream("combat.enemy_losses.u1")
ENEMY_U2 = stream("combat.enemy_losses.u2")
KILLED_TODAY = flow("killed", "persons", "men killed")
WOUNDED_TODAY = flow("wounded_new", "persons", "men wounded")
INVALIDED_TODAY = flow("invalided", "persons", "wounded men who never returned to service")
V_KILLED, V_WOUNDED_NEW, V_INVALIDED = (
    KILLED_TODAY.index,
    WOUNDED_TODAY.index,
    INVALIDED_TODAY.index,
)
R_CAS_HIT, R_CAS_KIND, R_CAS_RETURN = HIT.index, KIND.index, BACK.index
R_ENEMY_U1, R_ENEMY_U2 = ENEMY_U1.index, ENEMY_U2.index


def _combat(field: str, empty: float = 0.0):
    """A per-unit value of the unit's combat block, or ``empty`` for a unit without one."""

    def value(unit):
        fight = unit.casualties.combat
        return empty if fight is None else getattr(fight, field)

    return value


def _exponents(unit):
    fight = unit.casualties.combat
    return lanchester.EXPONENTS[fight.law] if fight is not None else (0.0,) * 4


@njit(cache=True)
def init(pl, st, keys, replicate):
    """Each unit's enemy at its starting strength."""
    for u in range(st.enemy.shape[0]):
        st.enemy[u] = pl.u_enemy0[u]


@njit(cache=True)
def _fight(t, pl, st, bs, u, front, intensity):
    """One day of the unit's battle: draw the enemy's losses, return the unit's expected ones."""
    st.enemy[u] += pl.u_enemy_reinf[u]
    ours, theirs = lanchester.day_losses(
        pl.u_cmb_exp[u],
        pl.u_cmb_a[u] * intensity,
        pl.u_cmb_b[u] * intensity,
        float(front),
        st.enemy[u],
        lanchester.STEPS,
    )
    lost = rng.poisson(bs[R_ENEMY_U1], bs[R_ENEMY_U2], u, theirs)
    st.enemy[u] -= min(lost, st.enemy[u])
    return ours


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Each unit's chance today that a man on duty is hit (the battle fought first)."""
    n_units = pl.u_quota.shape[0]
    hit = np.zeros(n_units)
    for u in range(n_units):
        duty = st.counts[u, DUTY]
        front = min(quota(pl, t, u, strength(st, u)), duty)
        intensity = 1.0 + (pl.u_cas_offmult[u] - 1.0) * pl.d_offensive[t, u]
        if pl.u_combat[u]:
            hit[u] = _fight(t, pl, st, bs, u, front, intensity) / max(duty, 1)
        elif duty > 0:
            hit[u] = pl.u_cas_h[u] * intensity * front / duty
    return (True, hit)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Men on duty may be hit; the wounded whose recovery ends return or are invalided.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    hit = ctx[1]
    for i in range(lo, hi):
        s = st.status[i]
        u = st.unit[i]
        if s == DUTY and hit[u] > 0.0 and rng.uniform(bs[R_CAS_HIT], i) < hit[u]:
            st.cas_ring[u, t % pl.ring] += 1.0
            if rng.uniform(bs[R_CAS_KIND], i) < pl.u_cas_wfrac[u]:
                set_status(st, i, WOUNDED)
                st.day_end[i] = t + pl.u_cas_recovery[u]
                today[u, V_WOUNDED_NEW] += 1.0
            else:
                settle_held(st, i, False, today)
                leave_for_good(st, i, KILLED, V_KILLED, t, today)
        elif s == WOUNDED and st.day_end[i] == t:
            if rng.uniform(bs[R_CAS_RETURN], i) < pl.u_cas_return_p[u]:
                set_status(st, i, DUTY if on_duty(pl, t, u, st.shift[i]) else LEAVE)
            else:
                settle_held(st, i, False, today)
                leave_for_good(st, i, INVALIDED, V_INVALIDED, t, today)


MECHANISM = Mechanism(
    name="casualties",
    doc=__doc__,
    switch="Killed and wounded at the front.",
    params={"units.*.casualties": Casualties},
    streams=(HIT, KIND, BACK, ENEMY_U1, ENEMY_U2),
    records=(KILLED_TODAY, WOUNDED_TODAY, INVALIDED_TODAY),
    plan=(
        per_unit("u_cas_h", "casualties.hazard_per_day"),
        per_unit("u_cas_offmult", "casualties.offensive_multiplier"),
        per_unit("u_cas_wfrac", "casualties.wounded_fraction"),
        per_unit("u_cas_recovery", "casualties.recovery_days", np.int64),
        per_unit("u_cas_return_p", "casualties.return_after_wound_probability"),
        per_unit("u_combat", lambda u: u.casualties.combat is not None, np.int8),
        per_unit("u_cmb_exp", _exponents),
        per_unit("u_cmb_a", _combat("enemy_effectiveness")),
        per_unit("u_cmb_b", _combat("own_effectiveness")),
        per_unit("u_enemy0", _combat("enemy_strength")),
        per_unit("u_enemy_reinf", _combat("enemy_reinforcements_per_day")),
    ),
    reads="""
        pl.u_cas_h pl.u_cas_offmult pl.u_cas_wfrac pl.u_cas_recovery pl.u_cas_return_p
        pl.u_combat pl.u_cmb_exp pl.u_cmb_a pl.u_cmb_b pl.u_enemy0 pl.u_enemy_reinf pl.u_quota
        pl.d_offensive pl.d_phase pl.d_on pl.d_cycle pl.d_step pl.u_quota_share pl.d_quota pl.ring
        st.counts st.enemy st.status st.unit st.shift
        st.day_end st.cas_ring st.exit_cause st.exit_day
    """,
    prepare=prepare,
    people=people,
    init=init,
)
