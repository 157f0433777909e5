"""Who may use the dashboard: the holder of its per-launch token, through this host only.

``attrit serve`` makes a random token at each launch and prints the URL that carries it (as
Jupyter does). A page or websocket request is served only if it carries the token (in the
URL, then in a cookie the first page sets) and names this server in its ``Host`` header (a
page elsewhere in the analyst's browser cannot rebind a name to 127.0.0.1), and a request a
browser sends with an ``Origin`` must come from this server's pages. Panel's
component-resource route, which imports any module a URL names, is replaced by one that
serves nothing.
"""

from __future__ import annotations

import contextlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

from bokeh.server.auth_provider import AuthProvider
from tornado.web import HTTPError, RequestHandler

COOKIE = "attrit_token"


def new_token() -> str:
    """A token no one can guess (192 random bits)."""
    return secrets.token_urlsafe(24)


def hosts(host: str, port: int) -> list[str]:
    """The ``Host`` values that name this server (and the websocket origins it accepts)."""
    names = {host, "localhost"} if host in ("127.0.0.1", "::1", "localhost") else {host}
    if host in ("127.0.0.1", "localhost"):
        names.add("127.0.0.1")
    return sorted(f"[{n}]:{port}" if ":" in n else f"{n}:{port}" for n in names)


class Refused(RequestHandler):
    """What a request without the token gets: 403 and the way in."""

    def get(self, *args: Any, **kwargs: Any) -> None:
        """Refuse with a one-line explanation."""
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(
            "attrit dashboard: open the address `attrit serve` printed (it carries the "
            "token of this launch)\n"
        )


class NoComponents(RequestHandler):
    """Panel's ``/components/<module>/...`` route, closed: it would import what a URL names."""

    def get(self, *args: Any, **kwargs: Any) -> None:
        """Not found, whatever is asked."""
        raise HTTPError(404)

    head = get


class TokenAuth(AuthProvider):
    """Bokeh's authentication hook: the token, from the URL or the cookie, and a known host."""

    def __init__(self, token: str, allowed_hosts: list[str]):
        self.token = token
        self.allowed_hosts = {h.lower() for h in allowed_hosts}
        super().__init__()

    @property
    def get_user(self):  # noqa: D102 (Bokeh's hook)
        def user(handler: RequestHandler) -> str | None:
            if handler.request.host.lower() not in self.allowed_hosts:
                return None
            origin = handler.request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc.lower() not in self.allowed_hosts:
                return None  # a page elsewhere in the browser, talking to this server
            given = handler.get_argument("token", None) or handler.get_cookie(COOKIE)
            if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
                return None
            if handler.get_cookie(COOKIE) != self.token and hasattr(handler, "set_cookie"):
                with contextlib.suppress(Exception):  # a websocket upgrade sets no cookie
                    handler.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict")
            return "analyst"

        return user

    @property
    def login_url(self) -> str:  # noqa: D102 (Bokeh's hook)
        return "/refused"

    @property
    def login_handler(self) -> type[RequestHandler]:  # noqa: D102 (Bokeh's hook)
        return Refused
