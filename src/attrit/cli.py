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
out = Console()

BAD_INPUT = 2


def fail(message: str) -> typer.Exit:
    """Print a one-line error to stderr and return the exit for bad input."""
    print(message, file=sys.stderr)
    return typer.Exit(BAD_INPUT)


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

    text = render_markdown()
    if check is not None:
        if not check.is_file() or check.read_text(encoding="utf-8") != text:
            print(f"{check} is out of date: run attrit params --write {check}", file=sys.stderr)
            raise typer.Exit(1)
        out.print(f"{check} is current")
    elif write is not None:
        write.parent.mkdir(parents=True, exist_ok=True)
        write.write_text(text, encoding="utf-8")
        out.print(f"wrote {write}")
    else:
        sys.stdout.write(text)


def main() -> None:
    """Entry point for ``python -m attrit``."""
    app()
