"""The benchmark model in SimPy: a process per unit, waking once a day.

Units do not interact in this model, so each unit's process runs the same day as the plain
Python peer (``Unit.day``); SimPy adds its event scheduling. A process per soldier is not
measured: the model's daily phases need every man of a unit in a fixed order, which a
process per soldier can only get by re-creating this loop through events.
"""

from __future__ import annotations

import random

import simpy

from peers.python_objects import Unit
from peers.spec import Outcome, outcome


def run(P: dict, seed: int, days: int = 365) -> Outcome:
    env = simpy.Environment()
    total = P["units"] * P["n"]
    cum, front = [0] * days, [0] * days
    units = []

    def unit_process(u: int):
        rng = random.Random(seed * 1000 + u)
        unit = Unit(P, u, rng)
        units.append(unit)
        for t in range(days):
            unit.day(P, t, rng)
            cum[t] += P["n"] - unit.strength
            front[t] += min(P["quota"], unit.duty)
            yield env.timeout(1)

    for u in range(P["units"]):
        env.process(unit_process(u))
    env.run(until=days)
    return outcome(cum, front, total)
