"""The benchmark model as a custom Starsim module: states as Starsim arrays, a vectorised
NumPy step per day (Starsim's own idiom), Starsim's random-number distributions per decision."""

from __future__ import annotations

import numpy as np
import starsim as ss

from peers.spec import Outcome, outcome

DUTY, LEAVE, DESERTED = 0, 1, 2


class Militia(ss.Module):
    def __init__(self, P: dict, seed: int, **kwargs):
        super().__init__(**kwargs)
        self.P = P
        self.define_states(
            ss.FloatArr("morale", default=0.0),
            ss.FloatArr("offset", default=0.0),
            ss.FloatArr("arrears", default=0.0),
            ss.IntArr("unit", default=0),
            ss.IntArr("shift", default=0),
            ss.IntArr("status", default=0),
        )
        self.returns = ss.random(name="returns")
        self.flees = ss.random(name="flees")
        self.m_init = ss.normal(loc=P["m0"], scale=P["m_sd"], name="m_init")
        self.o_init = ss.normal(loc=0.0, scale=P["o_sd"], name="o_init")
        self.unit_rng = np.random.default_rng(seed)
        self.ring = np.zeros((P["units"], 30))
        self.strength = np.full(P["units"], P["n"])
        self.cum, self.front = [], []

    def init_post(self):
        super().init_post()
        P, uids = self.P, self.sim.people.auids
        k = np.asarray(uids)
        self.unit[uids] = k // P["n"]
        self.shift[uids] = (k // P["squad"]) % 2
        self.status[uids] = np.where(self.shift[uids] == 0, DUTY, LEAVE)
        self.morale[uids] = np.clip(self.m_init.rvs(uids), 0.0, 1.0)
        self.offset[uids] = self.o_init.rvs(uids)

    def _desert(self, uids, t):
        self.status[uids] = DESERTED
        np.add.at(self.ring[:, t % 30], self.unit[uids], 1)

    def _recent(self, t, window):
        days = [(t - k) % 30 for k in range(min(window, t + 1))]
        return self.ring[:, days].sum(axis=1)

    def step(self):
        P, t = self.P, self.t.ti
        self.ring[:, t % 30] = 0
        uids = self.sim.people.auids
        status = self.status[uids]
        rolls = uids[status != DESERTED]
        if (t + 1) % P["cycle"] == 0:
            take = P["funding"] * (1 - P["skim_f"]) * (1 - P["skim_c"])
            missed = self.unit_rng.random(P["units"]) < P["p_miss"]
            owed = np.where(missed, P["wage"], P["wage"] * (1 - take))
            self.arrears[rolls] = self.arrears[rolls] + owed[self.unit[rolls]]
        u_draw = self.returns.rvs(uids)
        if t > 0 and t % P["days_on"] == 0:
            on = (t // P["days_on"]) % 2
            shift = self.shift[uids]
            self.status[uids[(status == DUTY) & (shift != on)]] = LEAVE
            due = (status == LEAVE) & (shift == on)
            z = np.log(P["p_return"] / (1 - P["p_return"])) + P["r_slope"] * (
                self.morale[uids] - 0.5
            )
            back = due & (u_draw < 1 / (1 + np.exp(-z)))
            self.status[uids[back]] = DUTY
            self._desert(uids[due & ~back], t)
        scale = P["h0"] * (
            1 + P["contagion"] * self._recent(t, P["window"]) / np.maximum(self.strength, 1)
        )
        f_draw = self.flees.rvs(uids)
        duty = self.status[uids] == DUTY
        h = scale[self.unit[uids]] * np.exp(P["h_slope"] * (0.5 - self.morale[uids]))
        self._desert(uids[duty & (f_draw < h)], t)
        status = self.status[uids]
        rolls = uids[status != DESERTED]
        units = self.unit[rolls]
        self.strength = np.bincount(units, minlength=P["units"])
        target = (
            P["base"]
            - P["w_theft"] * P["skim_c"]
            - P["w_purpose"]
            - P["w_desert"] * self._recent(t, 30) / np.maximum(self.strength, 1)
        )
        owed = np.minimum(self.arrears[rolls] / P["wage"] / P["sat"], 1.0)
        goal = np.clip(target[units] - P["w_arrears"] * owed + self.offset[rolls], 0.0, 1.0)
        self.morale[rolls] = self.morale[rolls] + P["rate"] * (goal - self.morale[rolls])
        on_duty = np.bincount(self.unit[uids[status == DUTY]], minlength=P["units"])
        self.cum.append(P["units"] * P["n"] - self.strength.sum())
        self.front.append(np.minimum(on_duty, P["quota"]).sum())


def run(P: dict, seed: int, days: int = 365) -> Outcome:
    module = Militia(P, seed)
    sim = ss.Sim(
        n_agents=P["units"] * P["n"],
        modules=[module],
        start=0,
        stop=days,
        dt=1,
        rand_seed=seed,
        verbose=0,
    )
    sim.run()
    ran = next(m for m in sim.modules if isinstance(m, Militia))  # the sim's own copy
    return outcome(ran.cum, ran.front, P["units"] * P["n"])
