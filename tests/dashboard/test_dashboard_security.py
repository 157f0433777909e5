"""The dashboard refuses what it must: no token, another host, a module named in a URL.

Each attack is sent to a running ``attrit serve``; after all of them the server still serves
its page to the holder of the token. The token is the one the server printed at start.
"""

from __future__ import annotations

import http.client
import socket
import urllib.parse

import pytest

from support.dashboard_server import served
from support.reliability import record

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def get(url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    r = conn.getresponse()
    body = r.read().decode("utf-8", "replace")
    conn.close()
    return r.status, body


def websocket_upgrade(url: str, token: str | None, origin: str | None) -> int:
    """The status of a websocket handshake on the app's route (101 when accepted)."""
    parts = urllib.parse.urlsplit(url)
    lines = [
        f"GET /ws{'?token=' + token if token else ''} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: bokeh, x",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = s.recv(4096).decode("latin-1")
    return int(head.split()[1])


ATTACKS = [
    ("no token", "/", {}),
    ("a wrong token", "/?token=guess", {}),
    ("a module named in a URL", "/components/this/x/y/z", {}),
    ("attrit's own CLI named in a URL", "/components/attrit.cli/app/x/y", {}),
    ("a module that makes the server exit", "/components/pygments.__main__/x/y/z", {}),
]


def test_attacks_are_refused_and_the_server_serves_on(tmp_path):
    with served(tmp_path / "s.duckdb") as (url, proc):
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["token"][0]
        base = urllib.parse.urlsplit(url)
        refused = 0
        for what, path, headers in ATTACKS:
            status, body = get(url, path, headers)
            assert status in (302, 403, 404), (what, status)
            assert "Toy force" not in body, what
            refused += 1
        # the token with a host that is not this server (DNS rebinding): refused
        status, _ = get(url, f"/?token={token}", {"Host": f"evil.example:{base.port}"})
        assert status in (302, 403)
        refused += 1
        # a token-bearing component URL still imports nothing
        status, _ = get(url, f"/components/pygments.__main__/x/y/z?token={token}")
        assert status == 404
        refused += 1
        # websockets: without the token, or from another origin, no upgrade
        assert websocket_upgrade(url, None, f"http://{base.netloc}") != 101
        assert websocket_upgrade(url, token, "http://evil.example") != 101
        refused += 2
        assert proc.poll() is None, "the server died"
        status, body = get(url, f"/?token={token}")
        assert status == 200 and "attrit" in body
    record("dashboard attacks", f"{refused} attacks (token, host, origin, component "
           "imports) refused; the page still served with the token", attacks=refused,
           refused=refused)  # fmt: skip


def test_the_dashboard_serves_on_ipv6_loopback(tmp_path):
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with served(tmp_path / "s.duckdb", host="::1") as (url, _):
        assert url.startswith("http://[::1]:")
        status, body = get(url, "/" + url.split("/", 3)[3])
        assert status == 200 and "attrit" in body
