"""The dashboard's guard and job runner, without a browser."""

import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrit.cli import app
from attrit.dashboard.guard import (
    MAX_DAYS,
    MAX_REPLICATES,
    Refused,
    check_value,
    check_work,
    inside,
    levers,
)
from attrit.dashboard.jobs import Busy, Runner
from support.reliability import record

pytestmark = pytest.mark.reliability  # in make reliability's table


def test_levers_carry_the_documented_ranges(toy):
    by_path = {lever.path: lever for lever in levers(toy, "bravo")}
    skim = by_path["units.bravo.pay.commander_skim_fraction"]
    assert (skim.low, skim.high, skim.integer) == (0.0, 0.6, False)
    assert by_path["units.bravo.rotation.quota"].integer
    assert "factions.red.pay.wage_usd_per_cycle" in by_path
    assert "interventions.bonus.size" in by_path  # the scenario has a bonus


def test_values_outside_the_range_or_the_schema_are_refused(toy):
    skim = next(lv for lv in levers(toy, "alpha") if lv.path.endswith("commander_skim_fraction"))
    assert check_value(toy, skim, 0.5).get(skim.path) == 0.5
    with pytest.raises(Refused, match=r"outside the documented range 0 to 0\.6"):
        check_value(toy, skim, 1.5)
    with pytest.raises(Refused, match="give a value"):
        check_value(toy, skim, None)


def test_work_is_capped():
    assert check_work(10, 30) == (10, 30)
    for replicates, days in ((MAX_REPLICATES + 1, 30), (0, 30), (10, MAX_DAYS + 1), ("5", 3)):
        with pytest.raises(Refused):
            check_work(replicates, days)


@pytest.mark.parametrize("name", ["../secret.yaml", "/etc/passwd", "a/../../b.yaml"])
def test_paths_outside_the_folder_are_refused(tmp_path, name):
    with pytest.raises(Refused, match="outside"):
        inside(tmp_path, name)
    assert inside(tmp_path, "toy.yaml") == (tmp_path / "toy.yaml").resolve()


def test_one_run_at_a_time_and_cancel_stops_it():
    runner, started = Runner(), threading.Event()

    def work(job):
        started.set()
        for k in range(1000):
            time.sleep(0.01)
            job.tick(k)
        return "finished"

    job = runner.start(1000, work)
    started.wait(5)
    with pytest.raises(Busy):
        runner.start(1, lambda job: None)
    job.cancel()
    for _ in range(500):
        if job.finished:
            break
        time.sleep(0.01)
    assert job.finished and job.cancelled and job.result is None
    assert runner.start(1, lambda job: 42) is not None  # free again


def test_serve_warns_before_binding_beyond_loopback(monkeypatch):
    calls = []
    monkeypatch.setattr("attrit.dashboard.serve", lambda *a, **k: calls.append(a))
    root = Path(__file__).resolve().parents[2]
    result = CliRunner().invoke(
        app, ["serve", str(root / "examples" / "toy.yaml"), "--host", "0.0.0.0", "--port", "5999"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: serving on 0.0.0.0" in result.output and calls[0][2:] == ("0.0.0.0", 5999)
    default = CliRunner().invoke(app, ["serve", str(root / "examples" / "toy.yaml")])
    assert default.exit_code == 0 and "warning" not in default.output
    assert calls[1][2] == "127.0.0.1"  # loopback unless asked otherwise
    record(
        "dashboard: loopback",
        "attrit serve without --host, and with --host 0.0.0.0",
        bound_to_loopback_by_default=1,
        warned_beyond_loopback=1,
    )


@pytest.mark.parametrize("name", ["a\x00b.yaml", "", "x" * 5000])
def test_odd_file_names_are_refused_with_a_message(tmp_path, name):
    with pytest.raises(Refused):
        inside(tmp_path, name)
