"""Reports: figures of runs and comparisons, and one self-contained HTML file to send."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attrit.store import Store


def report(
    ids: list[str],
    out: str | Path = "report.html",
    store: Store | str | Path | None = None,
    question: str | None = None,
    first: dt.date | None = None,
    horizon: int = 90,
    command: str | None = None,
) -> Path:
    """Write the report on stored runs or comparison groups ``ids`` to ``out``.

    Args:
        ids: run ids or comparison group ids (``attrit runs`` lists them).
        out: the HTML file to write (atomically).
        store: the run store (default: ``$ATTRIT_STORE`` or ``./attrit.duckdb``).
        question: the question the report answers (default: one built from the scenario).
        first: first day of the quota window (default: the latest source date in the calendar).
        horizon: days in the quota window.
        command: the command that made the report, shown for reproduction.
    """
    from attrit.report.build import build
    from attrit.report.gather import gather
    from attrit.report.html import render, write

    store = store if isinstance(store, Store) else Store(store)
    context = build(gather(store, list(ids)), question, first, horizon, command)
    return write(render(context), out)


__all__ = ["report"]
