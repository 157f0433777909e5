"""``attrit fit``, ``attrit fits`` and ``attrit forecast``: calibration on the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from attrit.cli.app import app
from attrit.cli.common import (
    Days,
    Json,
    NoStore,
    Quiet,
    Replicates,
    Scheduler,
    Seed,
    StorePath,
    Workers,
    checked_output,
    command_line,
    evidence_or_exit,
    executor_or_exit,
    fail,
    list_table,
    load_or_exit,
    open_store,
    out,
    progress_bar,
    store_inputs,
    store_or_exit,
    summary_table,
)


def checks_of(plot: Path) -> Path:
    """Where ``--plot`` puts the predictive-check figure: beside the posterior figure."""
    return plot.with_name(f"{plot.stem}-checks{plot.suffix or '.png'}")


def generation_bar(total: int, enabled: bool):
    """A progress bar over generations, showing epsilon and the acceptance rate."""

    def update(info: dict[str, Any]) -> tuple[int, str]:
        return info["generation"], (
            f"fitting: eps {info['epsilon']:.3g}, acceptance {info['acceptance']:.1%}"
        )

    return progress_bar(total, "fitting: generation", enabled, update)


def posterior_table(record: dict[str, Any]) -> Table:
    """Per fitted parameter: prior, value in the file, posterior median, 90% interval, contraction.

    The contraction (:meth:`attrit.calibrate.Fit.contraction`) says how far the evidence
    narrowed the prior.
    """
    table = Table(
        title=f"fit {record['fit_id']}: {record['generations']} generations, "
        f"{record['simulations']:,} simulations, ESS {record['ess']:.0f} ({record['why']})"
    )
    for col in ("parameter", "prior", "in the file", "posterior median [90%]", "contraction"):
        table.add_column(col, justify="left" if col in ("parameter", "prior") else "right")
    from attrit.calibrate import Fit
    from attrit.scenario.calibration import Prior

    contraction = Fit(record).contraction()

    for p in record["posterior"]:
        show = Prior.parse(p["prior"]).show  # a number to 4 figures, or a date
        table.add_row(
            p["path"],
            p["prior"],
            show(p["current"]),
            f"{show(p['median'])} [{show(p['low'])}, {show(p['high'])}]",
            f"{contraction[p['path']]:.2f}",
        )
    return table


def checks_table(record: dict[str, Any]) -> Table:
    """Posterior predictive check: each reported figure against its predictive interval."""
    table = Table(title="Posterior predictive check (90% intervals)")
    from attrit.evidence.wording import checked

    columns = ("evidence", "kind", "reported", "predicted", "with report noise", "quantile", "z")
    for col in (*columns, "fits"):
        table.add_column(col, justify="left" if col in ("evidence", "kind", "fits") else "right")
    for c in record["checks"]:
        noise = "-" if c["scale"] is None else f"+/- {1.645 * c['scale']:,.3g}"
        verdict = (
            "yes"
            if c["inside"]
            else "with noise"
            if c["inside_with_noise"]
            else "[bold red]NO[/bold red]"
        )
        if not c["weighed"]:
            verdict += " (no weight)"
        if c.get("flag"):
            verdict += f" [bold red]flagged: model {c['flag']}[/bold red]"
        quantile, z = c.get("quantile"), c.get("z")
        table.add_row(
            c["key"],
            c["kind"],
            checked(c, _n),
            f"{_n(c['q50'])} [{_n(c['q05'])}, {_n(c['q95'])}]",
            noise,
            "-" if quantile is None or quantile != quantile else f"{quantile:.2f}",
            "-" if z is None or z != z else f"{z:+.1f}",
            verdict,
        )
    return table


def _n(x: float) -> str:
    """A figure as a table shows it: whole thousands with separators, else four digits."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:,.4g}"


def goodness_line(record: dict[str, Any]) -> str | None:
    """The fit's goodness of fit in one sentence, or None (a fit stored before it existed)."""
    g = record.get("goodness_of_fit")
    if not g or g.get("p_value") is None or g["p_value"] != g["p_value"]:
        return None
    verdict = (
        "[bold red]the evidence as a whole is not what the model produces[/bold red]"
        if g["p_value"] < 0.05
        else "no sign of misfit as a whole (conservative: the data were used to fit)"
    )
    return (
        f"Goodness of fit: statistic {g['statistic']:.3g} against a reference median "
        f"{g['reference_median']:.3g} (95th percentile {g['reference_q95']:.3g}); "
        f"p = {g['p_value']:.2f} over {g['replicates']} replicates: {verdict}."
    )


