"""No command overwrites one of its inputs, however the output path names it.

For every command that writes a file, the output is given as each of its inputs (the store,
the scenario, the report, the proposals, an evidence file, a screening), directly, through a
symbolic link and through a hard link: each is refused with one line and exit code 2, before
any work, and the input is unchanged to the byte. Folders and over-long names are refused too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrit.cli import app
from support.files import ROOT, TOY
from support.reliability import record

pytestmark = pytest.mark.reliability

REPORT = ROOT / "examples" / "field-report-2015-10-18.txt"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A store with one run, the toy scenario, a report and its proposals, a screening."""
    here = tmp_path_factory.mktemp("outputs")
    shutil.copy(TOY, here / "toy.yaml")
    shutil.copy(REPORT, here / "report.txt")
    runner = CliRunner()
    store = here / "s.duckdb"
    done = runner.invoke(app, ["simulate", str(here / "toy.yaml"), "-n", "2", "--days", "5",
                               "--json", "--store", str(store), "-q"])  # fmt: skip
    assert done.exit_code == 0, done.output
    run_id = json.loads(done.stdout)["run_id"]
    done = runner.invoke(app, ["extract", str(here / "report.txt"), "--date", "2015-10-18",
                               "--out", str(here / "proposed.yaml")])  # fmt: skip
    assert done.exit_code == 0, done.output
    (here / "screening.json").write_text("{}")
    (here / "evidence.yaml").write_text((ROOT / "examples" / "toy.yaml").read_text())
    return here, run_id


def commands(here: Path, run_id: str) -> list[tuple[str, list[str], str, dict[str, Path]]]:
    """(name, argv with OUT for the output, its option, the inputs it must not overwrite)."""
    store, toy = here / "s.duckdb", here / "toy.yaml"
    s = ["--store", str(store)]
    return [
        ("simulate --export", ["simulate", str(toy), "-n", "1", "--days", "2", "--export", "OUT",
                               *s], "--export", {"store": store, "scenario": toy}),
        ("export", ["export", run_id, "--out", "OUT", *s], "--out", {"store": store}),
        ("report", ["report", run_id, "--out", "OUT", *s], "--out", {"store": store}),
        ("extract", ["extract", str(here / "report.txt"), "--date", "2015-10-18", "--scenario",
                     str(toy), "--out", "OUT"], "--out",
         {"report": here / "report.txt", "scenario": toy}),
        ("evidence review", ["evidence", "review", str(here / "proposed.yaml"), "--scenario",
                             str(toy), "--out", "OUT"], "--out",
         {"proposals": here / "proposed.yaml", "scenario": toy}),
        ("fit --plot", ["fit", str(toy), "--evidence", str(here / "evidence.yaml"), "--param",
                        "units.alpha.leave.return_probability=uniform(0.5,1)", "--plot", "OUT",
                        *s], "--plot",
         {"store": store, "scenario": toy, "evidence": here / "evidence.yaml"}),
        ("sensitivity --plot", ["sensitivity", str(toy), "--day", "3", "--samples", "2",
                                "--plot", "OUT", *s], "--plot", {"store": store, "scenario": toy}),
        ("assumptions --write", ["assumptions", str(toy), "--screening",
                                 str(here / "screening.json"), "--write", "OUT"], "--write",
         {"scenario": toy, "screening": here / "screening.json"}),
    ]  # fmt: skip


def cases():
    names = ["simulate --export", "export", "report", "extract", "evidence review", "fit --plot",
             "sensitivity --plot", "assumptions --write"]  # fmt: skip
    return [(n, how) for n in names for how in ("same", "symlink", "hardlink")]


@pytest.mark.parametrize(("name", "how"), cases())
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(folder, tmp_path, name, how):
    here, run_id = folder
    _, argv, option, inputs = next(c for c in commands(here, run_id) if c[0] == name)
    runner = CliRunner()
    for what, target in inputs.items():
        before = digest(target)
        if how == "same":
            out = target
        elif how == "symlink":
            out = tmp_path / f"link-{what}"
            out.symlink_to(target)
        else:
            out = tmp_path / f"hard-{what}"
            os.link(target, out)
        done = runner.invoke(app, [str(out) if a == "OUT" else a for a in argv])
        assert done.exit_code == 2, (what, done.output)
        assert option in done.stderr and "would destroy it" in done.stderr, done.stderr
        assert "Traceback" not in done.output
        assert digest(target) == before, f"{name} changed {what}"
    record(f"attack: {name} onto its inputs ({how})", "each input given as the output: refused "
           "before any work, the input unchanged", refused=len(inputs), inputs_destroyed=0)


@pytest.mark.parametrize("name", ["export", "report", "simulate --export"])
def test_a_folder_or_an_overlong_name_is_refused_before_any_work(folder, tmp_path, name):
    here, run_id = folder
    _, argv, _, _ = next(c for c in commands(here, run_id) if c[0] == name)
    runner = CliRunner()
    for out, message in ((tmp_path, "is a folder"), (tmp_path / ("x" * 300), "longer than")):
        done = runner.invoke(app, [str(out) if a == "OUT" else a for a in argv])
        assert done.exit_code == 2 and message in done.stderr, done.output
