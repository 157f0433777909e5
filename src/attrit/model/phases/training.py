"""Recruitment and training: recruits enrol, train, and are posted to units short of men.

A recruit enrols on his plan day and trains ``training_days``. On graduating he is posted to
the unit of his faction furthest below its authorised strength (``strength.authorised``, by
default its strength at the start), counting the men posted earlier the same day; where every
unit is full he waits, still in training, and is looked at again the next day. He learns
what he will really be paid: the broken promise
``gap = max(0, promised - take-home) / promised`` (take-home counting funding, skims and
missed cycles) lowers his morale and its target by ``promise_gap_weight x gap``. He then
reports with probability ``logit p = logit report_probability + morale_logit_slope (m - 0.5)``,
else he deserts (``deserted_trainee``). Those who report join the shift on duty.

A cohort (a ``training_courses`` intervention) may have its own course length and a
completion share ``c``: each of its recruits quits on each day of the course, from the day
after he enrols to its last, with the constant hazard ``1 - c ** (1 / D)`` (a deserter in
training, ``deserted_trainee``), so a share ``c`` reaches the end. A recruit waiting for a
place after his course is still in it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model import rng
from attrit.model.codes import DUTY, PENDING, TRAINING
from attrit.model.flight import mark_deserted
from attrit.model.mechanism import Mechanism, flow, per_faction, per_unit, stream
from attrit.model.phases.pay import take_home
from attrit.model.phases.rotation import logistic_shift
from attrit.model.shifts import newest_group
from attrit.model.state import post, present, set_status
from attrit.scenario.mechanisms import Recruitment

REPORT = stream("training.report")
QUIT = stream("training.quit")
DESERTED = flow(
    "deserted_trainee",
    "persons",
    "recruits who quit a cohort's course, or graduates who never reported",
    cause=True,
)
POSTED = flow("recruits_posted", "persons", "graduates who joined their unit")
V_DES_TRAINEE, V_RECRUITS_POSTED = DESERTED.index, POSTED.index
R_REPORT, R_QUIT = REPORT.index, QUIT.index


@njit(cache=True)
def most_short(pl, st, f):
    """The unit of faction ``f`` furthest below its authorised strength (first on ties).

    -1 when every unit of the faction is at or above it. Counts are the live ones, so the
    men posted earlier today are counted.
    """
    best, best_gap = -1, 0.0
    for u in range(pl.u_quota.shape[0]):
        if pl.u_faction[u] != f:
            continue
        gap = (pl.u_ceiling[u] - present(st, u)) / max(pl.u_ceiling[u], 1.0)
        if gap > best_gap:
            best, best_gap = u, gap
    return best


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Nothing to prepare: every recruit is looked at."""
    return (True,)


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Enrol recruits on their day; post them when their training ends.

    Persons ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    for i in range(lo, hi):
        s = st.status[i]
        if s == PENDING and pl.p_enrol_day[i] == t:
            set_status(st, i, TRAINING)
            own = pl.p_train_days[i]
            st.day_end[i] = t + (own if own >= 0 else pl.f_training_days[pl.p_faction[i]])
        elif s == TRAINING and pl.p_quit_h[i] > 0.0 and rng.uniform(bs[R_QUIT], i) < pl.p_quit_h[i]:
            mark_deserted(i, V_DES_TRAINEE, t, pl, st, today)
        elif s == TRAINING and st.day_end[i] == t:
            f = pl.p_faction[i]
            u = most_short(pl, st, f)
            if u < 0:
                st.day_end[i] = t + 1  # no room anywhere: he waits for a place
                continue
            post(st, i, u)
            st.joined[i] = t
            promised = pl.f_promise[f]
            real = pl.d_funding[t, u] * take_home(pl, t, u) * (1.0 - pl.u_miss_p[u])
            if promised > 0.0:
                shock = pl.m_promise_w * max(promised - real, 0.0) / promised
                st.offset[i] -= shock
                st.morale[i] = min(max(st.morale[i] - shock, 0.0), 1.0)
            slope = pl.u_leave_mslope[u] * (st.morale[i] - 0.5)
            if rng.uniform(bs[R_REPORT], i) < logistic_shift(pl.f_report_p[f], slope):
                set_status(st, i, DUTY)
                st.shift[i] = newest_group(pl, t, u)
                today[u, V_RECRUITS_POSTED] += 1.0
            else:
                mark_deserted(i, V_DES_TRAINEE, t, pl, st, today)


MECHANISM = Mechanism(
    name="training",
    doc=__doc__,
    switch="Recruitment, training and posting of recruits.",
    params={"factions.*.recruitment": Recruitment},
    streams=(REPORT, QUIT),
    records=(DESERTED, POSTED),
    plan=(
        per_faction("f_training_days", "recruitment.training_days", np.int64),
        per_faction("f_promise", "recruitment.promised_wage_multiplier"),
        per_faction("f_report_p", "recruitment.report_probability"),
        per_unit("u_ceiling", "strength.ceiling"),
    ),
    reads="""
        pl.f_training_days pl.f_promise pl.f_report_p pl.u_ceiling pl.u_quota pl.u_faction
        pl.p_train_days pl.p_quit_h
        pl.u_miss_p pl.u_leave_mslope pl.p_enrol_day pl.p_faction pl.d_funding pl.d_phase
        pl.d_step pl.d_nshift
        pl.m_promise_w pl.ring pl.f_skim pl.u_skim_cmd pl.d_cut pl.d_direct st.status st.day_end
        st.unit st.offset st.morale st.shift st.live st.exit_cause st.exit_day st.des_ring
        st.joined
    """,
    prepare=prepare,
    people=people,
)
