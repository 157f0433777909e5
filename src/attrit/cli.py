"""The ``attrit`` command: a thin Typer face over the Python API."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from attrit.scenario import Scenario, ScenarioError, load

app = typer.Typer(
    name="attrit",
    help="Model the manpower of armed forces under strain; calibrate it; compare remedies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# a terminal sets its own width; a pipe or a file gets room for the summary table
out = Console(width=None if sys.stdout.isatty() else 160)

BAD_INPUT = 2


def fail(message: str) -> typer.Exit:
    """Print a one-line error to stderr and return the exit for bad input."""
    print(message, file=sys.stderr)
    return typer.Exit(BAD_INPUT)


def command_line(ctx: typer.Context) -> str:
    """The running command as a shell line: its arguments and every option not at its default.

    Rebuilt from the parsed parameters, so it is the same however attrit was started.
    """
    import shlex

    words = ["attrit", ctx.info_name or ""]
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if value is None or value == param.default or value in ((), [], False):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        if param.param_type_name == "argument":
            words += [str(v) for v in values]
            continue
        flag = max(param.opts, key=len)
        for v in values:
            words += [flag] if v is True else [flag, str(v)]
    return shlex.join(words)


def load_or_exit(path: Path) -> Scenario:
    """Load a scenario; on bad input print one located line per problem and exit 2."""
    try:
        return load(path)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        raise typer.Exit(BAD_INPUT) from None


def scenario_summary(sc: Scenario) -> Table:
    """A one-screen table of a scenario's units."""
    table = Table(title=f"{sc.name}: {sc.calendar.start} + {sc.calendar.days} days")
    for col in ("unit", "faction", "province", "members", "rotation", "quota"):
        table.add_column(col, justify="right" if col in ("members", "quota") else "left")
    for u in sc.units:
        table.add_row(
            u.id,
            u.faction,
            u.province,
            f"{u.strength.members:,}",
            f"{u.rotation.days_on}/{u.rotation.days_off}",
            str(u.rotation.quota),
        )
    return table


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="Scenario file (.yaml, .yml or .toml).")],
) -> None:
    """Check a scenario file; print a summary, or one located line per problem (exit 2)."""
    sc = load_or_exit(file)
    out.print(scenario_summary(sc))
    active = sum(iv.active for iv in sc.interventions)
    out.print(
        f"{len(sc.factions)} factions, {len(sc.units)} units, {sc.strength:,} members; "
        f"{len(sc.evidence)} evidence items from {len(sc.sources)} sources; "
        f"{len(sc.interventions)} interventions ({active} in the baseline); "
        f"{len(sc.assumptions)} assumptions."
    )
    out.print(f"[green]valid[/green]: {file}")


@app.command()
def params(
    write: Annotated[Path | None, typer.Option(help="Write the reference to this file.")] = None,
    check: Annotated[
        Path | None, typer.Option(help="Exit 1 if this file is not the current reference.")
    ] = None,
) -> None:
    """Print (or write, or check) the reference of every model parameter."""
    from attrit.scenario.reference import render_markdown

    _reference(render_markdown, write, check, "attrit params")


@app.command()
def commands(
    write: Annotated[Path | None, typer.Option(help="Write the reference to this file.")] = None,
    check: Annotated[
        Path | None, typer.Option(help="Exit 1 if this file is not the current reference.")
    ] = None,
) -> None:
    """Print (or write, or check) the reference of every command (docs/cli.md)."""
    from attrit.cli_docs import render

    _reference(render, write, check, "attrit commands")


@app.command()
def assumptions(
    file: Annotated[Path, typer.Argument(help="Scenario file.")],
    screening: Annotated[
        Path | None,
        typer.Option(help="A sensitivity screening of it (attrit sensitivity --json output)."),
    ] = None,
    write: Annotated[Path | None, typer.Option(help="Write the register to this file.")] = None,
    check: Annotated[
        Path | None, typer.Option(help="Exit 1 if this file is not the current register.")
    ] = None,
) -> None:
    """Print (or write, or check) a scenario's assumptions register, with their sensitivity."""
    import json

    from attrit.scenario.assumptions import render_markdown

    sc = load_or_exit(file)
    try:
        data = json.loads(screening.read_text(encoding="utf-8")) if screening else None
    except (OSError, ValueError) as exc:
        raise fail(f"{screening}: not a screening from attrit sensitivity --json ({exc})") from None
    _reference(lambda: render_markdown(sc, file.name, data), write, check,
               f"attrit assumptions {file} --screening {screening}")  # fmt: skip


def _reference(render, write: Path | None, check: Path | None, fix: str) -> None:
    """Print, write or check a generated reference document."""
    text = render()
    if check is not None:
        if not check.is_file() or check.read_text(encoding="utf-8") != text:
            print(f"{check} is out of date: run {fix} --write {check}", file=sys.stderr)
            raise typer.Exit(1)
        out.print(f"{check} is current")
    elif write is not None:
        write.parent.mkdir(parents=True, exist_ok=True)
        write.write_text(text, encoding="utf-8")
        out.print(f"wrote {write}")
    else:
        sys.stdout.write(text)


@app.command()
def model(
    write: Annotated[Path | None, typer.Option(help="Write the reference to this file.")] = None,
    check: Annotated[
        Path | None, typer.Option(help="Exit 1 if this file is not the current reference.")
    ] = None,
) -> None:
    """Print (or write, or check) the engine's phases and equations, from its own code."""
    from attrit.model.describe import render_markdown

    _reference(render_markdown, write, check, "attrit model")


