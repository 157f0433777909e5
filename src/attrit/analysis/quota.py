"""Can a unit hold its front-line quota? Per unit, over a window of days.

A unit holds its quota on a day when the men at the front number at least the quota. Over a
window (by default the 90 days after the report's date) each replicate gives the share of days
held; the ensemble gives its mean with an interval, the probability of holding on every day
(with a Wilson interval) and the spread of the front fill on the window's last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from attrit.analysis.compare import LEVEL, paired
from attrit.results import Results


@dataclass(frozen=True)
class Window:
    """Days ``first`` to ``last`` (inclusive) of a run; ``short`` when the run ends early."""

    first: int
    last: int
    wanted: int
    start_date: dt.date

    @property
    def days(self) -> int:
        """Days in the window."""
        return self.last - self.first + 1

    @property
    def short(self) -> bool:
        """The run ends before the wanted horizon."""
        return self.days < self.wanted

    @property
    def end_date(self) -> dt.date:
        """The window's last date."""
        return self.start_date + dt.timedelta(days=self.last)

    @property
    def first_date(self) -> dt.date:
        """The window's first date."""
        return self.start_date + dt.timedelta(days=self.first)


def window(results: Results, first: dt.date | None = None, horizon: int = 90) -> Window:
    """The window of ``horizon`` days from ``first`` (default: day 0), clipped to the run."""
    start = results.scenario.calendar.start
    day = 0 if first is None else (first - start).days
    if not 0 <= day < results.days:
        raise ValueError(
            f"{first} is outside the run ({start} + {results.days} days); "
            "simulate more days or choose another date"
        )
    if horizon < 1:
        raise ValueError(f"the horizon must be at least one day (got {horizon})")
    return Window(day, min(day + horizon, results.days) - 1, horizon, start)


def wilson(successes: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion."""
    if n == 0:
        return (np.nan, np.nan)
    z = stats.norm.ppf(0.5 + level / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (float(max(0.0, centre - half)), float(min(1.0, centre + half)))


def held(results: Results, win: Window) -> pd.DataFrame:
    """Per replicate (rows) and unit with a quota (columns): the share of window days held."""
    d = results.daily.isel(day=slice(win.first, win.last + 1))
    met = (d.front >= d.quota) & (d.quota > 0)
    share = met.mean("day").transpose("replicate", "unit").to_pandas()
    quota = d.quota.max(("replicate", "day")).to_pandas()
    return share.loc[:, quota > 0]


def hold_quota(results: Results, win: Window) -> pd.DataFrame:
    """Per unit with a quota: how well it holds the quota over the window."""
    share = held(results, win)
    end = results.daily.isel(day=win.last)
    n = share.shape[0]
    t = stats.t.ppf(0.5 + LEVEL / 2, n - 1) if n > 1 else np.inf
    rows = []
    for unit in share.columns:
        s = share[unit].to_numpy()
        throughout = int((s == 1.0).sum())
        fill = end.front_fill.sel(unit=unit).values
        half = t * s.std(ddof=1) / np.sqrt(n) if n > 1 else np.inf
        low, high = wilson(throughout, n)
        rows.append(
            {
                "unit": unit,
                # a quota set as a share of strength differs by replicate: their median
                "quota": round(float(np.median(end.quota.sel(unit=unit).values))),
                "days_held_mean": float(s.mean()),
                "days_held_low": float(max(0.0, s.mean() - half)),
                "days_held_high": float(min(1.0, s.mean() + half)),
                "p_throughout": throughout / n,
                "p_throughout_low": low,
                "p_throughout_high": high,
                "fill_end_q05": float(np.quantile(fill, 0.05)),
                "fill_end_q50": float(np.quantile(fill, 0.5)),
                "fill_end_q95": float(np.quantile(fill, 0.95)),
            }
        )
    return pd.DataFrame(rows)


def hold_quota_effect(baseline: Results, variant: Results, win: Window) -> pd.DataFrame:
    """Per unit with a quota: the paired effect of the variant on the share of days held."""
    base, var = held(baseline, win), held(variant, win)
    rows = []
    for unit in base.columns:
        rows.append({"unit": unit, **paired(base[unit].to_numpy(), var[unit].to_numpy(), True)})
    return pd.DataFrame(rows)
