"""The run store: whole runs or nothing, clear errors when busy, survives SIGKILL."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import attrit
from attrit.cli import app
from attrit.store import SCHEMA_VERSION, Store, StoreBusy, StoreError
from support.files import EXAMPLE, TOY

pytestmark = pytest.mark.reliability  # in make reliability's table

ATTRIT = [sys.executable, "-m", "attrit"]


def complete(store: Store) -> tuple[int, list[str]]:
    """Number of runs, and the ids of runs whose daily rows are not all there."""
    with duckdb.connect(str(store.path)) as con:
        runs = con.sql("SELECT run_id, replicates, days, scenario FROM runs").fetchall()
        broken = []
        for run_id, reps, days, scenario in runs:
            units = len(json.loads(scenario)["units"])
            rows = con.execute(
                "SELECT count(*), count(DISTINCT variable) FROM daily WHERE run_id = ?", [run_id]
            ).fetchall()[0]
            if rows[0] == 0 or rows[0] != reps * days * units * rows[1]:
                broken.append(run_id)
        orphans = con.sql(
            "SELECT count(*) FROM daily WHERE run_id NOT IN (SELECT run_id FROM runs)"
        ).fetchall()[0][0]
    assert orphans == 0
    return len(runs), broken


def test_save_and_read_back(toy, private_store):
    results = attrit.simulate(toy, replicates=4, days=30)
    store = Store()
    run_id = store.save(results, changes={"why": "test"})
    listed = store.runs()
    assert list(listed.run_id) == [run_id]
    record = store.run(run_id)
    assert record["scenario_hash"] == toy.hash() and record["replicates"] == 4
    assert record["changes"] == {"why": "test"}
    assert attrit.Scenario.model_validate(record["scenario"]) == toy
    daily = store.daily(run_id)
    assert len(daily) == len(results.long(derived=False))
    assert complete(store) == (1, [])
    again = store.results(run_id)
    assert np.array_equal(again.record, results.record)
    assert list(again.replicates) == list(results.replicates) and again.seed == results.seed
    assert again.daily.deserted_total.equals(results.daily.deserted_total)
    assert record["environment"]["numpy"] == np.__version__


def test_a_comparison_is_stored_whole_or_not_at_all(toy, private_store, monkeypatch):
    from attrit.results import Results

    a = attrit.simulate(toy, replicates=2, days=10)
    b = attrit.simulate(toy.set("interventions.bonus.active", True), replicates=2, days=10)
    store = Store()
    good_long = Results.long

    def broken_long(self, derived=True):
        frame = good_long(self, derived)
        if self is b:  # the second run's rows cannot be inserted: a failure mid-transaction
            frame["value"] = "not a number"
        return frame

    monkeypatch.setattr(Results, "long", broken_long)
    with pytest.raises(duckdb.Error):
        store.save_group([(a, "baseline", None), (b, "bonus", None)], "compare", "g1")
    assert complete(store) == (0, [])
    monkeypatch.setattr(Results, "long", good_long)
    ids = store.save_group([(a, "baseline", None), (b, "bonus", None)], "compare", "g1")
    assert [r["run_id"] for r in store.group("g1")] == ids
    assert complete(store) == (2, [])


def test_a_version_1_store_is_migrated(tmp_path):
    from attrit.store.base import DDL, MIGRATIONS

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        for ddl in DDL:
            con.execute(ddl)
        for ddl in MIGRATIONS[1]:  # undo what version 2 added
            column = ddl.split("ADD COLUMN ")[1].split()[0]
            con.execute(f"ALTER TABLE runs DROP COLUMN {column}")
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    store = Store(path)
    assert store.runs().empty
    store.save(attrit.simulate(attrit.load(TOY), replicates=1, days=5))
    with duckdb.connect(str(path)) as con:
        version = con.sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    assert version == [(str(SCHEMA_VERSION),)]


def test_missing_run_and_unknown_store_are_clear(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "none.duckdb").runs()
    store = Store(tmp_path / "s.duckdb")
    store.save(attrit.simulate(attrit.load(TOY), replicates=1, days=5))
    with pytest.raises(StoreError, match="no run 'abc'"):
        store.run("abc")
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("not a database")
    with pytest.raises(StoreError, match="not an attrit store"):
        Store(bogus).runs()


def test_newer_schema_is_refused(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.save(attrit.simulate(attrit.load(TOY), replicates=1, days=5))
    with duckdb.connect(str(store.path)) as con:
        con.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)]
        )
    with pytest.raises(StoreError, match="schema version"):
        store.runs()


def test_a_held_store_is_busy_not_corrupt(tmp_path):
    path = tmp_path / "s.duckdb"
    Store(path).save(attrit.simulate(attrit.load(TOY), replicates=1, days=5))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                "print('held', flush=True);"
                " time.sleep(30)"
            ),
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusy, match="store is busy"):
            Store(path, wait_seconds=1).runs()
        result = CliRunner().invoke(app, ["runs", "--store", str(path)])
        assert result.exit_code == 2 and "store is busy" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert complete(Store(path)) == (1, [])


WRITERS, RUNS_PER_WRITER, READERS = 2, 5, 2
CLIENT = [sys.executable, str(Path(__file__).parents[1] / "support" / "store_client.py")]


def test_concurrent_readers_and_writers_keep_every_committed_run(tmp_path):
    path = str(tmp_path / "s.duckdb")
    Store(path).save(attrit.simulate(attrit.load(TOY), replicates=1, days=5))
    stop = tmp_path / "stop"

    def start(*args: str) -> subprocess.Popen:
        return subprocess.Popen([*CLIENT, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)  # fmt: skip

    readers = [start("read", path, str(stop)) for _ in range(READERS)]
    writers = [start("write", path, str(RUNS_PER_WRITER), str(1000 * k)) for k in range(WRITERS)]
    committed = []
    try:
        for w in writers:
            out, err = w.communicate(timeout=300)
            assert w.returncode == 0, err
            committed += out.split()
    finally:
        stop.touch()
    seen = []
    for r in readers:
        out, err = r.communicate(timeout=120)
        assert r.returncode == 0, err  # every listing grew or held, every run read was whole
        seen.append(json.loads(out))
    assert len(committed) == WRITERS * RUNS_PER_WRITER
    assert set(committed) <= set(Store(path).runs().run_id)  # every committed run is there
    assert complete(Store(path)) == (1 + len(committed), [])
    assert all(s["reads"] > 0 for s in seen) and sum(s["busy"] for s in seen) == 0, seen
    from support.reliability import record

    record(
        "store: concurrent readers and writers",
        f"{WRITERS} writer processes save {RUNS_PER_WRITER} runs each while {READERS} reader "
        "processes list the runs and read the newest back",
        runs_committed=len(committed),
        reads=sum(s["reads"] for s in seen),
        busy_refusals=0,
        partial_reads=0,
        runs_lost=0,
    )


def _kill_run(cmd: list[str], path: str, delay: float, during_write: bool) -> bool:
    """Start ``cmd`` and SIGKILL it: ``delay`` seconds after launch, or, with
    ``during_write``, ``delay`` seconds after the store file starts to grow (DuckDB writes a
    large insert into the file during the transaction, and its WAL only at commit). True if
    the kill landed inside the write transaction, before the commit."""
    size = os.path.getsize(path)
    wal = path + ".wal"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if during_write:
        deadline = time.monotonic() + 120
        while os.path.getsize(path) == size and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
    time.sleep(delay)
    inside = (
        during_write
        and proc.poll() is None
        and not os.path.exists(wal)
        and os.path.getsize(path) > size
    )
    proc.kill()  # SIGKILL; nothing if it has already ended
    proc.wait()
    return inside


def test_sigkill_at_any_moment_loses_no_stored_run(tmp_path):
    path = str(tmp_path / "s.duckdb")
    subprocess.run(
        [*ATTRIT, "simulate", str(TOY), "-n", "5", "--quiet", "--store", path],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    big = [
        *ATTRIT,
        "simulate",
        str(EXAMPLE),
        "-n",
        "300",
        "--days",
        "120",
        "--quiet",
        "--store",
        path,
    ]
    # make test: three kills, two timed for the write; make reliability (ATTRIT_KILLS=3): five
    kills = [(0.5, False), (0.0, True), (0.3, True)]
    if int(os.environ.get("ATTRIT_KILLS", "2")) >= 3:
        kills += [(3.0, False), (0.7, True)]
    inside, runs = 0, 1
    for delay, during_write in kills:
        inside += _kill_run(big, path, delay, during_write)
        now, broken = complete(Store(path))
        assert broken == []  # a run is whole or absent, never partial
        assert now in (runs, runs + 1)  # a kill after the commit leaves a whole run
        runs = now
    assert inside >= 1  # a kill landed inside the write transaction
    subprocess.run(big, check=True, stdout=subprocess.DEVNULL)  # the work can be redone
    assert complete(Store(path)) == (runs + 1, [])
    from support.reliability import record

    record(
        "SIGKILL: simulate",
        f"killed {len(kills)} times, {sum(w for _, w in kills)} of them timed to land in the "
        "store's write",
        faults=len(kills),
        inside_the_write=inside,
        runs_lost=0,
        partial_runs=0,
    )


def test_cli_runs_show_export(tmp_path, private_store):
    runner = CliRunner()
    result = runner.invoke(app, ["simulate", str(TOY), "-n", "3", "--days", "20", "--json"])
    assert result.exit_code == 0, result.output
    run_id = json.loads(result.stdout)["run_id"]
    assert run_id in runner.invoke(app, ["runs"]).stdout
    shown = runner.invoke(app, ["show", run_id, "--json"])
    assert json.loads(shown.stdout)["replicates"] == 3
    for fmt in ("parquet", "csv"):
        out = tmp_path / f"daily.{fmt}"
        assert (
            runner.invoke(app, ["export", run_id, "--out", str(out), "--format", fmt]).exit_code
            == 0
        )
        frame = pd.read_parquet(out) if fmt == "parquet" else pd.read_csv(out)
        assert set(frame.columns) == {"replicate", "day", "date", "unit", "variable", "value"}
        assert frame.replicate.nunique() == 3
        assert "deserted_total" in set(frame.variable)
    bad = runner.invoke(app, ["export", run_id, "--out", str(tmp_path / "x"), "--format", "xml"])
    assert bad.exit_code == 2 and "parquet or csv" in bad.stderr
    ids = runner.invoke(app, ["runs", "--ids"])
    assert ids.exit_code == 0 and ids.stdout == f"{run_id}\n"
    nope = runner.invoke(app, ["show", "nope"])
    assert nope.exit_code == 2 and "no run 'nope'" in nope.stderr


def test_no_store_records_nothing(private_store):
    result = CliRunner().invoke(app, ["simulate", str(TOY), "-n", "2", "--no-store"])
    assert result.exit_code == 0
    assert not private_store.exists()
