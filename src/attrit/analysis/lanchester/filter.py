"""A likelihood for a battle whose strengths are partly unobserved: an extended Kalman filter.

The stochastic battle is a Markov chain: each day, from the strengths at its start, each side's
losses are Poisson with the law's expected loss as mean. When a side's strength is not observed
(the defender at Iwo Jima, say), its path is latent, and its own random losses move every later
day's expected losses of the other side. A likelihood that follows the deterministic trajectory
treats that latent path as known: its intervals are then far too narrow (coverage of 30% for a
nominal 90% in ``tests/test_lanchester.py``).

This filter carries the latent strengths as a mean and a covariance (the linear-noise
approximation of the chain; Kalman 1960, with the law's day linearised as in the extended
filter). For each day:

1. predict the day's losses ``m = L(mu)`` and their Jacobian ``J`` at the mean strengths;
   the losses' covariance is ``J P J' + diag(m)`` (propagated uncertainty plus Poisson noise);
2. each observed casualty count adds its Gaussian predictive log-density to the likelihood and
   conditions the end-of-day strengths on it;
3. each observed end-of-day strength does the same (unless that side's casualties were observed
   the same day: the strength then carries no new information, and resets the state);
4. reinforcements arrive at the next day's start.

The state is conditioned on each count as exact. Where the count's predictive law is exactly
the chain's (a loss whose mean depends on no uncertain strength: every strength known, or the
logarithmic law's own losses), its density is the Poisson pmf, so with both sides observed the
filter is the chain's exact likelihood. Elsewhere it is the filter's Gaussian, widened by the
variance of rounding to whole men (1/12) so that a day with no expected losses keeps a finite
density. The Gaussian's log-variance term pulls each day's mean about half a man low (its score
is zero near ``m = y - 1/2``): negligible at the hundreds of losses a day of a battle, not at a
handful.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from attrit.model.lanchester import STEPS, day_losses

ROUNDING = 1.0 / 12.0  # variance of a count rounded to whole men

# The helpers are inlined: code loaded from numba's cache calls other cached functions out of
# line, which made a likelihood evaluation ~4 times slower than a fresh compile (300 vs 80 us).


@njit(cache=True, inline="always")
def _losses_and_jacobian(e, a, b, x, m, jac):
    """The day's expected losses ``m`` from start strengths ``x``, and their Jacobian."""
    m[0], m[1] = day_losses(e, a, b, x[0], x[1], STEPS)
    for j in range(2):
        h = 1e-4 * max(1.0, abs(x[j]))
        up = x[j] + h
        down = max(x[j] - h, 0.0)
        if j == 0:
            ub, ur = day_losses(e, a, b, up, x[1], STEPS)
            db, dr = day_losses(e, a, b, down, x[1], STEPS)
        else:
            ub, ur = day_losses(e, a, b, x[0], up, STEPS)
            db, dr = day_losses(e, a, b, x[0], down, STEPS)
        jac[0, j] = (ub - db) / (up - down)
        jac[1, j] = (ur - dr) / (up - down)


@njit(cache=True, inline="always")
def _observe(value, k, end, end_cov, loss_mean, loss_cov, cross, use_loss, exact):
    """Condition the day's state on one observed count; its -2 log predictive density.

    The count is side ``k``'s loss (``use_loss``) or its end-of-day strength. ``cross`` is
    cov(end strengths, losses) and is kept current, as are the losses' mean and covariance.
    The state is conditioned on the count as exact. Its density is the Poisson pmf where the
    chain's predictive law is exactly Poisson (``exact``: a loss whose mean depends on no
    uncertain strength), else the Gaussian widened by ``ROUNDING``.
    """
    if use_loss:
        predicted, variance = loss_mean[k], loss_cov[k, k]
    else:
        predicted, variance = end[k], end_cov[k, k]
    r = value - predicted
    if exact:
        mu = max(predicted, 1e-12)
        minus2 = 2.0 * (mu - value * math.log(mu) + math.lgamma(value + 1.0))
    else:
        density = variance + ROUNDING
        minus2 = math.log(2.0 * math.pi * density) + r * r / density
    if variance <= 1e-12:  # nothing uncertain to learn about
        return minus2
    g_end = np.empty(2)  # cov(end_i, observation)
    g_loss = np.empty(2)  # cov(loss_i, observation)
    for i in range(2):
        g_end[i] = cross[i, k] if use_loss else end_cov[i, k]
        g_loss[i] = loss_cov[i, k] if use_loss else cross[k, i]
    for i in range(2):
        end[i] += g_end[i] / variance * r
        loss_mean[i] += g_loss[i] / variance * r
    for i in range(2):
        for j in range(2):
            end_cov[i, j] -= g_end[i] * g_end[j] / variance
            loss_cov[i, j] -= g_loss[i] * g_loss[j] / variance
            cross[i, j] -= g_end[i] * g_loss[j] / variance
    return minus2


