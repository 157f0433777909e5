"""What the report tests expect of the report (its fixture is in tests/report/conftest.py)."""

from __future__ import annotations

FIGURE_IDS = [
    "cmp0-effects",
    "cmp0-paths",
    "fit0-posterior",
    "fit0-checks",
    "cmp0-front",
    "cmp0-strength",
    "cmp0-causes",
    "cmp0-flows",
    "cmp0-morale",
]
