"""Runs stored by an older attrit, before a variable existed, still export and report."""

from __future__ import annotations

import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import attrit
from attrit.cli import app
from attrit.store import SCHEMA_VERSION, Store, StoredRunWarning, records
from attrit.store.records import LEGACY_DDL
from support.files import TOY


def older(path, run_id: str, variable: str) -> None:
    """Make the store what a version 4 attrit, which did not record ``variable``, wrote: a
    long ``daily`` table, no ``variables`` table, no record files."""
    long = Store(path).daily(run_id)
    long = long[long["variable"] != variable]
    long.insert(0, "run_id", run_id)
    con = duckdb.connect(str(path))
    con.execute(LEGACY_DDL)
    con.register("frame", long)
    con.execute("INSERT INTO daily SELECT * FROM frame")
    con.execute("DROP TABLE variables")
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.close()
    shutil.rmtree(records.folder(path))


@pytest.fixture
def old_run(tmp_path, toy):
    path = tmp_path / "s.duckdb"
    res = attrit.simulate(toy, replicates=3, days=40, seed=2)
    run_id = Store(path).save(res)
    older(path, run_id, "enemy_strength")
    return path, run_id, res


def test_each_run_records_its_variables_with_their_units(tmp_path, toy):
    store = Store(tmp_path / "s.duckdb")
    run_id = store.save(attrit.simulate(toy, replicates=1, days=5, seed=1))
    table = store.variables(run_id).set_index("variable")
    assert table.loc["front", "units"] == "persons"
    assert table.loc["pay_received", "units"] == "USD"
    assert table.loc["killed", "kind"] == "flow" and table.loc["strength", "kind"] == "stock"


def test_an_older_run_is_read_with_the_variable_missing_and_says_so(old_run):
    path, run_id, original = old_run
    with pytest.warns(StoredRunWarning, match="without enemy_strength"):
        back = Store(path).results(run_id)
    assert back.missing == ("enemy_strength",)
    assert np.isnan(back.daily["enemy_strength"].values).all()
    for name in ("strength", "front", "deserted_total"):
        np.testing.assert_array_equal(back.daily[name].values, original.daily[name].values)
    paid = back.daily["pay_received"].values  # float32 in the store it came from
    np.testing.assert_allclose(paid, original.daily["pay_received"].values, rtol=2.0**-24)


def test_an_older_run_exports_and_reports(old_run, tmp_path):
    path, run_id, _ = old_run
    runner = CliRunner()
    out = tmp_path / "daily.parquet"
    done = runner.invoke(app, ["export", run_id, "--out", str(out), "--store", str(path)])
    assert done.exit_code == 0, done.output
    frame = pd.read_parquet(out)
    assert frame.query("variable == 'enemy_strength'")["value"].isna().all()
    assert frame.query("variable == 'front'")["value"].notna().all()
    import pyarrow.parquet as pq

    assert pq.read_schema(out).metadata[b"attrit.missing_variables"] == b"enemy_strength"
    report = tmp_path / "report.html"
    done = runner.invoke(app, ["report", run_id, "--out", str(report), "--store", str(path)])
    assert done.exit_code == 0, done.output
    assert "which did not record enemy_strength" in report.read_text()


def test_the_dashboards_run_page_shows_an_older_run(old_run, tmp_path):
    from attrit.report.build import run_figures

    path, run_id, _ = old_run
    with pytest.warns(StoredRunWarning):
        results = Store(path).results(run_id)
        figures = run_figures(results, [], "dash")  # what the Runs page draws
        Store(path).export(run_id, tmp_path / "d.parquet")  # its "Download data"
    assert len(figures) >= 2 and all(f["src"].startswith("data:image/png") for f in figures)


def test_an_older_store_is_read_as_it_is_then_migrated_to_record_files(old_run):
    path, run_id, original = old_run
    with pytest.warns(StoredRunWarning):
        before = Store(path).results(run_id)  # read-only: the long table, as it was written
    assert not records.folder(path).exists()
    Store(path).save(attrit.simulate(attrit.load(TOY), replicates=1, days=3))  # a write migrates
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [
            (str(SCHEMA_VERSION),)
        ]
        tables = con.sql("SELECT table_name FROM information_schema.tables").fetchall()
        assert ("daily",) not in tables
    assert records.path_of(path, run_id).exists()
    with pytest.warns(StoredRunWarning, match="without enemy_strength"):
        after = Store(path).results(run_id)
    np.testing.assert_allclose(after.record, before.record, rtol=2.0**-24, atol=0)
    assert np.array_equal(after.daily.strength.values, original.daily.strength.values)


def test_a_stored_variable_no_longer_recorded_is_left_out_with_a_warning(tmp_path, toy):
    import pyarrow.parquet as pq

    path = tmp_path / "s.duckdb"
    run_id = Store(path).save(attrit.simulate(toy, replicates=1, days=5, seed=1))
    file = records.path_of(path, run_id)
    data = pq.read_table(file)
    pq.write_table(data.append_column("retired_variable", data.column("front")), file)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO variables VALUES (?, 'retired_variable', 'persons', '', 'stock')",
                [run_id])  # fmt: skip
    con.close()
    with pytest.warns(StoredRunWarning, match="retired_variable"):
        back = Store(path).results(run_id)
    assert "retired_variable" not in back.daily
