"""Who is on duty: a unit's leave groups in their cycle, and its front-line quota that day.

A unit on ``days_on``/``days_off`` has ``K = (on + off) / gcd(on, off)`` leave groups (a
person's group is ``st.shift``). Group ``g`` is on duty when its own day of the cycle,
``(phase - g * gcd) mod (on + off)``, is below ``on``: the groups start their duty ``gcd`` days
apart, so ``on / gcd`` of the ``K`` groups are on duty on every day and the unit's duty share
is exactly ``on / (on + off)``. With ``days_off`` a multiple of ``days_on`` this is one shift
on duty at a time; with no leave (``days_off = 0``) there is one group, always on duty.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def on_duty(pl, t, u, g):
    """Whether leave group ``g`` of unit ``u`` is on duty on day ``t``."""
    c = pl.d_cycle[t, u]
    return (pl.d_phase[t, u] - g * pl.d_step[t, u] + c) % c < pl.d_on[t, u]


@njit(cache=True)
def newest_group(pl, t, u):
    """The group of unit ``u`` whose duty began last (a man joining today goes to it)."""
    return (pl.d_phase[t, u] // pl.d_step[t, u]) % pl.d_nshift[t, u]


@njit(cache=True)
def quota(pl, t, u, members):
    """Men unit ``u`` must keep at the front on day ``t``.

    A share of its ``members``, or a number: its own, or a quota change's on that day.
    """
    if pl.u_quota_share[u] > 0.0:
        return int(pl.u_quota_share[u] * members + 0.5)
    return pl.d_quota[t, u]
