"""Funding and pay: money flows sponsor -> faction -> commander -> person.

On a faction's pay day (every ``cycle_days``) each member on the rolls is entitled to his
wage. The unit's cycle may be missed altogether (probability ``missed_cycle_probability``);
otherwise the sponsor funds a share ``funding`` of it, the faction skims
``faction_skim_fraction`` and the commander ``commander_skim_fraction`` of what passes
(anti-corruption cuts both; ``direct_pay`` sends a share straight to the man). What the man
does not receive is added to his arrears. Accounting, per unit and day:
``entitled = received + skimmed + unpaid``.

Under a ``held_pay`` intervention a share of what reaches a man is held back (``pay_held``,
part of ``pay_received``, not arrears: it is his) until he comes back from leave or from
absence, or leaves the force other than by desertion (``pay_held_released``); a deserter
forfeits it (``pay_held_forfeited``). What he stands to lose, in months of pay, deters him:
see the rotation and desertion phases and ``leave.held_pay_logit_slope``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import OFFICER
from attrit.model.mechanism import Mechanism, flow, per_faction, per_unit, stream
from attrit.model.state import on_rolls
from attrit.scenario.mechanisms import FactionPay, UnitPay

MISSED = stream("pay.missed_cycle")
ENTITLED = flow("pay_entitled", "USD", "pay members were entitled to")
RECEIVED = flow("pay_received", "USD", "pay that reached members")
SKIMMED = flow("pay_skimmed", "USD", "pay taken by the faction and the commander")
UNPAID = flow("pay_unpaid", "USD", "pay not funded or not paid (added to arrears)")
V_PAY_ENTITLED, V_PAY_RECEIVED = ENTITLED.index, RECEIVED.index
HELD = flow("pay_held", "USD", "pay held back until the man returns (part of pay_received)")
RELEASED = flow("pay_held_released", "USD", "held pay paid out to men back or gone home")
FORFEITED = flow("pay_held_forfeited", "USD", "held pay deserters forfeited")
V_PAY_SKIMMED, V_PAY_UNPAID = SKIMMED.index, UNPAID.index
V_HELD, V_RELEASED, V_FORFEITED = HELD.index, RELEASED.index, FORFEITED.index
R_PAY_MISSED = MISSED.index


@njit(cache=True)
def take_home(pl, t, u):
    """Share of funded money that reaches a man of unit ``u`` on day ``t``."""
    keep = 1.0 - pl.d_cut[t, u]
    faction_skim = pl.f_skim[pl.u_faction[u]] * keep
    commander_skim = pl.u_skim_cmd[u] * keep
    direct = pl.d_direct[t, u]
    return direct + (1.0 - direct) * (1.0 - faction_skim) * (1.0 - commander_skim)


@njit(cache=True)
def stake_months(pl, st, i):
    """Months of pay held back for person ``i``: what he loses if he deserts."""
    if st.held[i] <= 0.0 or st.wage[i] <= 0.0:
        return 0.0
    return st.held[i] / st.wage[i] * pl.f_cycle[pl.p_faction[i]] / 30.0


@njit(cache=True)
def settle_held(st, i, forfeit, today):
    """Person ``i``'s held pay is paid out, or forfeited if he deserted."""
    if st.held[i] > 0.0:
        today[st.unit[i], V_FORFEITED if forfeit else V_RELEASED] += st.held[i]
        st.held[i] = 0.0


@njit(cache=True)
def init(pl, st, keys, replicate):
    """Each member's wage: his faction's, times the officer multiplier for an officer."""
    for i in range(st.wage.shape[0]):
        f = pl.p_faction[i]
        mult = pl.f_officer_mult[f] if pl.p_rank[i] == OFFICER else 1.0
        st.wage[i] = pl.f_wage[f] * mult


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Which units are paid today, which miss their cycle, and each one's take-home share."""
    n_units = pl.u_quota.shape[0]
    paying = False
    missed = np.zeros(n_units, np.bool_)
    payday = np.zeros(n_units, np.bool_)
    take = np.zeros(n_units)
    for u in range(n_units):
        if (t + 1) % pl.f_cycle[pl.u_faction[u]] == 0:
            payday[u] = True
            paying = True
            missed[u] = rng.uniform(bs[R_PAY_MISSED], u) < pl.u_miss_p[u]
            take[u] = take_home(pl, t, u)
    return (paying, payday, missed, take)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Pay the members whose unit is paid today.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    _, payday, missed, take = ctx
    for i in range(lo, hi):
        u = st.unit[i]
        if not payday[u] or not on_rolls(st.status[i]):
            continue
        wage = st.wage[i]
        today[u, V_PAY_ENTITLED] += wage
        if missed[u]:
            today[u, V_PAY_UNPAID] += wage
            st.arrears[i] += wage
            continue
        funded = wage * pl.d_funding[t, u]
        received = funded * take[u]
        today[u, V_PAY_UNPAID] += wage - funded
        today[u, V_PAY_RECEIVED] += received
        today[u, V_PAY_SKIMMED] += funded - received
        st.arrears[i] += wage - received
        kept = received * pl.d_held[t, u]
        if kept > 0.0:
            st.held[i] += kept
            today[u, V_HELD] += kept


MECHANISM = Mechanism(
    name="pay",
    doc=__doc__,
    switch="Funding and pay through the skimming chain.",
    params={"factions.*.pay": FactionPay, "units.*.pay": UnitPay},
    streams=(MISSED,),
    records=(ENTITLED, RECEIVED, SKIMMED, UNPAID, HELD, RELEASED, FORFEITED),
    plan=(
        per_faction("f_wage", "pay.wage_usd_per_cycle"),
        per_faction("f_cycle", "pay.cycle_days", np.int64),
        per_faction("f_officer_mult", "pay.officer_wage_multiplier"),
        per_faction("f_skim", "pay.faction_skim_fraction"),
        per_unit("u_skim_cmd", "pay.commander_skim_fraction"),
        per_unit("u_miss_p", "pay.missed_cycle_probability"),
    ),
    reads="""
        pl.f_wage pl.f_cycle pl.f_officer_mult pl.f_skim pl.u_skim_cmd pl.u_miss_p pl.u_faction
        pl.u_quota pl.d_cut pl.d_direct pl.d_funding pl.p_faction pl.p_rank st.unit st.status
        st.wage st.arrears pl.d_held st.held
    """,
    prepare=prepare,
    people=people,
    init=init,
)
