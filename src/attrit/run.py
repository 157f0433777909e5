"""Running a scenario: replicates in batches, here, on local processes or on a Dask cluster.

Replicate ``r`` draws every random number from (stream, ``r``, day, person), so the result is
the same whichever batch, thread, process or machine runs it.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from attrit.scenario.schema import Scenario

if TYPE_CHECKING:
    from attrit.model.plan import Plan
    from attrit.results import Results

MAX_REPLICATES = 100_000
MAX_DAYS = 3650
BATCH = 16  # replicates per task: small enough for a live progress bar, big enough to amortise


class RunError(ValueError):
    """A run cannot start as asked (bad replicates, days, workers or scheduler)."""


def run_batch_task(
    plan: Plan, keys: np.ndarray, replicates: np.ndarray, days: int, threads: int | None = None
) -> np.ndarray:
    """Simulate some replicates and return their record (replicates x days x units x vars).

    Top-level so that process pools and Dask can send it to workers.
    """
    from attrit.model import engine

    if threads is not None:
        import numba

        numba.set_num_threads(max(1, min(threads, numba.config.NUMBA_NUM_THREADS)))
    out = engine.new_record(len(replicates), days, len(plan.u_quota))
    engine.run_batch(plan, keys, np.asarray(replicates, np.int64), days, out)
    return out


def _check(sc: Scenario, replicates: int, days: int, workers: int) -> None:
    if not 1 <= replicates <= MAX_REPLICATES:
        raise RunError(f"replicates must be 1-{MAX_REPLICATES:,} (got {replicates})")
    if not 1 <= days <= MAX_DAYS:
        raise RunError(f"days must be 1-{MAX_DAYS} (got {days})")
    if workers < 1:
        raise RunError(f"workers must be at least 1 (got {workers})")
    need = memory_estimate(sc, replicates, days)
    have = available_memory()
    if need > have:
        raise RunError(
            f"this run would need about {need / 2**30:.1f} GiB ({replicates:,} replicates x "
            f"{days:,} days x {len(sc.units)} units, {sc.strength:,} people) but "
            f"{have / 2**30:.1f} GiB is available; run fewer replicates or days"
        )


PERSON_BYTES = 80  # the state's arrays per person (status, unit, shift, morale, pay, days...)


def memory_estimate(sc: Scenario, replicates: int, days: int) -> int:
    """Bytes a run needs: the daily record plus the state of the replicates run at once."""
    from attrit.model.registry import N_RECORDED

    record = replicates * days * len(sc.units) * N_RECORDED * 8
    at_once = min(replicates, BATCH) * max(os.cpu_count() or 1, 1)
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
    scenario: Scenario,
    replicates: int = 100,
    days: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    first_replicate: int = 0,
) -> Results:
    """Simulate ``replicates`` independent replicates of ``scenario``.

    Args:
        scenario: a validated scenario (see :func:`attrit.load`).
        replicates: number of replicates.
        days: days to simulate from the calendar's start (default: the calendar's days).
        seed: run seed (default: the scenario's ``seed``). Same seed, same results.
        workers: local processes; 1 runs here, on numba's threads. Workers are spawned,
            so a script that uses them needs an ``if __name__ == "__main__":`` guard.
        scheduler: address of a Dask scheduler (``tcp://host:port``) to send batches to.
        progress: called with the number of replicates finished after each batch.
        first_replicate: id of the first replicate (to extend an ensemble).

    Returns:
        The :class:`~attrit.results.Results` of the run.
    """
    from attrit.model.plan import compile_plan
    from attrit.model.registry import stream_keys
    from attrit.results import Results

    days = scenario.calendar.days if days is None else days
    seed = scenario.seed if seed is None else seed
    _check(scenario, replicates, days, workers)
    started = time.perf_counter()
    plan = compile_plan(scenario, days)
    keys = stream_keys(seed)
    ids = np.arange(first_replicate, first_replicate + replicates, dtype=np.int64)
    batches = [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]
    from attrit.model import engine

    record = engine.new_record(replicates, days, len(scenario.units))
    done = 0

    def tick(part: np.ndarray | None, lo: int, hi: int) -> None:
        nonlocal done
        if part is not None:
            record[lo:hi] = part
        done += hi - lo
        if progress is not None:
            progress(done)

    spans = [(i, min(i + BATCH, replicates)) for i in range(0, replicates, BATCH)]
    if scheduler is not None:
        for (lo, hi), part in zip(
            spans, _on_dask(scheduler, plan, keys, batches, days), strict=True
        ):
            tick(part, lo, hi)
    elif workers > 1:
        # spawn, not fork: numba's OpenMP threads make a forked child abort
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(run_batch_task, plan, keys, b, days, 1) for b in batches]
            for (lo, hi), future in zip(spans, futures, strict=True):
                tick(future.result(), lo, hi)
    else:
        for (lo, hi), batch in zip(spans, batches, strict=True):
            if len(batch) == 1:
                # one replicate: no parallel region, so no threads are woken (fits run many)
                engine.run_replicate(plan, keys, batch[0], days, record[lo])
            else:
                engine.run_batch(plan, keys, batch, days, record[lo:hi])
            tick(None, lo, hi)
    return Results.from_record(
        scenario,
        record,
        ids,
        seed,
        wall_seconds=time.perf_counter() - started,
        plan=plan,
    )


def _on_dask(address: str, plan: Plan, keys: np.ndarray, batches: list[np.ndarray], days: int):
    """Send batches to a Dask scheduler; yield their records in order."""
    from attrit.parallel import ParallelError, dask_client

    try:
        with dask_client(address) as client:
            plan_future = client.scatter(plan, broadcast=True)
            futures = [
                client.submit(run_batch_task, plan_future, keys, b, days, 1, pure=False)
                for b in batches
            ]
            for future in futures:
                yield future.result()
    except ParallelError as exc:  # only raised while connecting: no Dask, or no scheduler
        raise RunError(str(exc)) from None
