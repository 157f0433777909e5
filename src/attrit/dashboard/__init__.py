"""The analyst's dashboard: a scenario and the run store in the browser (``attrit serve``)."""

from __future__ import annotations

from pathlib import Path


def serve(
    scenario: Path, store: Path, host: str = "127.0.0.1", port: int = 5006, show: bool = False
) -> None:
    """Serve the dashboard until interrupted; nothing is fetched from the network."""
    import panel as pn

    from attrit.dashboard.app import Dashboard

    pn.extension(design="native")

    def page():
        return Dashboard(scenario, store).view()

    pn.serve(
        page,
        address=host,
        port=port,
        show=show,
        # a session nobody holds open is dropped after 5 s, so page loads cannot pile up
        unused_session_lifetime_milliseconds=5_000,
        check_unused_sessions_milliseconds=1_000,
        title="attrit",
        websocket_origin=[f"{host}:{port}", f"localhost:{port}"],
        threaded=False,
    )
