"""The report tests' shared fixture: a store with runs, a comparison and a fit, and its report."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from attrit.cli import app
from support.files import TOY


@pytest.fixture(scope="session")
def stored(tmp_path_factory):
    """A store with a simulation of the toy force and a comparison (bonus on), and a report."""
    folder = tmp_path_factory.mktemp("report")
    store = str(folder / "runs.duckdb")
    runner = CliRunner()
    sim = runner.invoke(
        app, ["simulate", str(TOY), "-n", "6", "--days", "60", "--json", "--store", store]
    )
    assert sim.exit_code == 0, sim.output
    cmp = runner.invoke(
        app,
        ["compare", str(TOY), "-n", "6", "--days", "60", "-i", "bonus", "--json", "--store", store],
    )
    assert cmp.exit_code == 0, cmp.output
    ids = {"run": json.loads(sim.stdout)["run_id"], **json.loads(cmp.stdout)["run_ids"]}
    fitted = runner.invoke(
        app,
        ["fit", str(TOY), "--param", "units.alpha.leave.return_probability=uniform(0.5,1)",
         "--population", "40", "--generations", "2", "--checks", "10", "--json",
         "--store", store, "--plot", str(folder / "fit.png")],
    )  # fmt: skip
    assert fitted.exit_code == 0, fitted.output
    ids["fit"] = json.loads(fitted.stdout)["fit_id"]
    assert (folder / "fit.png").stat().st_size > 0 and (folder / "fit-checks.png").exists()
    out = folder / "report.html"
    made = runner.invoke(
        app,
        ["report", ids["run"], ids["group"], ids["fit"], "--store", store, "--out", str(out)],
    )
    assert made.exit_code == 0, made.output
    assert "report written to" in made.stdout
    return {"store": store, "ids": ids, "html": out.read_text(), "path": out}
