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

MAX_PORT = 65_535


@app.command()
def serve(
    file: Annotated[Path, typer.Argument(help="Scenario file; its folder is what Load may open.")],
    store: StorePath = None,
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=MAX_PORT)] = 5006,
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but 127.0.0.1 or ::1 exposes it.")
    ] = "127.0.0.1",
) -> None:
    """Open the dashboard: the scenario, levers with fan charts, comparisons, stored runs.

    Each launch has its own token, in the address printed at start; a request without it
    (or naming another host) is refused.
    """
    import socket

    try:
        from attrit.dashboard import serve as run_server
    except ImportError:
        raise fail("attrit serve needs Panel: pip install 'attrit[dashboard]'") from None
    load_or_exit(file)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:  # a clear line now, not a traceback from deep in Tornado
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise fail(f"--host {host} --port {port}: cannot listen there ({exc.strerror})") from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: serving on {host}: anyone who can reach this address and holds the "
            "token can run simulations and read the store",
            file=sys.stderr,
        )
    from attrit.store import default_path

    def started(address: str) -> None:
        out.print(f"attrit dashboard on {address} (Ctrl-C to stop)")

    run_server(file, store or default_path(), host, port, started=started)
