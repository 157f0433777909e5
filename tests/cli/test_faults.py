"""SIGKILL at seeded random moments during compare, sensitivity, fit and report: the store
opens, holds no partial run or group, a killed fit resumes, the report file is whole or absent,
and the work can be redone; a Dask worker killed mid-fit; a full disk.

(SIGKILL during simulate's write is in test_store.py.)
"""

import json
import os
import random
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from attrit.store import Store
from support.files import TOY
from support.reliability import record
from support.stored import whole

ATTRIT = [sys.executable, "-m", "attrit"]
# per command: make reliability 3, make test 2
KILLS = max(2, int(os.environ.get("ATTRIT_KILLS", "2")))
pytestmark = [pytest.mark.faults, pytest.mark.reliability]


def kill_after(cmd: list[str], delay: float) -> int:
    """Run ``cmd``, SIGKILL it after ``delay`` seconds; its return code (negative if killed)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        return proc.wait()


def audit(path) -> dict[str, int]:
    """Counts of whole runs and groups; fails on anything partial."""
    with duckdb.connect(str(path)) as con:
        runs = con.sql("SELECT run_id, kind, summary FROM runs").fetchall()
        for run_id, kind, summary in runs:
            if kind == "sensitivity":
                points = json.loads(summary)["points"]
                got = con.execute("SELECT count(*) FROM sensitivity_points WHERE run_id = ?",
                                  [run_id]).fetchall()[0][0]  # fmt: skip
                factors = con.execute("SELECT count(*) FROM sensitivity WHERE run_id = ?",
                                      [run_id]).fetchall()[0][0]  # fmt: skip
                assert got == points and factors > 0, run_id
                continue
        groups = con.sql("SELECT group_id, count(*) FROM runs WHERE group_id IS NOT NULL "
                         "GROUP BY group_id").fetchall()  # fmt: skip
    for group, size in groups:
        assert size == 2, f"group {group} has {size} runs, not baseline + variant"
    assert whole(path)[1] == []  # every run's record whole
    return {"runs": len(runs), "groups": len(groups)}


@pytest.fixture
def rng():
    return random.Random(20261125)


def test_compare_and_sensitivity_killed_at_random_lose_nothing(tmp_path, rng):
    store = tmp_path / "s.duckdb"
    compare = [*ATTRIT, "compare", str(TOY), "-i", "bonus", "-n", "60", "--days", "90",
               "--quiet", "--store", str(store)]  # fmt: skip
    sensitivity = [*ATTRIT, "sensitivity", str(TOY), "--output", "strength", "--day", "30",
                   "--samples", "4", "--replicates", "4", "--quiet", "--store", str(store),
                   "--param", "units.alpha.desertion.hazard_per_day=0.001:0.01",
                   "--param", "morale.theft_weight"]  # fmt: skip
    subprocess.run(compare, check=True, stdout=subprocess.DEVNULL)  # warm caches, a first group
    before = audit(store)
    killed = 0
    for cmd in (compare, sensitivity):
        for _ in range(KILLS):
            code = kill_after(cmd, rng.uniform(0.5, 4.0))
            killed += code == -signal.SIGKILL
            now = audit(store)  # opens, whole runs and groups only
            assert now["runs"] >= before["runs"]
            before = now
    assert killed >= KILLS  # most kills landed while the command was still working
    for cmd in (compare, sensitivity):  # the work can be redone
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    final = audit(store)
    assert final["groups"] >= 2 and final["runs"] >= before["runs"] + 3
    record(
        "SIGKILL: compare, sensitivity",
        f"each killed {KILLS} times at seeded random moments, "
        "then redone; the store audited after every kill",
        faults=2 * KILLS,
        killed_while_working=killed,
        runs_lost=0,
        partial_runs=0,
    )


def test_report_killed_at_random_is_whole_or_absent(tmp_path, rng):
    store, out = tmp_path / "s.duckdb", tmp_path / "report.html"
    subprocess.run([*ATTRIT, "simulate", str(TOY), "-n", "20", "--quiet", "--store", str(store)],
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    run_id = Store(store).runs()["run_id"].iloc[0]
    report = [*ATTRIT, "report", run_id, "--store", str(store), "--out", str(out)]
    for _ in range(KILLS):
        out.unlink(missing_ok=True)
        kill_after(report, rng.uniform(0.5, 5.0))
        if out.exists():
            assert out.read_text().rstrip().endswith("</html>")
        assert not list(tmp_path.glob("report.html.*"))  # no partial file under the name
    subprocess.run(report, check=True, stdout=subprocess.DEVNULL)
    assert out.read_text().rstrip().endswith("</html>")
    record(
        "SIGKILL: report",
        f"killed {KILLS} times at seeded random moments: the file is whole or absent",
        faults=KILLS,
        partial_files=0,
    )


FIT = ["--param", "units.alpha.leave.return_probability=uniform(0.5,1)", "--population", "30",
       "--generations", "3", "--checks", "10", "--quiet"]  # fmt: skip


def fits(store) -> list[tuple[str, str]]:
    """(fit id, status) of every fit stored; fails on a status that is neither."""
    if not store.exists():
        return []
    table = Store(store).fits()
    assert set(table.status) <= {"running", "done"}
    return list(zip(table.fit_id, table.status, strict=True))


def _finish_and_check(store) -> int:
    """Finish the store's fit (resumed if one was left), check it kept its own bounds.

    Returns 1 if it resumed a fit, else 0.
    """
    stored = fits(store)
    start = [*ATTRIT, "fit", str(TOY), *FIT, "--store", str(store)]
    finish = start if not stored else [*ATTRIT, "fit", "--resume", stored[0][0], "--store",
                                       str(store)]  # fmt: skip
    done = subprocess.run([*finish, "--json", "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["generations"] == 3
    ((fit_id, status),) = fits(store)
    assert status == "done"
    # resumed with its own bounds, not the command line's defaults
    assert len(Store(store).fit(fit_id)["particles"]) == 30
    return int(bool(stored))


def test_fit_killed_at_random_resumes(tmp_path, rng):
    # A kill that comes after the fit has finished lands on nothing, and whether it does depends
    # on the machine's speed: so fits are killed and resumed in chains, a new chain (and store)
    # each time a fit ends before its kill, until KILLS kills have landed mid-work and a killed
    # fit was resumed. Every chain's fit must then finish whole, with its own bounds.
    killed = resumed = attempts = chains = 0
    while killed < KILLS or resumed < 1:
        chains += 1
        assert chains <= 5, f"{killed} of {attempts} kills landed mid-work in {chains - 1} fits"
        store = tmp_path / f"chain-{chains}.duckdb"
        start = [*ATTRIT, "fit", str(TOY), *FIT, "--store", str(store)]
        for _ in range(KILLS):
            stored = fits(store)
            assert len(stored) <= 1  # a killed fit is resumed, never started again
            if stored and stored[0][1] == "done":
                break
            cmd = start
            if stored:
                cmd = [*ATTRIT, "fit", "--resume", stored[0][0], "--quiet", "--store", str(store)]
            attempts += 1
            resumed += bool(stored)
            if kill_after(cmd, rng.uniform(1.0, 10.0)) != -signal.SIGKILL:
                break  # it finished first
            killed += 1
        resumed += _finish_and_check(store)
    record(
        "SIGKILL: fit",
        "killed at seeded random moments (1 to 10 s), resumed with fit --resume after each kill "
        "that left a fit, in chains until 3 kills landed mid-work; every fit then finished",
        faults=attempts,
        killed_while_working=killed,
        resumed=resumed,
        fits=chains,
        fits_lost=0,
    )


def test_a_dask_worker_killed_mid_fit_is_survived(tmp_path):
    distributed = pytest.importorskip("distributed")
    store = tmp_path / "s.duckdb"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)
        victim = sorted(pids)[0]
        cmd = [*ATTRIT, "fit", str(TOY), *FIT, "--scheduler", cluster.scheduler_address,
               "--json", "--store", str(store)]  # fmt: skip
        fit = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline, busy = time.monotonic() + 120, []
        while not busy and fit.poll() is None and time.monotonic() < deadline:
            busy = client.processing(workers=[victim]).get(victim, [])
            time.sleep(0.02)
        os.kill(pids[victim], signal.SIGKILL)  # while it holds some of the fit's simulations
        out, err = fit.communicate(timeout=300)
    assert busy, "the worker never received work from the fit"
    assert fit.returncode == 0, err
    result = json.loads(out)
    assert result["generations"] == 3 and fits(store) == [(result["fit_id"], "done")]
    record(
        "Dask worker killed mid-fit",
        "a LocalCluster of 2 worker processes; one SIGKILLed while it held the fit's "
        "simulations: the scheduler reran them elsewhere and the fit finished",
        faults=1,
        tasks_on_the_killed_worker=len(busy),
        fits_lost=0,
    )


def limited(size: int):
    """A pre-exec hook giving the child a file-size limit: a full disk, as the child sees it."""
    import resource

    def hook():
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return hook


def test_a_full_disk_is_a_clear_error_and_loses_nothing(tmp_path):

    store, out = tmp_path / "s.duckdb", tmp_path / "report.html"
    simulate = [*ATTRIT, "simulate", str(TOY), "-n", "10", "--quiet", "--store", str(store)]
    subprocess.run(simulate, check=True, stdout=subprocess.DEVNULL)
    before = audit(store)
    big = [*ATTRIT, "simulate", str(TOY), "-n", "200", "--quiet", "--store", str(store)]
    full = subprocess.run(big, preexec_fn=limited(20_000),  # smaller than the run's record
                          capture_output=True, text=True)  # fmt: skip
    assert full.returncode == 2 and "Traceback" not in full.stderr
    assert "is the disk full?" in full.stderr and "runs stored before are intact" in full.stderr
    assert audit(store) == before  # the store opens and holds what it held
    run_id = Store(store).runs()["run_id"].iloc[0]
    report = [*ATTRIT, "report", run_id, "--store", str(store), "--out", str(out)]
    full = subprocess.run(report, preexec_fn=limited(50_000), capture_output=True, text=True)
    assert full.returncode == 2 and "Traceback" not in full.stderr
    assert f"cannot write {out}" in full.stderr
    assert sorted(tmp_path.iterdir()) == [store, tmp_path / "s.records"]  # nothing half-written
    subprocess.run(big, check=True, stdout=subprocess.DEVNULL)  # space again: it works
    assert audit(store)["runs"] == before["runs"] + 1
    record(
        "full disk",
        "a file-size limit under simulate (store write) and report: one-line "
        "error, exit 2, store whole, no partial file",
        faults=2,
        runs_lost=0,
        tracebacks=0,
    )
