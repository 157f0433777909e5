"""``attrit lanchester fit`` and ``attrit lanchester simulate``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.table import Table

from attrit.cli.app import app
from attrit.cli.common import (
    checked_output,
    fail,
    out,
)

lanchester = typer.Typer(help="Lanchester combat attrition: fit a law to a battle, simulate one.")
app.add_typer(lanchester, name="lanchester")

Law = Annotated[str, typer.Option(help="square, linear, logarithmic or mixed.")]


def _law(law: str) -> str:
    from attrit.analysis.lanchester import LAWS

    if law not in LAWS:
        raise fail(f"--law: unknown law '{law}' (laws: {', '.join(LAWS)})")
    return law


def _plot(series: Any, result: dict[str, Any], path: Path) -> None:
    from matplotlib.figure import Figure

    from attrit.report.figures import PALETTE

    fig = Figure(figsize=(10, 3.6), layout="constrained")
    axes = fig.subplots(1, 2)
    days = np.arange(1, series.days + 1)
    for k, side in enumerate(("blue", "red")):
        for ax, kind in zip(axes, ("strength", "casualties"), strict=True):
            col = f"{side}_{kind}"
            fitted = np.asarray(result["fitted"][col])
            obs = series.values.get(col)
            if kind == "casualties":
                fitted = np.cumsum(fitted)
                obs = None if obs is None else np.where(np.isfinite(obs[1:]),
                                                        np.nancumsum(obs[1:]), np.nan)  # fmt: skip
            else:
                obs = None if obs is None else obs[1:]
            ax.plot(days, fitted, color=PALETTE[k], label=f"{side} fitted")
            if obs is not None and np.isfinite(obs).any():
                ax.plot(days, obs, "o", color=PALETTE[k], markersize=3, label=f"{side} observed")
            ax.set_xlabel("day of battle")
            ax.set_ylabel("men" if kind == "strength" else "cumulative casualties (men)")
            ax.set_title(kind, fontsize=10)
    axes[0].legend(fontsize=7)
    fig.suptitle(f"{result['law']} law, {result['method']} fit: observed and fitted", fontsize=11)
    from attrit.files import save_figure

    save_figure(fig, path)


@lanchester.command("fit")
def fit_command(
    series_file: Annotated[Path, typer.Argument(help="CSV of daily observations.")],
    law: Law = "square",
    method: Annotated[
        str,
        typer.Option(
            help="lsq (least squares on the trajectory), poisson (daily losses around it) or "
            "filter (the stochastic battle's likelihood; intervals carry its own noise)."
        ),
    ] = "lsq",
    cumulative: Annotated[
        bool, typer.Option(help="Casualty columns are cumulative, not daily.")
    ] = False,
    blue_initial: Annotated[float | None, typer.Option(help="Blue strength at day 0.")] = None,
    red_initial: Annotated[float | None, typer.Option(help="Red strength at day 0.")] = None,
    blue_reinforcements: Annotated[
        str | None, typer.Option(help="day:n,... arriving at the start of those days.")
    ] = None,
    red_reinforcements: Annotated[str | None, typer.Option(help="day:n,...")] = None,
    intervals: Annotated[
        str, typer.Option(help="profile (likelihood) or bootstrap (parametric, slower).")
    ] = "profile",
    draws: Annotated[int, typer.Option(help="Bootstrap battles.", min=20)] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.", min=0, max=2**63 - 1)] = 1,
    compare_laws: Annotated[
        bool, typer.Option("--compare-laws", help="Fit every law; rank them by AIC.")
    ] = False,
    plot: Annotated[Path | None, typer.Option(help="Write observed vs fitted (PNG).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
) -> None:
    """Fit a law's coefficients to a battle series, with profile-likelihood intervals."""
    from attrit.analysis import lanchester as lx

    if method not in lx.METHODS:
        raise fail(f"--method: '{method}' is not one of {', '.join(lx.METHODS)}")
    checked_output(plot, "--plot", {"the series": series_file})
    try:
        series = lx.read(series_file, cumulative)
        s = lx.setup(
            series,
            blue_initial,
            red_initial,
            lx.schedule(blue_reinforcements, series.days, "--blue-reinforcements"),
            lx.schedule(red_reinforcements, series.days, "--red-reinforcements"),
        )
        laws = list(lx.LAWS) if compare_laws else [_law(law)]
        results = [lx.fit(name, s, method, intervals, draws, seed) for name in laws]
    except lx.SeriesError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        raise typer.Exit(2) from None
    except lx.FitProblem as exc:
        raise fail(f"{series_file}: {exc}") from None
    results.sort(key=lambda r: r["aic"])
    if plot is not None:
        _plot(series, results[0], plot)
    if as_json:
        payload = [
            {
                "law": r["law"],
                "coefficients": {
                    name: {k: c[k] for k in ("estimate", "low", "high")}
                    for name, c in r["coefficients"].items()
                },
                "r2": r["r2"],
                "aic": r["aic"],
            }
            for r in results
        ]
        sys.stdout.write(json.dumps(payload if compare_laws else payload[0], indent=2) + "\n")
        return
    kind = "profile-likelihood" if intervals == "profile" else f"bootstrap ({draws} battles)"
    table = Table(title=f"{series_file}: {method} fit, 90% {kind} intervals")
    for col in ("law", "a (blue losses)", "b (red losses)", "R^2", "AIC"):
        table.add_column(col, justify="left" if col == "law" else "right")
    for r in results:
        cells = []
        for name in ("a", "b"):
            c = r["coefficients"][name]
            cells.append(
                "not identified"
                if not c["identified"]
                else f"{c['estimate']:.4g} [{c['low']:.4g}, {c['high']:.4g}]"
            )
        table.add_row(r["law"], *cells, f"{r['r2']:.4f}", f"{r['aic']:.1f}")
    out.print(table)
    if plot is not None:
        out.print(f"observed vs fitted written to {plot}")


