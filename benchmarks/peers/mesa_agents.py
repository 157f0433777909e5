"""The benchmark model in Mesa 3: one Agent per soldier, phases via AgentSet.do."""

from __future__ import annotations

import math

import mesa

from peers.spec import Outcome, outcome

DUTY, LEAVE = 0, 1


class Soldier(mesa.Agent):
    def __init__(self, model: MilitiaModel, unit: int, shift: int):
        super().__init__(model)
        P = model.P
        self.unit, self.shift, self.arrears = unit, shift, 0.0
        self.morale = min(max(self.random.gauss(P["m0"], P["m_sd"]), 0.0), 1.0)
        self.offset = self.random.gauss(0.0, P["o_sd"])
        self.status = DUTY if shift == 0 else LEAVE

    def desert(self) -> None:
        self.model.ring[self.unit][self.model.t % 30] += 1
        self.model.strength[self.unit] -= 1
        self.remove()

    def pay(self) -> None:
        self.arrears += self.model.owed[self.unit]

    def rotate(self) -> None:
        m = self.model
        if self.status == DUTY and self.shift != m.on:
            self.status = LEAVE
        elif self.status == LEAVE and self.shift == m.on:
            z = m.logit0 + m.P["r_slope"] * (self.morale - 0.5)
            if self.random.random() < 1 / (1 + math.exp(-z)):
                self.status = DUTY
            else:
                self.desert()

    def flee(self) -> None:
        m = self.model
        if self.status == DUTY and self.random.random() < m.scale[self.unit] * math.exp(
            m.P["h_slope"] * (0.5 - self.morale)
        ):
            self.desert()

    def update_morale(self) -> None:
        P = self.model.P
        owed = min(self.arrears / P["wage"] / P["sat"], 1.0)
        goal = min(
            max(self.model.target[self.unit] - P["w_arrears"] * owed + self.offset, 0.0), 1.0
        )
        self.morale += P["rate"] * (goal - self.morale)


class MilitiaModel(mesa.Model):
    def __init__(self, P: dict, seed: int):
        super().__init__(rng=seed)
        self.P, self.t = P, 0
        self.logit0 = math.log(P["p_return"] / (1 - P["p_return"]))
        squads = P["n"] // P["squad"]
        for u in range(P["units"]):
            for k in range(P["n"]):
                Soldier(self, u, (u * squads + k // P["squad"]) % 2)
        self.strength = [P["n"]] * P["units"]
        self.ring = [[0] * 30 for _ in range(P["units"])]

    def recent(self, u: int, window: int) -> int:
        return sum(self.ring[u][(self.t - k) % 30] for k in range(min(window, self.t + 1)))

    def step(self) -> None:
        P, t = self.P, self.t
        for ring in self.ring:
            ring[t % 30] = 0
        if (t + 1) % P["cycle"] == 0:
            take = P["funding"] * (1 - P["skim_f"]) * (1 - P["skim_c"])
            self.owed = [
                P["wage"] if self.random.random() < P["p_miss"] else P["wage"] * (1 - take)
                for _ in range(P["units"])
            ]
            self.agents.do("pay")
        if t > 0 and t % P["days_on"] == 0:
            self.on = (t // P["days_on"]) % 2
            self.agents.do("rotate")
        self.scale = [
            P["h0"] * (1 + P["contagion"] * self.recent(u, P["window"]) / max(s, 1))
            for u, s in enumerate(self.strength)
        ]
        self.agents.do("flee")
        self.target = [
            P["base"]
            - P["w_theft"] * P["skim_c"]
            - P["w_purpose"]
            - P["w_desert"] * self.recent(u, 30) / max(s, 1)
            for u, s in enumerate(self.strength)
        ]
        self.agents.do("update_morale")
        self.t += 1


def run(P: dict, seed: int, days: int = 365) -> Outcome:
    model = MilitiaModel(P, seed)
    total = P["units"] * P["n"]
    cum, front = [], []
    for _ in range(days):
        model.step()
        cum.append(total - sum(model.strength))
        duty = [0] * P["units"]
        for a in model.agents:
            duty[a.unit] += a.status == DUTY
        front.append(sum(min(P["quota"], d) for d in duty))
    return outcome(cum, front, total)
