"""Running a scenario: replicates in batches, here, on local processes or on a Dask cluster.

Replicate ``r`` draws every random number from (stream, ``r``, day, person), so the result is
the same whichever batch, thread, process or machine runs it.
"""

from __future__ import annotations

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


def run_batch_task(plan: Plan, keys: np.ndarray, replicates: np.ndarray, days: int,
                   threads: int | None = None) -> np.ndarray:
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
    people = sc.strength  # recruits come on top; this is a floor
    record_bytes = replicates * days * len(sc.units) * 30 * 8
    if record_bytes > 8 * 2**30:
        raise RunError(
            f"the daily record would need {record_bytes / 2**30:.1f} GiB "
            f"({replicates} replicates x {days} days x {len(sc.units)} units); "
            "run fewer replicates or days"
        )
    if people * 60 > 8 * 2**30:
        raise RunError(f"{people:,} people need more memory than this run allows")


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
        workers: local processes; 1 runs here, on numba's threads.
        scheduler: address of a Dask scheduler (``tcp://host:port``) to send batches to.
        progress: called with the number of replicates finished after each batch.
        first_replicate: id of the first replicate (to extend an ensemble).

    Returns:
        The :class:`~attrit.results.Results` of the run.
    """
    from attrit.model import rng
    from attrit.model.plan import compile_plan
    from attrit.results import Results

    days = scenario.calendar.days if days is None else days
    seed = scenario.seed if seed is None else seed
    _check(scenario, replicates, days, workers)
    started = time.perf_counter()
    plan = compile_plan(scenario, days)
    keys = rng.stream_keys(seed)
    ids = np.arange(first_replicate, first_replicate + replicates, dtype=np.int64)
    batches = [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)]
    done = 0
    parts: list[np.ndarray] = []

    def tick(part: np.ndarray) -> None:
        nonlocal done
        parts.append(part)
        done += part.shape[0]
        if progress is not None:
            progress(done)

    if scheduler is not None:
        for part in _on_dask(scheduler, plan, keys, batches, days):
            tick(part)
    elif workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_batch_task, plan, keys, b, days, 1) for b in batches]
            for future in futures:
                tick(future.result())
    else:
        for batch in batches:
            tick(run_batch_task(plan, keys, batch, days))
    record = np.concatenate(parts, axis=0)
    return Results.from_record(
        scenario, record, ids, seed, wall_seconds=time.perf_counter() - started, plan=plan,
    )


def _on_dask(address: str, plan: Plan, keys: np.ndarray, batches: list[np.ndarray],
             days: int):
    """Send batches to a Dask scheduler; yield their records in order."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise RunError(
            "--scheduler needs Dask: pip install 'attrit[distributed]'"
        ) from exc
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise RunError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
    try:
        plan_future = client.scatter(plan, broadcast=True)
        futures = [client.submit(run_batch_task, plan_future, keys, b, days, 1, pure=False)
                   for b in batches]
        for future in futures:
            yield future.result()
    finally:
        client.close()