@lanchester.command("simulate")
def simulate_command(
    law: Law = "square",
    a: Annotated[float, typer.Option(help="Blue losses coefficient.", min=0, max=1e6)] = 0.01,
    b: Annotated[float, typer.Option(help="Red losses coefficient.", min=0, max=1e6)] = 0.01,
    blue: Annotated[float, typer.Option(help="Blue strength at day 0.", min=0, max=1e9)] = 1000,
    red: Annotated[float, typer.Option(help="Red strength at day 0.", min=0, max=1e9)] = 1000,
    days: Annotated[int, typer.Option(help="Days of battle.", min=1, max=100_000)] = 30,
    blue_reinforcements: Annotated[str | None, typer.Option(help="day:n,...")] = None,
    red_reinforcements: Annotated[str | None, typer.Option(help="day:n,...")] = None,
    seed: Annotated[
        int | None,
        typer.Option(help="Draw Poisson daily losses with this seed.", min=0, max=2**63 - 1),
    ] = None,
    to: Annotated[Path | None, typer.Option("--out", help="Write the series as CSV.")] = None,
) -> None:
    """Simulate a battle under a law (deterministic, or stochastic with --seed)."""
    import math

    from attrit.analysis import lanchester as lx

    for name, value in (("--a", a), ("--b", b), ("--blue", blue), ("--red", red)):
        if not math.isfinite(value):  # a range check lets nan through
            raise fail(f"{name}: give a number, not {value}")
    checked_output(to, "--out", {})
    try:
        rb = lx.schedule(blue_reinforcements, days, "--blue-reinforcements")
        rr = lx.schedule(red_reinforcements, days, "--red-reinforcements")
    except lx.SeriesError as exc:
        raise fail(exc.problems[0]) from None
    battle = lx.Battle(blue, red, days, None if rb is None else rb[1:],
                       None if rr is None else rr[1:])  # fmt: skip
    sim = lx.simulate(_law(law), a, b, battle, seed)
    lines = ["day,blue_strength,red_strength,blue_casualties,red_casualties,"
             "blue_reinforcements,red_reinforcements",
             f"0,{blue:g},{red:g},,,,"]  # fmt: skip
    arrivals = battle.arrivals("blue"), battle.arrivals("red")
    for t in range(days):
        lines.append(
            f"{t + 1},{sim['blue'][t]:.6g},{sim['red'][t]:.6g},{sim['blue_losses'][t]:.6g},"
            f"{sim['red_losses'][t]:.6g},{arrivals[0][t]:g},{arrivals[1][t]:g}"
        )
    text = "\n".join(lines) + "\n"
    if to is None:
        sys.stdout.write(text)
    else:
        from attrit.files import write_atomic

        write_atomic(to, text)
        out.print(f"wrote {to}")