@njit(cache=True)
def minus2loglik(e, a, b, initial, arrivals, casualties, strengths):
    """-2 log likelihood of the observed daily casualties and strengths (NaN: not observed).

    ``initial`` (2,): blue and red strengths before day 1; ``arrivals``, ``casualties`` and
    ``strengths`` (days, 2): reinforcements at each day's start, each day's losses and the
    strengths at each day's end, blue in column 0 and red in column 1.
    """
    mean = np.empty(2)
    mean[0], mean[1] = initial[0], initial[1]
    cov = np.zeros((2, 2))
    m, jac = np.empty(2), np.empty((2, 2))
    c_xl, q = np.empty((2, 2)), np.empty((2, 2))
    end, end_cov, cross = np.empty(2), np.empty((2, 2)), np.empty((2, 2))
    exact = np.empty(2, dtype=np.bool_)
    total = 0.0
    for t in range(arrivals.shape[0]):
        for i in range(2):
            mean[i] += arrivals[t, i]
        _losses_and_jacobian(e, a, b, mean, m, jac)
        for i in range(2):  # c_xl = P J': covariance of the start state with the losses
            for k in range(2):
                c_xl[i, k] = cov[i, 0] * jac[k, 0] + cov[i, 1] * jac[k, 1]
        for k in range(2):  # q = J P J' + diag(m): the losses' covariance
            for j in range(2):
                q[k, j] = jac[k, 0] * c_xl[0, j] + jac[k, 1] * c_xl[1, j]
            # no propagated variance: the strengths this loss depends on are known
            exact[k] = q[k, k] <= 1e-9 * (m[k] + 1.0)
            q[k, k] += m[k]
        for i in range(2):  # end = start - losses
            end[i] = mean[i] - m[i]
            for j in range(2):
                end_cov[i, j] = cov[i, j] - c_xl[i, j] - c_xl[j, i] + q[i, j]
                cross[i, j] = c_xl[i, j] - q[i, j]
        for k in range(2):
            if np.isfinite(casualties[t, k]):
                y = casualties[t, k]
                total += _observe(y, k, end, end_cov, m, q, cross, True, exact[k] and y >= 0)
        for k in range(2):
            z = strengths[t, k]
            if not np.isfinite(z):
                continue
            if np.isfinite(casualties[t, k]):  # already known from the casualties: reset
                end[k] = z
                for i in range(2):
                    end_cov[k, i] = end_cov[i, k] = 0.0
                continue
            lost = mean[k] - z  # a known start makes the strength a count of the day's loss
            if exact[k] and cov[k, k] <= 1e-9 * (mean[k] + 1.0) and lost >= 0:
                total += _observe(lost, k, end, end_cov, m, q, cross, True, True)
            else:
                total += _observe(z, k, end, end_cov, m, q, cross, False, False)
        for i in range(2):
            mean[i] = max(end[i], 0.0)
            cov[i, i] = max(end_cov[i, i], 0.0)
        # symmetric, and within |cov01| <= sqrt(cov00 cov11): clipping a variance at zero must
        # not leave a covariance no distribution has (a later variance could turn negative)
        bound = math.sqrt(cov[0, 0] * cov[1, 1])
        off = min(max(0.5 * (end_cov[0, 1] + end_cov[1, 0]), -bound), bound)
        cov[0, 1] = cov[1, 0] = off
    return total


def observations(series_values: dict[str, np.ndarray], days: int) -> tuple[np.ndarray, ...]:
    """The series as the filter's (days, 2) arrays of casualties and strengths (NaN: none)."""

    def column(name: str) -> np.ndarray:
        v = series_values.get(name)
        return np.full(days, np.nan) if v is None else np.asarray(v, float)[1:]

    casualties = np.column_stack([column("blue_casualties"), column("red_casualties")])
    strengths = np.column_stack([column("blue_strength"), column("red_strength")])
    return casualties, strengths
