"""``attrit serve``: the dashboard over a scenario and the run store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from attrit.cli.app import app
from attrit.cli.common import (
    StorePath,
    fail,
    load_or_exit,
    out,
)


@app.command()
def serve(
    file: Annotated[Path, typer.Argument(help="Scenario file; its folder is what Load may open.")],
    store: StorePath = None,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 5006,
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but 127.0.0.1 exposes the dashboard.")
    ] = "127.0.0.1",
) -> None:
    """Open the dashboard: the scenario, levers with fan charts, comparisons, stored runs."""
    try:
        from attrit.dashboard import serve as run_server
    except ImportError:
        raise fail("attrit serve needs Panel: pip install 'attrit[dashboard]'") from None
    load_or_exit(file)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: serving on {host}: anyone who can reach this address can run "
            "simulations and read the store",
            file=sys.stderr,
        )
    from attrit.store import default_path

    out.print(f"attrit dashboard on http://{host}:{port}/ (Ctrl-C to stop)")
    run_server(file, store or default_path(), host, port)
