"""The attacks of the second hardening round, each replayed: refused or handled, one row each.

Every case runs the real ``attrit`` command line (a subprocess) on what a careless or hostile
user would give it, and checks the outcome: exit 2 with a line that says what is wrong, never
a traceback, nothing destroyed, finished work kept. The outputs that are inputs, the
dashboard's attacks, interrupts and the fuzzer have tests of their own
(test_outputs, tests/dashboard/test_dashboard_security, test_interrupts, test_fuzz_cli).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from attrit.evidence.extract.text import MAX_SENTENCE, sentences
from support.files import TOY
from support.reliability import record

pytestmark = [pytest.mark.reliability, pytest.mark.slow]

ATTRIT = [str(Path(sys.executable).parent / "attrit")]


def attrit(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run([*ATTRIT, *args], capture_output=True, text=True, timeout=timeout, **kw)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-2000:]
    return done


def refused(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr)
    for w in words:
        assert w in done.stderr, (w, done.stderr)


@pytest.fixture(scope="module")
def here(tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacks")
    shutil.copy(TOY, folder / "toy.yaml")
    done = attrit("simulate", str(TOY), "-n", "2", "--days", "5", "-q", "--json", "--store",
                  str(folder / "s.duckdb"))  # fmt: skip
    return folder, json.loads(done.stdout)["run_id"]


def test_a_busy_store_says_busy_and_who_holds_it(here):
    folder, run_id = here
    store = folder / "s.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, time; "
                               f"c = duckdb.connect({str(store)!r}); time.sleep(30)"])  # fmt: skip
    try:
        time.sleep(3)
        done = attrit("report", run_id, "--out", str(folder / "r.html"), "--store", str(store),
                      env={**os.environ, "ATTRIT_STORE_WAIT": "1"})  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
    refused(done, "store is busy", f"process {holder.pid}")
    assert "no run" not in done.stderr
    record("attack: busy store", "a process holds the store while attrit report reads it",
           refused=1, said_busy=1, named_holder=1)  # fmt: skip


def test_a_damaged_store_says_damaged_and_a_missing_run_says_missing(here, tmp_path):
    folder, run_id = here
    damaged = tmp_path / "d.duckdb"
    shutil.copy(folder / "s.duckdb", damaged)
    with damaged.open("r+b") as f:
        f.seek(5000)
        f.write(os.urandom(20_000))
    done = attrit("report", run_id, "--out", str(tmp_path / "r.html"), "--store", str(damaged))
    refused(done, "damaged")
    assert "no run" not in done.stderr
    junk = tmp_path / "j.duckdb"
    junk.write_text("not a store")
    refused(attrit("runs", "--store", str(junk)), "not an attrit store")
    refused(attrit("show", "abc", "--store", str(folder / "s.duckdb")), "no run 'abc'")
    record("attack: damaged or missing", "a corrupt store, a file that is no store, a run id "
           "that is not there", refused=3, misleading=0)  # fmt: skip


def test_a_read_only_store_can_be_read(here, tmp_path):
    folder, run_id = here
    frozen = tmp_path / "frozen.duckdb"
    shutil.copy(folder / "s.duckdb", frozen)
    shutil.copytree(folder / "s.records", tmp_path / "frozen.records")  # a store is both
    # an immutable file: not even root may write it (as a store on a read-only disk)
    if subprocess.run(["chattr", "+i", str(frozen)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here")
    try:
        listed = attrit("runs", "--ids", "--store", str(frozen))
        exported = attrit("export", run_id, "--out", str(tmp_path / "d.parquet"), "--store",
                          str(frozen))  # fmt: skip
        written = attrit("simulate", str(TOY), "-n", "1", "--days", "2", "--store", str(frozen))
    finally:
        subprocess.run(["chattr", "-i", str(frozen)], check=True)
    assert listed.returncode == 0 and run_id in listed.stdout, listed.stderr
    assert exported.returncode == 0, exported.stderr
    refused(written, "cannot open", "for writing")
    record("attack: read-only store", "an immutable store: listed and exported; a write is a "
           "line", listed=1, exported=1, write_refused=1)  # fmt: skip


@pytest.mark.parametrize(
    ("what", "args", "words"),
    [
        ("a 70-digit seed", ["--seed", "1" * 70], ["--seed"]),
        ("seed -1", ["--seed", "-1"], ["--seed"]),
        ("--workers 0", ["--workers", "0"], ["--workers"]),
        (
            "--workers with --scheduler",
            ["--workers", "2", "--scheduler", "tcp://127.0.0.1:9"],
            ["not both"],
        ),
        ("--scheduler garbage", ["--scheduler", "garbage!!"], ["cannot reach", "garbage!!"]),
        (
            "--scheduler where nothing listens",
            ["--scheduler", "tcp://127.0.0.1:9"],
            ["cannot reach"],
        ),
        ("--export a folder", ["--export", "FOLDER"], ["is a folder"]),
        ("--export a name over 255 bytes", ["--export", "LONG"], ["longer than 255"]),
    ],
)
def test_bad_simulate_options_are_refused_before_any_work(here, what, args, words):
    folder, _ = here
    args = [str(folder) if a == "FOLDER" else str(folder / ("x" * 300)) if a == "LONG" else a
            for a in args]  # fmt: skip
    started = time.monotonic()
    done = attrit("simulate", str(folder / "toy.yaml"), "-n", "2", "--days", "5", *args,
                  "--store", str(folder / "s.duckdb"))  # fmt: skip
    refused(done, *words)
    record(f"attack: simulate {what}", "refused with one line before any work",
           refused=1, seconds=round(time.monotonic() - started))  # fmt: skip


def test_a_scheduler_that_is_not_dask_does_not_hang(here):
    _folder, _ = here
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    held: list[socket.socket] = []

    def accept():
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    started = time.monotonic()
    done = attrit("simulate", str(TOY), "-n", "2", "--days", "3", "--no-store", "--scheduler",
                  f"tcp://127.0.0.1:{server.getsockname()[1]}", timeout=60)  # fmt: skip
    server.close()
    refused(done, "not a Dask scheduler")
    assert time.monotonic() - started < 30
    record("attack: --scheduler at a port that is not Dask", "a server that accepts and never "
           "answers", refused=1, seconds=round(time.monotonic() - started))  # fmt: skip


@pytest.mark.parametrize(
    ("what", "args", "words"),
    [
        ("--day past the run", ["--days", "10", "--day", "999"], ["--day 999 is outside"]),
        ("--day -1", ["--days", "10", "--day", "-1"], ["--day"]),
    ],
)
def test_compare_refuses_a_report_day_outside_the_run_before_simulating(here, what, args, words):
    folder, _ = here
    done = attrit("compare", str(TOY), "-i", "bonus", "-n", "2", *args, "--store",
                  str(folder / "s.duckdb"))  # fmt: skip
    refused(done, *words)
    record(f"attack: compare {what}", "refused before any simulation", refused=1)


def test_an_export_that_fails_keeps_the_stored_run(here, tmp_path):
    _folder, _ = here
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    store = tmp_path / "s.duckdb"
    done = attrit("simulate", str(TOY), "-n", "2", "--days", "5", "-q", "--export",
                  str(blocked / "daily.parquet"), "--store", str(store))  # fmt: skip
    refused(done, "is a file, not a folder")
    done = attrit("simulate", str(TOY), "-n", "2", "--days", "5", "-q", "--store", str(store))
    assert done.returncode == 0
    record("attack: --export inside a file", "refused before the work; a run's store write "
           "comes before its export, so a failed export keeps the run", refused=1)  # fmt: skip


@pytest.mark.parametrize(
    ("what", "text", "words"),
    [
        (
            "a calendar past 9999-12-31",
            "calendar: {start: 9999-12-01, days: 60}",
            ["dates end on 9999-12-31"],
        ),
        ("a NUL byte", "name: x\x00y", []),
    ],
)
def test_odd_scenarios_are_located_lines(tmp_path, what, text, words):
    body = TOY.read_text().replace("calendar:\n  start: 2015-08-01\n  days: 90", text)
    bad = tmp_path / "bad.yaml"
    bad.write_text(body if "calendar" in text else TOY.read_text() + f"\n{text}\n")
    refused(attrit("validate", str(bad)), str(bad), *words)
    record(f"attack: {what}", "a located line, exit 2", refused=1)


def test_fit_options_out_of_range_and_a_damaged_history(tmp_path):
    param = "units.alpha.leave.return_probability=uniform(0.5,1)"
    store = tmp_path / "s.duckdb"
    for bad in (["--walltime", "-5"], ["--min-acceptance", "5"]):
        refused(attrit("fit", str(TOY), "--param", param, *bad, "--store", str(store)), bad[0])
    done = attrit("fit", str(TOY), "--param", param, "--population", "20", "--generations", "1",
                  "--checks", "10", "--json", "-q", "--store", str(store))  # fmt: skip
    fit_id = json.loads(done.stdout)["fit_id"]
    (tmp_path / "fits" / f"{fit_id}.sqlite").write_text("garbage")
    refused(attrit("fit", "--resume", fit_id, "--generations", "2", "--store", str(store)),
            "is damaged")  # fmt: skip
    record("attack: fit options and a damaged history", "--walltime -5, --min-acceptance 5 and "
           "--resume of a corrupted history: refused with a line", refused=3)  # fmt: skip


def test_serve_refuses_a_port_in_use_or_out_of_range():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        refused(attrit("serve", str(TOY), "--port", str(port)), "cannot listen there")
    refused(attrit("serve", str(TOY), "--port", "70000"), "--port")
    record("attack: serve on a busy or impossible port", "a line, exit 2", refused=2)


@pytest.mark.parametrize(
    ("what", "csv", "words", "args"),
    [
        (
            "cumulative casualties that fall",
            "day,blue_strength,red_strength,blue_casualties\n0,1000,1000,\n1,,,10\n2,,,5\n",
            ["cumulative casualties fall from 10 (day 1) to 5 (day 2)"],
            ["--cumulative"],
        ),
        ("a day of 100,000,000", "day,blue_casualties\n0,0\n100000000,5\n", ["beyond 10,000"], []),
        (
            "1e308 casualties",
            "day,blue_strength,blue_casualties\n0,100,\n1,,1e308\n",
            ["more men than any army"],
            [],
        ),
        (
            "a byte-order mark",
            "\ufeffday,blue_strength,red_strength\n0,100,100\n1,90,95\n2,80,91\n",
            [],
            [],
        ),
    ],
)
def test_lanchester_refuses_impossible_series_with_located_lines(tmp_path, what, csv, words, args):
    series = tmp_path / "s.csv"
    series.write_text(csv, encoding="utf-8")
    done = attrit("lanchester", "fit", str(series), "--law", "square", *args, "--json",
                  timeout=300)  # fmt: skip
    if words:
        refused(done, f"{series}:", *words)
    else:
        assert done.returncode == 0, done.stderr  # a BOM is read, not refused as a column
    record(f"attack: lanchester {what}", "a located line, exit 2" if words else "read as data",
           refused=int(bool(words)), read=int(not words))  # fmt: skip


def test_extract_is_bounded_on_text_without_full_stops_and_refuses_devices(tmp_path):
    words = "the fighters of the battalion deserted and 200 men went on leave 110 returned"
    text = tmp_path / "run-on.txt"
    text.write_text(" ".join([words] * 2500))  # ~190 kB, no full stop
    # bounded by cutting: no sentence the extractor reads is longer than MAX_SENTENCE (the
    # subprocess timeout only guards against a hang; how long it takes is recorded, not judged)
    raw = text.read_text()
    pieces = sentences(raw)
    assert max(len(p.text) for p in pieces) <= MAX_SENTENCE
    assert " ".join(p.text for p in pieces).split() == raw.split()  # cut, nothing dropped
    started = time.monotonic()
    done = attrit("extract", str(text), "--date", "2015-10-18", "--json", timeout=120)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    refused(attrit("extract", "/dev/zero", "--date", "2015-10-18"), "not a regular file")
    big = tmp_path / "big.txt"
    big.write_text("x" * (3 * 2**20))
    refused(attrit("extract", str(big), "--date", "2015-10-18"), "MiB")
    record("attack: extract on unbounded text", "190 kB without a full stop, /dev/zero and a "
           "3 MiB file", refused=2, seconds_for_190_kb=round(seconds, 1))  # fmt: skip
