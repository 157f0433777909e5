"""What every command shares: options, one-line failures, the store, progress, tables.

Command modules import this one; it imports none of them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from attrit.scenario.api import Scenario, load
from attrit.scenario.errors import ScenarioError

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


def evidence_or_exit(sc: Scenario, path: Path) -> Scenario:
    """``sc`` with an evidence file's items; on bad input one located line each, exit 2."""
    from attrit.scenario import load_evidence

    try:
        return load_evidence(sc, path)
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
            f"{u.rotation.quota_share:.0%} of strength"
            if u.rotation.quota_share
            else str(u.rotation.quota),
        )
    return table


def schedules_table(sc: Scenario) -> Table:
    """The parameters a scenario changes on dates, with their values before and after."""
    from attrit.scenario.schedules import described

    table = Table(title="schedules")
    for col in ("id", "parameter", "before", "shape", "points (date: value)"):
        table.add_column(col, justify="right" if col == "before" else "left")
    for row in described(sc):
        table.add_row(row["id"], row["path"], row["before"], row["shape"], row["points"])
    return table


MAX_SEED = 2**63 - 1  # what the store (and the scenario's own seed) can hold
Replicates = Annotated[
    int, typer.Option("--replicates", "-n", help="Replicates to run.", min=1, max=100_000)
]
Days = Annotated[
    int | None, typer.Option(help="Days to simulate (default: the calendar's).", min=1, max=3650)
]
Seed = Annotated[
    int | None, typer.Option(help="Run seed (default: the scenario's).", min=0, max=MAX_SEED)
]
Workers = Annotated[
    int | None,
    typer.Option(
        help="Local worker processes (default: this process, on its threads).", min=1, max=512
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(help="Dask scheduler address, e.g. tcp://127.0.0.1:8786 (not with --workers)."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
Json = Annotated[bool, typer.Option("--json", help="Print the summary as JSON, only that.")]
StorePath = Annotated[
    Path | None,
    typer.Option("--store", help="Run store (default: $ATTRIT_STORE or ./attrit.duckdb)."),
]
NoStore = Annotated[bool, typer.Option("--no-store", help="Do not record the run.")]


@contextmanager
def executor_or_exit(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """The executor ``--workers``/``--scheduler`` ask for; a bad request is one line, exit 2."""
    from attrit.executor import ExecutorError, executor_for

    try:
        with executor_for(workers, scheduler) as executor:
            yield executor
    except ExecutorError as exc:
        raise fail(str(exc)) from None


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
    """The summary of a run as a table: one row per unit and reported day, then the force.

    A force whose units have no quota gets no quota columns: strength, absence and losses;
    the absent (without leave) have a column where a unit keeps them on its rolls, and the
    payroll (paper strength) one where a commander keeps ghosts on it.
    """
    rows = results.summary_rows()
    quotas = any(row["quota"] > 0 for row in rows)
    sc = results.scenario
    absentees = sc.mechanisms.absence and any(u.absence.strike_off_days for u in sc.units)
    ghosts = sc.mechanisms.ghosts and any(u.ghosts.payroll_share for u in sc.units)
    table = Table(
        title=f"{results.scenario.name}: {len(results.replicates)} replicates, seed {results.seed}"
    )
    columns = ["unit", "date", "strength (5-50-95%)"]
    columns += ["payroll (50%)"] if ghosts else []
    columns += ["front/quota (50%)", "P(quota met)"] if quotas else []
    columns += ["away (50%)"] + (["absent (50%)"] if absentees else [])
    columns += ["deserted (50%)", "below half"]
    for col in columns:
        table.add_column(col, justify="left" if col in ("unit", "date") else "right")
    for k, row in enumerate(rows):
        cells = [
            row["unit"],
            row["date"],
            f"{row['strength_q05']:,.0f}-{row['strength_q50']:,.0f}-{row['strength_q95']:,.0f}",
        ]
        cells += [f"{row['paper_strength_q50']:,.0f}"] if ghosts else []
        if quotas:
            none = row["quota"] == 0
            cells += [
                "-" if none else f"{row['front_fill_q50']:.0%} of {row['quota']:,}",
                "-" if none else f"{row['p_quota_met']:.2f}",
            ]
        cells += [f"{row['away_q50']:,.0f}"]
        cells += [f"{row['absent_q50']:,.0f}"] if absentees else []
        cells += [
            f"{row['deserted_total_q50']:,.0f}",
            f"{row['p_below_half']:.0%}",
        ]
        last_of_unit = k + 1 < len(rows) and rows[k + 1]["unit"] != row["unit"]
        table.add_row(*cells, end_section=last_of_unit)
    return table


def write_reference(render, write: Path | None, check: Path | None, fix: str) -> None:
    """Print, write or check a generated reference document."""
    checked_output(write, "--write", {"the file to check": check} if write != check else {})
    text = render()
    if check is not None:
        from attrit.files import InputError, read_text

        try:
            current = read_text(check, 10 * 2**20, "a reference page")
        except InputError:
            current = None
        if current != text:
            print(f"{check} is out of date: run {fix} --write {check}", file=sys.stderr)
            raise typer.Exit(1)
        out.print(f"{check} is current")
    elif write is not None:
        from attrit.files import write_atomic

        write.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(write, text)
        out.print(f"wrote {write}")
    else:
        sys.stdout.write(text)


def store_inputs(store: Path | None) -> dict[str, Path]:
    """The store's files, as inputs no output may overwrite."""
    from attrit.store.base import default_path  # not the Store: it loads pandas

    path = Path(store) if store is not None else default_path()
    return {"the store": path, "the store's log": path.with_name(path.name + ".wal")}


def checked_output(path: Path | None, option: str, inputs: dict[str, Path | None]) -> None:
    """Refuse an output that is one of the command's inputs (or not writable): exit 2."""
    if path is None:
        return
    from attrit.files import OutputError, check_output

    try:
        check_output(path, option, inputs)
    except OutputError as exc:
        raise fail(str(exc)) from None
