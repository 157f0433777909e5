"""The model's vocabulary as integer codes: statuses and ranks.

Numba reads module-level integers as compile-time constants, so the kernels use these names.
The recorded variables, the random streams and the order of a day are declared by the phase
modules (:mod:`attrit.model.registry` collects them).
"""

from __future__ import annotations

# -- status of a person ------------------------------------------------------------------
PENDING = 0  # a future recruit, not yet enrolled
TRAINING = 1
DUTY = 2  # with the unit on its duty period: at the front or in reserve
LEAVE = 3
WOUNDED = 4
DESERTED = 5
KILLED = 6
INVALIDED = 7  # wounded and never returned to service
ABSENT = 8  # absent without leave: gone, but on the rolls until he returns or is struck off
DISCHARGED = 9  # his term ended, or a discharge sent him home
STATUSES = (
    "pending",
    "training",
    "duty",
    "leave",
    "wounded",
    "deserted",
    "killed",
    "invalided",
    "absent",
    "discharged",
)
N_STATUS = len(STATUSES)

# -- rank ---------------------------------------------------------------------------------
TROOP = 0
OFFICER = 1
BODYGUARD = 2
