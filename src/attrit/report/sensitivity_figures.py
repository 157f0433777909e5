"""The ranking of a sensitivity analysis as a bar chart with its intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from attrit.report.figures import PALETTE

OUTPUT_LABELS = {
    "front_fill": "front fill (men at the front / quota)",
    "strength": "strength (men on the rolls)",
    "deserted_total": "desertions so far (men)",
}


def ranking(indices: pd.DataFrame, method: str, output: str, top: int = 15) -> Figure:
    """Horizontal bars, most influential on top.

    Morris: mu* with its 95% interval, and sigma; Sobol: first-order and total indices with
    90% intervals.
    """
    key = "mu_star" if method == "morris" else "ST"
    shown = indices.sort_values(key, ascending=False).head(top).iloc[::-1]
    labels = [_short(p) for p in shown["path"]]
    y = np.arange(len(shown))
    fig = Figure(figsize=(8.0, 0.9 + 0.32 * len(shown)), layout="constrained")
    ax = fig.subplots()
    if method == "morris":
        ax.barh(
            y,
            shown["mu_star"],
            xerr=shown["mu_star_conf"],
            color=PALETTE[0],
            label="mu* (mean |elementary effect|), 95% interval",
        )
        ax.plot(
            shown["sigma"], y, "o", color=PALETTE[1], label="sigma (interaction, non-linearity)"
        )
        ax.set_xlabel(f"effect on {OUTPUT_LABELS.get(output, output)} across each range")
    else:
        h = 0.38
        ax.barh(
            y + h / 2,
            shown["ST"],
            h,
            xerr=shown["ST_conf"],
            color=PALETTE[0],
            label="total index ST, 90% interval",
        )
        ax.barh(
            y - h / 2,
            shown["S1"],
            h,
            xerr=shown["S1_conf"],
            color=PALETTE[1],
            label="first-order index S1, 90% interval",
        )
        ax.set_xlabel(f"share of the variance of {OUTPUT_LABELS.get(output, output)}")
    ax.set_yticks(y, labels)
    ax.axvline(0, color="#888888", lw=0.8)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(f"What moves {output.replace('_', ' ')} ({method})", fontsize=10)
    return fig


def _short(path: str) -> str:
    """``units.ashoura-anbar-1.desertion.hazard_per_day`` -> ``desertion.hazard_per_day``."""
    parts = path.split(".")
    return ".".join(parts[2:]) if parts[0] in ("units", "factions") and len(parts) > 2 else path


def sensitivity_section(stored: dict, k: int) -> dict:
    """A stored sensitivity run as the report shows it: what was asked, the ranking, the chart."""
    from attrit.report.images import png

    record, table = stored["record"], stored["indices"]
    summary = record["summary"]
    method = summary["method"]

    def pm(value: float, half: float) -> str:
        return f"{value:.3g} [{value - half:.3g}, {value + half:.3g}]"

    rows = []
    for _, r in table.iterrows():
        if method == "morris":
            cells = [pm(r["mu_star"], r["mu_star_conf"]), f"{r['sigma']:.3g}"]
        else:
            cells = [pm(r["S1"], r["S1_conf"]), pm(r["ST"], r["ST_conf"])]
        rows.append(
            {
                "rank": int(r["rank"]) + 1,
                "path": r["path"],
                "range": f"{r['low']:g} - {r['high']:g}",
                "cells": cells,
            }
        )
    where = f"unit {summary['unit']}" if summary["unit"] else "the force"
    return {
        "record": record,
        "method": method,
        "title": f"What moves {summary['output'].replace('_', ' ')} of {where} on day "
        f"{summary['day']}",
        "headers": ["mu* [95%]", "sigma"] if method == "morris" else ["S1 [90%]", "ST [90%]"],
        "rows": rows,
        "points": summary["points"],
        "noise_share": summary["noise_share"],
        "figure": {
            "id": f"sens{k}",
            "title": "Ranking",
            "src": png(ranking(table, method, summary["output"])),
        },
    }
