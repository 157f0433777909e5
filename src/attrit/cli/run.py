"""``attrit validate``, ``simulate``, ``runs``, ``show`` and ``export``: a run and the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

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
    scenario_summary,
    schedules_table,
    store_inputs,
    store_or_exit,
    summary_table,
)


@app.command()
def validate(
    file: Annotated[
        Path | None, typer.Argument(help="Scenario file (.yaml, .yml or .toml).")
    ] = None,
    evidence: Annotated[
        Path | None,
        typer.Option(
            help="An evidence file (sources: and evidence:) to check: with a scenario, as "
            "the scenario's evidence; alone, on its own."
        ),
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option(help="The scenario an --evidence file is about.")
    ] = None,
    outlook: Annotated[
        bool,
        typer.Option(
            help="Also run the scenario for 30 days (8 replicates) and warn of units whose "
            "morale nears its floor."
        ),
    ] = True,
) -> None:
    """Check a scenario or an evidence file: a summary, or one located line per problem (exit 2).

    Warnings (exit 0) point at settings that are valid but probably not meant.
    """
    if file is not None and scenario is not None and file != scenario:
        raise fail("give the scenario once: as the argument or as --scenario")
    file = file or scenario
    if file is None and evidence is None:
        raise fail("give a scenario file, or --evidence FILE (with --scenario FILE or alone)")
    if file is None:
        _validate_evidence_alone(evidence)  # type: ignore[arg-type]
        return
    sc = load_or_exit(file)
    if evidence is not None:
        sc = evidence_or_exit(sc, evidence)
    out.print(scenario_summary(sc))
    if sc.schedules:
        out.print(schedules_table(sc))
    active = sum(iv.active for iv in sc.interventions)
    out.print(
        f"{len(sc.factions)} factions, {len(sc.units)} units, {sc.strength:,} members; "
        f"{len(sc.evidence)} evidence items from {len(sc.sources)} sources"
        + (f" (the evidence of {evidence})" if evidence is not None else "")
        + f"; {len(sc.interventions)} interventions ({active} in the baseline); "
        f"{len(sc.assumptions)} assumptions.",
        soft_wrap=True,  # one line, whatever the terminal: paths stay whole
    )
    from attrit.scenario.advice import warnings_in

    ahead = []
    if outlook:
        from attrit.analysis.outlook import morale_floor

        ahead = morale_floor(sc)
    for warning in warnings_in(file, sc, ahead):
        out.print(f"[yellow]warning[/yellow]: {warning}", highlight=False, soft_wrap=True)
    out.print(
        f"[green]valid[/green]: {file}" + (f" with {evidence}" if evidence else ""), soft_wrap=True
    )


def _validate_evidence_alone(path: Path) -> None:
    from attrit.scenario import ScenarioError, check_evidence

    try:
        found = check_evidence(path)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise typer.Exit(2) from None
    own = {s.id for s in found.sources}
    kinds: dict[str, int] = {}
    for ev in found.evidence:
        kinds[ev.kind] = kinds.get(ev.kind, 0) + 1
    out.print(
        f"{len(found.evidence)} evidence items ("
        + ", ".join(f"{n} {k}" for k, n in kinds.items())
        + f") from {len(found.sources)} sources."
    )
    missing = sorted({ev.source for ev in found.evidence} - own)
    if missing:
        out.print(
            f"[yellow]note[/yellow]: sources not in the file ({', '.join(missing)}) must be in "
            "the scenario's; units, factions and dates are checked with --scenario FILE",
            soft_wrap=True,
        )
    out.print(f"[green]valid[/green]: {path} (on its own)")


@app.command()
def simulate(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Scenario file.")],
    replicates: Replicates = 100,
    days: Days = None,
    seed: Seed = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    export: Annotated[
        Path | None, typer.Option(help="Write the daily record as Parquet (long form).")
    ] = None,
    as_json: Json = False,
    quiet: Quiet = False,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Simulate a scenario: an ensemble of replicates, summarised per unit, and store it.

    With --no-store and no --export, only what the summary needs is kept as replicates
    finish (every replicate on the reported days), not the whole daily record.
    """
    import json

    from attrit.run import RunError
    from attrit.run import simulate as run
    from attrit.summary import Summarise

    checked_output(export, "--export", {"the scenario": file, **store_inputs(store)})
    sc = load_or_exit(file)
    # nothing to store or export: keep only what the summary needs, batch by batch
    summarise = Summarise() if no_store and export is None else None
    try:
        with (
            executor_or_exit(workers, scheduler) as executor,
            progress_bar(replicates, "simulating", not quiet and not as_json) as tick,
        ):
            results = run(
                sc,
                replicates=replicates,
                days=days,
                seed=seed,
                executor=executor,
                progress=tick,
                reduce=summarise,
            )
    except RunError as exc:
        raise fail(f"{file}: {exc}") from None
    # the run is stored first: a failed export must not lose what was simulated
    run_id = (
        None
        if no_store
        else store_or_exit(open_store(store).save, results, command=command_line(ctx))
    )
    if export is not None:
        try:
            results.export(export)
        except OSError as exc:
            kept = f"run {run_id} is stored" if run_id else "nothing was stored (--no-store)"
            raise fail(f"--export {export}: {exc.strerror or exc}; {kept}") from None
    if as_json:
        sys.stdout.write(json.dumps({**results.to_dict(), "run_id": run_id}, indent=2) + "\n")
        return
    out.print(summary_table(results))
    out.print(
        f"{results.person_days_per_second:,.0f} person-days per second "
        f"({results.wall_seconds:.1f} s)"
    )
    if export is not None:
        out.print(f"daily record written to {export}")
    if run_id is not None:
        out.print(f"stored as run {run_id} in {open_store(store).path}")


@app.command()
def runs(
    store: StorePath = None,
    ids: Annotated[bool, typer.Option("--ids", help="Print only run ids, one per line.")] = False,
) -> None:
    """List the runs in the store, newest first."""
    list_table(store_or_exit(open_store(store).runs), "runs", store, "run_id", ids)


@app.command()
def show(
    run_id: Annotated[str, typer.Argument(help="A run id (attrit runs lists them).")],
    store: StorePath = None,
    as_json: Json = False,
) -> None:
    """Print one stored run: how it was made and its summary."""
    import json

    record = store_or_exit(open_store(store).run, run_id)
    if as_json:
        sys.stdout.write(json.dumps(record, indent=2, default=str) + "\n")
        return
    for key in (
        "run_id",
        "kind",
        "role",
        "created",
        "attrit_version",
        "scenario_name",
        "scenario_hash",
        "seed",
        "replicates",
        "days",
        "changes",
        "wall_seconds",
    ):
        out.print(f"[bold]{key}[/bold]: {record[key]}")
    import pandas as pd

    if record["kind"] == "sensitivity":
        ranked = open_store(store).sensitivity(run_id)["indices"].dropna(axis=1, how="all")
        out.print(f"noise share: {record['summary']['noise_share']:.1%}")
        out.print(ranked.drop(columns=["rank"]).to_string(index=False))
        return
    out.print(pd.DataFrame(record["summary"]).to_string(index=False))


@app.command()
def export(
    run_id: Annotated[str, typer.Argument(help="A run id (attrit runs lists them).")],
    to: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    store: StorePath = None,
) -> None:
    """Write a stored run's daily record (long form) to Parquet or CSV."""
    checked_output(to, "--out", store_inputs(store))
    path = store_or_exit(open_store(store).export, run_id, to, fmt)
    out.print(f"wrote {path}")
