"""The day's headcount: people by unit and status, after the day's flight.

Casualties fall on the men on duty after desertion and emigration, so the phases after this
one see the counts as of now (training counted at the unit it is meant for). The counts are
kept live as people change status (:func:`~attrit.model.state.set_status`), so this is a
copy of a units x statuses table, not a pass over the people. Not a mechanism of its own: it
always runs.
"""

from __future__ import annotations

from numba import njit

from attrit.model.mechanism import Mechanism
from attrit.model.state import take_count


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """The phases' headcount becomes the live one."""
    take_count(st)
    return (False,)


MECHANISM = Mechanism(
    name="census",
    doc=__doc__,
    switch=None,
    reads=("st.counts", "st.live"),
    prepare=prepare,
)
