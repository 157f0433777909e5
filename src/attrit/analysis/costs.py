"""What a countermeasure costs, and what it costs per man it keeps at the front.

An intervention may cost a lump sum (``cost_usd``) and an amount per man of the units it
targets per day it is in effect (``cost_usd_per_man_day``, counted on the men present that
day, replicate by replicate). A variant of a comparison costs what its interventions cost
beyond the baseline's. Over a window, the men it keeps at the front are the paired mean
difference in men at the front (the whole force, averaged over the window's days); the cost
per man kept is the variant's mean extra cost over that, given only where it keeps men.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from attrit.analysis.compare import Comparison, paired
from attrit.analysis.quota import Window
from attrit.model.plan import intervention_days, targeted_units
from attrit.results import Results
from attrit.scenario.schema import Intervention


def intervention_cost(results: Results, iv: Intervention, win: Window) -> np.ndarray:
    """Per replicate: what ``iv`` costs within the window (its lump sum if it starts there)."""
    sc = results.scenario
    days = [t for t in intervention_days(sc, iv, results.days) if win.first <= t <= win.last]
    lump = iv.cost_usd if win.first <= (iv.start - sc.calendar.start).days <= win.last else 0.0
    cost = np.full(len(results.replicates), lump)
    if iv.cost_usd_per_man_day and days:
        men = results.daily.strength.isel(unit=targeted_units(sc, iv.target), day=days)
        cost = cost + iv.cost_usd_per_man_day * men.sum(("unit", "day")).values
    return cost


def spending(results: Results, win: Window) -> np.ndarray:
    """Per replicate: what the run's active interventions cost within the window."""
    total = np.zeros(len(results.replicates))
    if results.scenario.mechanisms.interventions:
        for iv in results.scenario.interventions:
            if iv.active:
                total = total + intervention_cost(results, iv, win)
    return total


def has_costs(comparison: Comparison) -> bool:
    """Whether any intervention of the baseline or a variant has a cost."""
    runs = [comparison.baseline, *comparison.variants.values()]
    return any(
        iv.cost_usd or iv.cost_usd_per_man_day for r in runs for iv in r.scenario.interventions
    )


def costs(comparison: Comparison, win: Window) -> pd.DataFrame:
    """Per variant: extra cost, men kept at the front (paired), and cost per man kept."""
    base = comparison.baseline
    span = slice(win.first, win.last + 1)
    front = base.daily.front.isel(day=span).sum("unit").mean("day").values
    rows = []
    for name, res in comparison.variants.items():
        extra = spending(res, win) - spending(base, win)
        kept = paired(front, res.daily.front.isel(day=span).sum("unit").mean("day").values, True)
        spent = float(extra.mean())
        men = kept["diff_mean"]
        per = spent / men if men > 0 and spent > 0 else np.nan
        rows.append(
            {
                "variant": name,
                "cost_usd": spent,
                "men_kept_mean": men,
                "men_kept_low": kept["diff_low"],
                "men_kept_high": kept["diff_high"],
                "p_better": kept["p_better"],
                "usd_per_man_kept": per,
                "usd_per_man_day_kept": per / win.days,
            }
        )
    return pd.DataFrame(rows)
