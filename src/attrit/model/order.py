"""The order of a simulated day: the one list a new mechanism is added to.

Each name is a module of :mod:`attrit.model.phases` that declares its mechanism; a day runs
them in this order (``docs/engine.md`` says why this one).
"""

ORDER = (
    "interventions",
    "pay",
    "supply",
    "rotation",
    "desertion",
    "emigration",
    "absence",
    "service",
    "census",
    "casualties",
    "training",
    "ghosts",
    "morale",
    "record",
)
"""The phases of each day, in order; the one list a new mechanism is added to."""
