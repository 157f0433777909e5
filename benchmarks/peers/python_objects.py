"""The benchmark model in plain Python: one object per soldier, loops over lists."""

from __future__ import annotations

import math
import random

from peers.spec import Outcome, outcome

DUTY, LEAVE, DESERTED = 0, 1, 2


class Soldier:
    __slots__ = ("arrears", "morale", "offset", "shift", "status")

    def __init__(self, shift: int, morale: float, offset: float):
        self.shift, self.morale, self.offset, self.arrears = shift, morale, offset, 0.0
        self.status = DUTY if shift == 0 else LEAVE


class Unit:
    """A unit's men and its memory of recent desertions."""

    def __init__(self, P: dict, u: int, rng: random.Random):
        squads = P["n"] // P["squad"]
        self.men = [
            Soldier(
                (u * squads + k // P["squad"]) % 2,
                min(max(rng.gauss(P["m0"], P["m_sd"]), 0.0), 1.0),
                rng.gauss(0.0, P["o_sd"]),
            )
            for k in range(P["n"])
        ]
        self.strength = P["n"]
        self.ring = [0] * 30
        self.duty = 0

    def recent(self, t: int, window: int) -> int:
        return sum(self.ring[(t - k) % 30] for k in range(min(window, t + 1)))

    def day(self, P: dict, t: int, rng: random.Random) -> None:
        """One day of SPEC.md for this unit."""
        self.ring[t % 30] = 0
        if (t + 1) % P["cycle"] == 0:
            take = P["funding"] * (1 - P["skim_f"]) * (1 - P["skim_c"])
            owed = P["wage"] if rng.random() < P["p_miss"] else P["wage"] * (1 - take)
            for s in self.men:
                s.arrears += owed
        if t > 0 and t % P["days_on"] == 0:
            on = (t // P["days_on"]) % 2
            logit0 = math.log(P["p_return"] / (1 - P["p_return"]))
            for s in self.men:
                if s.status == DUTY and s.shift != on:
                    s.status = LEAVE
                elif s.status == LEAVE and s.shift == on:
                    z = logit0 + P["r_slope"] * (s.morale - 0.5)
                    if rng.random() < 1 / (1 + math.exp(-z)):
                        s.status = DUTY
                    else:
                        s.status = DESERTED
                        self.ring[t % 30] += 1
        scale = P["h0"] * (1 + P["contagion"] * self.recent(t, P["window"]) / max(self.strength, 1))
        for s in self.men:
            if s.status == DUTY and rng.random() < scale * math.exp(
                P["h_slope"] * (0.5 - s.morale)
            ):
                s.status = DESERTED
                self.ring[t % 30] += 1
        self.men = [s for s in self.men if s.status != DESERTED]
        self.strength = len(self.men)
        target = (
            P["base"]
            - P["w_theft"] * P["skim_c"]
            - P["w_purpose"]
            - P["w_desert"] * self.recent(t, 30) / max(self.strength, 1)
        )
        duty = 0
        for s in self.men:
            owed = min(s.arrears / P["wage"] / P["sat"], 1.0)
            goal = min(max(target - P["w_arrears"] * owed + s.offset, 0.0), 1.0)
            s.morale += P["rate"] * (goal - s.morale)
            duty += s.status == DUTY
        self.duty = duty


def run(P: dict, seed: int, days: int = 365) -> Outcome:
    rng = random.Random(seed)
    units = [Unit(P, u, rng) for u in range(P["units"])]
    total = P["units"] * P["n"]
    cum, front = [], []
    for t in range(days):
        for unit in units:
            unit.day(P, t, rng)
        cum.append(total - sum(u.strength for u in units))
        front.append(sum(min(P["quota"], u.duty) for u in units))
    return outcome(cum, front, total)
