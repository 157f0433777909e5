"""How a measure declares itself: what a report counts, and how that maps to the simulation.

Reports count people (men present, men absent, men who deserted) and, as often, the
paperwork about them: criminal cases opened for absence, court sentences, names struck off the
rolls, names on the payroll. A measure lives in a module of :mod:`attrit.evidence.measures`
and holds a :class:`Measure`; its observation model maps the simulated record to what the
report counts, with parameters of its own (``observation.<measure>.<parameter>``, fittable
like any other path, see ``docs/parameters.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Counts = Literal["men", "cases", "sentences", "names"]


@dataclass(frozen=True)
class Measure:
    """Everything about one measure a report may give.

    Attributes:
        name: the ``measure:`` of a ``figure`` item.
        counts: what one unit of the figure is: a man, a case, a sentence, a name.
        stock: a level on a date (``True``) or a count over a period (``False``).
        doc: what the report counts and what the simulation compares it with.
        value: per replicate, from the item's :class:`~attrit.evidence.kind.Window`:
            a stock's value on each day of the window (replicates x days), a flow's total
            over the window (replicates).
        parameters: the observation model's own parameters, a pydantic model whose fields
            are declared with :func:`attrit.scenario.params.param` (None: it has none).
    """

    name: str
    counts: Counts
    stock: bool
    doc: str
    value: Callable[[Any], np.ndarray]
    parameters: type | None = None


def lagged_total(record: np.ndarray, units: tuple[int, ...], indices: list[int],
                 first: int, last: int, lag: np.ndarray) -> np.ndarray:  # fmt: skip
    """Per replicate: flows summed over the units and days ``first - lag .. last - lag``.

    What is registered in a period happened ``lag`` days before it; a lag that is not a whole
    number of days takes that share of the boundary days (the cumulative count is linear
    within a day). Days before the run's start count nothing.
    """
    daily = record[:, :, list(units)][..., indices].sum(axis=(2, 3))
    reps, days = daily.shape
    cumulative = np.concatenate([np.zeros((reps, 1)), np.cumsum(daily, axis=1)], axis=1)
    lag = np.broadcast_to(np.asarray(lag, dtype=float), (reps,))
    rows = np.arange(reps)

    def at(position: np.ndarray) -> np.ndarray:
        x = np.clip(position, 0.0, days)
        low = np.floor(x).astype(np.int64)
        high = np.minimum(low + 1, days)
        share = x - low
        return cumulative[rows, low] * (1.0 - share) + cumulative[rows, high] * share

    return at(last + 1 - lag) - at(first - lag)
