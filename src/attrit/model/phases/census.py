"""The day's headcount: people by unit and status, after the day's flight.

Casualties fall on the men on duty after desertion and emigration, so they are counted again
here (training counted at the unit it is meant for). Not a mechanism of its own: it always
runs.
"""

from __future__ import annotations

from numba import njit

from attrit.model.mechanism import Mechanism
from attrit.model.state import recount


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Count people by unit and status."""
    recount(st)
    return (False,)


MECHANISM = Mechanism(
    name="census",
    doc=__doc__,
    switch=None,
    reads=("st.counts", "st.status", "st.unit"),
    prepare=prepare,
)
