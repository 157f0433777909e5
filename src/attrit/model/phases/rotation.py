"""Rotation: at each changeover the leave groups whose duty ends go on leave, others are due.

A man whose leave ends returns with probability ``p`` given by
``logit p = logit return_probability + morale_logit_slope (m - 0.5) - pull_logit_slope pull
+ held_pay_logit_slope held``, where ``held`` is the months of pay held back for him (a
``held_pay`` intervention; paid out when he is back), else he deserts
(``deserted_leave_nonreturn``), or goes absent where his unit keeps absentees on its rolls
(see the absence phase). Of those on duty, up to the quota are at the
front; the rest are in reserve (the record phase counts them).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import DUTY, LEAVE
from attrit.model.flight import leave_unit
from attrit.model.mechanism import Mechanism, flow, per_unit, stream
from attrit.model.phases.pay import settle_held, stake_months
from attrit.model.shifts import on_duty
from attrit.model.state import set_status
from attrit.scenario.mechanisms import Leave, Rotation

RETURN = stream("leave.return")
NONRETURN = flow(
    "deserted_leave_nonreturn", "persons", "men who did not come back from leave", cause=True
)
DUE = flow("leave_due", "persons", "men due back from leave")
RETURNED = flow("leave_returned", "persons", "men back from leave")
V_DES_LEAVE, V_LEAVE_DUE, V_LEAVE_RETURNED = NONRETURN.index, DUE.index, RETURNED.index
R_LEAVE_RETURN = RETURN.index


@njit(cache=True)
def logistic_shift(p, shift):
    """The probability whose logit is ``logit(p) + shift`` (exact at p = 0 and p = 1)."""
    if p <= 0.0 or p >= 1.0:
        return p
    z = np.log(p / (1.0 - p)) + shift
    return 1.0 / (1.0 + np.exp(-z))


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Whether any unit's duty period starts today (else nobody moves)."""
    any_change = False
    for u in range(pl.u_quota.shape[0]):
        any_change = any_change or pl.d_changeover[t, u] == 1
    return (any_change,)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """At their unit's changeover: men on duty go on leave, men due back return or not.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    for i in range(lo, hi):
        u = st.unit[i]
        if pl.d_changeover[t, u] == 0:
            continue
        s = st.status[i]
        on = on_duty(pl, t, u, st.shift[i])
        if s == DUTY and not on:
            set_status(st, i, LEAVE)
        elif s == LEAVE and on:
            today[u, V_LEAVE_DUE] += 1.0
            shift = (
                pl.u_leave_mslope[u] * (st.morale[i] - 0.5)
                - pl.u_leave_pslope[u] * pl.d_pull[t, u]
                + pl.u_held_slope[u] * stake_months(pl, st, i)
            )
            back = logistic_shift(pl.u_leave_p[u], shift)
            # penalties cut the chance of staying away by their severity
            back = 1.0 - (1.0 - back) * (1.0 - pl.d_penalty[t, u])
            if rng.uniform(bs[R_LEAVE_RETURN], i) < back:
                set_status(st, i, DUTY)
                today[u, V_LEAVE_RETURNED] += 1.0
                settle_held(st, i, False, today)
            else:
                leave_unit(i, V_DES_LEAVE, t, pl, st, today, True)


MECHANISM = Mechanism(
    name="rotation",
    doc=__doc__,
    switch="Shifts between duty and leave; leave non-return.",
    params={"units.*.rotation": Rotation, "units.*.leave": Leave},
    streams=(RETURN,),
    records=(NONRETURN, DUE, RETURNED),
    plan=(
        per_unit("u_quota", "rotation.quota", np.int64),
        per_unit("u_quota_share", "rotation.quota_share"),
        per_unit("u_leave_p", "leave.return_probability"),
        per_unit("u_leave_mslope", "leave.morale_logit_slope"),
        per_unit("u_leave_pslope", "leave.pull_logit_slope"),
        per_unit("u_held_slope", "leave.held_pay_logit_slope"),
    ),
    reads="""
        pl.u_quota pl.u_leave_p pl.u_leave_mslope pl.u_leave_pslope pl.d_changeover
        pl.d_phase pl.d_on pl.d_cycle pl.d_step pl.d_pull pl.d_penalty pl.ring st.unit st.status
        st.shift
        st.morale st.exit_cause st.exit_day st.des_ring st.day_end pl.switch pl.u_strike_off
        pl.v_went_absent pl.u_held_slope pl.f_cycle pl.p_faction st.held st.wage
    """,
    prepare=prepare,
    people=people,
)
