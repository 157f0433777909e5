"""A run summarised as its replicates finish gives the rows its whole record gives."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import attrit
from attrit.cli import app
from attrit.run import memory_estimate
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
