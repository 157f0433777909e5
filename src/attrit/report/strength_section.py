"""The report's answer for units without a quota, and for the whole force: how strong it stays.

Rows per unit and variant (baseline first) from :mod:`attrit.analysis.strength`, each unit's
group with a one-sentence finding; every number is computed from the results.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from attrit.analysis.quota import Window
from attrit.analysis.strength import LEVEL_SHARE, keep_strength, keep_strength_effect, no_quota
from attrit.results import Results
from attrit.scenario.schema import ScenarioData
from attrit.summary import FORCE


def _share(p: float, low: float, high: float) -> str:
    return f"{p:.0%} [{low:.0%}, {high:.0%}]"


def strength_rows(name: str, res: Results, win: Window, base: Results | None) -> list[dict]:
    """Rows of the strength table for one run (with its paired effect when ``base`` is given)."""
    units = no_quota(res, win)
    table = keep_strength(res, win, units)
    effect = None
    if base is not None:
        effect = keep_strength_effect(base, res, win, units).set_index("unit")
    start = res.scenario.calendar.start
    rows = []
    for r in table.itertuples():
        first = (
            "-"
            if not np.isfinite(r.first_below_q50)
            else str(start + dt.timedelta(days=int(r.first_below_q50)))
        )
        row = {
            "variant": name,
            "unit": r.unit,
            "members": r.members,
            "strength_end": f"{r.strength_end_q50:,.0f} [{r.strength_end_q05:,.0f}, "
            f"{r.strength_end_q95:,.0f}]",
            "away_end": f"{r.away_end_q50:,.0f}",
            "below_end": _share(r.p_below_end, r.p_below_end_low, r.p_below_end_high),
            "below_ever": _share(r.p_below_ever, r.p_below_ever_low, r.p_below_ever_high),
            "first_below": first,
            "effect": "",
            "p_better": "",
            "p_below_end": r.p_below_end,
            "p_below_ever": r.p_below_ever,
            "strength_end_q50": r.strength_end_q50,
            "effect_mean": np.nan,
        }
        if effect is not None:
            e = effect.loc[r.unit]
            row["effect"] = f"{e.diff_mean:+,.0f} [{e.diff_low:+,.0f}, {e.diff_high:+,.0f}]"
            row["p_better"] = f"{e.p_better:.2f}"
            row["effect_mean"] = e.diff_mean
        rows.append(row)
    return rows


def by_unit(rows: list[dict[str, Any]], sc: ScenarioData, win: Window) -> list[dict[str, Any]]:
    """The strength rows grouped per unit (baseline first), each with a one-sentence finding."""
    groups = []
    for unit in dict.fromkeys(r["unit"] for r in rows):
        mine = [r for r in rows if r["unit"] == unit]
        base = mine[0]
        text = (
            f"has a median strength of {base['strength_end_q50']:,.0f} of its "
            f"{base['members']:,} on {win.end_date} in the {base['variant']}; it is below "
            f"{LEVEL_SHARE:.0%} of its starting strength that day in {base['below_end']} of the "
            f"replicates, and on some day of the window in {base['below_ever']}"
        )
        text += f" (first, median, {base['first_below']})." if base["p_below_ever"] else "."
        variants = [r for r in mine[1:] if np.isfinite(r["effect_mean"])]
        if variants:
            best = max(variants, key=lambda r: r["effect_mean"])
            text += (
                f" The largest gain in strength at the end is from {best['variant']}: "
                f"{best['effect']} men (P(better) {best['p_better']})."
            )
        groups.append(
            {
                "unit": unit,
                "name": "the whole force" if unit == FORCE else sc.unit(unit).name,
                "members": base["members"],
                "finding": text,
                "rows": mine,
            }
        )
    return groups
