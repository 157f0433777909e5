"""``attrit sensitivity``: which parameters move an output, with SALib."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from attrit.cli.app import app
from attrit.cli.common import (
    Json,
    NoStore,
    Quiet,
    Scheduler,
    Seed,
    StorePath,
    Workers,
    checked_output,
    command_line,
    executor_or_exit,
    fail,
    load_or_exit,
    open_store,
    out,
    progress_bar,
    store_inputs,
    store_or_exit,
)


@app.command()
def sensitivity(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Scenario file.")],
    output: Annotated[
        str, typer.Option(help="front_fill, strength or deserted_total.")
    ] = "front_fill",
    day: Annotated[
        int, typer.Option(help="Day (0 = the scenario's start) the output is read.", min=0)
    ] = 60,
    unit: Annotated[
        str | None,
        typer.Option(help="The unit whose output is read; its and its faction's parameters vary."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(help="path=low:high (or path: its documented range); repeat. Default: all."),
    ] = None,
    span: Annotated[
        float,
        typer.Option(
            help="Share of each documented range to vary, centred on the scenario's value "
            "(1: the whole range; explicit path=low:high ranges are kept)."
        ),
    ] = 1.0,
    from_fit: Annotated[
        str | None,
        typer.Option(
            "--fit",
            help="Start from this fit's posterior medians; fitted parameters vary over their "
            "posterior 90% intervals.",
        ),
    ] = None,
    method: Annotated[str, typer.Option(help="morris (screening) or sobol (indices).")] = "morris",
    samples: Annotated[
        int, typer.Option(help="Morris trajectories, or Sobol's base sample (a power of 2).")
    ] = 10,
    replicates: Annotated[int, typer.Option(help="Replicates averaged at each point.")] = 10,
    seed: Seed = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    plot: Annotated[Path | None, typer.Option(help="Write the ranking chart (PNG).")] = None,
    as_json: Json = False,
    quiet: Quiet = False,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Rank the parameters that move an output: Morris mu*/sigma or Sobol S1/ST, with intervals."""
    from attrit.analysis.sensitivity import (
        FactorError,
        SensitivityError,
        analyse,
        around,
        default_factors,
        fitted_ranges,
        parse_factor,
    )

    checked_output(plot, "--plot", {"the scenario": file, **store_inputs(store)})
    sc = load_or_exit(file)
    try:
        if from_fit is not None:
            record = store_or_exit(open_store(store).fit, from_fit)
            sc, posterior = _calibrated(sc, record)
        factors = [parse_factor(p, sc) for p in param] if param else default_factors(sc, unit)
        given = {f.path for f, text in zip(factors, param or [], strict=False) if "=" in text}
        free = [f for f in factors if f.path not in given]
        free = around(free, sc, span)
        if from_fit is not None:
            free = fitted_ranges(free, sc, posterior)
        narrowed = {f.path: f for f in free}
        factors = [narrowed.get(f.path, f) for f in factors]
    except FactorError as exc:
        raise fail(f"{file}: {exc}") from None
    total = samples * (len(factors) + 1) if method == "morris" else samples * (len(factors) + 2)
    try:
        with (
            executor_or_exit(workers, scheduler) as executor,
            progress_bar(total, f"{method}: points", not quiet and not as_json) as tick,
        ):
            result = analyse(
                sc,
                output,
                day,
                factors,
                method,
                samples,
                unit,
                replicates,
                seed,
                executor,
                progress=lambda done, _: tick(done),
            )
    except SensitivityError as exc:
        raise fail(f"{file}: {exc}") from None
    result.options = {"file": str(file), "param": param or [], "workers": workers,
                      "scheduler": scheduler, "span": span, "fit": from_fit}  # fmt: skip
    run_id = (
        None
        if no_store
        else store_or_exit(open_store(store).save_sensitivity, result, command=command_line(ctx))
    )
    if plot is not None:
        from attrit.files import save_figure
        from attrit.report.sensitivity_figures import ranking

        save_figure(ranking(result.indices, method, output), plot, dpi=120)
    if as_json:
        payload = {
            "run_id": run_id,
            "method": method,
            "output": output,
            "unit": unit,
            "day": day,
            "points": len(result.means),
            "replicates": replicates,
            "noise_share": result.noise_share,
            "wall_seconds": result.wall_seconds,
            "indices": json.loads(result.ranking().to_json(orient="records")),
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    out.print(_table(result))
    out.print(
        f"{len(result.means)} points x {replicates} replicates in {result.wall_seconds:.1f} s; "
        f"replicate noise is {result.noise_share:.1%} of the variance of the point means"
    )
    if plot is not None:
        out.print(f"ranking chart written to {plot}")
    if run_id is not None:
        out.print(f"stored as run {run_id} in {open_store(store).path} (attrit report {run_id})")


def _calibrated(sc, record):
    """``sc`` with the fit's parameters at their posterior medians, and the posterior."""
    from attrit.analysis.sensitivity import FactorError
    from attrit.calibrate.forecast import at_posterior_median

    try:
        return at_posterior_median(sc, record), record["posterior"]
    except ValueError as exc:
        raise FactorError(str(exc)) from None


def _table(result) -> Table:
    where = f"unit {result.unit}" if result.unit else "the force"
    table = Table(
        title=f"What moves {result.output} of {where} on day {result.day} ({result.method})"
    )
    table.add_column("rank", justify="right")
    table.add_column("parameter")
    table.add_column("range")
    ranked = result.ranking()
    by_path = {f.path: f for f in result.factors}
    if result.method == "morris":
        for col in ("mu* [95% interval]", "sigma"):
            table.add_column(col, justify="right")
    else:
        for col in ("S1 [90%]", "ST [90%]"):
            table.add_column(col, justify="right")
    for k, row in ranked.iterrows():
        f = by_path[row["path"]]
        span = f"{f.low:g} - {f.high:g}"
        if result.method == "morris":
            cells = [_pm(row["mu_star"], row["mu_star_conf"]), f"{row['sigma']:.3g}"]
        else:
            cells = [_pm(row["S1"], row["S1_conf"]), _pm(row["ST"], row["ST_conf"])]
        table.add_row(str(k + 1), row["path"], span, *cells)
    return table


def _pm(value: float, half: float) -> str:
    return f"{value:.3g} [{value - half:.3g}, {value + half:.3g}]"
