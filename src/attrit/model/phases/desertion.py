"""Desertion from duty: a daily hazard rising with low morale, contagion and pull.

For a man on duty in unit ``u``:
``h = hazard_per_day * exp(morale_log_slope (0.5 - m)) * (1 + contagion_weight * d_u)
* (1 + pull_weight * pull_u)``, times ``officer_hazard_multiplier`` for an officer, where
``d_u`` is the fraction of the unit that deserted over the last ``contagion_window_days``,
times ``exp(-held_pay_logit_slope held)`` for a man with ``held`` months of pay held back, and
times ``newcomer_hazard_multiplier`` for a recruit in his first ``newcomer_days`` with the unit.
He flees with probability ``min(h, 1)``; squad-mates on duty join, an officer takes his
bodyguards and shocks the unit's morale (see :mod:`attrit.model.flight`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import DUTY, OFFICER
from attrit.model.flight import flee
from attrit.model.mechanism import Mechanism, flow, per_unit, stream
from attrit.model.phases.pay import stake_months
from attrit.model.state import recent, strength
from attrit.scenario.mechanisms import Desertion

ON_DUTY = stream("desertion.on_duty")
GROUP_JOIN = stream("desertion.group_join")
BODYGUARD_FOLLOW = stream("desertion.bodyguard_follow")
FLED = flow("deserted_on_duty", "persons", "men who fled from duty", cause=True)
WITH_OFFICER = flow(
    "deserted_with_officer", "persons", "bodyguards who left with their officer", cause=True
)
V_DES_DUTY, V_DES_OFFICER = FLED.index, WITH_OFFICER.index
R_DESERT, R_GROUP_JOIN, R_BODYGUARD = ON_DUTY.index, GROUP_JOIN.index, BODYGUARD_FOLLOW.index


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Each unit's hazard scale today, and its bound (the hazard at morale 0)."""
    n_units = pl.u_quota.shape[0]
    scale = np.empty(n_units)
    for u in range(n_units):
        members = max(strength(st, u), 1)
        deserted = recent(st.des_ring, u, t, pl.u_contagion_win[u]) / members
        scale[u] = (
            pl.u_des_h[u]
            * (1.0 + pl.u_contagion_w[u] * deserted)
            * (1.0 + pl.u_pull_w[u] * pl.d_pull[t, u])
            * (1.0 - pl.d_penalty[t, u])
        )
    # morale is in [0, 1], so h never exceeds this bound: most draws are decided without exp
    bound = np.empty(n_units)
    for u in range(n_units):
        bound[u] = (
            scale[u]
            * np.exp(0.5 * pl.u_des_slope[u])
            * max(pl.u_officer_mult[u], 1.0)
            * max(pl.u_new_mult[u], 1.0)
        )
    return (True, scale, bound)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Draw whether each man on duty flees today.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    _, scale, bound = ctx
    for i in range(lo, hi):
        if st.status[i] != DUTY:
            continue
        u = st.unit[i]
        draw = rng.uniform(bs[R_DESERT], i)
        if draw >= bound[u]:
            continue
        h = scale[u] * np.exp(pl.u_des_slope[u] * (0.5 - st.morale[i]))
        if pl.p_rank[i] == OFFICER:
            h *= pl.u_officer_mult[u]
        if st.joined[i] >= 0 and t - st.joined[i] < pl.u_new_days[u]:
            h *= pl.u_new_mult[u]
        if st.held[i] > 0.0:
            # what he would forfeit deters him as it deters a man on leave (a smaller hazard)
            h *= np.exp(-pl.u_held_slope[u] * stake_months(pl, st, i))
        if draw < h:
            guards = V_DES_OFFICER
            back = pl.u_absent_from_duty[u]  # may come back, where absentees are kept
            flee(
                i, V_DES_DUTY, guards, t, pl, st, today, bs, R_GROUP_JOIN, R_BODYGUARD, False, back
            )


MECHANISM = Mechanism(
    name="desertion",
    doc=__doc__,
    switch="Flight from duty, contagion, group flight.",
    params={"units.*.desertion": Desertion},
    streams=(ON_DUTY, GROUP_JOIN, BODYGUARD_FOLLOW),
    records=(FLED, WITH_OFFICER),
    plan=(
        per_unit("u_des_h", "desertion.hazard_per_day"),
        per_unit("u_des_slope", "desertion.morale_log_slope"),
        per_unit("u_contagion_w", "desertion.contagion_weight"),
        per_unit("u_contagion_win", "desertion.contagion_window_days", np.int64),
        per_unit("u_pull_w", "desertion.pull_weight"),
        per_unit("u_group_p", "desertion.group_join_probability"),
        per_unit("u_officer_mult", "desertion.officer_hazard_multiplier"),
        per_unit("u_bodyguard_p", "desertion.bodyguard_follow_probability"),
        per_unit("u_new_mult", "desertion.newcomer_hazard_multiplier"),
        per_unit("u_new_days", "desertion.newcomer_days", np.int64),
    ),
    reads="""
        pl.u_des_h pl.u_des_slope pl.u_contagion_w pl.u_contagion_win pl.u_pull_w pl.u_group_p
        pl.u_officer_mult pl.u_bodyguard_p pl.u_quota pl.d_pull pl.d_penalty pl.p_rank pl.p_squad
        pl.p_guard_start pl.p_guard_end pl.s_start pl.s_end pl.m_leader_w pl.u_officers pl.ring
        pl.switch pl.u_strike_off pl.v_went_absent pl.u_absent_from_duty st.day_end st.status
        st.unit st.morale st.counts st.des_ring st.leader_shock st.exit_cause st.exit_day
        st.held st.wage pl.u_held_slope pl.f_cycle pl.p_faction st.joined pl.u_new_mult
        pl.u_new_days
    """,
    prepare=prepare,
    people=people,
)
