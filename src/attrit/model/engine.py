"""The engine: a day is the phases of :data:`attrit.model.codes.PHASES`, in that order.

``run_batch`` runs replicates in parallel threads (``prange``); each replicate owns its
state, and every draw is a function of (stream, replicate, day, person), so a replicate's
result does not depend on the batch it is in or on the number of threads or workers.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from attrit.model import rng
from attrit.model.codes import (
    N_RECORDED,
    S_CASUALTIES,
    S_DESERTION,
    S_EMIGRATION,
    S_INTERVENTIONS,
    S_MORALE,
    S_PAY,
    S_ROTATION,
    S_SUPPLY,
    S_TRAINING,
)
from attrit.model.phases import (
    casualties,
    desertion,
    emigration,
    interventions,
    morale,
    pay,
    record,
    rotation,
    supply,
    training,
)
from attrit.model.state import initial_state, recount, start_day


@njit(cache=True)
def day(t, pl, st, bs, today):
    """Simulate day ``t``: every phase in the documented order; switches turn phases off."""
    start_day(pl, st, t)
    if pl.switch[S_INTERVENTIONS]:
        interventions.step(t, pl, st, bs, today)
    if pl.switch[S_PAY]:
        pay.step(t, pl, st, bs, today)
    if pl.switch[S_SUPPLY]:
        supply.step(t, pl, st, bs, today)
    if pl.switch[S_ROTATION]:
        rotation.step(t, pl, st, bs, today)
    if pl.switch[S_DESERTION]:
        desertion.step(t, pl, st, bs, today)
    if pl.switch[S_EMIGRATION]:
        emigration.step(t, pl, st, bs, today)
    recount(st)  # casualties need who is on duty after the day's flight
    if pl.switch[S_CASUALTIES]:
        casualties.step(t, pl, st, bs, today)
    if pl.switch[S_TRAINING]:
        training.step(t, pl, st, bs, today)
    if pl.switch[S_MORALE]:
        morale.step(t, pl, st, bs, today)
    morale.decay(pl, st)
    record.step(t, pl, st, bs, today)


@njit(cache=True)
def run_replicate(pl, keys, replicate, days, rec):
    """Simulate one replicate for ``days`` days into ``rec`` (days x units x variables)."""
    st = initial_state(pl, keys, replicate)
    recount(st)
    for t in range(days):
        bs = rng.bases(keys, replicate, t)
        day(t, pl, st, bs, rec[t])
    return st


@njit(parallel=True, cache=True)
def run_batch(pl, keys, replicates, days, out):
    """Simulate ``replicates`` (their ids) in parallel into ``out[j]`` for the j-th."""
    for j in prange(replicates.shape[0]):
        run_replicate(pl, keys, replicates[j], days, out[j])


def new_record(replicates: int, days: int, units: int) -> np.ndarray:
    """A zeroed record array (replicates x days x units x variables)."""
    return np.zeros((replicates, days, units, N_RECORDED))
