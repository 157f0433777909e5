"""Running a scenario: replicates in batches, here or on an executor's workers.

Replicate ``r`` draws every random number from (stream, ``r``, day, person), so the result is
the same whichever batch, thread, process or machine runs it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from attrit.errors import AttritError
from attrit.executor import kind_of, ordered, share
from attrit.interrupt import check as check_interrupt
from attrit.scenario.schema import MAX_DAYS, ScenarioData

if TYPE_CHECKING:
    from attrit.model.plan import Plan
    from attrit.reduce import Reduction
    from attrit.results import Results

MAX_REPLICATES = 100_000
BATCH = 16  # replicates per task: small enough for a live progress bar, big enough to amortise


class RunError(AttritError, ValueError):
    """A run cannot start as asked (bad replicates or days, too big for the memory)."""


def run_batch_task(
    plan: Plan, keys: np.ndarray, replicates: np.ndarray, days: int, layout: str
) -> np.ndarray:
    """Simulate some replicates on a worker: their record (replicates x days x units x vars).

    Top-level so that process pools and Dask can send it to workers. A worker runs one task
    on one thread (its pool gives it its share of the cores); ``layout`` must match the
    worker's model, so a worker with another version of attrit refuses the task.
    """
    from attrit.model import engine, registry
    from attrit.model.plan import split

    if layout != registry.LAYOUT:
        raise RunError(
            "a worker runs another version of attrit's model (its record or streams differ); "
            "install the same attrit on every worker (docs/distributed.md)"
        )
    out = engine.new_record(len(replicates), days, len(plan.u_quota))
    engine.run_serial(*split(plan), keys, np.asarray(replicates, np.int64), days, out)
    return out


def run_plan(plan: Plan, days: int, seed: int, replicate: int = 0) -> np.ndarray:
    """One replicate of a compiled plan, here on this thread: its record.

    The record is 1 x days x units x variables, as :func:`simulate` gives for the same plan,
    seed and replicate. For callers that compile a plan once and run it many times (a fit).
    """
    from attrit.model import engine, registry
    from attrit.model.plan import split

    record = engine.new_record(1, days, len(plan.u_quota))
    keys = registry.stream_keys(seed)
    engine.run_replicate(*split(plan), keys, np.int64(replicate), days, record[0])
    return record


MAX_SEED = 2**63 - 1  # what the store's seed column holds


def check_run(
    sc: ScenarioData,
    replicates: int,
    days: int,
    executor: Any = None,
    seed: int = 0,
    reduce: Reduction | None = None,
) -> None:
    """Refuse a run that cannot start: replicates, days, seed, or memory it would need."""
    if not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise RunError(f"the seed must be a whole number from 0 to 2**63 - 1 (got {seed!r})")
    if not 1 <= replicates <= MAX_REPLICATES:
        raise RunError(f"replicates must be 1-{MAX_REPLICATES:,} (got {replicates})")
    if not 1 <= days <= MAX_DAYS:
        raise RunError(f"days must be 1-{MAX_DAYS} (got {days})")
    need = memory_estimate(sc, replicates, days, executor, reduce)
    have = available_memory()
    if need > have:
        raise RunError(
            f"this run would need about {need / 2**30:.1f} GiB ({replicates:,} replicates x "
            f"{days:,} days x {len(sc.units)} units, {sc.strength:,} people) but "
            f"{have / 2**30:.1f} GiB is available; run fewer replicates or days"
            + ("" if reduce else ", or reduce them as they finish (attrit.reduce)")
        )


PERSON_BYTES = 80  # the state's arrays per person (status, unit, shift, morale, pay, days...)


def memory_estimate(
    sc: ScenarioData,
    replicates: int,
    days: int,
    executor: Any = None,
    reduce: Reduction | None = None,
) -> int:
    """Bytes a run needs: the daily record, plus the state of the replicates run at once.

    With a reduction, one batch of the record and what the reduction holds.
    """
    from attrit.model.registry import N_RECORDED

    kept = min(replicates, BATCH) if reduce is not None else replicates
    record = kept * days * len(sc.units) * N_RECORDED * 8
    if reduce is not None:
        record += reduce.nbytes(replicates, days, len(sc.units))
    here = kind_of(executor) == "serial"
    at_once = min(replicates, BATCH) * max(os.cpu_count() or 1, 1) if here else BATCH
    return record + at_once * sc.strength * PERSON_BYTES


def available_memory() -> int:
    """Memory the system can still give (MemAvailable), or its physical memory."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def simulate(
    scenario: ScenarioData,
    replicates: int = 100,
    days: int | None = None,
    seed: int | None = None,
    executor: Any = None,
    progress: Callable[[int], None] | None = None,
    first_replicate: int = 0,
    reduce: Reduction | None = None,
) -> Results | Any:
    """Simulate ``replicates`` independent replicates of ``scenario``.

    Args:
        scenario: a validated scenario (see :func:`attrit.load`).
        replicates: number of replicates.
        days: days to simulate from the calendar's start (default: the calendar's days).
        seed: run seed (default: the scenario's ``seed``). Same seed, same results.
        executor: where the batches run (:mod:`attrit.executor`): none runs them here, on
            numba's threads; a process pool or a ``distributed.Client`` on its workers.
            Workers are spawned, so a script that makes a pool needs an
            ``if __name__ == "__main__":`` guard.
        progress: called with the number of replicates finished after each batch.
        first_replicate: id of the first replicate (to extend an ensemble).
        reduce: fold each finished batch into this :class:`attrit.reduce.Reduction` and
            keep only what it keeps, instead of every replicate's daily record.

    Returns:
        The :class:`~attrit.results.Results` of the run, or with ``reduce`` its result.
    """
    from attrit.model.plan import compile_plan

    days = scenario.calendar.days if days is None else days
    seed = scenario.seed if seed is None else seed
    check_run(scenario, replicates, days, executor, seed, reduce)
    started = time.perf_counter()
    plan = compile_plan(scenario, days)
    return simulate_plan(
        plan, scenario, replicates, days, seed, executor, progress, first_replicate, reduce,
        started,
    )  # fmt: skip


