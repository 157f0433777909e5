"""Emigration: departure abroad, driven by the pull series, from duty or from leave.

``h = hazard_per_day_at_full_pull * pull_u * exp(morale_log_slope (0.5 - m))``; squad-mates
on duty or leave join (the group departures of 2015), officers take their bodyguards.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import DUTY, LEAVE
from attrit.model.flight import flee
from attrit.model.mechanism import Mechanism, flow, per_unit, stream
from attrit.model.phases.desertion import R_BODYGUARD, V_DES_OFFICER
from attrit.scenario.mechanisms import Emigration

DEPARTURE = stream("emigration.departure")
GROUP_JOIN = stream("emigration.group_join")
EMIGRATED = flow("emigrated", "persons", "men who left for abroad", cause=True)
V_EMIGRATED = EMIGRATED.index
R_EMIGRATE, R_EMIGRATE_JOIN = DEPARTURE.index, GROUP_JOIN.index


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Each unit's hazard scale today and its bound (the hazard at morale 0)."""
    n_units = pl.u_quota.shape[0]
    scale = np.empty(n_units)
    bound = np.empty(n_units)  # h at morale 0: most draws are decided without exp
    for u in range(n_units):
        scale[u] = pl.u_emig_h[u] * pl.d_pull[t, u]
        bound[u] = scale[u] * np.exp(0.5 * pl.u_emig_slope[u])
    return (True, scale, bound)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Draw whether each man on duty or on leave leaves for abroad today.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    _, scale, bound = ctx
    for i in range(lo, hi):
        s = st.status[i]
        if s != DUTY and s != LEAVE:
            continue
        u = st.unit[i]
        draw = rng.uniform(bs[R_EMIGRATE], i)
        if draw >= bound[u]:
            continue
        h = scale[u] * np.exp(pl.u_emig_slope[u] * (0.5 - st.morale[i]))
        if draw < h:
            guards = V_DES_OFFICER
            # emigrants are abroad: they never come back as absentees do
            flee(
                i,
                V_EMIGRATED,
                guards,
                t,
                pl,
                st,
                today,
                bs,
                R_EMIGRATE_JOIN,
                R_BODYGUARD,
                True,
                False,
            )


MECHANISM = Mechanism(
    name="emigration",
    doc=__doc__,
    switch="Departure abroad driven by the pull series.",
    params={"units.*.emigration": Emigration},
    streams=(DEPARTURE, GROUP_JOIN),
    records=(EMIGRATED,),
    plan=(
        per_unit("u_emig_h", "emigration.hazard_per_day_at_full_pull"),
        per_unit("u_emig_slope", "emigration.morale_log_slope"),
    ),
    reads="""
        pl.u_emig_h pl.u_emig_slope pl.u_quota pl.d_pull pl.u_group_p pl.u_bodyguard_p pl.p_rank
        pl.p_squad pl.p_guard_start pl.p_guard_end pl.s_start pl.s_end pl.m_leader_w pl.u_officers
        pl.ring pl.switch pl.u_strike_off pl.v_went_absent st.day_end st.status st.unit st.morale
        st.des_ring st.leader_shock st.exit_cause st.exit_day
    """,
    prepare=prepare,
    people=people,
)
