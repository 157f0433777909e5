"""The day's record: stocks by unit (strength, front, reserve, leave, ...) and means.

Flows (desertions by cause, casualties, pay, supplies) are added by the phases that cause
them; this phase adds the stocks at the end of the day. It always runs.

The headcount is kept as people change status; the members' means need their sums, which
the morale phase adds in its own pass when it runs (morale is the day's last change to a
member, so one pass serves both), and this phase in a pass of its own when morale is off.
"""

from __future__ import annotations

from numba import njit

from attrit.model.codes import DUTY, LEAVE, OFFICER, TRAINING, WOUNDED
from attrit.model.mechanism import Mechanism, stock
from attrit.model.order import ORDER
from attrit.model.shifts import quota
from attrit.model.state import on_rolls, strength, take_count

STRENGTH = stock("strength", "persons", "members on the rolls (on duty, on leave or wounded)")
FRONT = stock("front", "persons", "men at the front (on duty, up to the quota)")
RESERVE = stock("reserve", "persons", "men on duty beyond the quota")
ON_LEAVE = stock("on_leave", "persons", "men on leave")
IN_TRAINING = stock("in_training", "persons", "recruits in training for the unit")
WOUNDED_NOW = stock("wounded", "persons", "wounded men recovering")
QUOTA = stock("quota", "persons", "men the unit must keep at the front")
MORALE = stock("morale_mean", "1", "mean morale of the members")
ARREARS = stock("arrears_mean_months", "months", "mean arrears of the members, in months of wage")
OFFICERS = stock("officers", "persons", "officers on the rolls")
ENEMY = stock("enemy_strength", "persons", "the enemy facing the unit's front (combat)")
AUTHORISED = stock("authorised", "persons", "the unit's authorised strength (postings' ceiling)")
STOCKS = (STRENGTH, FRONT, RESERVE, ON_LEAVE, IN_TRAINING, WOUNDED_NOW, QUOTA, MORALE, ARREARS)
STOCKS += (OFFICERS, ENEMY, AUTHORISED)
V_STRENGTH, V_FRONT, V_RESERVE, V_ON_LEAVE = (
    STRENGTH.index,
    FRONT.index,
    RESERVE.index,
    ON_LEAVE.index,
)
V_IN_TRAINING, V_WOUNDED, V_QUOTA = IN_TRAINING.index, WOUNDED_NOW.index, QUOTA.index
V_MORALE_MEAN, V_ARREARS_MEAN = MORALE.index, ARREARS.index
V_OFFICERS, V_ENEMY, V_AUTHORISED = OFFICERS.index, ENEMY.index, AUTHORISED.index
S_MORALE = ORDER.index("morale")
if ORDER.index("record") != S_MORALE + 1:
    # the morale pass adds the members' sums only because nothing changes a member after it
    raise RuntimeError(
        "attrit.model.order.ORDER: 'morale' must come just before 'record' (its pass adds the "
        "record's sums of the members); a phase between them would change members after the "
        "sums are taken"
    )


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """The end-of-day headcount (kept live as people change status).

    The members' sums need a pass over the people only when morale is off: when it runs,
    its pass (the last over the people in a day) adds them (:func:`add_member`).
    """
    take_count(st)
    return (not pl.switch[S_MORALE],)


@njit(cache=True)
def add_member(i, u, pl, st, today):
    """Add member ``i`` to unit ``u``'s sums of morale, arrears (in wages) and officers.

    Called once his status, morale and arrears are final for the day.
    """
    today[u, V_MORALE_MEAN] += st.morale[i]
    today[u, V_ARREARS_MEAN] += st.arrears[i] / st.wage[i]
    if pl.p_rank[i] == OFFICER:
        today[u, V_OFFICERS] += 1.0


@njit(cache=True)
def people(lo, hi, t, pl, st, bs, today, ctx):
    """Add each member to his unit's sums (when morale is off; see :func:`prepare`).

    The headcount itself is not taken here: it is kept as people change status. Persons
    ``lo`` to ``hi - 1``: everyone, or one unit's slice.
    """
    for i in range(lo, hi):
        if on_rolls(st.status[i]):
            add_member(i, st.unit[i], pl, st, today)


@njit(cache=True)
def finish(t, pl, st, bs, today, ctx):
    """Record each unit's stocks and turn its sums into means."""
    for u in range(pl.u_quota.shape[0]):
        members = strength(st, u)
        duty = st.counts[u, DUTY]
        due = quota(pl, t, u, members)
        front = min(due, duty)
        today[u, V_STRENGTH] = members
        today[u, V_FRONT] = front
        today[u, V_RESERVE] = duty - front
        today[u, V_ON_LEAVE] = st.counts[u, LEAVE]
        today[u, V_WOUNDED] = st.counts[u, WOUNDED]
        today[u, V_IN_TRAINING] = st.counts[u, TRAINING]
        today[u, V_QUOTA] = due
        today[u, V_ENEMY] = st.enemy[u]
        today[u, V_AUTHORISED] = pl.u_ceiling[u]
        if members > 0:
            today[u, V_MORALE_MEAN] /= members
            today[u, V_ARREARS_MEAN] /= members


MECHANISM = Mechanism(
    name="record",
    doc=__doc__,
    switch=None,
    records=STOCKS,
    reads="""
        pl.p_rank pl.u_quota pl.u_quota_share pl.d_quota pl.switch st.status st.unit st.morale
        st.arrears st.wage st.counts
        st.live st.enemy pl.u_ceiling
    """,
    prepare=prepare,
    people=people,
    finish=finish,
)
