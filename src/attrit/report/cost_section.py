"""The report's costs: what each countermeasure of a comparison costs per man it keeps."""

from __future__ import annotations

from typing import Any

import numpy as np

from attrit.analysis.costs import costs, has_costs
from attrit.analysis.quota import Window


def cost_rows(comparison: Any, win: Window) -> list[dict[str, str]]:
    """The variants' costs per man kept, formatted; none when no intervention has a cost."""
    if not has_costs(comparison):
        return []

    def money(x: float) -> str:
        return "-" if not np.isfinite(x) else f"{x:,.0f}"

    return [
        {
            "variant": r.variant,
            "cost": money(r.cost_usd),
            "kept": f"{r.men_kept_mean:+,.1f} [{r.men_kept_low:+,.1f}, {r.men_kept_high:+,.1f}]",
            "p_better": f"{r.p_better:.2f}",
            "per_man": money(r.usd_per_man_kept),
            "per_man_day": money(r.usd_per_man_day_kept),
        }
        for r in costs(comparison, win).itertuples()
    ]
