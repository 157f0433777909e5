"""The engine: a day is the phases of :data:`attrit.model.order.ORDER`, in that order.

Each phase is the ``(prepare, people, finish)`` of its declaration
(:class:`~attrit.model.mechanism.Mechanism`): the unit-level work, then the per-person work
for everyone when ``prepare`` asks for it, then the closing unit-level work. A phase whose
switch is off is skipped. ``run_batch`` runs replicates in parallel threads, each running
:func:`run_serial` without the GIL; each replicate owns its state, and every draw is a
function of (stream, replicate, day, person), so a replicate's result does not depend on the
batch it is in or on the number of threads or workers.
"""

from __future__ import annotations

import itertools
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numba
import numpy as np
from numba import literal_unroll, njit
from numba.core.errors import NumbaExperimentalFeatureWarning

from attrit.model import rng
from attrit.model.epochs import view
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
def run_replicate(pl, ep, keys, replicate, days, rec):
    """Simulate one replicate for ``days`` days into ``rec`` (days x units x variables).

    ``pl, ep`` is a plan split by :func:`attrit.model.plan.split`; the kernels see the plan
    of each day's epoch (:func:`attrit.model.epochs.view`).
    """
    e = ep.day[0]
    now = view(pl, ep, e)
    st = start(now, keys, replicate)
    for t in range(days):
        if ep.day[t] != e:
            e = ep.day[t]
            now = view(pl, ep, e)
        bs = rng.bases(keys, replicate, t)
        day(t, now, st, bs, rec[t])
    return st


@njit(nogil=True, cache=True)
def run_serial(pl, ep, keys, replicates, days, out):
    """Simulate ``replicates`` one after another on this thread, without the GIL."""
    for j in range(replicates.shape[0]):
        run_replicate(pl, ep, keys, replicates[j], days, out[j])


def run_batch(
    pl: Any,
    ep: Any,
    keys: np.ndarray,
    replicates: np.ndarray,
    days: int,
    out: np.ndarray,
    threads: int | None = None,
) -> None:
    """Simulate ``replicates`` (their ids) on ``threads`` threads into ``out[j]`` for the j-th.

    Each thread runs a contiguous share of the replicates through :func:`run_serial`, which
    releases the GIL. (Threads of Python's own rather than a ``prange`` loop: numba's
    parallel compiler analyses every array of the plan that the loop body touches, which
    took most of the engine's compile time.) ``threads`` defaults to numba's thread count.
    """
    n = replicates.shape[0]
    threads = max(1, min(n, threads or numba.get_num_threads()))
    if threads == 1:
        run_serial(pl, ep, keys, replicates, days, out)
        return
    edges = np.linspace(0, n, threads + 1).astype(np.int64)
    spans = list(itertools.pairwise(edges))
    with ThreadPoolExecutor(threads, thread_name_prefix="attrit-engine") as pool:
        for done in [
            pool.submit(run_serial, pl, ep, keys, replicates[a:b], days, out[a:b]) for a, b in spans
        ]:
            done.result()


def new_record(replicates: int, days: int, units: int) -> np.ndarray:
    """A zeroed record array (replicates x days x units x variables)."""
    return np.zeros((replicates, days, units, N_RECORDED))
