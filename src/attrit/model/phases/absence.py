"""Absence without leave: the absent come back, or are struck off as deserters for good.

Where a unit keeps absentees on its rolls (``absence.strike_off_days`` > 0), a man who does
not come back from leave, or (with ``absence.from_duty``) flees from duty, goes absent
(``went_absent``) instead of deserting. Each day an absent man comes back with probability
``return_hazard_per_day`` (multiplied by any amnesty in effect), to duty or to leave as his
leave group stands that day (``absent_returned``); one still away ``strike_off_days`` after he
left is struck off as a deserter for good (``deserted_struck_off``, a desertion cause). The
absent are not in the unit's strength (not present) and are not paid; ``absent`` counts them.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import ABSENT, DESERTED, DUTY, LEAVE
from attrit.model.mechanism import Mechanism, flow, force, per_unit, stock, stream
from attrit.model.phases.pay import settle_held
from attrit.model.shifts import on_duty
from attrit.model.state import leave_for_good, set_status
from attrit.scenario.mechanisms import Absence

RETURN = stream("absence.return")
WENT = flow("went_absent", "persons", "men who went absent without leave")
CAME_BACK = flow("absent_returned", "persons", "absent men who came back")
STRUCK_OFF = flow(
    "deserted_struck_off", "persons", "absent men struck off the rolls as deserters", cause=True
)
ABSENT_NOW = stock("absent", "persons", "men absent without leave, still on the rolls")
V_WENT, V_CAME_BACK, V_STRUCK_OFF = WENT.index, CAME_BACK.index, STRUCK_OFF.index
V_ABSENT = ABSENT_NOW.index
R_RETURN = RETURN.index


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Whether anyone is absent (else nobody moves)."""
    anyone = False
    for u in range(pl.u_quota.shape[0]):
        anyone = anyone or st.live[u, ABSENT] > 0
    return (anyone,)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Each absent man comes back, stays away, or is struck off.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    for i in range(lo, hi):
        if st.status[i] != ABSENT:
            continue
        u = st.unit[i]
        if st.day_end[i] - pl.u_strike_off[u] == t:
            continue  # went absent today: he may come back from tomorrow
        if rng.uniform(bs[R_RETURN], i) < min(pl.u_absent_back[u] * pl.d_amnesty[t, u], 1.0):
            set_status(st, i, DUTY if on_duty(pl, t, u, st.shift[i]) else LEAVE)
            st.day_end[i] = -1
            today[u, V_CAME_BACK] += 1.0
            settle_held(st, i, False, today)
        elif t >= st.day_end[i]:
            settle_held(st, i, True, today)
            leave_for_good(st, i, DESERTED, V_STRUCK_OFF, t, today)


@njit(cache=True)
def finish(t, pl, st, bs, today, ctx):
    """The absent at the end of the day (no later phase moves them)."""
    for u in range(pl.u_quota.shape[0]):
        today[u, V_ABSENT] = st.live[u, ABSENT]


MECHANISM = Mechanism(
    name="absence",
    doc=__doc__,
    switch="Absence without leave: absentees on the rolls who come back or are struck off.",
    params={"units.*.absence": Absence},
    streams=(RETURN,),
    records=(WENT, CAME_BACK, STRUCK_OFF, ABSENT_NOW),
    plan=(
        per_unit("u_strike_off", "absence.strike_off_days", np.int64),
        per_unit("u_absent_back", "absence.return_hazard_per_day"),
        per_unit("u_absent_from_duty", "absence.from_duty", np.bool_),
        force("v_went_absent", lambda sc: V_WENT, np.int64),
    ),
    reads="""
        pl.u_strike_off pl.u_absent_back pl.u_absent_from_duty pl.v_went_absent pl.d_amnesty
        pl.u_quota pl.d_phase pl.d_on pl.d_cycle pl.d_step st.status st.unit st.shift st.live
        st.day_end st.exit_cause st.exit_day
    """,
    prepare=prepare,
    people=people,
    finish=finish,
)
