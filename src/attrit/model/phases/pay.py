"""Funding and pay: money flows sponsor -> faction -> commander -> person.

On a faction's pay day (every ``cycle_days``) each member on the rolls is entitled to his
wage. The unit's cycle may be missed altogether (probability ``missed_cycle_probability``);
otherwise the sponsor funds a share ``funding`` of it, the faction skims
``faction_skim_fraction`` and the commander ``commander_skim_fraction`` of what passes
(anti-corruption cuts both; ``direct_pay`` sends a share straight to the man). What the man
does not receive is added to his arrears. Accounting, per unit and day:
``entitled = received + skimmed + unpaid``.
"""

from __future__ import annotations

from numba import njit

from attrit.model import rng
from attrit.model.codes import V_PAY_ENTITLED, V_PAY_RECEIVED, V_PAY_SKIMMED, V_PAY_UNPAID
from attrit.model.state import on_rolls


@njit(cache=True)
def take_home(pl, t, u):
    """Share of funded money that reaches a man of unit ``u`` on day ``t``."""
    keep = 1.0 - pl.d_cut[t, u]
    faction_skim = pl.f_skim[pl.u_faction[u]] * keep
    commander_skim = pl.u_skim_cmd[u] * keep
    direct = pl.d_direct[t, u]
    return direct + (1.0 - direct) * (1.0 - faction_skim) * (1.0 - commander_skim)


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Pay every unit whose faction pays today."""
    n_units = pl.u_quota.shape[0]
    paying = False
    missed = [False] * n_units
    payday = [False] * n_units
    take = [0.0] * n_units
    for u in range(n_units):
        if (t + 1) % pl.f_cycle[pl.u_faction[u]] == 0:
            payday[u] = True
            paying = True
            missed[u] = rng.uniform(bs[rng.R_PAY_MISSED], u) < pl.u_miss_p[u]
            take[u] = take_home(pl, t, u)
    if not paying:
        return
    for i in range(st.status.shape[0]):
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