@app.command()
def fit(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="Scenario file (not with --resume).")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="path=prior to fit, e.g. units.*.leave.return_probability=uniform(0.3,1) "
            "(default: the scenario's calibration section).",
        ),
    ] = None,
    evidence: Annotated[
        Path | None, typer.Option(help="Evidence file to fit to instead of the scenario's.")
    ] = None,
    population: Annotated[
        int | None,
        typer.Option(help="Particles per generation [default: 200; a resumed fit's own].", min=10),
    ] = None,
    generations: Annotated[
        int | None,
        typer.Option(help="Most generations [default: 8; a resumed fit's own].", min=1),
    ] = None,
    budget: Annotated[
        int | None,
        typer.Option(
            help="Most simulations in all, held to within one generation's population "
            "[default: 5000; a resumed fit's own].",
            min=10,
        ),
    ] = None,
    walltime: Annotated[
        float | None,
        typer.Option(help="Most seconds of sampling (default: no limit).", min=0.001, max=1e7),
    ] = None,
    min_acceptance: Annotated[
        float | None,
        typer.Option(
            help="Stop when a generation accepts less than this share "
            "[default: 0.01; a resumed fit's own].",
            min=0.0,
            max=1.0,
        ),
    ] = None,
    checks: Annotated[
        int, typer.Option(help="Posterior draws simulated for the predictive check.", min=10)
    ] = 100,
    resume: Annotated[
        str | None, typer.Option(help="Continue the stopped fit with this id.")
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(help="Write the prior-vs-posterior and predictive-check figures (PNG)."),
    ] = None,
    seed: Seed = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    as_json: Json = False,
    quiet: Quiet = False,
    store: StorePath = None,
) -> None:
    """Calibrate a scenario to its evidence with ABC-SMC; store the posterior and checks."""
    from attrit.calibrate import Bounds, FitError, parse_params
    from attrit.calibrate import fit as run_fit
    from attrit.calibrate import resume as run_resume

    inputs = {"the scenario": file, "the evidence file": evidence, **store_inputs(store)}
    checked_output(plot, "--plot", inputs)
    checked_output(checks_of(plot) if plot else None, "--plot (its checks figure)", inputs)
    given = {
        "population": population,
        "generations": generations,
        "budget": budget,
        "walltime": walltime,
        "min_acceptance": min_acceptance,
    }
    given = {k: v for k, v in given.items() if v is not None}
    try:
        if resume is not None:
            if file is not None:
                raise fail("give a scenario file or --resume FIT, not both")
            # a resumed fit keeps its own bounds unless an option changes one
            stopped = store_or_exit(lambda: open_store(store).fit(resume))
            history = {"the fit's pyabc history": Path(stopped["history"])}
            checked_output(plot, "--plot", {**inputs, **history})
            checked_output(checks_of(plot) if plot else None, "--plot (its checks figure)",
                           {**inputs, **history})  # fmt: skip
            spec = stopped["spec"]
            bounds = Bounds(**{**spec["bounds"], **given})
            with (
                executor_or_exit(workers, scheduler) as executor,
                generation_bar(bounds.generations, not quiet and not as_json) as tick,
            ):
                record = store_or_exit(
                    run_resume,
                    resume,
                    open_store(store),
                    executor=executor,
                    progress=tick,
                    bounds=bounds,
                )
        else:
            if file is None:
                raise fail("give a scenario file to fit (or --resume FIT)")
            bounds = Bounds(**given)
            sc = load_or_exit(file)
            if evidence is not None:
                sc = evidence_or_exit(sc, evidence)
            with (
                executor_or_exit(workers, scheduler) as executor,
                generation_bar(bounds.generations, not quiet and not as_json) as tick,
            ):
                record = store_or_exit(
                    run_fit,
                    sc,
                    parse_params(param or []) or None,
                    bounds,
                    seed=seed,
                    executor=executor,
                    store=open_store(store),
                    checks=checks,
                    progress=tick,
                    command=command_line(ctx),
                )
    except FitError as exc:
        raise fail(f"{file or resume}: {exc}") from None
    if plot is not None:
        from attrit.files import save_figure
        from attrit.report import fit_figures

        save_figure(fit_figures.posterior(record), plot)
        save_figure(fit_figures.checks(record), checks_of(plot))
    if as_json:
        keep = ("fit_id", "why", "generations", "simulations", "ess", "posterior", "checks")
        shown = {k: record[k] for k in keep} | {
            "goodness_of_fit": record.get("goodness_of_fit"),
            "contraction": record.contraction(),
        }
        sys.stdout.write(json.dumps(shown, indent=2) + "\n")
        return
    out.print(posterior_table(record))
    out.print(checks_table(record))
    if (line := goodness_line(record)) is not None:
        out.print(line, soft_wrap=True)
    out.print(f"stored as fit {record['fit_id']} in {open_store(store).path}")
    if plot is not None:
        out.print(f"figures written to {plot} and {checks_of(plot)}")


@app.command()
def fits(
    store: StorePath = None,
    ids: Annotated[bool, typer.Option("--ids", help="Print only fit ids, one per line.")] = False,
) -> None:
    """List the fits in the store, newest first."""
    list_table(store_or_exit(open_store(store).fits), "fits", store, "fit_id", ids)


@app.command()
def forecast(
    ctx: typer.Context,
    fit_id: Annotated[str, typer.Argument(help="A fit id (attrit fits lists them).")],
    replicates: Replicates = 200,
    days: Days = None,
    seed: Seed = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    as_json: Json = False,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Simulate forward, each replicate at its own draw from the fit's posterior; store it.

    With --no-store only what the summary needs is kept as replicates finish (every
    replicate on the reported days), not the whole daily record.
    """
    from attrit.calibrate import forecast as run_forecast
    from attrit.summary import Summarise

    record = store_or_exit(open_store(store).fit, fit_id)
    summarise = Summarise() if no_store else None
    try:
        with executor_or_exit(workers, scheduler) as executor:
            results = run_forecast(
                record, replicates, days, seed, executor=executor, reduce=summarise
            )
    except ValueError as exc:
        raise fail(str(exc)) from None
    run_id = (
        None
        if no_store
        else store_or_exit(
            open_store(store).save,
            results,
            kind="forecast",
            changes={"fit": fit_id},
            command=command_line(ctx),
        )
    )
    if as_json:
        sys.stdout.write(json.dumps({**results.to_dict(), "run_id": run_id}, indent=2) + "\n")
        return
    out.print(summary_table(results))
    if run_id is not None:
        where = open_store(store).path
        out.print(f"stored as run {run_id} (forecast from fit {fit_id}) in {where}")
