"""The ``attrit`` Typer application; every command module registers its commands on it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="attrit",
    help="Model the manpower of armed forces under strain; calibrate it; compare remedies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
