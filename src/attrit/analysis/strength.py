"""How strong does a unit stay? For units without a quota, and for the whole force.

A unit with no front-line quota is judged by its strength against a level (a share of its
strength at the start, by default a half): per replicate, whether it is below the level on the
window's last day, whether it falls below on any day of the window and when first; and how many
of its men are away (on the rolls, not on duty: on leave or wounded) on that last day. The
ensemble gives the shares with Wilson intervals and the medians.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import attrit.analysis.quota as quota
from attrit.analysis.compare import paired
from attrit.results import Results
from attrit.summary import FORCE, starts

LEVEL_SHARE = 0.5


def paths(results: Results, win: quota.Window) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per unit and the force: strength and men away over the window (replicate x day)."""
    d = results.daily.isel(day=slice(win.first, win.last + 1))
    strength = d.strength.transpose("replicate", "day", "unit").values
    away = (d.strength - d.front - d.reserve).transpose("replicate", "day", "unit").values
    ids = [u.id for u in results.scenario.units]
    out = {u: (strength[..., k], away[..., k]) for k, u in enumerate(ids)}
    out[FORCE] = (strength.sum(axis=-1), away.sum(axis=-1))
    return out


def no_quota(results: Results, win: quota.Window) -> list[str]:
    """The units with no quota on any day of the window, then the force."""
    d = results.daily.quota.isel(day=slice(win.first, win.last + 1))
    has = d.max(("replicate", "day")).to_pandas() > 0
    return [*(u for u in has.index if not has[u]), FORCE]


def keep_strength(
    results: Results, win: quota.Window, units: list[str] | None = None, share: float = LEVEL_SHARE
) -> pd.DataFrame:
    """Per unit (default: those without a quota, and the force): strength against a level."""
    if not 0.0 < share <= 1.0:
        raise ValueError(f"the level is a share of the starting strength in (0, 1] (got {share})")
    units = no_quota(results, win) if units is None else units
    ids = [u.id for u in results.scenario.units]
    start = dict(zip([*ids, FORCE], starts(results.scenario), strict=True))
    series = paths(results, win)
    rows = []
    for unit in units:
        strength, away = series[unit]
        level = share * start[unit]
        below = strength < level
        n = strength.shape[0]
        end, ever = int(below[:, -1].sum()), int(below.any(axis=1).sum())
        first = below.argmax(axis=1)[below.any(axis=1)] + win.first
        rows.append(
            {
                "unit": unit,
                "members": int(start[unit]),
                "level": level,
                "strength_end_q05": float(np.quantile(strength[:, -1], 0.05)),
                "strength_end_q50": float(np.quantile(strength[:, -1], 0.5)),
                "strength_end_q95": float(np.quantile(strength[:, -1], 0.95)),
                "away_end_q50": float(np.median(away[:, -1])),
                "p_below_end": end / n,
                "p_below_end_low": quota.wilson(end, n)[0],
                "p_below_end_high": quota.wilson(end, n)[1],
                "p_below_ever": ever / n,
                "p_below_ever_low": quota.wilson(ever, n)[0],
                "p_below_ever_high": quota.wilson(ever, n)[1],
                "first_below_q50": float(np.median(first)) if first.size else np.nan,
            }
        )
    return pd.DataFrame(rows)


def keep_strength_effect(
    baseline: Results, variant: Results, win: quota.Window, units: list[str]
) -> pd.DataFrame:
    """Per unit: the paired effect of the variant on strength at the window's end."""
    base, var = paths(baseline, win), paths(variant, win)
    return pd.DataFrame(
        [{"unit": u, **paired(base[u][0][:, -1], var[u][0][:, -1], True)} for u in units]
    )