def simulate_plan(
    plan: Plan,
    scenario: ScenarioData,
    replicates: int,
    days: int,
    seed: int,
    executor: Any = None,
    progress: Callable[[int], None] | None = None,
    first_replicate: int = 0,
    reduce: Reduction | None = None,
    started: float | None = None,
) -> Results | Any:
    """:func:`simulate` on a plan already compiled for ``scenario`` and ``days``.

    The plan may be patched (:mod:`attrit.model.patch`); ``started`` is when the run's clock
    started (by default, now). The run is not checked again (:func:`check_run`).
    """
    from attrit.model import engine, registry
    from attrit.model.plan import split
    from attrit.results import Results

    started = time.perf_counter() if started is None else started
    keys = registry.stream_keys(seed)
    ids = np.arange(first_replicate, first_replicate + replicates, dtype=np.int64)
    spans = [(i, min(i + BATCH, replicates)) for i in range(0, replicates, BATCH)]
    units = len(scenario.units)
    if reduce is not None:
        reduce.start(scenario, ids, days)
        buffer = engine.new_record(min(BATCH, replicates), days, units)
    else:
        record = engine.new_record(replicates, days, units)
    done = 0

    def finished(lo: int, part: np.ndarray) -> None:
        nonlocal done
        if reduce is not None:
            reduce.add(lo, part)
        check_interrupt()
        done += part.shape[0]
        if progress is not None:
            progress(done)

    if kind_of(executor) == "serial":
        for lo, hi in spans:
            out = record[lo:hi] if reduce is None else buffer[: hi - lo]
            if reduce is not None:
                out[:] = 0.0  # the engine adds into the record's cells
            if hi - lo == 1:
                # one replicate: no parallel region, so no threads are woken (fits run many)
                engine.run_replicate(*split(plan), keys, ids[lo], days, out[0])
            else:
                engine.run_batch(*split(plan), keys, ids[lo:hi], days, out)
            finished(lo, out)
    else:
        sent = share(executor, plan)
        tasks = [(sent, keys, ids[lo:hi], days, registry.LAYOUT) for lo, hi in spans]
        for (lo, hi), part in zip(spans, ordered(executor, run_batch_task, tasks), strict=True):
            if reduce is None:
                record[lo:hi] = part
            finished(lo, part)
    if reduce is not None:
        from attrit.reduce import finish

        return finish(reduce, seed, int(plan.p_rank.shape[0]), time.perf_counter() - started)
    return Results.from_record(
        scenario,
        record,
        ids,
        seed,
        wall_seconds=time.perf_counter() - started,
        plan=plan,
    )
