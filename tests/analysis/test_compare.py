"""Paired comparison with common random numbers."""

import json

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

import attrit
from attrit.analysis.compare import compare, outcomes, parse_set
from attrit.cli import app
from support.files import EXAMPLE


def test_a_variant_identical_to_the_baseline_has_zero_effect_in_every_pair(toy):
    same = toy.get("units.alpha.pay.commander_skim_fraction")
    c = compare(toy, sets=[f"units.alpha.pay.commander_skim_fraction={same}"], replicates=8)
    table = c.table()
    assert (table.diff_mean == 0).all() and (table.diff_low == 0).all()
    assert (table.p_better == 0.5).all()


def test_common_random_numbers_narrow_the_interval(example):
    """The paired interval of the effect of paying troops directly on the force's front fill
    is compared with the Welch interval from an independent ensemble of the same size."""
    reps, day = 60, 89
    c = compare(example, interventions=["pay-troops-directly"], replicates=reps, days=90)
    paired = c.table([day]).query("unit == 'force' and metric == 'front_fill'").iloc[0]
    paired_width = paired.diff_high - paired.diff_low

    variant = example.set("interventions.pay-troops-directly.active", True)
    independent = attrit.simulate(variant, replicates=reps, days=90, seed=example.seed + 1)
    a = outcomes(c.baseline).front_fill.sel(unit="force", day=day).values
    b = outcomes(independent).front_fill.sel(unit="force", day=day).values
    se = np.sqrt(a.var(ddof=1) / reps + b.var(ddof=1) / reps)
    welch_width = 2 * stats.t.ppf(0.95, 2 * reps - 2) * se
    assert paired_width < 0.5 * welch_width, (paired_width, welch_width)
    assert paired.diff_mean > 0  # paying the troops directly raises the front fill


def test_bad_variants_are_refused_with_the_choices(example):
    with pytest.raises(attrit.RunError, match=r"no intervention 'nope'.*stop-the-theft"):
        compare(example, interventions=["nope"], replicates=2)
    with pytest.raises(attrit.RunError, match="already active"):
        compare(example, interventions=["qf-bonuses"], replicates=2)
    with pytest.raises(attrit.RunError, match="'qouta' is not a field"):
        compare(example, sets=["units.*.rotation.qouta=3"], replicates=2)
    with pytest.raises(attrit.RunError, match="nothing to compare"):
        compare(example, replicates=2)
    with pytest.raises(attrit.RunError, match="path=value"):
        parse_set("no-equals-sign")


def test_parse_set_reads_yaml_values():
    assert parse_set("a.b=0.25") == ("a.b", 0.25)
    assert parse_set("a.b=true") == ("a.b", True)
    assert parse_set("a.b = 3") == ("a.b", 3)


def test_cli_compare_json_and_table():
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "compare",
            str(EXAMPLE),
            "-i",
            "stop-the-theft",
            "--set",
            "units.*.pay.missed_cycle_probability=0",
            "-n",
            "10",
            "--days",
            "90",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    variants = {row["variant"] for row in data["comparison"]}
    assert variants == {"stop-the-theft", "units.*.pay.missed_cycle_probability=0"}
    row = next(
        r
        for r in data["comparison"]
        if r["unit"] == "ashoura-anbar-1"
        and r["metric"] == "front_fill"
        and r["day"] == 89
        and r["variant"] == "stop-the-theft"
    )
    assert row["diff_low"] <= row["diff_mean"] <= row["diff_high"]
    result = runner.invoke(
        app, ["compare", str(EXAMPLE), "-i", "stop-the-theft", "-n", "5", "--days", "60"]
    )
    assert result.exit_code == 0, result.output
    assert "Paired effects" in result.stdout and "force" in result.stdout
    result = runner.invoke(app, ["compare", str(EXAMPLE), "-i", "nope", "-n", "2"])
    assert result.exit_code == 2 and "no intervention 'nope'" in result.stderr
