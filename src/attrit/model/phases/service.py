"""Terms of service: men sign on again when their term ends, or go home; dated discharges.

Where a unit has a term (``service.term_days`` > 0), each man present has a day his term ends:
for the men of day 0, who enlisted at different times, a uniform draw over the term; for a
recruit, the term from the day he joins. On that day he signs on for another term with
probability ``reenlist_probability`` (``reenlisted``) or is discharged (``discharged``, not a
desertion). A ``discharge`` intervention sends home, on its start day, each man present in the
units it targets with probability ``size`` (a call-up class demobilised, say). The wounded
finish recovering first; the absent are not discharged.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import DISCHARGED, DUTY, LEAVE
from attrit.model.mechanism import Mechanism, flow, per_unit, stream
from attrit.model.phases.pay import settle_held
from attrit.model.state import leave_for_good
from attrit.scenario.mechanisms import Service

TERM = stream("service.term")
REENLIST = stream("service.reenlist")
DISCHARGE = stream("service.discharge")
SIGNED_ON = flow("reenlisted", "persons", "men whose term ended who signed on again")
WENT_HOME = flow("discharged", "persons", "men discharged at the end of their term or on a date")
V_SIGNED_ON, V_WENT_HOME = SIGNED_ON.index, WENT_HOME.index
R_TERM, R_REENLIST, R_DISCHARGE = TERM.index, REENLIST.index, DISCHARGE.index


@njit(cache=True)
def init(pl, st, keys, replicate):
    """The men of day 0 are part-way through their terms: each ends on a uniform day."""
    base = rng.day_base(keys[R_TERM], replicate, 0)
    for i in range(st.status.shape[0]):
        u = st.unit[i]
        if pl.u_term[u] > 0 and pl.p_enrol_day[i] < 0:
            st.term_end[i] = 1 + int(rng.uniform(base, i) * pl.u_term[u])


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Whether any unit has terms or a discharge today (else nobody is looked at)."""
    anyone = False
    for u in range(pl.u_quota.shape[0]):
        anyone = anyone or pl.u_term[u] > 0 or pl.d_discharge[t, u] > 0.0
    return (anyone,)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Terms end, men sign on or go home; a discharge sends its share home.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    for i in range(lo, hi):
        s = st.status[i]
        if s != DUTY and s != LEAVE:
            continue
        u = st.unit[i]
        share = pl.d_discharge[t, u]
        if share > 0.0 and rng.uniform(bs[R_DISCHARGE], i) < share:
            settle_held(st, i, False, today)
            leave_for_good(st, i, DISCHARGED, V_WENT_HOME, t, today)
            continue
        term = pl.u_term[u]
        if term <= 0:
            continue
        if st.term_end[i] < 0:
            st.term_end[i] = t + term  # a recruit (or a man posted here): his term starts now
        elif t >= st.term_end[i]:
            if rng.uniform(bs[R_REENLIST], i) < pl.u_reenlist_p[u]:
                st.term_end[i] = t + term
                today[u, V_SIGNED_ON] += 1.0
            else:
                settle_held(st, i, False, today)
                leave_for_good(st, i, DISCHARGED, V_WENT_HOME, t, today)


MECHANISM = Mechanism(
    name="service",
    doc=__doc__,
    switch="Terms of service that end, re-enlistment and dated discharges.",
    params={"units.*.service": Service},
    streams=(TERM, REENLIST, DISCHARGE),
    records=(SIGNED_ON, WENT_HOME),
    plan=(
        per_unit("u_term", "service.term_days", np.int64),
        per_unit("u_reenlist_p", "service.reenlist_probability"),
    ),
    reads="""
        pl.u_term pl.u_reenlist_p pl.d_discharge pl.p_enrol_day pl.u_quota st.status st.unit
        st.term_end st.exit_cause st.exit_day
    """,
    prepare=prepare,
    people=people,
    init=init,
)
