"""The analyst's dashboard: a scenario and the run store in the browser (``attrit serve``)."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from pathlib import Path


def url(host: str, port: int, token: str) -> str:
    """The address that opens the dashboard (with this launch's token)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def serve(
    scenario: Path,
    store: Path,
    host: str = "127.0.0.1",
    port: int = 5006,
    token: str | None = None,
    show: bool = False,
    started: Callable[[str], None] | None = None,
) -> None:
    """Serve the dashboard until interrupted; nothing is fetched from the network.

    Only requests with ``token`` (a new one if none is given) and a ``Host`` naming this
    server are served (:mod:`attrit.dashboard.security`); ``started`` is called with the
    address once the server listens.
    """
    import panel as pn
    from panel.io.server import COMPONENT_PATH

    from attrit.dashboard.app import Dashboard
    from attrit.dashboard.security import NoComponents, TokenAuth, hosts, new_token

    pn.extension(design="native")
    # Bokeh's own origin check cannot hold an IPv6 host, so it is given "*" and TokenAuth
    # checks Host and Origin itself; Bokeh's warning about the wildcard would mislead
    logging.getLogger("bokeh.server.util").setLevel(logging.ERROR)
    token = token or new_token()
    allowed = hosts(host, port)

    def page():
        return Dashboard(scenario, store).view()

    server = pn.serve(
        page,
        address=host,
        port=port,
        show=False,
        start=False,
        # a session nobody holds open is dropped after 5 s, so page loads cannot pile up
        unused_session_lifetime_milliseconds=5_000,
        check_unused_sessions_milliseconds=1_000,
        title="attrit",
        websocket_origin=["*"],
        auth_provider=TokenAuth(token, allowed),
        # ahead of Panel's own route of the same path, which imports any module a URL names
        extra_patterns=[(rf"/{COMPONENT_PATH}(.*)", NoComponents)],
        threaded=False,
        verbose=False,
        location=False,  # the page keeps no state in its URL (and Panel's parser fails on ::1)
    )
    address = url(host, port, token)
    if started is not None:
        server.io_loop.add_callback(started, address)
    if show:
        server.io_loop.add_callback(lambda: __import__("webbrowser").open(address))
    stopped: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        stopped.append(signum)
        server.io_loop.add_callback_from_signal(server.io_loop.stop)

    from attrit.interrupt import asked

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    if asked() is not None:  # a signal while the server was being built
        stopped.append(asked())  # type: ignore[arg-type]
    try:
        if not stopped:
            server.start()
            server.io_loop.start()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if stopped:
        from attrit.interrupt import Interrupted

        raise Interrupted(stopped[0], "the dashboard stopped; its store is whole")
