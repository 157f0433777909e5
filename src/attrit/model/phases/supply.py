"""Supplies: need per man on duty; sent x (1 - diversion) = delivered; the rest is shortage.

The sponsor sends ``need x funding x (1 + extra_supplies)``; the faction diverts
``diversion_fraction`` and the commander ``commander_diversion_fraction`` of what passes
(anti-corruption cuts both). Accounting per unit and day: ``sent = delivered + diverted`` and
``needed = delivered + shortage`` whenever nothing is left over (a surplus is not shortage).
"""

from __future__ import annotations

from numba import njit

from attrit.model.codes import (
    DUTY,
    V_SUPPLY_DELIVERED,
    V_SUPPLY_DIVERTED,
    V_SUPPLY_NEEDED,
    V_SUPPLY_SENT,
    V_SUPPLY_SHORTAGE,
)


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Send, divert and deliver each unit's supplies for today."""
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
