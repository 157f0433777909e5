"""Figures of a fit: prior against posterior per parameter, and the predictive check."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from attrit.report.figures import PALETTE
from attrit.scenario.calibration import Prior


def posterior(record: dict[str, Any]) -> Figure:
    """Per fitted parameter: the prior's density and the weighted posterior histogram."""
    params = record["posterior"]
    cols = min(2, len(params))
    rows = -(-len(params) // cols)
    fig = Figure(figsize=(5.2 * cols, 2.8 * rows + 0.5), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    w = np.array([p["weight"] for p in record["particles"]])
    for ax, p in zip(axes, params, strict=False):
        prior = Prior.parse(p["prior"])
        values = np.array([q["theta"][p["path"]] for q in record["particles"]])
        log = prior.family == "loguniform"
        lo, hi = (math.log10(prior.low), math.log10(prior.high)) if log else (prior.low, prior.high)
        x = np.log10(values) if log else values
        ax.hist(x, bins=25, range=(lo, hi), weights=w, density=True, color=PALETTE[0],
                alpha=0.75, label="posterior")  # fmt: skip
        ax.hlines(1 / (hi - lo), lo, hi, colors=PALETTE[1], linestyles="--", label="prior")
        ax.axvline(math.log10(p["current"]) if log else p["current"], color=PALETTE[3],
                   linewidth=1, linestyle=":", label="value in the file")  # fmt: skip
        ax.set_title(p["path"], fontsize=8)
        ax.set_xlabel("log10 of the value" if log else "value")
        ax.set_ylabel("density")
    for ax in axes[len(params) :]:
        ax.set_visible(False)
    axes[0].legend(fontsize=7)
    fig.suptitle("Prior and posterior of each fitted parameter", fontsize=11)
    return fig


CLIP = (-1.0, 4.0)
"""The check's x-axis, in reported figures: a figure far off (a 'present' of 1 against
hundreds simulated) is drawn at the edge instead of squeezing the others."""


def checks(record: dict[str, Any]) -> Figure:
    """Each reported figure against its posterior predictive 90% interval (and with noise).

    The axis is the simulated value over the reported one, so a fall (a negative change)
    reads the same way as a level; a range's upper end is drawn from 1 to its ratio.
    """
    items = record["checks"]
    fig = Figure(figsize=(9, 0.5 * len(items) + 1.4), layout="constrained")
    ax = fig.subplots()

    def ratio(x: float, reported: float) -> float:
        return float(np.clip(x / reported, *CLIP))

    for y, c in enumerate(items):
        r = c["reported"] if c["reported"] else 1e-9
        lo, hi = sorted((ratio(c["q05"], r), ratio(c["q95"], r)))
        mid = ratio(c["q50"], r)
        if c["scale"] is not None:
            noise = 1.645 * c["scale"] / abs(r)
            ax.hlines(y, max(lo - noise, CLIP[0]), min(hi + noise, CLIP[1]), colors="#bbbbbb",
                      linewidth=6)  # fmt: skip
        ax.hlines(y, lo, hi, colors=PALETTE[0], linewidth=3)
        ax.plot(mid, y, "o", color=PALETTE[0], markersize=4)
        colour = PALETTE[2] if c["inside"] else PALETTE[1] if c["inside_with_noise"] else PALETTE[3]
        if c.get("high") is not None:
            ax.hlines(y, 1.0, ratio(c["high"], r), colors=colour, linewidth=2)
        marker = {"lower": ">", "upper": "<"}.get(c.get("stated", ""), "D")
        ax.plot(1.0, y, marker, color=colour, markersize=7, markeredgecolor="black")
    ax.set_xlim(CLIP[0] - 0.1, CLIP[1] + 0.1)
    ax.axvline(1.0, color="#333333", linewidth=0.6)
    ax.set_yticks(range(len(items)), [c["key"] for c in items])
    ax.invert_yaxis()
    ax.set_xlabel("simulated / reported (1 = the reported figure)")
    ax.set_title(
        "Posterior predictive check: 90% interval (blue), widened by the grade's noise (grey);"
        "\nreported figure inside (green), inside only with noise (orange), outside (red);"
        " > at least, < at most",
        fontsize=9,
    )
    ax.grid(axis="x", alpha=0.3)
    return fig
