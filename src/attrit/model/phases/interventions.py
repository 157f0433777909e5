"""Interventions that act on a day: rotation changes reassign shifts, bonuses are paid.

Most interventions are levers the plan already folded into day-by-unit arrays (extra
supplies, anti-corruption, direct pay, offensives) and training courses are recruits in the
plan's intake. A bonus is money sent to every member through the same chain as pay (skimmed
alike, never missed, funded by the sponsor in full); what reaches the men raises the unit's
morale by ``bonus_weight`` per wage received, decaying with ``bonus_halflife_days``.
"""

from __future__ import annotations

from numba import njit

from attrit.model.codes import V_PAY_ENTITLED, V_PAY_RECEIVED, V_PAY_SKIMMED
from attrit.model.phases.pay import take_home
from attrit.model.state import on_rolls


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Reassign shifts where the rotation changes today; pay bonuses due today."""
    n_units = pl.u_quota.shape[0]
    reassign = False
    bonus = False
    for u in range(n_units):
        reassign = reassign or pl.d_reassign[t, u] == 1
        bonus = bonus or pl.d_bonus[t, u] > 0.0
    if not (reassign or bonus):
        return
    take = [take_home(pl, t, u) for u in range(n_units)]
    members = [0] * n_units
    for i in range(st.status.shape[0]):
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
    for u in range(n_units):
        if members[u] > 0:
            wage = pl.f_wage[pl.u_faction[u]]
            st.bonus_boost[u] += pl.m_bonus_w * pl.d_bonus[t, u] * take[u] / wage
