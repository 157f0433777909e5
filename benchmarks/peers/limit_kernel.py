"""The benchmark model (SPEC.md) as the fastest single-purpose Numba kernel we could write.

It is the limit the engine is measured against, so it carries every idea to its end:

- **Units are independent tasks.** Nothing in SPEC.md couples two units, so each (replicate,
  unit) runs all its days alone, its state in cache (40,000 men x 9 bytes at N = 1,000,000),
  and the tasks share the cores (``prange``) for one replicate as for an ensemble.
- **Men stored by shift.** A unit's men are two blocks, shift 0 then shift 1; the block on
  duty is known from the day, so a man needs only an ``alive`` flag, and only the men of the
  block on duty take a desertion draw.
- **Arrears per unit.** Every man on the rolls is owed the same each cycle from the same
  start, so the arrears are one number per unit, not per man.
- **One fused pass per day.** Morale moves at the end of a day towards a target that needs the
  day's desertions; the move is made lazily at the start of the next day's pass, together with
  that day's return and desertion draws, so each man is touched once a day.
- **Compact state, counter-based draws.** Morale and offset are float32, ``alive`` is int8;
  every uniform is a 32-bit hash (Wellons' lowbias32) of (man, day) keyed by (seed, unit,
  stream), so results do not depend on the number of threads or the order of the tasks.
- **No libm in the inner loop.** The desertion factor ``exp(h_slope (0.5 - m))`` is a
  degree-6 polynomial of ``x / 8`` raised to the 8th power (relative error below 1e-6 for
  ``|x| <= 3``, which holds since morale stays in [0, 1] and ``h_slope = 3``), so the loop
  vectorises.

Counts are exact integers; the record is the deserted count and the front per day.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange, uint32

from peers.spec import Outcome, outcome

DESERT, RETURN, MISS, INIT_M, INIT_O = 1, 2, 3, 4, 5  # draw streams
BYTES_PER_PERSON_DAY = 13  # read morale, offset, alive (9); write morale (4)


@njit(inline="always")
def _mix(x):
    """Wellons' lowbias32: a bijective 32-bit hash with low bias.

    Numba widens uint32 arithmetic to 64 bits, so every step is cut back to 32."""
    x = uint32(x)
    x = uint32(x ^ (x >> uint32(16)))
    x = uint32(x * uint32(0x7FEB352D))
    x = uint32(x ^ (x >> uint32(15)))
    x = uint32(x * uint32(0x846CA68B))
    return uint32(x ^ (x >> uint32(16)))


@njit(inline="always")
def _uniform(h):
    """A uniform in [0, 1) from the top 24 bits of a hash, as float32."""
    return np.float32(uint32(h) >> uint32(8)) * np.float32(1.0 / 16777216.0)


@njit(inline="always")
def _key(seed, unit, stream):
    """The key of one (seed, unit, stream): three rounds of the hash."""
    mixed = _mix(uint32(_mix(uint32(seed & 0xFFFFFFFF)) ^ uint32(unit)))
    return _mix(uint32(mixed + uint32(stream)))


@njit(inline="always")
def _exp_small(x):
    """exp(x) for |x| <= 3 without libm: (Taylor-6 of x / 8) ** 8."""
    y = x * np.float32(0.125)
    p = np.float32(1.0 / 720.0)
    for c in (1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0):  # Horner, highest first
        p = p * y + np.float32(c)
    p = p * p
    p = p * p
    return p * p


@njit(cache=True, fastmath=True)
def _unit(seed, u, n, squad, days, quota, days_on, wage, cycle, take, p_miss, h0, h_slope,
          contagion, window, logit0, r_slope, m0, m_sd, o_sd, rate, base, w_arrears, sat,
          w_fixed, w_desert, deserted_out, front_out):  # fmt: skip
    """Simulate unit ``u`` of one replicate for every day; write its cumulative desertions
    and its front per day into the two output rows."""
    # men by shift: block 0 holds shift 0, block 1 shift 1 (squads numbered force-wide)
    n0 = 0
    for i in range(n):
        if ((u * n + i) // squad) % 2 == 0:
            n0 += 1
    lo = np.array([0, n0])
    hi = np.array([n0, n])
    morale = np.empty(n, np.float32)
    offset = np.empty(n, np.float32)
    alive = np.ones(n, np.int8)
    k_m, k_o = _key(seed, u, INIT_M), _key(seed, u, INIT_O)
    for i in range(n):  # Box-Muller, two hashes per normal
        morale[i] = min(max(m0 + m_sd * _normal(i, k_m), 0.0), 1.0)
        offset[i] = o_sd * _normal(i, k_o)
    k_d, k_r, k_miss = _key(seed, u, DESERT), _key(seed, u, RETURN), _key(seed, u, MISS)
    ring = np.zeros(32, np.int64)  # desertions by day, at t % 32
    strength, duty, deserted = n, n0, 0  # shift 0 starts on duty
    arrears = 0.0
    goal = np.float32(0.0)  # the day's morale target less the arrears term
    move = np.float32(0.0)  # morale moves once a day has ended: not before day 0
    h_s, zero, one = np.float32(h_slope), np.float32(0.0), np.float32(1.0)
    for t in range(days):
        if (t + 1) % cycle == 0:  # pay: the whole unit misses the cycle or is paid less the take
            missed = _uniform(_mix(uint32(t) ^ k_miss)) < p_miss
            arrears += wage if missed else wage * (1.0 - take)
        on = (t // days_on) % 2
        off = 1 - on
        base_t = uint32(t * n)
        _rest(morale[lo[off] : hi[off]], offset[lo[off] : hi[off]], goal, move)
        left = 0  # men on leave who did not return
        if t > 0 and t % days_on == 0:  # changeover: the old block went on leave
            came = 0
            for i in range(lo[on], hi[on]):
                m = morale[i]
                m += move * (min(max(goal + offset[i], zero), one) - m)
                morale[i] = m
                if alive[i]:
                    p = 1.0 / (1.0 + np.exp(-(logit0 + r_slope * (m - 0.5))))
                    if _uniform(_mix((base_t + uint32(i)) ^ k_r)) < p:
                        came += 1
                    else:
                        alive[i] = 0
                        left += 1
            duty = came
            step = zero  # the block on duty has moved already
        else:
            step = move
        recent = left
        for k in range(1, min(window, t + 1)):
            recent += ring[(t - k) % 32]
        scale = np.float32(h0 * (1.0 + contagion * recent / max(strength, 1)))
        a, b = lo[on], hi[on]
        fled = _duty(morale[a:b], offset[a:b], alive[a:b], goal, step, uint32(base_t + a), k_d,
                     scale, h_s)  # fmt: skip
        gone = left + fled
        strength -= gone
        duty -= fled
        deserted += gone
        ring[t % 32] = gone
        d30 = 0
        for k in range(min(30, t + 1)):
            d30 += ring[(t - k) % 32]
        owed = min(arrears / wage / sat, 1.0)
        goal = np.float32(base - w_fixed - w_desert * d30 / max(strength, 1) - w_arrears * owed)
        move = np.float32(rate)
        deserted_out[t] = deserted
        front_out[t] = min(quota, duty)
    return 0


@njit(cache=True, fastmath=True)
def _rest(morale, offset, goal, move):
    """The block off duty: yesterday's morale move only (a loop of its own: it vectorises)."""
    zero, one = np.float32(0.0), np.float32(1.0)
    for i in range(morale.shape[0]):
        m = morale[i]
        morale[i] = m + move * (min(max(goal + offset[i], zero), one) - m)


