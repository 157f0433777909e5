"""``attrit serve`` in a child process for tests: started on a free port, stopped after."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def served(store: Path, scenario: Path = ROOT / "examples" / "toy.yaml") -> Iterator[tuple]:
    """Yield (url, process) once the dashboard accepts connections (fail after 90 s)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = store.with_name(f"serve-{port}.log")  # a file: a pipe nobody reads could fill up
    command = [sys.executable, "-m", "attrit", "serve", str(scenario), "--store", str(store)]
    proc = subprocess.Popen(
        [*command, "--port", str(port)], stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if proc.poll() is not None:
                pytest.fail(f"attrit serve exited: {log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail("attrit serve did not start listening within 90 s")
            time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/", proc
    finally:
        proc.terminate()
        proc.wait(10)
