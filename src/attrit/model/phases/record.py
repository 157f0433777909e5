"""The day's record: stocks by unit (strength, front, reserve, leave, ...) and means.

Flows (desertions by cause, casualties, pay, supplies) are added by the phases that cause
them; this phase adds the stocks at the end of the day.
"""

from __future__ import annotations

from numba import njit

from attrit.model.codes import (
    DUTY,
    LEAVE,
    OFFICER,
    TRAINING,
    V_ARREARS_MEAN,
    V_ENEMY,
    V_FRONT,
    V_IN_TRAINING,
    V_MORALE_MEAN,
    V_OFFICERS,
    V_ON_LEAVE,
    V_QUOTA,
    V_RESERVE,
    V_STRENGTH,
    V_WOUNDED,
    WOUNDED,
)
from attrit.model.state import on_rolls, recount, strength


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Record stocks and means of every unit at the end of day ``t``."""
    recount(st)
    for i in range(st.status.shape[0]):
        if on_rolls(st.status[i]):
            u = st.unit[i]
            today[u, V_MORALE_MEAN] += st.morale[i]
            today[u, V_ARREARS_MEAN] += st.arrears[i] / st.wage[i]
            if pl.p_rank[i] == OFFICER:
                today[u, V_OFFICERS] += 1.0
    for u in range(pl.u_quota.shape[0]):
        members = strength(st, u)
        duty = st.counts[u, DUTY]
        front = min(pl.u_quota[u], duty)
        today[u, V_STRENGTH] = members
        today[u, V_FRONT] = front
        today[u, V_RESERVE] = duty - front
        today[u, V_ON_LEAVE] = st.counts[u, LEAVE]
        today[u, V_WOUNDED] = st.counts[u, WOUNDED]
        today[u, V_IN_TRAINING] = st.counts[u, TRAINING]
        today[u, V_QUOTA] = pl.u_quota[u]
        today[u, V_ENEMY] = st.enemy[u]
        if members > 0:
            today[u, V_MORALE_MEAN] /= members
            today[u, V_ARREARS_MEAN] /= members
