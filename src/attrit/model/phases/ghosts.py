"""Ghost soldiers: men who are gone, kept on the payroll, their pay taken by the commander.

A unit's commander keeps a share ``payroll_share`` of the men who leave it for good
(deserted, struck off, emigrated, killed, invalided or discharged) on its payroll as ghosts,
and takes the same share of the absent's pay. The payroll (``paper_strength``) is the men
present (``strength``), the absent (on the rolls until struck off) and the ghosts;
``ghosts`` counts those on it whose pay the commander takes:
``ghosts_u + payroll_share x absent_u``. On the faction's pay day their wages are drawn at
the day's funding and pass the faction's skim, and what is left reaches the commander
(``pay_ghost``, not part of the members' pay accounts). The count is a share of the leavers,
not a draw per man: it is the commander's book-keeping, not anyone's choice.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from attrit.model.codes import ABSENT
from attrit.model.mechanism import RECORD, Mechanism, flow, force, per_unit, stock
from attrit.model.order import ORDER
from attrit.model.state import present
from attrit.scenario.mechanisms import Ghosts

PAPER = stock("paper_strength", "persons", "men on the payroll (present, absent and ghosts)")
GHOSTS = stock("ghosts", "persons", "men on the payroll who are gone, their pay taken")
GHOST_PAY = flow("pay_ghost", "USD", "pay drawn for ghosts that reached the commander")
V_PAPER, V_GHOSTS, V_GHOST_PAY = PAPER.index, GHOSTS.index, GHOST_PAY.index
S_PAY = ORDER.index("pay")


@njit(cache=True)
def prepare(t, pl, st, bs, today):
    """Today's leavers join the ghosts; their pay is drawn on pay day; the payroll is counted."""
    for u in range(pl.u_quota.shape[0]):
        share = pl.u_ghost_share[u]
        gone = 0.0
        for v in pl.v_gone:
            gone += today[u, v]
        st.ghosts[u] += share * gone
        absent = st.live[u, ABSENT]
        ghosts = st.ghosts[u] + share * absent
        f = pl.u_faction[u]
        if pl.switch[S_PAY] and ghosts > 0.0 and (t + 1) % pl.f_cycle[f] == 0:
            passed = 1.0 - pl.f_skim[f] * (1.0 - pl.d_cut[t, u])
            today[u, V_GHOST_PAY] += ghosts * pl.f_wage[f] * pl.d_funding[t, u] * passed
        today[u, V_GHOSTS] = ghosts
        # the men present are final here: only casualties and training change them, earlier
        today[u, V_PAPER] = present(st, u) + absent + st.ghosts[u]
    return (False,)


def _gone(sc) -> np.ndarray:
    """The recorded flows of men who leave a unit for good: every desertion cause and death."""
    # by the time a plan is built every phase has declared its variables
    others = ("killed", "invalided", "discharged")
    return np.array([v.index for v in RECORD.items if v.cause or v.name in others], np.int64)


MECHANISM = Mechanism(
    name="ghosts",
    doc=__doc__,
    switch="Ghost soldiers: the gone kept on the payroll.",
    params={"units.*.ghosts": Ghosts},
    records=(PAPER, GHOSTS, GHOST_PAY),
    plan=(
        per_unit("u_ghost_share", "ghosts.payroll_share"),
        force("v_gone", _gone, np.int64),
    ),
    reads="""
        pl.u_ghost_share pl.v_gone pl.u_quota pl.u_faction pl.f_cycle pl.f_skim pl.f_wage
        pl.d_cut pl.d_funding pl.switch st.ghosts st.live
    """,
    prepare=prepare,
)
