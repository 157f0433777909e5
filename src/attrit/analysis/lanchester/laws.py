"""Lanchester's laws of attrition with reinforcements, deterministic and stochastic.

Every law is a case of the general form (names fixed for comparison with the literature)::

    dBlue/dt = -a * Red**p_blue * Blue**q_blue + blue reinforcements
    dRed/dt  = -b * Blue**p_red * Red**q_red  + red reinforcements

- ``square`` (aimed fire): p = 1, q = 0 for both sides;
- ``linear`` (unaimed, area fire): p = 1, q = 1;
- ``logarithmic`` (losses in proportion to one's own strength): p = 0, q = 1;
- ``mixed`` (Deitchman's guerrilla form: blue under aimed fire, red under area fire): blue
  p = 1, q = 0; red p = 1, q = 1.

Time runs in days. Reinforcements arrive at the start of a day; within a day the equations are
integrated with classical Runge-Kutta (``steps`` sub-steps). Strengths never go below zero.
The stochastic version draws each day's losses from a Poisson distribution with the day's
expected loss as its mean (capped at the side's strength).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

EXPONENTS: dict[str, tuple[float, float, float, float]] = {
    # p_blue, q_blue, p_red, q_red
    "square": (1.0, 0.0, 1.0, 0.0),
    "linear": (1.0, 1.0, 1.0, 1.0),
    "logarithmic": (0.0, 1.0, 0.0, 1.0),
    "mixed": (1.0, 0.0, 1.0, 1.0),
}
LAWS = tuple(EXPONENTS)


@dataclass(frozen=True)
class Battle:
    """Initial strengths, reinforcements by day and the number of days."""

    blue: float
    red: float
    days: int
    blue_reinforcements: np.ndarray | None = None  # length days, arriving at each day's start
    red_reinforcements: np.ndarray | None = None

    def arrivals(self, side: str) -> np.ndarray:
        """Reinforcements of ``side`` by day (zeros when none)."""
        r = self.blue_reinforcements if side == "blue" else self.red_reinforcements
        return np.zeros(self.days) if r is None else np.asarray(r, float)


@njit(cache=True)
def _rates(e, a, b, blue, red):
    blue, red = max(blue, 0.0), max(red, 0.0)
    return a * red ** e[0] * blue ** e[1], b * blue ** e[2] * red ** e[3]


@njit(cache=True)
def _day(e, a, b, blue, red, steps):
    h = 1.0 / steps
    lost_b = lost_r = 0.0
    x, y = blue, red
    for _ in range(steps):
        k1b, k1r = _rates(e, a, b, x, y)
        k2b, k2r = _rates(e, a, b, x - h / 2 * k1b, y - h / 2 * k1r)
        k3b, k3r = _rates(e, a, b, x - h / 2 * k2b, y - h / 2 * k2r)
        k4b, k4r = _rates(e, a, b, x - h * k3b, y - h * k3r)
        db = min(h / 6 * (k1b + 2 * k2b + 2 * k3b + k4b), x)
        dr = min(h / 6 * (k1r + 2 * k2r + 2 * k3r + k4r), y)
        x, y = x - db, y - dr
        lost_b, lost_r = lost_b + db, lost_r + dr
    return lost_b, lost_r


@njit(cache=True)
def _battle(e, a, b, blue, red, rb, rr, steps, out):
    for t in range(rb.shape[0]):
        blue, red = blue + rb[t], red + rr[t]
        lb, lr = _day(e, a, b, blue, red, steps)
        blue, red = blue - lb, red - lr
        out[0, t], out[1, t], out[2, t], out[3, t] = blue, red, lb, lr


def daily_losses(
    law: str, a: float, b: float, blue: float, red: float, steps: int = 8
) -> tuple[float, float]:
    """Expected losses of each side over one day from the given strengths (RK4)."""
    return _day(np.array(EXPONENTS[law]), a, b, float(blue), float(red), steps)


def simulate(
    law: str, a: float, b: float, battle: Battle, seed: int | None = None
) -> dict[str, np.ndarray]:
    """Strengths at the end of each day and each day's losses.

    Deterministic when ``seed`` is None; otherwise Poisson losses drawn with that seed.
    """
    if law not in EXPONENTS:
        raise ValueError(f"unknown law '{law}' (laws: {', '.join(LAWS)})")
    rb, rr = battle.arrivals("blue"), battle.arrivals("red")
    names = ("blue", "red", "blue_losses", "red_losses")
    if seed is None:  # the deterministic path, compiled: fits call it thousands of times
        arr = np.zeros((4, battle.days))
        _battle(np.array(EXPONENTS[law]), float(a), float(b), float(battle.blue),
                float(battle.red), rb, rr, 8, arr)  # fmt: skip
        return dict(zip(names, arr, strict=True))
    rng = np.random.default_rng(seed)
    blue, red = float(battle.blue), float(battle.red)
    out = {k: np.zeros(battle.days) for k in names}
    for t in range(battle.days):
        blue, red = blue + rb[t], red + rr[t]
        lb, lr = daily_losses(law, a, b, blue, red)
        lb, lr = min(rng.poisson(lb), blue), min(rng.poisson(lr), red)
        blue, red = blue - lb, red - lr
        out["blue"][t], out["red"][t] = blue, red
        out["blue_losses"][t], out["red_losses"][t] = lb, lr
    return out
