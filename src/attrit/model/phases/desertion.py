"""Desertion from duty: a daily hazard rising with low morale, contagion and pull.

For a man on duty in unit ``u``:
``h = hazard_per_day * exp(morale_log_slope (0.5 - m)) * (1 + contagion_weight * d_u)
* (1 + pull_weight * pull_u)``, times ``officer_hazard_multiplier`` for an officer, where
``d_u`` is the fraction of the unit that deserted over the last ``contagion_window_days``.
He flees with probability ``min(h, 1)``; squad-mates on duty join, an officer takes his
bodyguards and shocks the unit's morale (see :mod:`attrit.model.flight`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import DUTY, OFFICER, V_DES_DUTY
from attrit.model.flight import flee
from attrit.model.state import recent, strength


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Draw flight from duty for every man on duty."""
    n_units = pl.u_quota.shape[0]
    scale = np.empty(n_units)
    for u in range(n_units):
        members = max(strength(st, u), 1)
        deserted = recent(st.des_ring, u, t, pl.u_contagion_win[u]) / members
        scale[u] = (
            pl.u_des_h[u]
            * (1.0 + pl.u_contagion_w[u] * deserted)
            * (1.0 + pl.u_pull_w[u] * pl.d_pull[t, u])
        )
    # morale is in [0, 1], so h never exceeds this bound: most draws are decided without exp
    bound = np.empty(n_units)
    for u in range(n_units):
        bound[u] = scale[u] * np.exp(0.5 * pl.u_des_slope[u]) * max(pl.u_officer_mult[u], 1.0)
    base = bs[rng.R_DESERT]
    for i in range(st.status.shape[0]):
        if st.status[i] != DUTY:
            continue
        u = st.unit[i]
        draw = rng.uniform(base, i)
        if draw >= bound[u]:
            continue
        h = scale[u] * np.exp(pl.u_des_slope[u] * (0.5 - st.morale[i]))
        if pl.p_rank[i] == OFFICER:
            h *= pl.u_officer_mult[u]
        if draw < h:
            flee(i, V_DES_DUTY, t, pl, st, today, bs, rng.R_GROUP_JOIN, False)
