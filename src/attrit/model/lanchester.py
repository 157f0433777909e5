"""Lanchester's laws as one day's expected losses: the kernel shared by the engine and analysis.

Every law is a case of the general form (names fixed for comparison with the literature)::

    dBlue/dt = -a * Red**p_blue * Blue**q_blue
    dRed/dt  = -b * Blue**p_red * Red**q_red

- ``square`` (aimed fire): p = 1, q = 0 for both sides;
- ``linear`` (unaimed, area fire): p = 1, q = 1;
- ``logarithmic`` (losses in proportion to one's own strength): p = 0, q = 1;
- ``mixed`` (Deitchman's guerrilla form: blue under aimed fire, red under area fire): blue
  p = 1, q = 0; red p = 1, q = 1.

A day is integrated with classical Runge-Kutta in ``steps`` sub-steps; strengths never go
below zero.
"""

from __future__ import annotations

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
STEPS = 8  # RK4 sub-steps per day: exact to ~1e-9 relative for daily loss rates below 0.5


def exponents(law: str) -> np.ndarray:
    """The law's exponents (p_blue, q_blue, p_red, q_red) as an array for the kernels."""
    if law not in EXPONENTS:
        raise ValueError(f"unknown law '{law}' (laws: {', '.join(LAWS)})")
    return np.array(EXPONENTS[law])


# inline="always" here and on day_losses: cached functions are linked, not inlined, into their
# callers, and a call across that boundary cost ~1.5 us (a day's losses took 3.0 us, 0.2 us
# inlined; the filter's day, five of them, 9 us)
@njit(cache=True, inline="always")
def _power(x, p):
    # the laws' exponents are 0 or 1: skipping pow() for them is exact (x**1 == x, x**0 == 1)
    if p == 1.0:
        return x
    if p == 0.0:
        return 1.0
    return x**p


@njit(cache=True, inline="always")
def rates(e, a, b, blue, red):
    """Instantaneous loss rates (blue, red) under exponents ``e``."""
    blue, red = max(blue, 0.0), max(red, 0.0)
    return (a * _power(red, e[0]) * _power(blue, e[1]),
            b * _power(blue, e[2]) * _power(red, e[3]))  # fmt: skip


@njit(cache=True, inline="always")
def day_losses(e, a, b, blue, red, steps):
    """Expected losses of each side over one day from strengths ``blue`` and ``red``."""
    h = 1.0 / steps
    lost_b = lost_r = 0.0
    x, y = blue, red
    for _ in range(steps):
        k1b, k1r = rates(e, a, b, x, y)
        k2b, k2r = rates(e, a, b, x - h / 2 * k1b, y - h / 2 * k1r)
        k3b, k3r = rates(e, a, b, x - h / 2 * k2b, y - h / 2 * k2r)
        k4b, k4r = rates(e, a, b, x - h * k3b, y - h * k3r)
        db = min(h / 6 * (k1b + 2 * k2b + 2 * k3b + k4b), x)
        dr = min(h / 6 * (k1r + 2 * k2r + 2 * k3r + k4r), y)
        x, y = x - db, y - dr
        lost_b, lost_r = lost_b + db, lost_r + dr
    return lost_b, lost_r
