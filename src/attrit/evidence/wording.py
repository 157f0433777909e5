"""How a statement's form reads in tables: "at least 1,700", "30 to 40".

Light on purpose (no NumPy): the command line and the report both word the checks with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

STATED = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "fewer_than": "fewer than",
    "up_to": "up to",
    "present": "some (not counted)",
}
"""An item's ``stated`` in words (``exact`` and ``range`` are worded with the figure)."""

BOUND = {"lower": "at least", "upper": "at most"}
"""A checked figure's bound (``Observable.bound``) in words."""


def checked(row: dict[str, Any], num: Callable[[float], str]) -> str:
    """A row of the posterior predictive check's reported figure, as it was stated."""
    value = num(row["reported"])
    bound = row.get("stated", "point")
    if bound == "interval" and row.get("high") is not None:
        return f"{value} to {num(row['high'])}"
    return f"{BOUND[bound]} {value}" if bound in BOUND else value
