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
from attrit.model.registry import RECORDED, VARIABLES
from attrit.store import SCHEMA_VERSION, Store, StoreBusy, StoreError
from support.files import EXAMPLE, TOY
from support.stored import orphans, whole

pytestmark = pytest.mark.reliability  # in make reliability's table

ATTRIT = [sys.executable, "-m", "attrit"]


def complete(store: Store) -> tuple[int, list[str]]:
    """Number of runs, and the ids of runs whose daily record is not all there."""
    runs, broken = whole(store.path)
    return runs, broken


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
    # counts are exact; other values are float32, within half its unit in the last place
    np.testing.assert_allclose(again.record, results.record, rtol=2.0**-24, atol=0)
    counts = [k for k, v in enumerate(VARIABLES) if v.units == "persons"]
    assert np.array_equal(again.record[..., counts], results.record[..., counts])
    assert list(again.replicates) == list(results.replicates) and again.seed == results.seed
    assert again.daily.deserted_total.equals(results.daily.deserted_total)
    assert record["environment"]["numpy"] == np.__version__


def test_a_comparison_is_stored_whole_or_not_at_all(toy, private_store, monkeypatch):
    from attrit.store import records

    a = attrit.simulate(toy, replicates=2, days=10)
    b = attrit.simulate(toy.set("interventions.bonus.active", True), replicates=2, days=10)
    store = Store()
    good_write = records.write
    written = []

    def broken_write(where, run_id, data):
        if written:  # the second run's record cannot be written: a failure mid-transaction
            raise OSError(28, "No space left on device")
        written.append(good_write(where, run_id, data))
        return written[-1]

    monkeypatch.setattr(records, "write", broken_write)
    with pytest.raises(StoreError, match="disk full"):
        store.save_group([(a, "baseline", None), (b, "bonus", None)], "compare", "g1")
    assert complete(store) == (0, [])
    assert not written[0].exists()  # the first run's file went with the rollback
    monkeypatch.setattr(records, "write", good_write)
    ids = store.save_group([(a, "baseline", None), (b, "bonus", None)], "compare", "g1")
    assert [r["run_id"] for r in store.group("g1")] == ids
    assert complete(store) == (2, [])


def test_a_record_file_left_by_a_writer_killed_before_its_commit_is_removed(toy, private_store):
    from attrit.store import records

    store = Store()
    kept = store.save(attrit.simulate(toy, replicates=1, days=5))
    orphan = records.write(store.path, "deadbeef0000", records.table(store.results(kept)))
    half = records.folder(store.path) / ".deadbeef0001.parquet.123.tmp"
    half.write_bytes(b"PAR1")
    assert orphans(store.path) == ["deadbeef0000.parquet"]
    store.save(attrit.simulate(toy, replicates=1, days=5))  # the next writer sweeps
    assert orphans(store.path) == [] and not orphan.exists() and not half.exists()
    assert complete(store) == (2, [])


def test_the_record_is_compact_and_queryable_from_duckdb(toy, private_store):
    import pyarrow.parquet as pq

    from attrit.store import records

    results = attrit.simulate(toy, replicates=3, days=20)
    store = Store()
    run_id = store.save(results)
    file = records.path_of(store.path, run_id)
    schema = pq.read_schema(file)
    assert str(schema.field("strength").type) == "int32"  # a head count: exact, 4 bytes
    assert str(schema.field("morale_mean").type) == "float"  # a mean: float32
    with duckdb.connect() as con:
        folder = records.folder(store.path)
        got = con.execute(
            f"SELECT sum(strength) FROM read_parquet('{folder}/*.parquet') WHERE day = 19"
        ).fetchall()[0][0]
    assert got == results.record[:, 19, :, RECORDED.index("strength")].sum()


def test_a_version_1_store_is_migrated(tmp_path):
    from attrit.store.base import DDL, MIGRATIONS
    from attrit.store.records import LEGACY_DDL

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        for ddl in [*DDL, LEGACY_DDL]:
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


def _runs(path: str) -> int:
    with duckdb.connect(path, read_only=True) as con:
        return con.sql("SELECT count(*) FROM runs").fetchall()[0][0]


def _kill_run(cmd: list[str], path: str, delay: float, during_write: bool) -> bool:
    """Start ``cmd`` and SIGKILL it: ``delay`` seconds after launch, or, with
    ``during_write``, ``delay`` seconds after its write begins (its record file appears in
    the records folder; the run's row is committed after the file is whole). True if the
    kill landed inside the write, before the commit."""
    from attrit.store.records import folder

    where, before = folder(Path(path)), _runs(path)
    files = set(where.iterdir()) if where.is_dir() else set()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = False
    if during_write:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if where.is_dir() and set(where.iterdir()) - files:
                started = True
                break
            time.sleep(0.001)
    time.sleep(delay)
    alive = proc.poll() is None
    proc.kill()  # SIGKILL; nothing if it has already ended
    proc.wait()
    return started and alive and _runs(path) == before


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
