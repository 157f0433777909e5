"""The model's vocabulary as integer codes.

Statuses, ranks, exit causes, recorded variables and the order of a day.

Numba reads module-level integers as compile-time constants, so the kernels use these names.
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
STATUSES = ("pending", "training", "duty", "leave", "wounded", "deserted", "killed", "invalided")
N_STATUS = len(STATUSES)

# -- rank ---------------------------------------------------------------------------------
TROOP = 0
OFFICER = 1
BODYGUARD = 2

# -- exit causes: the recorded variable each one is counted in ------------------------------
NO_EXIT = 0

# -- recorded variables, per replicate, day and unit ---------------------------------------
RECORDED = (
    "strength",
    "front",
    "reserve",
    "on_leave",
    "in_training",
    "wounded",
    "quota",
    "deserted_leave_nonreturn",
    "deserted_on_duty",
    "deserted_with_officer",
    "deserted_trainee",
    "emigrated",
    "killed",
    "wounded_new",
    "invalided",
    "leave_due",
    "leave_returned",
    "recruits_posted",
    "pay_entitled",
    "pay_received",
    "pay_skimmed",
    "pay_unpaid",
    "supply_needed",
    "supply_sent",
    "supply_delivered",
    "supply_diverted",
    "supply_shortage",
    "morale_mean",
    "arrears_mean_months",
    "officers",
    "enemy_strength",
)
(
    V_STRENGTH,
    V_FRONT,
    V_RESERVE,
    V_ON_LEAVE,
    V_IN_TRAINING,
    V_WOUNDED,
    V_QUOTA,
    V_DES_LEAVE,
    V_DES_DUTY,
    V_DES_OFFICER,
    V_DES_TRAINEE,
    V_EMIGRATED,
    V_KILLED,
    V_WOUNDED_NEW,
    V_INVALIDED,
    V_LEAVE_DUE,
    V_LEAVE_RETURNED,
    V_RECRUITS_POSTED,
    V_PAY_ENTITLED,
    V_PAY_RECEIVED,
    V_PAY_SKIMMED,
    V_PAY_UNPAID,
    V_SUPPLY_NEEDED,
    V_SUPPLY_SENT,
    V_SUPPLY_DELIVERED,
    V_SUPPLY_DIVERTED,
    V_SUPPLY_SHORTAGE,
    V_MORALE_MEAN,
    V_ARREARS_MEAN,
    V_OFFICERS,
    V_ENEMY,
) = range(len(RECORDED))
N_RECORDED = len(RECORDED)

DESERTION_CAUSES = (
    "deserted_leave_nonreturn",
    "deserted_on_duty",
    "deserted_with_officer",
    "deserted_trainee",
    "emigrated",
)
"""Desertion is counted by cause; an exit cause is the index of its recorded variable."""

# -- the order of a day ---------------------------------------------------------------------
PHASES = (
    "interventions",
    "pay",
    "supply",
    "rotation",
    "desertion",
    "emigration",
    "casualties",
    "training",
    "morale",
    "record",
)
"""Phases of each simulated day, in order. ``engine.day`` calls them in this order (a test
checks it), and a scenario's ``mechanisms`` switches turn all but the last off."""

# -- switches, in the order of the plan's ``switch`` array ----------------------------------
SWITCHES = (
    "pay",
    "supply",
    "rotation",
    "desertion",
    "emigration",
    "casualties",
    "training",
    "morale",
    "interventions",
)
(
    S_PAY,
    S_SUPPLY,
    S_ROTATION,
    S_DESERTION,
    S_EMIGRATION,
    S_CASUALTIES,
    S_TRAINING,
    S_MORALE,
    S_INTERVENTIONS,
) = range(len(SWITCHES))
