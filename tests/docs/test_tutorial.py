"""docs/tutorial.md, run as written: every command of its console blocks in a fresh folder
(with the repository's `examples/`), each output checked against the text that follows it
with doctest's rules (``...`` matches anything, whitespace is normalised); every pycon block
as a doctest, in one namespace. So the tutorial cannot rot.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support.files import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
BLOCK = re.compile(r"^```(console|pycon|yaml)\n(.*?)^```", re.S | re.M)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
pytestmark = pytest.mark.slow


def steps(block: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block; ``\\`` continues a command."""
    out: list[list] = []
    continuing = False
    for line in block.splitlines():
        if continuing:
            out[-1][0] += "\n" + line
        elif line.startswith("$ "):
            out.append([line[2:], []])
        elif out:
            out[-1][1].append(line)
        continuing = line.endswith("\\")
    return [(cmd, "\n".join(want).strip() + "\n") for cmd, want in out]


def served(cmd: str, env: dict, cwd: Path) -> str:
    """Run ``attrit serve`` until it answers a page load, then stop it; its first line."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [*shlex.split(cmd), "--port", str(port)],
        cwd=cwd, env={**env, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        first = proc.stdout.readline()
        address = re.search(r"http://\S+\?token=\S+", first)
        assert address, first
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(address.group(0), timeout=30) as r:
                    assert r.status == 200 and b"bokeh" in r.read().lower()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"{cmd}: no page within 90 s")
    finally:
        proc.terminate()
        proc.wait(10)
    token = address.group(0).split("token=")[1]
    return first.replace(str(port), "5006").replace(token, "...")


def test_the_tutorial_runs_as_written(tmp_path):
    pytest.importorskip("pyabc")
    pytest.importorskip("panel")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    env.pop("ATTRIT_STORE", None)
    checker, ran = doctest.OutputChecker(), 0
    globs: dict = {}
    text = TUTORIAL.read_text()
    for kind, block in BLOCK.findall(text):
        if kind == "yaml":  # an excerpt: it must be in the file the tutorial shows
            assert block in (ROOT / "examples" / "iraq-2015.yaml").read_text(), block
            continue
        if kind == "pycon":
            test = doctest.DocTestParser().get_doctest(block, globs, "tutorial", None, 0)
            old = Path.cwd()
            os.chdir(tmp_path)
            try:
                result = doctest.DocTestRunner(optionflags=FLAGS).run(test, clear_globs=False)
            finally:
                os.chdir(old)
            assert result.failed == 0, block
            globs.update(test.globs)  # a DocTest runs on a copy: carry its names to the next
            ran += result.attempted
            continue
        for cmd, want in steps(block):
            if cmd.startswith("attrit serve"):
                got = served(cmd, env, tmp_path)
            else:
                done = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, env=env,
                                      capture_output=True, text=True, timeout=600)  # fmt: skip
                assert done.returncode == 0, f"$ {cmd}\n{done.stdout}\n{done.stderr}"
                got = done.stdout
            assert checker.check_output(want, got, FLAGS), f"$ {cmd}\nwant:\n{want}\ngot:\n{got}"
            ran += 1
    assert ran >= 15