@njit(cache=True, fastmath=True)
def _duty(morale, offset, alive, goal, move, first, key, scale, h_s):
    """The block on duty: yesterday's morale move, then each man's desertion draw (counter
    ``first + i``); returns the men who deserted."""
    zero, one, half = np.float32(0.0), np.float32(1.0), np.float32(0.5)
    fled = 0
    for i in range(morale.shape[0]):
        m = morale[i]
        m += move * (min(max(goal + offset[i], zero), one) - m)
        morale[i] = m
        a = alive[i]
        u_d = _uniform(_mix((first + uint32(i)) ^ key))
        hit = np.int8((u_d < scale * _exp_small(h_s * (half - m))) & (a != 0))
        alive[i] = a - hit
        fled += hit
    return fled


@njit(inline="always")
def _normal(i, key):
    a = (np.float64(_mix(uint32(2 * i) ^ key) >> uint32(8)) + 0.5) / 16777216.0
    b = np.float64(_mix(uint32(2 * i + 1) ^ key) >> uint32(8)) / 16777216.0
    return np.sqrt(-2.0 * np.log(a)) * np.cos(2.0 * np.pi * b)


@njit(parallel=True, cache=True)
def _ensemble(seeds, units, n, days, tail):
    """Every (replicate, unit) as one task on the numba threads; force totals per day."""
    tasks = seeds.shape[0] * units
    deserted = np.zeros((tasks, days), np.int64)
    front = np.zeros((tasks, days), np.int64)
    for j in prange(tasks):
        r, u = j // units, j % units
        _unit(seeds[r], u, n, tail[0], days, *tail[1:], deserted[j], front[j])
    out_d = np.zeros((seeds.shape[0], days), np.int64)
    out_f = np.zeros((seeds.shape[0], days), np.int64)
    for j in range(tasks):
        out_d[j // units] += deserted[j]
        out_f[j // units] += front[j]
    return out_d, out_f


def _tail(P: dict) -> tuple:
    take = P["funding"] * (1 - P["skim_f"]) * (1 - P["skim_c"])
    return (
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
        float(np.log(P["p_return"] / (1 - P["p_return"]))),
        P["r_slope"],
        P["m0"],
        P["m_sd"],
        P["o_sd"],
        P["rate"],
        P["base"],
        P["w_arrears"],
        P["sat"],
        P["w_theft"] * P["skim_c"] + P["w_purpose"],
        P["w_desert"],
    )


def simulate(P: dict, seeds: list[int], days: int = 365) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative desertions and the front, replicates x days, for the whole force."""
    return _ensemble(np.asarray(seeds, np.int64), P["units"], P["n"], days, _tail(P))


def run(P: dict, seed: int, days: int = 365) -> Outcome:
    deserted, front = simulate(P, [seed], days)
    return outcome(deserted[0], front[0], P["units"] * P["n"])


def run_many(P: dict, seeds: list[int]) -> np.ndarray:
    """The three outputs per replicate (deserted at day 90, front at 180, deserted at 365)."""
    deserted, front = simulate(P, seeds)
    return np.c_[deserted[:, 89], front[:, 179], deserted[:, 364]]
