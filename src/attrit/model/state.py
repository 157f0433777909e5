"""The state of one replicate: parallel arrays over stable person ids, plus per-unit memory.

Persons are never objects: ``status[i]``, ``unit[i]``, ``morale[i]`` ... describe person
``i``; day stamps (``day_end[i]``) schedule the end of training and of recovery.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
from numba import njit

from attrit.model.codes import ABSENT, DUTY, LEAVE, N_STATUS, PENDING, TRAINING, WOUNDED
from attrit.model.shifts import on_duty

State = namedtuple(
    "State",
    [
        "status",
        "unit",
        "shift",
        "morale",
        "offset",
        "arrears",
        "wage",
        "day_end",
        "exit_cause",
        "exit_day",
        "counts",
        "live",
        "des_ring",
        "cas_ring",
        "leader_shock",
        "bonus_boost",
        "shortage",
        "enemy",
        "ghosts",
        "term_end",
        "held",
        "joined",
    ],
)


@njit(cache=True)
def on_rolls(status):
    """Whether a person counts in his unit's strength (duty, leave or wounded)."""
    return status in (DUTY, LEAVE, WOUNDED)


@njit(cache=True)
def initial_state(pl):
    """Day-0 state before the phases' own set-up (each ``init`` fills its part).

    Members are on duty or on leave by shift, recruits pending; everything else is zero.
    """
    n = pl.p_rank.shape[0]
    n_units = pl.u_quota.shape[0]
    status = np.empty(n, np.int8)
    unit = pl.p_home_unit.copy()
    shift = np.empty(n, np.int64)
    for i in range(n):
        u = unit[i]
        shift[i] = pl.p_squad[i] % pl.d_nshift[0, u]
        if pl.p_enrol_day[i] >= 0:
            status[i] = PENDING
        elif on_duty(pl, 0, u, shift[i]):
            status[i] = DUTY
        else:
            status[i] = LEAVE
    return State(
        status,
        unit,
        shift,
        np.zeros(n),
        np.zeros(n),
        np.zeros(n),
        np.zeros(n),
        np.full(n, -1, np.int64),
        np.zeros(n, np.int8),
        np.full(n, -1, np.int64),
        np.zeros((n_units, N_STATUS), np.int64),
        np.zeros((n_units, N_STATUS), np.int64),
        np.zeros((n_units, pl.ring)),
        np.zeros((n_units, pl.ring)),
        np.zeros(n_units),
        np.zeros(n_units),
        np.zeros(n_units),
        np.zeros(n_units),
        np.zeros(n_units),
        np.full(n, -1, np.int64),
        np.zeros(n),
        np.full(n, -1, np.int64),
    )


@njit(cache=True)
def start_day(pl, st, t):
    """Clear today's slot of the rings of recent desertions and casualties.

    The rings hold the last ``pl.ring`` days; the slot of day ``t`` last held day
    ``t - pl.ring`` and must start empty.
    """
    slot = t % pl.ring
    for u in range(st.des_ring.shape[0]):
        st.des_ring[u, slot] = 0.0
        st.cas_ring[u, slot] = 0.0


@njit(cache=True)
def counted(status):
    """Whether a status is counted by unit (present, absent, or in training for the unit)."""
    return status in (DUTY, LEAVE, WOUNDED, TRAINING, ABSENT)


@njit(cache=True)
def recount(st):
    """Count people by unit and status (training counted at the unit they are meant for).

    Run once, on day 0: from then on :func:`set_status` and :func:`post` keep ``live``.
    """
    st.live[:, :] = 0
    for i in range(st.status.shape[0]):
        s = st.status[i]
        if counted(s):
            st.live[st.unit[i], s] += 1
    st.counts[:, :] = st.live


@njit(cache=True)
def set_status(st, i, new):
    """Give person ``i`` a new status, keeping his unit's live counts."""
    u = st.unit[i]
    old = st.status[i]
    if counted(old):
        st.live[u, old] -= 1
    if counted(new):
        st.live[u, new] += 1
    st.status[i] = new


@njit(cache=True)
def post(st, i, u):
    """Move person ``i`` to unit ``u``, keeping both units' live counts."""
    s = st.status[i]
    if counted(s):
        st.live[st.unit[i], s] -= 1
        st.live[u, s] += 1
    st.unit[i] = u


@njit(cache=True)
def take_count(st):
    """The phases' headcount (``counts``) becomes the live one, as of now."""
    st.counts[:, :] = st.live


@njit(cache=True)
def leave_for_good(st, i, status, cause, t, today):
    """Person ``i`` leaves his unit for good today with ``status``, counted by ``cause``."""
    set_status(st, i, status)
    st.exit_cause[i] = cause
    st.exit_day[i] = t
    today[st.unit[i], cause] += 1.0


@njit(cache=True)
def present(st, u):
    """Members present on a unit's rolls now: the live count (the census is ``strength``)."""
    return st.live[u, DUTY] + st.live[u, LEAVE] + st.live[u, WOUNDED]


@njit(cache=True)
def strength(st, u):
    """Members on a unit's rolls."""
    return st.counts[u, DUTY] + st.counts[u, LEAVE] + st.counts[u, WOUNDED]


@njit(cache=True)
def recent(ring, u, t, window):
    """Sum of a unit's ring over the last ``window`` days, today included."""
    total = 0.0
    size = ring.shape[1]
    for k in range(min(window, size, t + 1)):
        total += ring[u, (t - k) % size]
    return total
