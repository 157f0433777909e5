"""Figures of a run and of a comparison (matplotlib, Okabe-Ito colours).

Each function takes results and returns a :class:`matplotlib.figure.Figure`; nothing here
writes files, and no pyplot state is touched (figures are built directly, so they are safe in
threads and servers). Bands are the replicates' 50% and 90% ranges around the median; dates
are on the x axis; every axis names its unit.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter
from scipy import stats

from attrit.analysis.compare import LEVEL, METRICS, Comparison, outcomes, paired
from attrit.model.registry import DESERTION_CAUSES, variable
from attrit.results import Results

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
PANEL = (4.0, 2.6)


def _grid(n: int, title: str) -> tuple[Figure, list]:
    cols = min(3, n)
    rows = -(-n // cols)
    fig = Figure(figsize=(PANEL[0] * cols, PANEL[1] * rows + 0.6), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel().tolist()
    for ax in axes[n:]:
        ax.set_visible(False)
    # about 9 characters an inch at 12 pt: wrap a title too long for a narrow (one-unit) figure
    fig.suptitle(textwrap.fill(title, width=int(9 * PANEL[0] * cols)), fontsize=12)
    return fig, axes[:n]


def _dates(results: Results) -> np.ndarray:
    return results.daily.date.values


def _date_axis(ax) -> None:
    locator = mdates.AutoDateLocator(maxticks=6)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(alpha=0.3, linewidth=0.5)


def _mark(ax, marks: Sequence[tuple[dt.date, str]]) -> None:
    for when, label in marks:
        ax.axvline(np.datetime64(when), color="#555555", linewidth=0.8, linestyle=":")
        ax.annotate(
            label,
            (np.datetime64(when), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            fontsize=7,
            color="#555555",
            va="top",
        )


def fan(ax, x: np.ndarray, values: np.ndarray, color: str, label: str | None = None) -> None:
    """Median line with 50% and 90% bands of ``values`` (replicates x days)."""
    q05, q25, q50, q75, q95 = np.nanquantile(values, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
    ax.fill_between(x, q05, q95, color=color, alpha=0.18, linewidth=0)
    ax.fill_between(x, q25, q75, color=color, alpha=0.38, linewidth=0)
    ax.plot(x, q50, color=color, linewidth=1.6, label=label)


def _units(results: Results, only: Sequence[str] | None) -> list[str]:
    """The units to draw: ``only`` (in its order), else every unit of the run."""
    every = [str(u) for u in results.daily.unit.values]
    if only is None:
        return every
    unknown = [u for u in only if u not in every]
    if unknown:
        raise ValueError(f"no unit {', '.join(unknown)} in this run (units: {', '.join(every)})")
    return list(only)


def strength_fans(
    results: Results,
    marks: Sequence[tuple[dt.date, str]] = (),
    units: Sequence[str] | None = None,
) -> Figure:
    """Per unit (every unit, or ``units``): members on the rolls, median with 50% and 90% bands."""
    d = results.daily
    units = _units(results, units)
    fig, axes = _grid(len(units), "Strength: members on the rolls (median, 50% and 90% bands)")
    for ax, unit in zip(axes, units, strict=True):
        fan(ax, _dates(results), d.strength.sel(unit=unit).values, PALETTE[0])
        ax.set_title(unit, fontsize=10)
        ax.set_ylabel("men")
        ax.set_ylim(bottom=0)
        _date_axis(ax)
        _mark(ax, marks)
    return fig


def front_fans(
    results: Results,
    marks: Sequence[tuple[dt.date, str]] = (),
    units: Sequence[str] | None = None,
) -> Figure:
    """Per unit with a quota (of every unit, or of ``units``): men at the front against it."""
    d = results.daily
    units = [u for u in _units(results, units) if d.quota.sel(unit=u).max() > 0]
    if not units:
        fig = Figure(figsize=(PANEL[0], 1.2), layout="constrained")
        fig.text(0.5, 0.5, "no unit here has a front-line quota", ha="center", va="center")
        return fig
    fig, axes = _grid(len(units), "Men at the front against the quota (median, 50% and 90% bands)")
    for ax, unit in zip(axes, units, strict=True):
        fan(ax, _dates(results), d.front.sel(unit=unit).values, PALETTE[2], "at the front")
        quota = d.quota.sel(unit=unit).isel(replicate=0).values
        ax.step(
            _dates(results),
            quota,
            where="post",
            color=PALETTE[3],
            linestyle="--",
            linewidth=1.2,
            label="quota",
        )
        ax.set_title(unit, fontsize=10)
        ax.set_ylabel("men")
        # headroom: a front at its quota would lie on the frame, out of sight
        ax.set_ylim(0, 1.06 * max(ax.get_ylim()[1], 1.0))
        _date_axis(ax)
        _mark(ax, marks)
    axes[0].legend(fontsize=7, loc="lower left")
    return fig


def desertion_causes(results: Results, marks: Sequence[tuple[dt.date, str]] = ()) -> Figure:
    """Per unit: cumulative desertions stacked by cause (ensemble means, which add up)."""
    d = results.daily
    units = list(d.unit.values)
    fig, axes = _grid(len(units), "Desertions by cause, cumulative (mean over replicates)")
    for ax, unit in zip(axes, units, strict=True):
        layers = [
            d[c].sel(unit=unit).cumsum("day").mean("replicate").values for c in DESERTION_CAUSES
        ]
        ax.stackplot(
            _dates(results),
            layers,
            colors=PALETTE[: len(layers)],
            # each cause as its phase describes it, so a new cause needs no edit here
            labels=[variable(c).long_name for c in DESERTION_CAUSES],
            alpha=0.85,
        )
        ax.set_title(unit, fontsize=10)
        ax.set_ylabel("men")
        _date_axis(ax)
        _mark(ax, marks)
    fig.legend(
        *axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=3, fontsize=8
    )
    return fig


def flows(results: Results) -> Figure:
    """Per unit: where the pay and the supplies went over the run (shares, ensemble means)."""
    d = results.daily.sum("day").mean("replicate")
    units = list(d.unit.values)
    fig = Figure(figsize=(11, 0.45 * len(units) + 1.8), layout="constrained")
    pay_ax, supply_ax = fig.subplots(1, 2, sharey=True)
    y = np.arange(len(units))

    def bars(ax, parts: list[tuple[str, np.ndarray]], total: np.ndarray, what: str) -> None:
        left = np.zeros(len(units))
        safe = np.where(total > 0, total, np.nan)
        for k, (label, amount) in enumerate(parts):
            share = amount / safe
            ax.barh(y, share, left=left, color=PALETTE[k], label=label, height=0.6)
            for yi, (lo, s) in enumerate(zip(left, share, strict=True)):
                if s > 0.07:
                    ax.text(
                        lo + s / 2,
                        yi,
                        f"{s:.0%}",
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if k != 1 else "black",
                    )
            left = left + np.nan_to_num(share)
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"share of {what}")
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=3)

    bars(
        pay_ax,
        [
            ("received by the men", d.pay_received.values),
            ("skimmed (faction, commander)", d.pay_skimmed.values),
            ("unpaid (unfunded, missed)", d.pay_unpaid.values),
        ],
        d.pay_entitled.values,
        "pay and bonuses due (USD)",
    )
    bars(
        supply_ax,
        [
            ("delivered", d.supply_delivered.values),
            ("diverted on the way", d.supply_diverted.values),
        ],
        d.supply_sent.values,
        "supplies sent (man-days)",
    )
    pay_ax.set_yticks(y, units)
    pay_ax.invert_yaxis()
    pay_ax.set_title("Pay: where each dollar due went", fontsize=10)
    supply_ax.set_title("Supplies: where each ration sent went", fontsize=10)
    return fig


def morale(results: Results, marks: Sequence[tuple[dt.date, str]] = ()) -> Figure:
    """Mean morale of each unit's members: median over replicates with its 50% band."""
    d = results.daily
    fig = Figure(figsize=(9, 3.6), layout="constrained")
    ax = fig.subplots()
    x = _dates(results)
    for k, unit in enumerate(d.unit.values):
        values = d.morale_mean.sel(unit=unit).values
        q25, q50, q75 = np.nanquantile(values, [0.25, 0.5, 0.75], axis=0)
        color = PALETTE[k % len(PALETTE)]
        ax.fill_between(x, q25, q75, color=color, alpha=0.25, linewidth=0)
        ax.plot(
            x,
            q50,
            color=color,
            linewidth=1.5,
            label=unit,
            linestyle=("-", "--", ":", "-.")[k // 4 % 4],
        )
    ax.set_ylabel("mean morale (0-1)")
    ax.set_title("Morale (median over replicates, 50% band)", fontsize=11)
    _date_axis(ax)
    _mark(ax, marks)
    fig.legend(*ax.get_legend_handles_labels(), fontsize=7, loc="outside right upper")
    return fig


def effects(comparison: Comparison, day: int, metric: str = "front_fill") -> Figure:
    """Paired effect of each variant on ``metric`` at ``day``, per unit, with 90% intervals."""
    base = outcomes(comparison.baseline)
    units = [u for u in base.unit.values if np.isfinite(base[metric].sel(unit=u, day=day)).any()]
    names = list(comparison.variants)
    fig = Figure(figsize=(9, 0.32 * len(units) * len(names) + 1.6), layout="constrained")
    ax = fig.subplots()
    height = 0.8 / len(names)
    for k, name in enumerate(names):
        var = outcomes(comparison.variants[name])
        for j, unit in enumerate(units):
            e = paired(
                base[metric].sel(unit=unit, day=day).values,
                var[metric].sel(unit=unit, day=day).values,
                METRICS[metric],
            )
            yk = j + (k - (len(names) - 1) / 2) * height
            ax.errorbar(
                e["diff_mean"],
                yk,
                xerr=[[e["diff_mean"] - e["diff_low"]], [e["diff_high"] - e["diff_mean"]]],
                fmt=("o", "s", "D", "^", "v", "P", "X", "*")[k % 8],
                color=PALETTE[k % len(PALETTE)],
                capsize=3,
                label=name if j == 0 else None,
            )
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(range(len(units)), units)
    ax.invert_yaxis()
    label = metric.replace("_", " ")
    if metric == "front_fill":
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        label = "front fill (men at the front / quota)"
    date = str(base.date.values[day])[:10]
    ax.set_xlabel(f"paired effect on {label}, variant minus baseline, {date}")
    ax.set_title(f"Effects on {date} (mean of replicate pairs, 90% intervals)", fontsize=11)
    ax.grid(axis="x", alpha=0.3)
    fig.legend(*ax.get_legend_handles_labels(), fontsize=7, loc="outside right upper")
    return fig


def effect_paths(
    comparison: Comparison, metric: str = "front_fill", marks: Sequence[tuple[dt.date, str]] = ()
) -> Figure:
    """Per unit (and the force): the paired effect of each variant on ``metric`` over time."""
    base = outcomes(comparison.baseline)
    units = [
        u for u in base.unit.values if np.isfinite(base[metric].isel(day=-1).sel(unit=u)).any()
    ]
    fig, axes = _grid(
        len(units), f"Paired effect on {metric.replace('_', ' ')} over time (mean, 90% band)"
    )
    x = base.date.values
    for k, (name, res) in enumerate(comparison.variants.items()):
        var = outcomes(res)
        for ax, unit in zip(axes, units, strict=True):
            diff = (var[metric] - base[metric]).sel(unit=unit).transpose("replicate", "day").values
            n = diff.shape[0]
            mean = np.nanmean(diff, axis=0)
            half = (
                stats.t.ppf(0.5 + LEVEL / 2, max(n - 1, 1))
                * np.nanstd(diff, axis=0, ddof=1)
                / np.sqrt(n)
            )
            color = PALETTE[k % len(PALETTE)]
            ax.fill_between(x, mean - half, mean + half, color=color, alpha=0.25, linewidth=0)
            ax.plot(x, mean, color=color, linewidth=1.4, label=name)
    for ax, unit in zip(axes, units, strict=True):
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_title(unit, fontsize=10)
        if metric == "front_fill":
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_ylabel("variant - baseline")
        _date_axis(ax)
        _mark(ax, marks)
    fig.legend(
        *axes[0].get_legend_handles_labels(),
        loc="outside lower center",
        ncols=min(4, len(comparison.variants)),
        fontsize=8,
    )
    return fig
