"""Morale: each man's morale moves toward a target at ``adjustment_rate_per_day``.

Target of man ``i`` in unit ``u``:
``baseline - arrears_weight min(arrears_months / saturation, 1) - shortage_weight shortage_u
- theft_weight theft_u - casualty_weight c30_u - desertion_weight d30_u
- purpose_weight (1 - offensive_u) - leader_shock_u + bonus_boost_u + offset_i``, clipped to
[0, 1], where ``theft_u`` is what the men see their commander take (his pay skim on what
passes through him plus his supply diversion), ``c30``/``d30`` are the casualties and
desertions of the last 30 days as fractions of the unit, and ``offset_i`` is the man's own
lasting difference (and any broken promise). Leader-loss shocks and bonus boosts decay with
their half-lives.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model.codes import S_PAY, S_SUPPLY
from attrit.model.state import on_rolls, recent, strength

WINDOW_DAYS = 30


@njit(cache=True)
def visible_theft(pl, t, u):
    """What the men of unit ``u`` see their commander take today (a fraction)."""
    keep = 1.0 - pl.d_cut[t, u]
    theft = 0.0
    if pl.switch[S_PAY]:
        theft += pl.u_skim_cmd[u] * keep * (1.0 - pl.d_direct[t, u])
    if pl.switch[S_SUPPLY]:
        theft += pl.u_div_cmd[u] * keep
    return theft


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Move every member's morale one day toward its target."""
    n_units = pl.u_quota.shape[0]
    target = np.empty(n_units)
    for u in range(n_units):
        members = max(strength(st, u), 1)
        c30 = recent(st.cas_ring, u, t, WINDOW_DAYS) / members
        d30 = recent(st.des_ring, u, t, WINDOW_DAYS) / members
        target[u] = (
            pl.m_base
            - pl.m_shortage_w * st.shortage[u]
            - pl.m_theft_w * visible_theft(pl, t, u)
            - pl.m_casualty_w * c30
            - pl.m_desertion_w * d30
            - pl.m_purpose_w * (1.0 - min(pl.d_offensive[t, u], 1.0))
            - st.leader_shock[u]
            + st.bonus_boost[u]
        )
    rate = pl.m_rate
    for i in range(st.status.shape[0]):
        if not on_rolls(st.status[i]):
            continue
        arrears = min(st.arrears[i] / st.wage[i] / pl.m_arrears_sat, 1.0)
        goal = target[st.unit[i]] - pl.m_arrears_w * arrears + st.offset[i]
        goal = min(max(goal, 0.0), 1.0)
        st.morale[i] += rate * (goal - st.morale[i])


@njit(cache=True)
def decay(pl, st):
    """Leader-loss shocks and bonus boosts fade, whether or not morale moves."""
    for u in range(st.leader_shock.shape[0]):
        st.leader_shock[u] *= pl.m_leader_decay
        st.bonus_boost[u] *= pl.m_bonus_decay
