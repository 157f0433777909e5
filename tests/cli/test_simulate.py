"""``attrit simulate``: JSON only on stdout, Parquet export, clear errors for bad runs."""

import json

import pandas as pd
from typer.testing import CliRunner

from attrit.cli import app
from support.files import EXAMPLE, TOY

runner = CliRunner()


def test_json_is_the_only_thing_on_stdout_and_shows_the_battalion_shortfall():
    result = runner.invoke(app, ["simulate", str(EXAMPLE), "-n", "20", "--days", "120", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["run"]["replicates"] == 20
    rows = [r for r in data["summary"] if r["unit"] == "ashoura-anbar-1"]
    assert [r["day"] for r in rows] == [29, 59, 89, 119]
    last = rows[-1]
    assert last["quota"] == 170
    assert last["front_fill_q50"] < 1.0 and last["p_quota_met"] < 0.5
    assert last["deserted_total_q50"] > 0


def test_table_and_export(tmp_path):
    out = tmp_path / "daily.parquet"
    result = runner.invoke(app, ["simulate", str(TOY), "-n", "5", "--export", str(out)])
    assert result.exit_code == 0, result.output
    assert "alpha" in result.stdout and "person-days per second" in result.stdout
    frame = pd.read_parquet(out)
    assert list(frame.columns) == ["replicate", "day", "date", "unit", "variable", "value"]
    assert set(frame.unit) == {"alpha", "bravo"}
    assert frame.replicate.nunique() == 5 and frame.day.max() == 89
    assert not list(tmp_path.glob(".*.tmp"))


def test_bad_run_options_exit_2_with_a_message():
    result = runner.invoke(app, ["simulate", str(TOY), "-n", "0"])
    assert result.exit_code == 2
    assert "--replicates" in result.stderr and "1" in result.stderr
    result = runner.invoke(app, ["simulate", str(TOY), "--days", "99999"])
    assert result.exit_code == 2 and "--days" in result.stderr and "3650" in result.stderr


def test_bad_scenario_exits_2_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n")
    result = runner.invoke(app, ["simulate", str(bad)])
    assert result.exit_code == 2
    assert "calendar: required field is missing" in result.stderr
    assert "Traceback" not in result.output


def test_unreachable_scheduler_is_a_clear_error():
    result = runner.invoke(
        app, ["simulate", str(TOY), "-n", "2", "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.stderr


def test_validate_warns_at_the_line_of_a_schedule_with_more_leave_groups_than_squads(tmp_path):
    text = TOY.read_text()
    assert "days_off: 15" in text
    bad = tmp_path / "groups.yaml"
    # 29 on and 1 off make 30 leave groups; the toy's first unit has 24 squads
    bad.write_text(text.replace("days_on: 15, days_off: 15", "days_on: 29, days_off: 1", 1))
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("warning")]
    assert lines and "leave groups" in result.output
    line_no = int(lines[0].split(":")[2])
    assert "days_off: 1" in bad.read_text().splitlines()[line_no - 1]
    clean = runner.invoke(app, ["validate", str(TOY)])
    assert "warning" not in clean.output
