"""Stopping cleanly on Ctrl-C (SIGINT) or SIGTERM: between kernel calls, never inside one.

A command runs its work under :func:`signals_stop_work`: a signal then only records that a
stop was asked for. The work checks (:func:`check`) between kernel calls (after a batch of
replicates, a chunk of draws or points, before a fit's next simulation) and raises
:class:`Interrupted` there, so no exception ever lands inside compiled code, a store
transaction or a file being written. The command line prints one line and exits 130 (SIGINT)
or 143 (SIGTERM). Worker processes ignore the signals: their parent stops them.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from attrit.errors import AttritError

_asked: int | None = None
_owner: int | None = None  # the process that installed the handlers (workers inherit them)


class Interrupted(AttritError):
    """The user asked the work to stop (Ctrl-C or SIGTERM); ``signum`` says which."""

    def __init__(self, signum: int, then: str = ""):
        self.signum = signum
        self.then = then
        name = signal.Signals(signum).name
        super().__init__(f"interrupted ({name})")

    def __str__(self) -> str:
        head = super().__str__()
        return f"{head}: {self.then}" if self.then else f"{head}: nothing half-done was kept"

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as a shell reports a process it stopped."""
        return 128 + self.signum


def _record(signum: int, _frame: Any) -> None:
    global _asked
    if os.getpid() != _owner:  # a forked worker (pyabc's multicore sampler): it just leaves
        os._exit(128 + signum)
    _asked = signum
    # a SIGTERM reaches this process alone: its forked workers are told too, so that the
    # sampler waiting on them returns now (spawned pool workers ignore SIGINT: untouched)
    import multiprocessing

    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError):
            os.kill(child.pid, signal.SIGINT)


def asked() -> int | None:
    """The signal that asked for a stop in this process, if any."""
    return _asked if os.getpid() == _owner else None


def check() -> None:
    """Raise :class:`Interrupted` if a stop was asked for (call between kernel calls).

    In a worker forked after the stop was asked for (it inherits the request), the worker
    leaves instead: its parent is stopping the work.
    """
    if _asked is None:
        return
    if os.getpid() == _owner:
        raise Interrupted(_asked)
    os._exit(128 + _asked)


@contextmanager
def signals_stop_work() -> Iterator[None]:
    """SIGINT and SIGTERM record a stop for :func:`check` while the block runs."""
    global _asked, _owner
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    _asked, _owner = None, os.getpid()
    for s in previous:
        signal.signal(s, _record)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _owner = None


def ignore_in_worker() -> None:
    """For a worker process: the signals are its parent's to handle (a pool initializer)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
