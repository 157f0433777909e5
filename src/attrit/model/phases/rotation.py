"""Rotation: at each changeover the shift on duty goes on leave and the next shift is due.

A man whose leave ends returns with probability ``p`` given by
``logit p = logit return_probability + morale_logit_slope (m - 0.5) - pull_logit_slope pull``,
else he deserts (``deserted_leave_nonreturn``). Of those on duty, up to the quota are at the
front; the rest are in reserve (the record phase counts them).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import DUTY, LEAVE, V_DES_LEAVE, V_LEAVE_DUE, V_LEAVE_RETURNED
from attrit.model.flight import mark_deserted


@njit(cache=True)
def logistic_shift(p, shift):
    """The probability whose logit is ``logit(p) + shift`` (exact at p = 0 and p = 1)."""
    if p <= 0.0 or p >= 1.0:
        return p
    z = np.log(p / (1.0 - p)) + shift
    return 1.0 / (1.0 + np.exp(-z))


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Change shifts over in every unit whose duty period starts today."""
    any_change = False
    for u in range(pl.u_quota.shape[0]):
        any_change = any_change or pl.d_changeover[t, u] == 1
    if not any_change:
        return
    base = bs[rng.R_LEAVE_RETURN]
    for i in range(st.status.shape[0]):
        u = st.unit[i]
        if pl.d_changeover[t, u] == 0:
            continue
        s = st.status[i]
        on = st.shift[i] == pl.d_shift_on[t, u]
        if s == DUTY and not on:
            st.status[i] = LEAVE
        elif s == LEAVE and on:
            today[u, V_LEAVE_DUE] += 1.0
            shift = (
                pl.u_leave_mslope[u] * (st.morale[i] - 0.5) - pl.u_leave_pslope[u] * pl.d_pull[t, u]
            )
            if rng.uniform(base, i) < logistic_shift(pl.u_leave_p[u], shift):
                st.status[i] = DUTY
                today[u, V_LEAVE_RETURNED] += 1.0
            else:
                mark_deserted(i, V_DES_LEAVE, t, pl, st, today)
