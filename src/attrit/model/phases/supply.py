"""Supplies: need per man on duty; sent x (1 - diversion) = delivered; the rest is shortage.

The sponsor sends ``need x funding x (1 + extra_supplies)``; the faction diverts
``diversion_fraction`` and the commander ``commander_diversion_fraction`` of what passes
(anti-corruption cuts both). Accounting per unit and day: ``sent = delivered + diverted`` and
``needed = delivered + shortage`` whenever nothing is left over (a surplus is not shortage).
"""

from __future__ import annotations

from numba import njit

from attrit.model.codes import DUTY
from attrit.model.mechanism import Mechanism, flow, per_faction, per_unit
from attrit.scenario.mechanisms import FactionSupply, UnitSupply

NEEDED = flow("supply_needed", "USD", "supplies the men on duty needed")
SENT = flow("supply_sent", "USD", "supplies the sponsor sent")
DELIVERED = flow("supply_delivered", "USD", "supplies that reached the unit")
DIVERTED = flow("supply_diverted", "USD", "supplies diverted by the faction and the commander")
SHORTAGE = flow("supply_shortage", "USD", "need not met by what was delivered")
V_SUPPLY_NEEDED, V_SUPPLY_SENT, V_SUPPLY_DELIVERED = NEEDED.index, SENT.index, DELIVERED.index
V_SUPPLY_DIVERTED, V_SUPPLY_SHORTAGE = DIVERTED.index, SHORTAGE.index


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Send, divert and deliver each unit's supplies for today (no per-person work)."""
    for u in range(pl.u_quota.shape[0]):
        f = pl.u_faction[u]
        need = pl.f_need[f] * st.counts[u, DUTY]
        keep = 1.0 - pl.d_cut[t, u]
        sent = need * pl.d_funding[t, u] * (1.0 + pl.d_extra_supply[t, u])
        delivered = sent * (1.0 - pl.f_div[f] * keep) * (1.0 - pl.u_div_cmd[u] * keep)
        short = max(need - delivered, 0.0)
        today[u, V_SUPPLY_NEEDED] += need
        today[u, V_SUPPLY_SENT] += sent
        today[u, V_SUPPLY_DELIVERED] += delivered
        today[u, V_SUPPLY_DIVERTED] += sent - delivered
        today[u, V_SUPPLY_SHORTAGE] += short
        st.shortage[u] = short / need if need > 0.0 else 0.0
    return (False,)


MECHANISM = Mechanism(
    name="supply",
    doc=__doc__,
    switch="Supplies, their diversion and shortage.",
    params={"factions.*.supply": FactionSupply, "units.*.supply": UnitSupply},
    records=(NEEDED, SENT, DELIVERED, DIVERTED, SHORTAGE),
    plan=(
        per_faction("f_need", "supply.need_usd_per_person_day"),
        per_faction("f_div", "supply.diversion_fraction"),
        per_unit("u_div_cmd", "supply.commander_diversion_fraction"),
    ),
    reads="""
        pl.f_need pl.f_div pl.u_div_cmd pl.u_faction pl.u_quota pl.d_cut pl.d_funding
        pl.d_extra_supply st.counts st.shortage
    """,
    prepare=prepare,
)
