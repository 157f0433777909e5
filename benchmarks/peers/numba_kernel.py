"""The benchmark model as a hand-written, single-purpose Numba kernel: the practical limit."""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from peers.spec import Outcome, outcome


@njit(cache=True)
def _kernel(
    seed,
    units,
    n,
    squad,
    quota,
    days_on,
    wage,
    cycle,
    take,
    p_miss,
    h0,
    h_slope,
    contagion,
    window,
    logit0,
    r_slope,
    m0,
    m_sd,
    o_sd,
    rate,
    base,
    w_arrears,
    sat,
    w_theft_skim,
    w_desert,
    w_purpose,
):
    np.random.seed(seed)
    total = units * n
    status = np.empty(total, np.int8)
    unit = np.empty(total, np.int64)
    shift = np.empty(total, np.int64)
    morale = np.empty(total)
    offset = np.empty(total)
    arrears = np.zeros(total)
    for i in range(total):
        unit[i] = i // n
        shift[i] = (i // squad) % 2
        morale[i] = min(max(m0 + m_sd * np.random.standard_normal(), 0.0), 1.0)
        offset[i] = o_sd * np.random.standard_normal()
        status[i] = 0 if shift[i] == 0 else 1
    strength = np.full(units, n)
    ring = np.zeros((units, 30), np.int64)
    cum = np.zeros(365 if 365 > 0 else 1, np.int64)
    front = np.zeros(365, np.int64)
    missed = np.zeros(units, np.bool_)
    scale = np.empty(units)
    target = np.empty(units)
    duty = np.zeros(units, np.int64)
    for t in range(365):
        for u in range(units):
            ring[u, t % 30] = 0
        payday = (t + 1) % cycle == 0
        if payday:
            for u in range(units):
                missed[u] = np.random.random() < p_miss
        changeover = t > 0 and t % days_on == 0
        on = (t // days_on) % 2
        for i in range(total):
            s = status[i]
            if s == 2:
                continue
            u = unit[i]
            if payday:
                arrears[i] += wage if missed[u] else wage * (1.0 - take)
            if changeover:
                if s == 0 and shift[i] != on:
                    status[i] = 1
                elif s == 1 and shift[i] == on:
                    z = logit0 + r_slope * (morale[i] - 0.5)
                    if np.random.random() < 1.0 / (1.0 + np.exp(-z)):
                        status[i] = 0
                    else:
                        status[i] = 2
                        ring[u, t % 30] += 1
        for u in range(units):
            recent = 0
            for k in range(min(window, t + 1)):
                recent += ring[u, (t - k) % 30]
            scale[u] = h0 * (1.0 + contagion * recent / max(strength[u], 1))
        for i in range(total):
            if status[i] == 0:
                u = unit[i]
                if np.random.random() < scale[u] * np.exp(h_slope * (0.5 - morale[i])):
                    status[i] = 2
                    ring[u, t % 30] += 1
        strength[:] = 0
        duty[:] = 0
        for i in range(total):
            if status[i] != 2:
                strength[unit[i]] += 1
                if status[i] == 0:
                    duty[unit[i]] += 1
        for u in range(units):
            d30 = 0
            for k in range(min(30, t + 1)):
                d30 += ring[u, (t - k) % 30]
            target[u] = base - w_theft_skim - w_purpose - w_desert * d30 / max(strength[u], 1)
        for i in range(total):
            if status[i] != 2:
                owed = min(arrears[i] / wage / sat, 1.0)
                goal = min(max(target[unit[i]] - w_arrears * owed + offset[i], 0.0), 1.0)
                morale[i] += rate * (goal - morale[i])
        cum[t] = total - strength.sum()
        f = 0
        for u in range(units):
            f += min(quota, duty[u])
        front[t] = f
    return cum, front


def _args(P: dict, seed: int) -> tuple:
    take = P["funding"] * (1 - P["skim_f"]) * (1 - P["skim_c"])
    logit0 = np.log(P["p_return"] / (1 - P["p_return"]))
    return (
        seed,
        P["units"],
        P["n"],
        P["squad"],
        P["quota"],
        P["days_on"],
        float(P["wage"]),
        P["cycle"],
        take,
        P["p_miss"],
        P["h0"],
        P["h_slope"],
        P["contagion"],
        P["window"],
        logit0,
        P["r_slope"],
        P["m0"],
        P["m_sd"],
        P["o_sd"],
        P["rate"],
        P["base"],
        P["w_arrears"],
        P["sat"],
        P["w_theft"] * P["skim_c"],
        P["w_desert"],
        P["w_purpose"],
    )


def run(P: dict, seed: int, days: int = 365) -> Outcome:
    cum, front = _kernel(*_args(P, seed))
    return outcome(cum, front, P["units"] * P["n"])


@njit(parallel=True, cache=True)
def _many(seeds, args_tail):
    out = np.empty((seeds.shape[0], 3))
    for j in prange(seeds.shape[0]):
        cum, front = _kernel(seeds[j], *args_tail)
        out[j, 0] = cum[89]
        out[j, 1] = front[179]
        out[j, 2] = cum[364]
    return out


def run_many(P: dict, seeds: list[int]) -> np.ndarray:
    """An ensemble on numba's threads (one replicate per thread at a time)."""
    return _many(np.asarray(seeds, np.int64), _args(P, 0)[1:])
