"""Emigration: departure abroad, driven by the pull series, from duty or from leave.

``h = hazard_per_day_at_full_pull * pull_u * exp(morale_log_slope (0.5 - m))``; squad-mates
on duty or leave join (the group departures of 2015), officers take their bodyguards.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import DUTY, LEAVE, V_EMIGRATED
from attrit.model.flight import flee


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Draw departures abroad for every man on duty or on leave."""
    n_units = pl.u_quota.shape[0]
    scale = np.empty(n_units)
    bound = np.empty(n_units)  # h at morale 0: most draws are decided without exp
    for u in range(n_units):
        scale[u] = pl.u_emig_h[u] * pl.d_pull[t, u]
        bound[u] = scale[u] * np.exp(0.5 * pl.u_emig_slope[u])
    base = bs[rng.R_EMIGRATE]
    for i in range(st.status.shape[0]):
        s = st.status[i]
        if s != DUTY and s != LEAVE:
            continue
        u = st.unit[i]
        draw = rng.uniform(base, i)
        if draw >= bound[u]:
            continue
        h = scale[u] * np.exp(pl.u_emig_slope[u] * (0.5 - st.morale[i]))
        if draw < h:
            flee(i, V_EMIGRATED, t, pl, st, today, bs, rng.R_EMIGRATE_JOIN, True)
