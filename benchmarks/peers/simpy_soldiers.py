"""The benchmark model in SimPy with a process per soldier (small N only).

Each unit has a coordinator process that, every day, triggers one event per phase (pay,
rotation, flight, morale) and yields a zero delay after each, so that every soldier's process,
waiting on that event, has done the phase before the next one starts (SimPy runs events of the
same time first in, first out). This is the idiomatic SimPy structure for a model whose
phases need every man of a unit in order; it costs four events per soldier per day.
"""

from __future__ import annotations

import math
import random

import simpy

from peers.python_objects import DUTY, LEAVE
from peers.spec import Outcome, outcome


class UnitClock:
    """A unit's shared state and the events of its current day."""

    def __init__(self, env: simpy.Environment, P: dict, rng: random.Random):
        self.env, self.P, self.rng = env, P, rng
        self.events = [env.event() for _ in range(4)]
        self.strength, self.duty, self.ring = P["n"], 0, [0] * 30
        self.owed = self.scale = self.target = 0.0
        self.on = 0
        self.t = 0

    def recent(self, window: int) -> int:
        return sum(self.ring[(self.t - k) % 30] for k in range(min(window, self.t + 1)))


def soldier(env, unit: UnitClock, shift: int, rng: random.Random):
    P = unit.P
    morale = min(max(rng.gauss(P["m0"], P["m_sd"]), 0.0), 1.0)
    offset, arrears = rng.gauss(0.0, P["o_sd"]), 0.0
    status = DUTY if shift == 0 else LEAVE
    logit0 = math.log(P["p_return"] / (1 - P["p_return"]))
    while True:
        pay, rotate, flee, mood = unit.events
        yield pay
        arrears += unit.owed
        yield rotate
        if unit.on >= 0:
            if status == DUTY and shift != unit.on:
                status = LEAVE
            elif status == LEAVE and shift == unit.on:
                z = logit0 + P["r_slope"] * (morale - 0.5)
                if rng.random() < 1 / (1 + math.exp(-z)):
                    status = DUTY
                else:
                    unit.ring[unit.t % 30] += 1
                    return
        yield flee
        if status == DUTY and rng.random() < unit.scale * math.exp(P["h_slope"] * (0.5 - morale)):
            unit.ring[unit.t % 30] += 1
            return
        yield mood
        owed = min(arrears / P["wage"] / P["sat"], 1.0)
        goal = min(max(unit.target - P["w_arrears"] * owed + offset, 0.0), 1.0)
        morale += P["rate"] * (goal - morale)
        unit.strength += 1
        unit.duty += status == DUTY


def coordinator(env, unit: UnitClock, days: int, cum: list, front: list):
    P = unit.P
    take = P["funding"] * (1 - P["skim_f"]) * (1 - P["skim_c"])
    for t in range(days):
        unit.t = t
        pay, rotate, flee, mood = unit.events
        unit.ring[t % 30] = 0
        unit.owed = 0.0
        if (t + 1) % P["cycle"] == 0:
            missed = unit.rng.random() < P["p_miss"]
            unit.owed = P["wage"] if missed else P["wage"] * (1 - take)
        pay.succeed()
        yield env.timeout(0)
        unit.on = (t // P["days_on"]) % 2 if t > 0 and t % P["days_on"] == 0 else -1
        rotate.succeed()
        yield env.timeout(0)
        unit.scale = P["h0"] * (
            1 + P["contagion"] * unit.recent(P["window"]) / max(unit.strength, 1)
        )
        flee.succeed()
        yield env.timeout(0)
        alive = unit.strength - unit.recent(1)  # today's flights already left
        unit.target = (
            P["base"]
            - P["w_theft"] * P["skim_c"]
            - P["w_purpose"]
            - P["w_desert"] * unit.recent(30) / max(alive, 1)
        )
        unit.events = [env.event() for _ in range(4)]  # tomorrow's, before anyone waits
        unit.strength = unit.duty = 0  # the soldiers count themselves back in
        mood.succeed()
        yield env.timeout(0)
        cum[t] += P["n"] - unit.strength
        front[t] += min(P["quota"], unit.duty)
        yield env.timeout(1)


def run(P: dict, seed: int, days: int = 365) -> Outcome:
    env = simpy.Environment()
    cum, front = [0] * days, [0] * days
    squads = P["n"] // P["squad"]
    for u in range(P["units"]):
        rng = random.Random(seed * 1000 + u)
        unit = UnitClock(env, P, rng)
        for k in range(P["n"]):
            env.process(soldier(env, unit, (u * squads + k // P["squad"]) % 2, rng))
        env.process(coordinator(env, unit, days, cum, front))
    env.run(until=days)
    return outcome(cum, front, P["units"] * P["n"])
