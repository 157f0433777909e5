"""Ctrl-C and SIGTERM stop every command cleanly, whenever they arrive.

Each command is started in its own process group and sent SIGINT (to the group, as a
terminal's Ctrl-C is) or SIGTERM (to the process) at a seeded moment while it works. It must
end within 10 s of the signal, by exiting 130 or 143 with one line on stderr (or 0 if it had
finished), never by dying of the signal, hanging or printing a traceback; the store must hold
only whole runs, and an interrupted fit must continue with ``--resume``. ``make reliability``
runs each command 20 times (``ATTRIT_INTERRUPTS``); ``make test`` a few.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from support.files import EXAMPLE, TOY
from support.reliability import record
from support.stored import orphans, whole

pytestmark = [pytest.mark.reliability, pytest.mark.faults, pytest.mark.slow]

TIMES = int(os.environ.get("ATTRIT_INTERRUPTS", "1"))
ATTRIT = [str(Path(sys.executable).parent / "attrit")]
PARAM = "units.alpha.leave.return_probability=uniform(0.5,1)"
# each command works well past the latest signal (9 s), so the signal lands during the work,
# not after its last check (a finished command exits 0 and proves nothing)
COMMANDS = {
    "simulate": ["simulate", str(EXAMPLE), "-n", "1000", "--days", "365", "-q"],
    "compare": ["compare", str(EXAMPLE), "-n", "600", "--days", "365", "-q",
                "-i", "stop-the-theft"],
    "sensitivity": ["sensitivity", str(TOY), "--unit", "alpha", "--day", "60", "--samples",
                    "30", "--replicates", "4", "-q"],
    # a budget the five generations stay inside: the resumed fit ends by its generations
    "fit": ["fit", str(TOY), "--param", PARAM, "--population", "150", "--generations", "5",
            "--budget", "40000", "--checks", "40", "-q"],
    "fit --workers 2": ["fit", str(TOY), "--param", PARAM, "--population", "150",
                        "--generations", "5", "--budget", "40000", "--checks", "40",
                        "--workers", "2", "-q"],
}  # fmt: skip


def whole_runs(store: Path) -> bool:
    """Every stored run has its whole daily record (replicates x days x units rows)."""
    if not store.exists():
        return True
    return whole(store)[1] == [] and orphans(store) == []


def stored_fits(store: Path) -> list[str]:
    """Ids of the fits in a store (none if it was never made)."""
    if not store.exists():
        return []
    with duckdb.connect(str(store), read_only=True) as con:
        return [row[0] for row in con.sql("SELECT fit_id FROM fits").fetchall()]


def interrupt(argv: list[str], store: Path, delay: float, signum: int) -> tuple[int, str, float]:
    proc = subprocess.Popen(
        [*ATTRIT, *argv, "--store", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    time.sleep(delay)
    sent = time.monotonic()
    if proc.poll() is None:
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signal.SIGINT)  # the terminal's Ctrl-C: the whole group
        else:
            proc.send_signal(signum)
    try:
        _, err = proc.communicate(timeout=10 + max(0.0, delay - (time.monotonic() - sent)))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"{argv[0]} hung more than 10 s after the signal")
    return proc.returncode, err, time.monotonic() - sent


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.heavy) if "--workers" in n else n for n in COMMANDS],
)
def test_a_signal_stops_the_command_cleanly(name, tmp_path):
    rng = random.Random(f"interrupt-{name}")
    stopped = finished = 0
    for k in range(TIMES):
        store = tmp_path / f"s{k}.duckdb"
        signum = signal.SIGINT if k % 2 == 0 else signal.SIGTERM
        code, err, after = interrupt(COMMANDS[name], store, rng.uniform(2.0, 9.0), signum)
        assert code >= 0, f"{name} died of signal {-code}: {err}"
        assert "Traceback" not in err and "Fatal Python error" not in err, err
        assert code in (0, 128 + signum), (code, err)
        assert whole_runs(store), f"{name} left a partial run"
        if code == 0:
            finished += 1
            continue
        stopped += 1
        assert len(err.strip().splitlines()) == 1, err
        assert after < 10
        if name.startswith("fit") and "--resume " not in err:
            # stopped before the fit was stored (loading, the figures' first check)
            assert "nothing half-done was kept" in err, err
            assert not stored_fits(store), err
        elif name.startswith("fit"):
            fit_id = err.split("--resume ")[1].split()[0]
            done = subprocess.run([*ATTRIT, "fit", "--resume", fit_id, "--store", str(store),
                                   "--json", "-q"], capture_output=True, text=True,
                                  timeout=600)  # fmt: skip
            assert done.returncode == 0, done.stderr
            assert json.loads(done.stdout)["generations"] == 5
    assert stopped >= 1, f"no signal landed while {name} worked"
    record(f"interrupts: {name}", f"{TIMES} signals (SIGINT to the group, SIGTERM) at seeded "
           "moments: exit 130/143 with one line, no signal death, no hang, stores whole",
           faults=TIMES, interrupted=stopped, finished_first=finished, runs_lost=0)  # fmt: skip
