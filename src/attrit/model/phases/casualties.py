"""Casualties at the front, and the return of the wounded.

Each man on duty is at the front with probability ``front / on duty`` (the quota, or all on
duty if fewer), so a unit loses on average ``hazard x front`` men a day, times
``1 + (offensive_multiplier - 1) x intensity`` during an offensive. A casualty is wounded
with probability ``wounded_fraction``, else killed. After ``recovery_days`` a wounded man
returns (to duty if his shift is on, else to leave) with ``return_after_wound_probability``, else he
is invalided out.

A unit with ``combat`` fights its enemy under a Lanchester law instead of the flat hazard: the
day's expected losses of both sides come from the law's kernel (:mod:`attrit.model.lanchester`,
the one ``attrit lanchester`` fits), its two coefficients scaled by the same engagement
intensity; the unit's losses are spread over the men on duty as above, the enemy's are a
Poisson draw capped at its strength. The enemy's reinforcements arrive at the start of a day.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import lanchester, rng
from attrit.model.codes import (
    DUTY,
    INVALIDED,
    KILLED,
    LEAVE,
    V_INVALIDED,
    V_KILLED,
    V_WOUNDED_NEW,
    WOUNDED,
)


@njit(cache=True)
def _fight(t, pl, st, bs, u, front, intensity):
    """One day of the unit's battle: draw the enemy's losses, return the unit's expected ones."""
    st.enemy[u] += pl.u_enemy_reinf[u]
    ours, theirs = lanchester.day_losses(
        pl.u_cmb_exp[u],
        pl.u_cmb_a[u] * intensity,
        pl.u_cmb_b[u] * intensity,
        float(front),
        st.enemy[u],
        lanchester.STEPS,
    )
    lost = rng.poisson(bs[rng.R_ENEMY_U1], bs[rng.R_ENEMY_U2], u, theirs)
    st.enemy[u] -= min(lost, st.enemy[u])
    return ours


@njit(cache=True)
def step(t, pl, st, bs, today):
    """Draw today's casualties and recoveries."""
    n_units = pl.u_quota.shape[0]
    hit = np.zeros(n_units)
    for u in range(n_units):
        duty = st.counts[u, DUTY]
        front = min(pl.u_quota[u], duty)
        intensity = 1.0 + (pl.u_cas_offmult[u] - 1.0) * pl.d_offensive[t, u]
        if pl.u_combat[u]:
            hit[u] = _fight(t, pl, st, bs, u, front, intensity) / max(duty, 1)
        elif duty > 0:
            hit[u] = pl.u_cas_h[u] * intensity * front / duty
    b_hit, b_kind, b_back = bs[rng.R_CAS_HIT], bs[rng.R_CAS_KIND], bs[rng.R_CAS_RETURN]
    for i in range(st.status.shape[0]):
        s = st.status[i]
        u = st.unit[i]
        if s == DUTY and hit[u] > 0.0 and rng.uniform(b_hit, i) < hit[u]:
            st.cas_ring[u, t % pl.ring] += 1.0
            if rng.uniform(b_kind, i) < pl.u_cas_wfrac[u]:
                st.status[i] = WOUNDED
                st.day_end[i] = t + pl.u_cas_recovery[u]
                today[u, V_WOUNDED_NEW] += 1.0
            else:
                st.status[i] = KILLED
                st.exit_cause[i] = V_KILLED
                st.exit_day[i] = t
                today[u, V_KILLED] += 1.0
        elif s == WOUNDED and st.day_end[i] == t:
            if rng.uniform(b_back, i) < pl.u_cas_return_p[u]:
                st.status[i] = DUTY if st.shift[i] == pl.d_shift_on[t, u] else LEAVE
            else:
                st.status[i] = INVALIDED
                st.exit_cause[i] = V_INVALIDED
                st.exit_day[i] = t
                today[u, V_INVALIDED] += 1.0
