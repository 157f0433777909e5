"""``attrit serve`` in a child process for tests: started on a free port, stopped after."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


ADDRESS = re.compile(r"attrit dashboard on (?P<url>http://\S+/\?token=\S+)")


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@contextmanager
def served(
    store: Path, scenario: Path = ROOT / "examples" / "toy.yaml", host: str = "127.0.0.1"
) -> Iterator[tuple]:
    """Yield (url with its token, process) once the dashboard serves (fail after 90 s)."""
    port = free_port(host)
    log = store.with_name(f"serve-{port}.log")  # a file: a pipe nobody reads could fill up
    command = [sys.executable, "-m", "attrit", "serve", str(scenario), "--store", str(store)]
    proc = subprocess.Popen(
        [*command, "--port", str(port), "--host", host],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            found = ADDRESS.search(log.read_text())
            if found:
                break
            if proc.poll() is not None:
                pytest.fail(f"attrit serve exited: {log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail("attrit serve did not start listening within 90 s")
            time.sleep(0.3)
        yield found["url"], proc
    finally:
        proc.terminate()
        proc.wait(10)
