"""Where tasks run: here, in local processes, or on a Dask cluster, behind one interface.

An executor is anything with ``submit(fn, *args) -> future`` whose future has ``result()``:
the ``concurrent.futures.Executor`` protocol, which ``distributed.Client`` also speaks. Every
function of attrit that runs simulations takes one (``executor=``); none takes a number of
workers or a scheduler address. :func:`executor_for` makes one from the command line's
``--workers N`` or ``--scheduler ADDRESS``.

Local workers are spawned, not forked: numba's threading layer makes a forked child abort.
Tasks are deterministic (every draw is a function of the seed, the replicate and the day), so
results do not depend on the executor.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor as _Executor
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any, Literal, Protocol
from urllib.parse import urlparse

from attrit.errors import AttritError

DASK_TIMEOUT_S = 5.0
MAX_WORKERS = 512  # local processes; a bigger machine is a Dask cluster


class ExecutorError(AttritError):
    """Tasks cannot be run as asked (no Dask, an unreachable scheduler, both kinds asked)."""


class Executor(Protocol):
    """What attrit needs of an executor: submit a function, get a future with ``result()``."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """Schedule ``fn(*args, **kwargs)`` and return a future of its result."""


class Serial(_Executor):
    """Runs each task here, when it is submitted (the default: single core, no set-up)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn`` now and return a finished future holding its result or its error."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # handed back to the caller by result(), as a pool does
            future.set_exception(exc)
        return future


SERIAL = Serial()

Kind = Literal["serial", "processes", "dask", "other"]


def kind_of(executor: Any) -> Kind:
    """What sort of executor this is (samplers and progress depend on it)."""
    if executor is None or isinstance(executor, Serial):
        return "serial"
    if type(executor).__module__.startswith("distributed"):
        return "dask"
    from concurrent.futures import ProcessPoolExecutor

    if isinstance(executor, ProcessPoolExecutor):
        return "processes"
    return "other"


def workers_of(executor: Any) -> int:
    """How many tasks the executor runs at once (1 when it cannot say)."""
    kind = kind_of(executor)
    if kind == "processes":
        return int(getattr(executor, "_max_workers", 1))
    if kind == "dask":
        workers = executor.scheduler_info()["workers"].values()
        return max(1, sum(w.get("nthreads", 1) for w in workers))
    return 1


def submit(executor: Any, fn: Callable[..., Any], *args: Any) -> Any:
    """Submit ``fn(*args)``: Dask is told the task is not pure (every task runs)."""
    if kind_of(executor) == "dask":
        return executor.submit(fn, *args, pure=False)
    return (executor or SERIAL).submit(fn, *args)


def share(executor: Any, value: Any) -> Any:
    """``value`` as the tasks of ``executor`` should receive it (sent once to Dask workers)."""
    if kind_of(executor) == "dask":
        return executor.scatter(value, broadcast=True)
    return value


def ordered(
    executor: Any, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]]
) -> Iterator[Any]:
    """Yield ``fn(*task)`` for every task, in the tasks' order, as each becomes available.

    ``fn`` must be importable (a module-level function) for any executor but the serial one.
    """
    if kind_of(executor) == "serial":
        for task in tasks:
            yield fn(*task)
        return
    futures = [submit(executor, fn, *task) for task in tasks]
    try:
        for future in futures:
            yield _result(future)
    finally:
        for future in futures:
            future.cancel()


def _result(future: Any) -> Any:
    """A future's result, waited for in short steps so a Ctrl-C is heard meanwhile."""
    from concurrent.futures import TimeoutError as Pending

    from attrit.interrupt import check

    while True:
        try:
            return future.result(timeout=0.25)
        except (Pending, TimeoutError):
            check()
        except Exception as exc:  # Dask's own timeout type
            if type(exc).__name__ != "TimeoutError":
                raise
            check()


def processes(workers: int) -> _Executor:
    """A pool of ``workers`` spawned local processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from attrit.interrupt import ignore_in_worker

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=ignore_in_worker,
    )


def probe(address: str, timeout: float = DASK_TIMEOUT_S) -> None:
    """Refuse, within ``timeout``, an address that is malformed or where nothing listens."""
    bad = ExecutorError(
        f"--scheduler: '{address[:100]}' is not a Dask scheduler address "
        "(e.g. tcp://127.0.0.1:8786)"
    )
    try:
        parsed = urlparse(address if "://" in address else f"tcp://{address}")
        host, port = parsed.hostname, parsed.port or 8786
    except ValueError:
        raise bad from None
    if parsed.scheme not in ("tcp", "tls") or not host or len(address) > 300:
        raise bad
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise ExecutorError(
            f"cannot reach the Dask scheduler at {address} ({reason}); start one with "
            "`dask scheduler` (see docs/distributed.md)"
        ) from None


def connect(address: str, timeout: float = DASK_TIMEOUT_S) -> Any:
    """A client of the Dask scheduler at ``address`` (probed first), within ``timeout``.

    The client is made in a thread the caller waits for in short steps, so a server that
    accepts the connection but never speaks Dask's protocol (or a Ctrl-C) ends the wait.
    """
    import threading
    import time

    try:
        from distributed import Client
    except ImportError as exc:
        raise ExecutorError("--scheduler needs Dask: pip install 'attrit[distributed]'") from exc
    probe(address, timeout)
    made: list[Any] = []
    failed: list[BaseException] = []

    def make() -> None:
        try:
            made.append(Client(address, timeout=f"{timeout}s"))
        except BaseException as exc:
            failed.append(exc)

    from attrit.interrupt import check

    thread = threading.Thread(target=make, name="attrit-dask-connect", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout + 2.0
    while thread.is_alive() and time.monotonic() < deadline:
        thread.join(0.2)
        check()
    if made:
        return made[0]
    why = f"{type(failed[0]).__name__}: {failed[0]}" if failed else "no answer"
    raise ExecutorError(
        f"{address} accepts connections but is not a Dask scheduler ({why}); give the address "
        "`dask scheduler` printed"
    )


@contextmanager
def executor_for(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """The executor the command line asks for, closed after the block.

    ``--workers N`` (N > 1) gives N spawned processes, ``--scheduler ADDRESS`` a client of
    that Dask scheduler; neither runs here. Giving both is an error.
    """
    if workers is not None and scheduler is not None:
        raise ExecutorError(
            "give --workers (local processes) or --scheduler (a Dask cluster), not both; "
            "a cluster's size is set where its workers start"
        )
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise ExecutorError(f"--workers must be 1-{MAX_WORKERS} (got {workers})")
    if scheduler is not None:
        client = connect(scheduler)
        try:
            yield client
        finally:
            client.close()
    elif workers is not None and workers > 1:
        pool = processes(workers)
        try:
            yield pool
        except BaseException:
            # stopped (Ctrl-C, an error): tasks not started are dropped; a running one (a
            # batch, a chunk of draws) ends before its worker does, as the process exits
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        else:
            pool.shutdown(wait=True)
    else:
        yield SERIAL
