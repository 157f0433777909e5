"""Lanchester's laws of attrition with reinforcements, deterministic and stochastic.

The laws and their daily kernel live in :mod:`attrit.model.lanchester` (the engine's combat
phase uses the same one). Here a battle adds reinforcements by day, at each day's start::

    dBlue/dt = -a * Red**p_blue * Blue**q_blue + blue reinforcements
    dRed/dt  = -b * Blue**p_red * Red**q_red  + red reinforcements

The stochastic version draws each day's losses from a Poisson distribution with the day's
expected loss as its mean (capped at the side's strength).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from attrit.model.lanchester import EXPONENTS, LAWS, day_losses, exponents

__all__ = ["EXPONENTS", "LAWS", "Battle", "daily_losses", "simulate"]


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
def _battle(e, a, b, blue, red, rb, rr, steps, out):
    for t in range(rb.shape[0]):
        blue, red = blue + rb[t], red + rr[t]
        lb, lr = day_losses(e, a, b, blue, red, steps)
        blue, red = blue - lb, red - lr
        out[0, t], out[1, t], out[2, t], out[3, t] = blue, red, lb, lr


def daily_losses(
    law: str, a: float, b: float, blue: float, red: float, steps: int = 8
) -> tuple[float, float]:
    """Expected losses of each side over one day from the given strengths (RK4)."""
    return day_losses(exponents(law), a, b, float(blue), float(red), steps)


POISSON_MAX = 1e15
"""Past this mean a day's losses are the whole side (strengths are at most 1e9): numpy's
Poisson sampler refuses means near 1e19, which a linear law reaches with large forces."""


def _poisson(rng: np.random.Generator, mean: float, side: float) -> float:
    return side if mean > POISSON_MAX else rng.poisson(mean)


def simulate(
    law: str, a: float, b: float, battle: Battle, seed: int | None = None
) -> dict[str, np.ndarray]:
    """Strengths at the end of each day and each day's losses.

    Deterministic when ``seed`` is None; otherwise Poisson losses drawn with that seed.
    """
    e = exponents(law)
    rb, rr = battle.arrivals("blue"), battle.arrivals("red")
    names = ("blue", "red", "blue_losses", "red_losses")
    if seed is None:  # the deterministic path, compiled: fits call it thousands of times
        arr = np.zeros((4, battle.days))
        _battle(e, float(a), float(b), float(battle.blue),
                float(battle.red), rb, rr, 8, arr)  # fmt: skip
        return dict(zip(names, arr, strict=True))
    rng = np.random.default_rng(seed)
    blue, red = float(battle.blue), float(battle.red)
    out = {k: np.zeros(battle.days) for k in names}
    for t in range(battle.days):
        blue, red = blue + rb[t], red + rr[t]
        lb, lr = daily_losses(law, a, b, blue, red)
        lb, lr = min(_poisson(rng, lb, blue), blue), min(_poisson(rng, lr, red), red)
        blue, red = blue - lb, red - lr
        out["blue"][t], out["red"][t] = blue, red
        out["blue_losses"][t], out["red_losses"][t] = lb, lr
    return out
