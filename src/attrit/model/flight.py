"""Leaving the force by desertion: one person, his squad-mates, an officer's bodyguards.

Shared by the phases through which men desert; each passes the recorded variables (causes)
that count the men who leave. Where the unit keeps absentees on its rolls
(``absence.strike_off_days`` > 0), a man who may come back goes absent instead: the absence
phase counts him (``went_absent``, whose index the plan carries) and later brings him back
or strikes him off.
"""

from __future__ import annotations

from numba import njit

from attrit.model import rng
from attrit.model.codes import ABSENT, BODYGUARD, DESERTED, DUTY, LEAVE, OFFICER
from attrit.model.order import ORDER
from attrit.model.phases.pay import settle_held
from attrit.model.state import leave_for_good, set_status

S_ABSENCE = ORDER.index("absence")


@njit(cache=True)
def mark_deserted(i, cause, t, pl, st, today):
    """Person ``i`` deserts today; ``cause`` is the recorded variable that counts him."""
    st.des_ring[st.unit[i], t % pl.ring] += 1.0
    settle_held(st, i, True, today)
    leave_for_good(st, i, DESERTED, cause, t, today)


@njit(cache=True)
def leave_unit(i, cause, t, pl, st, today, may_return):
    """Person ``i`` leaves today: absent, or a deserter counted by ``cause``.

    Absent if he may return and his unit keeps absentees on its rolls.
    """
    u = st.unit[i]
    if not (may_return and pl.switch[S_ABSENCE] and pl.u_strike_off[u] > 0):
        mark_deserted(i, cause, t, pl, st, today)
        return
    set_status(st, i, ABSENT)
    st.day_end[i] = t + pl.u_strike_off[u]
    today[u, pl.v_went_absent] += 1.0
    # his comrades see him go as they see a deserter go
    st.des_ring[u, t % pl.ring] += 1.0


@njit(cache=True)
def can_go(status, from_leave):
    """Whether someone in ``status`` can join a flight (on duty; on leave too if allowed)."""
    return status == DUTY or (from_leave and status == LEAVE)


@njit(cache=True)
def flee(
    i, cause, guard_cause, t, pl, st, today, bs, join_stream, guard_stream, from_leave, may_return
):
    """Person ``i`` deserts; an officer takes bodyguards, a man his squad-mates.

    Squad-mates (not officers) join with the unit's group probability, drawn from
    ``join_stream``; bodyguards follow their officer with their own probability (drawn from
    ``guard_stream``) and are counted as ``guard_cause``. Joining is one level deep: those
    who join do not pull in others. With ``may_return`` they go absent where the unit keeps
    absentees (:func:`leave_unit`).
    """
    u = st.unit[i]
    leave_unit(i, cause, t, pl, st, today, may_return)
    if pl.p_rank[i] == OFFICER:
        # a share of the unit's officers, so splitting or merging units changes no one's morale
        st.leader_shock[u] += pl.m_leader_w / max(pl.u_officers[u], 1.0)
        for g in range(pl.p_guard_start[i], pl.p_guard_end[i]):
            if (
                can_go(st.status[g], from_leave)
                and st.unit[g] == u
                and rng.uniform(bs[guard_stream], g) < pl.u_bodyguard_p[u]
            ):
                leave_unit(g, guard_cause, t, pl, st, today, may_return)
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
            leave_unit(j, cause, t, pl, st, today, may_return)
