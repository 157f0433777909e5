"""Every command that simulates runs on a Dask cluster started from the command line.

A scheduler and two workers are started as separate processes with the ``dask`` command (as
docs/distributed.md says), on 127.0.0.1. Each command runs with ``--scheduler``; the
scheduler's task stream shows that the workers ran its tasks, and its numbers are those of
the same command run here with the same seed. A fit is the exception: pyabc's parallel
samplers are not bit-reproducible (the order particles come back in decides which are kept),
so a fit on the cluster is checked against the local fit statistically, and each of its
accepted particles is re-run from its stored seed.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
TOY = ROOT / "examples" / "toy.yaml"
BIN = Path(sys.executable).parent
ATTRIT = [str(BIN / "attrit")]

PARAM = "units.alpha.leave.return_probability=uniform(0.5,1)"

pytestmark = [pytest.mark.slow, pytest.mark.distributed]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    pytest.importorskip("distributed")
    dask = shutil.which("dask", path=str(BIN)) or pytest.skip("no dask command")
    here = tmp_path_factory.mktemp("cluster")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (here / "cluster.log").open("w")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [
        subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                          "--no-dashboard"], stdout=log, stderr=log, env=env, cwd=here)
    ]  # fmt: skip
    from distributed import Client

    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError((here / "cluster.log").read_text()) from None
            time.sleep(0.2)
    for k in range(2):
        procs.append(subprocess.Popen(
            [dask, "worker", address, "--nthreads", "1", "--nworkers", "1", "--name", f"w{k}",
             "--no-dashboard", "--local-directory", str(here / f"w{k}")],
            stdout=log, stderr=log, env=env, cwd=here,
        ))  # fmt: skip
    client = Client(address, timeout="30s")
    client.wait_for_workers(2, timeout=120)
    client.get_task_stream()  # starts the scheduler's record of the tasks run
    try:
        yield address, client
    finally:
        client.close()
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


def run(*args: str, store: Path) -> dict:
    done = subprocess.run([*ATTRIT, *args, "--json", "--store", str(store)],
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def tasks_since(client, start: float, name: str) -> dict[str, int]:
    """Per worker: how many tasks whose key names ``name`` ran since ``start``."""
    counts: dict[str, int] = {}
    for t in client.get_task_stream(start=start):
        if name in str(t["key"]):
            counts[t["worker"]] = counts.get(t["worker"], 0) + 1
    return counts


def test_simulate_runs_on_the_workers_and_gives_the_local_numbers(cluster, tmp_path):
    address, client = cluster
    store = tmp_path / "s.duckdb"
    here = run("simulate", str(TOY), "-n", "40", "--days", "60", "--seed", "3", store=store)
    start = time.time()
    there = run("simulate", str(TOY), "-n", "40", "--days", "60", "--seed", "3",
                "--scheduler", address, store=store)  # fmt: skip
    counts = tasks_since(client, start, "run_batch_task")
    assert sum(counts.values()) == 3, counts  # 40 replicates in batches of 16
    assert here["summary"] == there["summary"]


def test_sensitivity_runs_on_the_workers_and_gives_the_local_indices(cluster, tmp_path):
    address, client = cluster
    store = tmp_path / "s.duckdb"
    args = ["sensitivity", str(TOY), "--unit", "alpha", "--output", "strength", "--day", "30",
            "--method", "morris", "--samples", "4", "--replicates", "2", "--seed", "2"]
    here = run(*args, store=store)
    start = time.time()
    there = run(*args, "--scheduler", address, store=store)
    assert sum(tasks_since(client, start, "evaluate_points").values()) >= 1
    assert here["indices"] == there["indices"]


def test_fit_forecast_and_compare_run_on_the_workers(cluster, tmp_path):
    address, client = cluster
    store = tmp_path / "s.duckdb"
    fit = ["fit", str(TOY), "--param", PARAM, "--population", "60", "--generations", "3",
           "--budget", "3000", "--checks", "20", "--seed", "5"]
    local = run(*fit, store=store)
    start = time.time()
    remote = run(*fit, "--scheduler", address, store=store)
    counts = tasks_since(client, start, "")
    assert len(counts) == 2 and all(n > 0 for n in counts.values()), counts
    # the two posteriors are samples of one target: medians within Monte Carlo error
    for a, b in zip(local["posterior"], remote["posterior"], strict=True):
        spread = (a["high"] - a["low"]) / (2 * 1.645)  # the posterior sd, about
        se = spread * 1.25 / math.sqrt(min(local["ess"], remote["ess"]))
        assert abs(a["median"] - b["median"]) < 4 * math.sqrt(2) * se, (a, b)
    # forecast and compare from one fit: the cluster's numbers are the local ones
    fit_id = local["fit_id"]
    args = ["forecast", fit_id, "-n", "20", "--days", "40", "--seed", "4"]
    here = run(*args, store=store)
    start = time.time()
    there = run(*args, "--scheduler", address, store=store)
    assert sum(tasks_since(client, start, "draw_chunk").values()) == 3  # 20 draws, chunks of 8
    assert here["summary"] == there["summary"]
    args = ["compare", str(TOY), "--fit", fit_id, "-i", "bonus", "-n", "16", "--days", "40",
            "--seed", "4", "--day", "39"]
    here = run(*args, store=store)
    start = time.time()
    there = run(*args, "--scheduler", address, store=store)
    assert sum(tasks_since(client, start, "draw_chunk").values()) == 4  # 2 runs x 2 chunks
    assert here["comparison"] == there["comparison"]


def test_a_fit_particle_re_run_from_its_seed_gives_its_distance(tmp_path):
    import attrit
    from attrit.calibrate import Bounds, fit, parse_params
    from attrit.calibrate.abc import Distance
    from attrit.calibrate.fit import problem_for
    from attrit.store import Store

    toy = attrit.load(TOY)
    params = parse_params([PARAM])
    record = fit(toy, params, Bounds(population=30, generations=2), seed=3,
                 store=Store(tmp_path / "s.duckdb"), checks=10)  # fmt: skip
    problem = problem_for(toy, params)
    distance = Distance(problem)
    for p in record["particles"][:5]:
        stats = problem.observe(p["theta"], p["seed"])
        assert np.isclose(distance(stats, problem.reported()), p["distance"])
