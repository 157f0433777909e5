"""Leaving the force by desertion: one person, his squad-mates, an officer's bodyguards.

Shared by the phases through which men desert; each passes the recorded variables (causes)
that count the men who leave.
"""

from __future__ import annotations

from numba import njit

from attrit.model import rng
from attrit.model.codes import BODYGUARD, DESERTED, DUTY, LEAVE, OFFICER
from attrit.model.state import set_status


@njit(cache=True)
def mark_deserted(i, cause, t, pl, st, today):
    """Person ``i`` deserts today; ``cause`` is the recorded variable that counts him."""
    u = st.unit[i]
    set_status(st, i, DESERTED)
    st.exit_cause[i] = cause
    st.exit_day[i] = t
    today[u, cause] += 1.0
    st.des_ring[u, t % pl.ring] += 1.0


@njit(cache=True)
def can_go(status, from_leave):
    """Whether someone in ``status`` can join a flight (on duty; on leave too if allowed)."""
    return status == DUTY or (from_leave and status == LEAVE)


@njit(cache=True)
def flee(i, cause, guard_cause, t, pl, st, today, bs, join_stream, guard_stream, from_leave):
    """Person ``i`` deserts; an officer takes bodyguards, a man his squad-mates.

    Squad-mates (not officers) join with the unit's group probability, drawn from
    ``join_stream``; bodyguards follow their officer with their own probability (drawn from
    ``guard_stream``) and are counted as ``guard_cause``. Joining is one level deep: those
    who join do not pull in others.
    """
    u = st.unit[i]
    mark_deserted(i, cause, t, pl, st, today)
    if pl.p_rank[i] == OFFICER:
        # a share of the unit's officers, so splitting or merging units changes no one's morale
        st.leader_shock[u] += pl.m_leader_w / max(pl.u_officers[u], 1.0)
        for g in range(pl.p_guard_start[i], pl.p_guard_end[i]):
            if (
                can_go(st.status[g], from_leave)
                and st.unit[g] == u
                and rng.uniform(bs[guard_stream], g) < pl.u_bodyguard_p[u]
            ):
                mark_deserted(g, guard_cause, t, pl, st, today)
        return
    if join_stream < 0 or pl.u_group_p[u] <= 0.0:
        return
    s = pl.p_squad[i]
    for j in range(pl.s_start[s], pl.s_end[s]):
        if j == i or pl.p_rank[j] == OFFICER or st.unit[j] != u:
            continue
        if pl.p_rank[j] == BODYGUARD and pl.p_rank[i] != BODYGUARD:
            continue
        if can_go(st.status[j], from_leave) and rng.uniform(bs[join_stream], j) < pl.u_group_p[u]:
            mark_deserted(j, cause, t, pl, st, today)
