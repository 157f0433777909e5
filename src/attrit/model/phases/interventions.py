"""Interventions that act on a day: rotation changes reassign shifts, bonuses are paid.

Most interventions are levers the plan already folded into day-by-unit arrays (extra
supplies, anti-corruption, direct pay, offensives) and training courses are recruits in the
plan's intake. A bonus is money sent to every member through the same chain as pay (skimmed
alike, never missed, funded by the sponsor in full); what reaches the men raises the unit's
morale by ``bonus_weight`` per wage received, decaying with ``bonus_halflife_days``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model.mechanism import Mechanism
from attrit.model.phases.pay import V_PAY_ENTITLED, V_PAY_RECEIVED, V_PAY_SKIMMED, take_home
from attrit.model.state import on_rolls


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Whether a rotation changes or a bonus is paid today, and each unit's take-home share."""
    n_units = pl.u_quota.shape[0]
    reassign = False
    bonus = False
    for u in range(n_units):
        reassign = reassign or pl.d_reassign[t, u] == 1
        bonus = bonus or pl.d_bonus[t, u] > 0.0
    take = np.zeros(n_units)
    members = np.zeros(n_units, np.int64)
    if reassign or bonus:
        for u in range(n_units):
            take[u] = take_home(pl, t, u)
    return (reassign or bonus, take, members)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Reassign men to their new shifts; pay them their bonus.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    _, take, members = ctx
    for i in range(lo, hi):
        u = st.unit[i]
        if pl.d_reassign[t, u] == 1:
            st.shift[i] = pl.p_squad[i] % pl.d_nshift[t, u]
        amount = pl.d_bonus[t, u]
        if amount > 0.0 and on_rolls(st.status[i]):
            received = amount * take[u]
            today[u, V_PAY_ENTITLED] += amount
            today[u, V_PAY_RECEIVED] += received
            today[u, V_PAY_SKIMMED] += amount - received
            members[u] += 1


@njit(cache=True)
def finish(t, pl, st, bs, today, ctx):
    """What reached the men of each paid unit lifts its morale."""
    if not ctx[0]:
        return
    _, take, members = ctx
    for u in range(pl.u_quota.shape[0]):
        if members[u] > 0:
            wage = pl.f_wage[pl.u_faction[u]]
            st.bonus_boost[u] += pl.m_bonus_w * pl.d_bonus[t, u] * take[u] / wage


MECHANISM = Mechanism(
    name="interventions",
    doc=__doc__,
    switch="Scheduled countermeasures.",
    reads="""
        pl.d_reassign pl.d_bonus pl.d_nshift pl.p_squad pl.f_wage pl.u_faction pl.u_quota
        pl.m_bonus_w pl.d_cut pl.d_direct pl.f_skim pl.u_skim_cmd st.unit st.shift st.status
        st.bonus_boost
    """,
    prepare=prepare,
    people=people,
    finish=finish,
)
