"""``attrit posterior``: a fit's posterior, its diagnostics, and its export for ArviZ."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from attrit.cli.app import app
from attrit.cli.common import (
    Json,
    StorePath,
    checked_output,
    fail,
    open_store,
    out,
    store_inputs,
    store_or_exit,
)


@app.command()
def posterior(
    fit_id: Annotated[str, typer.Argument(help="A fit id (attrit fits lists them).")],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the posterior as ArviZ InferenceData to this netCDF file (.nc).",
        ),
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option(
            min=10,
            max=1_000_000,
            help="Equal-weight draws in the export (default: as many as particles).",
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option(min=0, help="Seed of the export's resampling of the particles.")
    ] = 0,
    as_json: Json = False,
    store: StorePath = None,
) -> None:
    """A fit's posterior: contraction per parameter, ESS per generation, ArviZ export.

    The contraction is 1 - posterior variance / prior variance (on the log scale for a
    loguniform prior): near 1 the evidence pinned the parameter, near 0 it did not inform
    it. The export holds equal-weight draws of the last generation (systematic resampling)
    with the priors and the reported figures; open it with ``arviz.from_netcdf``.
    """
    from attrit.calibrate import Fit, FitError

    fit = Fit(store_or_exit(open_store(store).fit, fit_id))
    inputs = {**store_inputs(store), "the fit's pyabc history": Path(fit["history"])}
    checked_output(out_file, "--out", inputs)
    try:
        posterior = fit.posterior_frame()
        if out_file is not None:
            fit.to_netcdf(out_file, draws, seed)
    except FitError as exc:
        raise fail(str(exc)) from None
    try:
        generations = fit.generations_frame()
    except FileNotFoundError as exc:
        generations, missing = None, str(exc)
    if as_json:
        shown = {
            "fit_id": fit.fit_id,
            "contraction": fit.contraction(),
            # strict JSON: the prior sample's infinite epsilon and missing ESS become null
            "generations": None
            if generations is None
            else [
                {k: _finite(v) for k, v in r.items()}
                for r in generations.reset_index().to_dict(orient="records")
            ],
            "out": None if out_file is None else str(out_file),
        }
        sys.stdout.write(json.dumps(shown, indent=2) + "\n")
        return
    out.print(_contraction_table(fit.fit_id, posterior))
    if generations is None:
        out.print(f"no generations table: {missing}")
    else:
        out.print(_generations_table(generations))
    if out_file is not None:
        out.print(f"posterior written to {out_file} (arviz.from_netcdf reads it)")


def _finite(v: object) -> object:
    return None if isinstance(v, float) and not math.isfinite(v) else v


def _contraction_table(fit_id: str, posterior) -> Table:
    from attrit.scenario.calibration import Prior

    table = Table(title=f"fit {fit_id}: what the evidence taught")
    for col in ("parameter", "prior", "posterior median [90%]", "contraction"):
        table.add_column(col, justify="left" if col in ("parameter", "prior") else "right")
    for path, row in posterior.iterrows():
        show = Prior.parse(row["prior"]).show
        table.add_row(
            str(path),
            row["prior"],
            f"{show(row['median'])} [{show(row['low'])}, {show(row['high'])}]",
            f"{row['contraction']:.2f}",
        )
    return table


def _generations_table(generations) -> Table:
    table = Table(
        title="generations (ESS: Kish, of each generation's weights; -1: the prior sample "
        "that sets the first epsilon)"
    )
    for col in ("generation", "epsilon", "simulations", "acceptance", "ESS"):
        table.add_column(col, justify="right")
    for t, row in generations.iterrows():
        table.add_row(
            str(t),
            f"{row['epsilon']:.4g}",
            f"{row['simulations']:,.0f}",
            "-" if math.isnan(row["acceptance"]) else f"{row['acceptance']:.1%}",
            "-" if math.isnan(row["ess"]) else f"{row['ess']:.0f}",
        )
    return table
