"""Running independent tasks in order: here, in spawned local processes, or on Dask.

Workers are spawned, not forked: numba's threading layer makes a forked child abort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class ParallelError(RuntimeError):
    """The tasks cannot be run as asked (no Dask, unreachable scheduler)."""


def ordered_map(
    fn: Callable[..., Any],
    tasks: list[tuple[Any, ...]],
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[Any]:
    """Yield ``fn(*task)`` for every task, in the tasks' order.

    With ``scheduler`` the tasks go to that Dask scheduler; with ``workers`` > 1 to as many
    spawned processes; else they run here. ``fn`` must be importable (a module-level function).
    """
    if scheduler is not None:
        yield from _on_dask(fn, tasks, scheduler)
    elif workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(fn, *task) for task in tasks]
            for future in futures:
                yield future.result()
    else:
        for task in tasks:
            yield fn(*task)


@contextmanager
def dask_client(address: str) -> Iterator[Any]:
    """A client of the Dask scheduler at ``address``, closed after the block."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ParallelError("--scheduler needs Dask: pip install 'attrit[distributed]'") from exc
    try:
        client = Client(address, timeout="5s")
    except (OSError, TimeoutError) as exc:
        raise ParallelError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
    try:
        yield client
    finally:
        client.close()


def _on_dask(fn: Callable[..., Any], tasks: list[tuple[Any, ...]], address: str) -> Iterator[Any]:
    with dask_client(address) as client:
        futures = [client.submit(fn, *task, pure=False) for task in tasks]
        for future in futures:
            yield future.result()
