"""Morale: each man's morale moves toward a target at ``adjustment_rate_per_day``.

Target of man ``i`` in unit ``u``:
``baseline - arrears_weight min(arrears_months / saturation, 1) - shortage_weight shortage_u
- theft_weight theft_u - casualty_weight c30_u - desertion_weight d30_u
- purpose_weight (1 - offensive_u) - leader_shock_u + bonus_boost_u + offset_i``, clipped to
[0, 1], where ``leader_shock_u`` grows by ``leader_loss_weight / officers_u`` for each of
the unit's ``officers_u`` officers who deserts, ``theft_u`` is what the men see their
commander take (his pay skim on what passes through him plus his supply diversion),
``c30``/``d30`` are the casualties and desertions of the last 30 days as fractions of the
unit, and ``offset_i`` is the man's own lasting difference (and any broken promise). Every
effect of an event is a share of the unit, so splitting a unit in two or merging two changes
no one's expected morale. Leader-loss shocks and bonus boosts decay with their half-lives.
Everyone's morale on day 0 is a normal draw around ``initial_mean``, clipped to [0, 1], and
his offset a normal draw with ``individual_sd``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.mechanism import Mechanism, force, per_unit, stream
from attrit.model.order import ORDER
from attrit.model.phases.record import add_member
from attrit.model.state import on_rolls, recent, strength
from attrit.scenario.mechanisms import Morale

WINDOW_DAYS = 30
S_PAY, S_SUPPLY = ORDER.index("pay"), ORDER.index("supply")
INITIAL_U1 = stream("morale.initial.u1")
INITIAL_U2 = stream("morale.initial.u2")
OFFSET_U1 = stream("morale.individual.u1")
OFFSET_U2 = stream("morale.individual.u2")
R_MORALE_U1, R_MORALE_U2 = INITIAL_U1.index, INITIAL_U2.index
R_OFFSET_U1, R_OFFSET_U2 = OFFSET_U1.index, OFFSET_U2.index


@njit(cache=True)
def init(pl, st, keys, replicate):
    """Day-0 morale and lasting offsets, drawn for everyone."""
    b1 = rng.day_base(keys[R_MORALE_U1], replicate, 0)
    b2 = rng.day_base(keys[R_MORALE_U2], replicate, 0)
    o1 = rng.day_base(keys[R_OFFSET_U1], replicate, 0)
    o2 = rng.day_base(keys[R_OFFSET_U2], replicate, 0)
    for i in range(st.morale.shape[0]):
        m = pl.m_init_mean + pl.m_init_sd * rng.normal(b1, b2, i)
        st.morale[i] = min(max(m, 0.0), 1.0)
        st.offset[i] = pl.m_indiv_sd * rng.normal(o1, o2, i)


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
def prepare(t, pl, st, bs, today):
    """Each unit's morale target today, before a man's arrears and offset."""
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
            - pl.m_penalty_w * pl.d_penalty[t, u]
            - st.leader_shock[u]
            + st.bonus_boost[u]
        )
    return (True, target)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Move each member's morale one day toward his target; add him to the day's record.

    Nothing changes a member after this in a day, so the record's sums of morale, arrears and
    officers are added here, sparing the record a pass of its own. Persons ``lo`` to
    ``hi - 1``: everyone, or one unit's slice.
    """
    target = ctx[1]
    for i in range(lo, hi):
        if not on_rolls(st.status[i]):
            continue
        u = st.unit[i]
        arrears = min(st.arrears[i] / st.wage[i] / pl.m_arrears_sat, 1.0)
        goal = target[u] - pl.m_arrears_w * arrears + st.offset[i]
        goal = min(max(goal, 0.0), 1.0)
        st.morale[i] += pl.m_rate * (goal - st.morale[i])
        add_member(i, u, pl, st, today)


@njit(cache=True)
def finish(t, pl, st, bs, today, ctx):
    """Leader-loss shocks and bonus boosts fade."""
    for u in range(st.leader_shock.shape[0]):
        st.leader_shock[u] *= pl.m_leader_decay
        st.bonus_boost[u] *= pl.m_bonus_decay


def _halving(field: str):
    """The daily decay factor of a half-life given in days."""
    return lambda sc: 0.5 ** (1.0 / getattr(sc.morale, field))


MECHANISM = Mechanism(
    name="morale",
    doc=__doc__,
    switch="Morale moving toward its target.",
    params={"morale": Morale},
    streams=(INITIAL_U1, INITIAL_U2, OFFSET_U1, OFFSET_U2),
    plan=(
        force("m_init_mean", "morale.initial_mean"),
        force("m_init_sd", "morale.initial_sd"),
        force("m_indiv_sd", "morale.individual_sd"),
        force("m_rate", "morale.adjustment_rate_per_day"),
        force("m_base", "morale.baseline_target"),
        force("m_arrears_w", "morale.arrears_weight"),
        force("m_arrears_sat", "morale.arrears_saturation_months"),
        force("m_shortage_w", "morale.shortage_weight"),
        force("m_theft_w", "morale.theft_weight"),
        force("m_casualty_w", "morale.casualty_weight"),
        force("m_desertion_w", "morale.desertion_weight"),
        force("m_purpose_w", "morale.purpose_weight"),
        force("m_leader_w", "morale.leader_loss_weight"),
        per_unit("u_officers", "strength.officers"),
        force("m_leader_decay", _halving("leader_loss_halflife_days")),
        force("m_bonus_w", "morale.bonus_weight"),
        force("m_bonus_decay", _halving("bonus_halflife_days")),
        force("m_promise_w", "morale.promise_gap_weight"),
        force("m_penalty_w", "morale.penalty_weight"),
    ),
    reads="""
        pl.m_init_mean pl.m_init_sd pl.m_indiv_sd pl.m_rate pl.m_base pl.m_arrears_w
        pl.m_arrears_sat pl.m_shortage_w pl.m_theft_w pl.m_casualty_w pl.m_desertion_w
        pl.m_purpose_w pl.m_leader_decay pl.m_bonus_decay pl.u_quota pl.u_skim_cmd pl.u_div_cmd
        pl.d_cut pl.d_direct pl.d_offensive pl.d_penalty pl.m_penalty_w pl.switch st.morale
        st.offset st.status st.arrears
        st.wage st.unit st.counts st.cas_ring st.des_ring st.shortage st.leader_shock
        st.bonus_boost pl.p_rank
    """,
    prepare=prepare,
    people=people,
    finish=finish,
    init=init,
)