Replicates = Annotated[int, typer.Option("--replicates", "-n", help="Replicates to run.")]
Days = Annotated[int | None, typer.Option(help="Days to simulate (default: the calendar's).")]
Seed = Annotated[int | None, typer.Option(help="Run seed (default: the scenario's).")]
Workers = Annotated[int, typer.Option(help="Local worker processes (1: this process).")]
Scheduler = Annotated[
    str | None, typer.Option(help="Dask scheduler address, e.g. tcp://127.0.0.1:8786.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
Json = Annotated[bool, typer.Option("--json", help="Print the summary as JSON, only that.")]
StorePath = Annotated[
    Path | None,
    typer.Option("--store", help="Run store (default: $ATTRIT_STORE or ./attrit.duckdb)."),
]
NoStore = Annotated[bool, typer.Option("--no-store", help="Do not record the run.")]


def open_store(path: Path | None):
    """The run store at ``path`` (or the default)."""
    from attrit.store import Store

    return Store(path)


def store_or_exit(action, *args, **kwargs):
    """Call a store method; a busy or broken store is a one-line error, exit 2."""
    from attrit.store import StoreError

    try:
        return action(*args, **kwargs)
    except StoreError as exc:
        raise fail(str(exc)) from None


def progress_bar(total: int, label: str, enabled: bool, update=None):
    """A Rich progress bar on stderr (or nothing when off or not a terminal).

    The context yields a callback; by default it takes the count done, or ``update(info)``
    maps what it is given to ``(done, description)``.
    """
    from contextlib import nullcontext

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    err = Console(stderr=True)
    if not enabled or not err.is_terminal:
        return nullcontext(lambda _: None)

    class _Bar:
        def __enter__(self):
            self.progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            self.progress.__enter__()
            task = self.progress.add_task(label, total=total)

            def tick(info) -> None:
                done, text = (info, label) if update is None else update(info)
                self.progress.update(task, completed=done, description=text)

            return tick

        def __exit__(self, *exc):
            return self.progress.__exit__(*exc)

    return _Bar()


def list_table(frame, what: str, store: Path | None, id_column: str, ids: bool) -> None:
    """Print a listing from the store as a table, or only its ids, one per line."""
    if ids:
        sys.stdout.write("".join(f"{i}\n" for i in frame[id_column]))
        return
    table = Table(title=f"{what} in {open_store(store).path}")
    for col in frame.columns:
        table.add_column(col)
    for row in frame.itertuples(index=False):
        table.add_row(*(str(v) for v in row))
    out.print(table)


def summary_table(results) -> Table:
    """The summary of a run as a table: one row per unit and reported day."""
    frame = results.summary()
    table = Table(
        title=f"{results.scenario.name}: {len(results.replicates)} replicates, seed {results.seed}"
    )
    for col in (
        "unit",
        "date",
        "strength (5-50-95%)",
        "front/quota (50%)",
        "P(quota met)",
        "deserted (50%)",
        "below half",
    ):
        table.add_column(col, justify="left" if col in ("unit", "date") else "right")
    for row in frame.itertuples():
        fill = "-" if row.quota == 0 else f"{row.front_fill_q50:.0%} of {row.quota}"
        table.add_row(
            row.unit,
            row.date,
            f"{row.strength_q05:,.0f}-{row.strength_q50:,.0f}-{row.strength_q95:,.0f}",
            fill,
            f"{row.p_quota_met:.2f}",
            f"{row.deserted_total_q50:,.0f}",
            f"{row.p_below_half:.0%}",
        )
    return table


@app.command()
def simulate(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Scenario file.")],
    replicates: Replicates = 100,
    days: Days = None,
    seed: Seed = None,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    export: Annotated[
        Path | None, typer.Option(help="Write the daily record as Parquet (long form).")
    ] = None,
    as_json: Json = False,
    quiet: Quiet = False,
    store: StorePath = None,
    no_store: NoStore = False,
) -> None:
    """Simulate a scenario: an ensemble of replicates, summarised per unit, and store it."""
    import json

    from attrit.run import RunError
    from attrit.run import simulate as run

    sc = load_or_exit(file)
    try:
        with progress_bar(replicates, "simulating", not quiet and not as_json) as tick:
            results = run(
                sc,
                replicates=replicates,
                days=days,
                seed=seed,
                workers=workers,
                scheduler=scheduler,
                progress=tick,
            )
    except RunError as exc:
        raise fail(f"{file}: {exc}") from None
    if export is not None:
        results.export(export)
    run_id = (
        None
        if no_store
        else store_or_exit(open_store(store).save, results, command=command_line(ctx))
    )
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
    path = store_or_exit(open_store(store).export, run_id, to, fmt)
    out.print(f"wrote {path}")


def main() -> None:
    """Entry point of ``attrit`` and ``python -m attrit``.

    A file the system cannot write (disk full, a file-size limit) ends the command with one
    line and exit code 2, not a traceback; every write is atomic, so nothing half-written is
    left under the file's name.
    """
    import errno

    try:
        app()
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            raise
        print(
            f"cannot write {exc.filename or 'a file'}: {exc.strerror} (is the disk full?)",
            file=sys.stderr,
        )
        sys.exit(BAD_INPUT)


# commands kept in their own modules register on ``app`` when imported
import attrit.cli_calibrate  # noqa: E402
import attrit.cli_compare  # noqa: E402
import attrit.cli_evidence  # noqa: E402
import attrit.cli_lanchester  # noqa: E402
import attrit.cli_sensitivity  # noqa: E402
import attrit.cli_serve  # noqa: E402, F401
