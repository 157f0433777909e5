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


def run(P: dict, seed: int, days: int = 365) -> Outcome:
    rng = random.Random(seed)
    n, squads_per_unit = P["n"], P["n"] // P["squad"]
    units = [
        [
            Soldier(
                (u * squads_per_unit + k // P["squad"]) % 2,
                min(max(rng.gauss(P["m0"], P["m_sd"]), 0.0), 1.0),
                rng.gauss(0.0, P["o_sd"]),
            )
            for k in range(n)
        ]
        for u in range(P["units"])
    ]
    strength = [n] * P["units"]
    ring = [[0] * 30 for _ in range(P["units"])]
    take = P["funding"] * (1 - P["skim_f"]) * (1 - P["skim_c"])
    logit0 = math.log(P["p_return"] / (1 - P["p_return"]))
    deserted_total, cum, front = 0, [], []
    for t in range(days):
        for u, men in enumerate(units):
            ring[u][t % 30] = 0
            if (t + 1) % P["cycle"] == 0:
                missed = rng.random() < P["p_miss"]
                owed = P["wage"] if missed else P["wage"] * (1 - take)
                for s in men:
                    if s.status != DESERTED:
                        s.arrears += owed
            if t > 0 and t % P["days_on"] == 0:
                on = (t // P["days_on"]) % 2
                for s in men:
                    if s.status == DUTY and s.shift != on:
                        s.status = LEAVE
                    elif s.status == LEAVE and s.shift == on:
                        z = logit0 + P["r_slope"] * (s.morale - 0.5)
                        if rng.random() < 1 / (1 + math.exp(-z)):
                            s.status = DUTY
                        else:
                            s.status = DESERTED
                            ring[u][t % 30] += 1
            recent7 = sum(ring[u][(t - k) % 30] for k in range(min(P["window"], t + 1)))
            scale = P["h0"] * (1 + P["contagion"] * recent7 / max(strength[u], 1))
            for s in men:
                if s.status == DUTY and rng.random() < scale * math.exp(
                    P["h_slope"] * (0.5 - s.morale)
                ):
                    s.status = DESERTED
                    ring[u][t % 30] += 1
            on_rolls = [s for s in men if s.status != DESERTED]
            strength[u] = len(on_rolls)
            d30 = sum(ring[u][(t - k) % 30] for k in range(min(30, t + 1)))
            target = (
                P["base"]
                - P["w_theft"] * P["skim_c"]
                - P["w_purpose"]
                - P["w_desert"] * d30 / max(strength[u], 1)
            )
            for s in on_rolls:
                owed = min(s.arrears / P["wage"] / P["sat"], 1.0)
                goal = min(max(target - P["w_arrears"] * owed + s.offset, 0.0), 1.0)
                s.morale += P["rate"] * (goal - s.morale)
            units[u] = on_rolls
        deserted_total = P["units"] * n - sum(strength)
        cum.append(deserted_total)
        front.append(sum(min(P["quota"], sum(1 for s in men if s.status == DUTY)) for men in units))
    return outcome(cum, front, P["units"] * n)
