"""``attrit params``, ``commands``, ``assumptions`` and ``model``: references from the code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attrit.cli.app import app
from attrit.cli.common import checked_output, fail, load_or_exit, write_reference


@app.command()
def params(
    write: Annotated[Path | None, typer.Option(help="Write the reference to this file.")] = None,
    check: Annotated[
        Path | None, typer.Option(help="Exit 1 if this file is not the current reference.")
    ] = None,
) -> None:
    """Print (or write, or check) the reference of every model parameter."""
    from attrit.scenario.reference import render_markdown

    write_reference(render_markdown, write, check, "attrit params")


@app.command()
def commands(
    ctx: typer.Context,
    write: Annotated[Path | None, typer.Option(help="Write the reference to this file.")] = None,
    check: Annotated[
        Path | None, typer.Option(help="Exit 1 if this file is not the current reference.")
    ] = None,
) -> None:
    """Print (or write, or check) the reference of every command (docs/cli.md)."""
    from attrit.cli.docs import render

    root = ctx.find_root().command
    write_reference(lambda: render(root), write, check, "attrit commands")


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

    checked_output(write, "--write", {"the scenario": file, "the screening": screening})
    sc = load_or_exit(file)
    from attrit.files import InputError, read_text

    try:
        text = read_text(screening, 50 * 2**20, "a screening") if screening else None
        data = json.loads(text) if text is not None else None
    except (InputError, ValueError) as exc:
        raise fail(f"{screening}: not a screening from attrit sensitivity --json ({exc})") from None
    write_reference(lambda: render_markdown(sc, file.name, data), write, check,
               f"attrit assumptions {file} --screening {screening}")  # fmt: skip


@app.command()
def model(
    write: Annotated[Path | None, typer.Option(help="Write the reference to this file.")] = None,
    check: Annotated[
        Path | None, typer.Option(help="Exit 1 if this file is not the current reference.")
    ] = None,
) -> None:
    """Print (or write, or check) the engine's phases and equations, from its own code."""
    from attrit.model.describe import render_markdown

    write_reference(render_markdown, write, check, "attrit model")
