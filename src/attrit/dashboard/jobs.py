"""Simulations run in the background, one at a time per server, cancellable between batches."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class Cancelled(Exception):
    """The analyst pressed cancel."""


class Busy(RuntimeError):
    """A run is already going; the page says so instead of queueing unbounded work."""


@dataclass
class Job:
    """A piece of work with a progress count; its result or error once done."""

    total: int
    done: int = 0
    result: Any = None
    error: str | None = None
    finished: bool = False
    cancelled: bool = False
    _cancel: threading.Event = field(default_factory=threading.Event)

    def tick(self, done: int) -> None:
        """Progress callback: record the count, stop if cancel was asked for."""
        self.done = done
        if self._cancel.is_set():
            raise Cancelled

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report."""
        self._cancel.set()


class Runner:
    """One background job at a time (the machine has few cores; a second run waits its turn)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.job: Job | None = None

    def start(self, total: int, work: Callable[[Job], Any]) -> Job:
        """Start ``work(job)`` in a thread; :class:`Busy` if a job is still running."""
        with self._lock:
            if self.job is not None and not self.job.finished:
                raise Busy("a run is in progress: wait for it or cancel it")
            job = Job(total)
            self.job = job

        def target() -> None:
            try:
                job.result = work(job)
            except Cancelled:
                job.cancelled = True
            except Exception as exc:  # shown on the page; the server keeps serving
                job.error = f"{type(exc).__name__}: {exc}"
            finally:
                job.finished = True

        threading.Thread(target=target, daemon=True, name="attrit-dashboard-run").start()
        return job
