"""A run summarised as its replicates finish gives the rows its whole record gives."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import attrit
from attrit.cli import app
from attrit.run import memory_estimate
from attrit.scenario import dump_yaml
from attrit.summary import Summarise, Summary
from support.files import TOY

DAYS = 200  # long enough for the toy's units to fall below half in some replicates


@pytest.fixture(scope="module")
def whole(toy):
    # 40 replicates: two whole batches of 16 and a part
    return attrit.simulate(toy, replicates=40, days=DAYS, seed=5)


@pytest.fixture(scope="module")
def summary(toy):
    return attrit.simulate(toy, replicates=40, days=DAYS, seed=5, reduce=Summarise())


def test_the_rows_are_the_whole_records_rows(whole, summary):
    assert isinstance(summary, Summary)
    assert summary.summary_rows() == whole.summary_rows()
    # the half-strength columns are exercised: some unit falls below half, not always
    shares = {row["p_below_half"] for row in summary.summary_rows()}
    assert any(0 < p < 1 for p in shares), shares


def test_chosen_days_are_kept_and_others_refused(toy, whole):
    summary = attrit.simulate(toy, replicates=40, days=DAYS, seed=5, reduce=Summarise([3, 0]))
    assert summary.summary_rows() == whole.summary_rows([0, 3])
    with pytest.raises(ValueError, match="were not kept"):
        summary.summary_rows([7])
    with pytest.raises(ValueError, match="outside the run"):
        attrit.simulate(toy, replicates=2, days=10, reduce=Summarise([10]))


def test_the_run_facts_reach_the_summary(whole, summary):
    assert summary.seed == whole.seed and summary.people == whole.people
    meta, full = summary.metadata(), whole.metadata()
    assert {k: v for k, v in meta.items() if k != "wall_seconds"} == {
        k: v for k, v in full.items() if k != "wall_seconds"
    }


def test_it_holds_far_less_than_the_record(toy):
    kept = memory_estimate(toy, 1000, 365, reduce=Summarise())
    assert kept < memory_estimate(toy, 1000, 365) / 5


def test_simulate_without_a_store_prints_the_stored_runs_summary(tmp_path):
    runner = CliRunner()
    args = ["simulate", str(TOY), "-n", "20", "--days", "60", "--json", "-q"]
    bare = runner.invoke(app, [*args, "--no-store"])
    stored = runner.invoke(app, [*args, "--store", str(tmp_path / "runs.duckdb")])
    assert bare.exit_code == 0 and stored.exit_code == 0, bare.output + stored.output
    a, b = json.loads(bare.stdout), json.loads(stored.stdout)
    assert a["summary"] == b["summary"] and a["run_id"] is None and b["run_id"]
    assert np.isfinite(a["run"]["wall_seconds"])


def test_the_run_time_reaches_the_summary_through_ran(toy):
    how = Summarise()
    how.start(toy, np.arange(2), 10)
    how.ran(seed=9, people=100, wall_seconds=2.5)
    got = how.result()
    assert (got.seed, got.people, got.wall_seconds) == (9, 100, 2.5)
    assert got.person_days_per_second == 100 * 10 * 2 / 2.5
    assert got.metadata()["wall_seconds"] == 2.5


def test_below_half_is_the_share_below_half_on_each_date(whole):
    rows = whole.summary_rows()
    strength = whole.daily.strength.transpose("replicate", "day", "unit")
    for row in rows:
        if row["unit"] == "(force)":
            s, start = strength.sum("unit").values[:, row["day"]], whole.scenario.strength
        else:
            s = strength.sel(unit=row["unit"]).values[:, row["day"]]
            start = whole.scenario.unit(row["unit"]).strength.members
        assert row["p_below_half"] == (s < 0.5 * start).mean()
    # it changes over the run: the old column repeated one whole-run value on every row
    bravo = [row["p_below_half"] for row in rows if row["unit"] == "bravo"]
    assert len(set(bravo)) > 1, bravo


def test_the_force_rows_add_the_units_up_replicate_by_replicate(whole):
    rows = [r for r in whole.summary_rows() if r["unit"] == "(force)"]
    assert [r["day"] for r in rows] == whole.default_days()
    d = whole.daily.isel(day=rows[-1]["day"])
    total = d.strength.sum("unit").values
    assert rows[-1]["strength_q50"] == np.quantile(total, 0.5)
    away = (d.strength - d.front - d.reserve).sum("unit").values
    assert rows[-1]["away_q50"] == np.median(away)
    # the force meets its quotas only when every unit meets its own
    every = ((d.front >= d.quota).all("unit")).values.mean()
    assert rows[-1]["p_quota_met"] == every
    assert rows[-1]["quota"] == sum(u.rotation.quota for u in whole.scenario.units)


def test_a_force_without_quotas_gets_strength_and_absence_columns(tmp_path, toy):
    free = toy.set_many({"units.alpha.rotation.quota": 0, "units.bravo.rotation.quota": 0})
    path = tmp_path / "free.yaml"
    dump_yaml(free, path)
    out = CliRunner().invoke(app, ["simulate", str(path), "-n", "8", "--days", "60", "--no-store"])
    assert out.exit_code == 0, out.output
    header = next(line for line in out.output.splitlines() if "strength" in line)
    assert "quota" not in header and "away" in header and "below half" in header
    with_quota = CliRunner().invoke(app, ["simulate", str(TOY), "-n", "8", "--days", "60",
                                          "--no-store"])  # fmt: skip
    assert "P(quota met)" in with_quota.output
