"""``attrit compare`` and ``attrit report``: paired comparisons and the report to send."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated

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
    executor_or_exit,
    fail,
    load_or_exit,
    open_store,
    out,
    progress_bar,
    store_inputs,
    store_or_exit,
)


def comparison_table(comparison, day: int) -> Table:
    """Effects on one day: per variant and unit (and the force), with paired intervals."""
    frame = comparison.table([day])
    table = Table(
        title=f"Paired effects on {frame.date.iloc[0]} (day {day}), "
        f"{len(comparison.baseline.replicates)} replicate pairs, 90% intervals"
    )
    for col in (
        "variant",
        "unit",
        "front fill: base -> variant",
        "effect",
        "P(better)",
        "deserted: effect",
        "P(fewer)",
    ):
        table.add_column(col, justify="left" if col in ("variant", "unit") else "right")
    wide = frame.pivot_table(
        index=["variant", "unit"],
        columns="metric",
        aggfunc="first",
        values=[
            "baseline_median",
            "variant_median",
            "diff_mean",
            "diff_low",
            "diff_high",
            "p_better",
        ],
        sort=False,
    )
    for (variant, unit), row in wide.iterrows():

        def effect(metric: str, fmt: str, row=row) -> str:
            lo, mean, hi = (row[(k, metric)] for k in ("diff_low", "diff_mean", "diff_high"))
            return f"{mean:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]"

        table.add_row(
            variant,
            unit,
            f"{row[('baseline_median', 'front_fill')]:.0%} -> "
            f"{row[('variant_median', 'front_fill')]:.0%}",
            effect("front_fill", "+.1%"),
            f"{row[('p_better', 'front_fill')]:.2f}",
            effect("deserted_total", "+,.0f"),
            f"{row[('p_better', 'deserted_total')]:.2f}",
        )
    return table


def priced_costs(comparison):
    """The variants' costs over the whole run, if any of their interventions has a cost."""
    import pandas as pd

    from attrit.analysis.costs import costs, has_costs
    from attrit.analysis.quota import window

    if not has_costs(comparison):
        return pd.DataFrame()
    return costs(comparison, window(comparison.baseline, None, comparison.baseline.days))


def cost_table(priced, comparison) -> Table:
    """Per variant: its extra cost and what it costs per man it keeps at the front."""
    table = Table(
        title=f"Cost per man kept at the front over the {comparison.baseline.days} days "
        "(men kept: paired mean difference at the front, the force, 90% interval)"
    )
    for col in (
        "variant",
        "extra cost (USD)",
        "men kept at the front",
        "P(more)",
        "USD per man kept",
    ):
        table.add_column(col, justify="left" if col == "variant" else "right")
    for r in priced.itertuples():
        per = "-" if not math.isfinite(r.usd_per_man_kept) else f"{r.usd_per_man_kept:,.0f}"
        table.add_row(
            r.variant,
            f"{r.cost_usd:,.0f}",
            f"{r.men_kept_mean:+,.1f} [{r.men_kept_low:+,.1f}, {r.men_kept_high:+,.1f}]",
            f"{r.p_better:.2f}",
            per,
        )
    return table


