"""The engine: a day is the phases of :data:`attrit.model.order.ORDER`, in that order.

Each phase is the ``(prepare, people, finish)`` of its declaration
(:class:`~attrit.model.mechanism.Mechanism`): the unit-level work, then the per-person work
for everyone when ``prepare`` asks for it, then the closing unit-level work. A phase whose
switch is off is skipped. ``run_batch`` runs replicates in parallel threads (``prange``);
each replicate owns its state, and every draw is a function of (stream, replicate, day,
person), so a replicate's result does not depend on the batch it is in or on the number of
threads or workers.
"""

from __future__ import annotations

import warnings

import numpy as np
from numba import literal_unroll, njit, prange
from numba.core.errors import NumbaExperimentalFeatureWarning

from attrit.model import rng
from attrit.model.registry import INITS, KERNELS, N_RECORDED
from attrit.model.state import initial_state, recount, start_day

# numba types a tuple of kernels through its first-class function types, and warns that the
# feature is experimental; each unrolled call is still a direct call to that phase's kernel
warnings.filterwarnings("ignore", "First-class function type", NumbaExperimentalFeatureWarning)


@njit(cache=True)
def day(t, pl, st, bs, today):
    """Simulate day ``t``: every phase in the documented order; switches turn phases off."""
    start_day(pl, st, t)
    k = 0
    for phase in literal_unroll(KERNELS):
        if pl.switch[k]:
            ctx = phase[0](t, pl, st, bs, today)
            if ctx[0]:
                phase[1](0, st.status.shape[0], t, pl, st, bs, today, ctx)
            phase[2](t, pl, st, bs, today, ctx)
        k += 1  # noqa: SIM113 (numba cannot enumerate an unrolled tuple)


@njit(cache=True)
def start(pl, keys, replicate):
    """The state on day 0: the people laid out, then every phase's own set-up."""
    st = initial_state(pl)
    for init in literal_unroll(INITS):
        init(pl, st, keys, replicate)
    recount(st)
    return st


@njit(cache=True)
def run_replicate(pl, keys, replicate, days, rec):
    """Simulate one replicate for ``days`` days into ``rec`` (days x units x variables)."""
    st = start(pl, keys, replicate)
    for t in range(days):
        bs = rng.bases(keys, replicate, t)
        day(t, pl, st, bs, rec[t])
    return st


@njit(cache=True)
def run_serial(pl, keys, replicates, days, out):
    """Simulate ``replicates`` one after another on this thread (for a worker process)."""
    for j in range(replicates.shape[0]):
        run_replicate(pl, keys, replicates[j], days, out[j])


@njit(parallel=True, cache=True)
def run_batch(pl, keys, replicates, days, out):
    """Simulate ``replicates`` (their ids) in parallel into ``out[j]`` for the j-th."""
    for j in prange(replicates.shape[0]):
        run_replicate(pl, keys, replicates[j], days, out[j])


def new_record(replicates: int, days: int, units: int) -> np.ndarray:
    """A zeroed record array (replicates x days x units x variables)."""
    return np.zeros((replicates, days, units, N_RECORDED))