@app.command()
def compare(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Scenario file (the baseline).")],
    intervention: Annotated[
        list[str] | None,
        typer.Option("--intervention", "-i", help="Id of an inactive intervention to switch on."),
    ] = None,
    without: Annotated[
        list[str] | None,
        typer.Option("--without", help="Id of an active intervention to switch off."),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="A change path=value, e.g. units.*.pay.commander_skim_fraction=0"
        ),
    ] = None,
    day: Annotated[
        list[int] | None,
        typer.Option(help="Days to report (default: every 30th and the last).", min=0),
    ] = None,
    from_fit: Annotated[
        str | None,
        typer.Option("--fit", help="Draw each replicate's parameters from this fit's posterior."),
    ] = None,
    replicates: Replicates = 100,
    days: Days = None,
    seed: Seed = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    as_json: Json = False,
    quiet: Quiet = False,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Compare a baseline with variants, pair by pair, with common random numbers."""
    import json

    from attrit.analysis.compare import compare as run_compare
    from attrit.run import RunError

    sc = load_or_exit(file)
    length = days if days is not None else sc.calendar.days
    late = [d for d in day or [] if d >= length]
    if late:  # before any simulation: a report day must lie inside the run
        raise fail(f"--day {late[0]} is outside the run (days 0-{length - 1})")
    runs = 1 + len(intervention or []) + len(without or []) + len(set_ or [])
    draws = None
    if from_fit is not None:
        from attrit.calibrate.forecast import posterior_draws

        record = store_or_exit(open_store(store).fit, from_fit)
        try:
            draws = posterior_draws(record, replicates, sc.seed if seed is None else seed)
        except ValueError as exc:
            raise fail(str(exc)) from None
    try:
        with (
            executor_or_exit(workers, scheduler) as executor,
            progress_bar(replicates * runs, "comparing", not quiet and not as_json) as tick,
        ):
            comparison = run_compare(
                sc,
                intervention or [],
                set_ or [],
                without or [],
                replicates=replicates,
                days=days,
                seed=seed,
                executor=executor,
                progress=tick,
                draws=draws,
            )
        if day:
            comparison.table(day)  # checks the days before anything is printed
    except (RunError, ValueError) as exc:
        raise fail(f"{file}: {exc}") from None
    ids = (
        None
        if no_store
        else store_or_exit(save_comparison, open_store(store), comparison, command_line(ctx))
    )
    priced = priced_costs(comparison)
    if as_json:
        extra = {"costs": priced.astype(object).where(priced.notna(), None).to_dict("records")}
        payload = {**comparison.to_dict(day), **(extra if len(priced) else {}), "run_ids": ids}
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    for d in day or [comparison.baseline.days - 1]:
        out.print(comparison_table(comparison, d))
    if len(priced):
        out.print(cost_table(priced, comparison))
    if ids is not None:
        out.print(
            f"stored as group {ids['group']} ({len(ids) - 1} runs) in {open_store(store).path}"
        )


def save_comparison(
    store, comparison, command: str | None = None, fit: str | None = None
) -> dict[str, str]:
    """Store a comparison's runs under one group id, in one transaction; return role -> id."""
    import uuid

    group = uuid.uuid4().hex[:12]
    drawn = {"fit": fit} if fit else {}
    runs = [(comparison.baseline, "baseline", drawn or None)] + [
        (res, name, {"variant": name, "change": comparison.changes[name], **drawn})
        for name, res in comparison.variants.items()
    ]
    ids = store.save_group(runs, "compare", group_id=group, command=command)
    return {"group": group, **{role: i for (_, role, _), i in zip(runs, ids, strict=True)}}


@app.command()
def report(
    ctx: typer.Context,
    ids: Annotated[
        list[str], typer.Argument(help="Run ids or comparison group ids (attrit runs).")
    ],
    to: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
    question: Annotated[str | None, typer.Option(help="The question the report answers.")] = None,
    first: Annotated[
        str | None,
        typer.Option(
            "--from", help="First day of the quota window, YYYY-MM-DD (default: report date)."
        ),
    ] = None,
    horizon: Annotated[int, typer.Option(help="Days in the quota window.", min=1)] = 90,
    store: StorePath = None,
) -> None:
    """Write one self-contained HTML report on stored runs and comparisons."""
    import datetime as dt

    from attrit.report import report as write_report

    checked_output(to, "--out", store_inputs(store))
    try:
        start = dt.date.fromisoformat(first) if first else None
    except ValueError:
        raise fail(f"--from: '{first}' is not a date (YYYY-MM-DD)") from None
    try:
        path = store_or_exit(
            write_report,
            ids,
            to,
            open_store(store),
            question=question,
            first=start,
            horizon=horizon,
            command=command_line(ctx),
        )
    except ValueError as exc:
        raise fail(str(exc)) from None
    out.print(f"report written to {path.resolve()}")
