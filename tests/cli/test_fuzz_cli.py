"""A command-line fuzzer: every command, with options drawn from its own declarations.

Hypothesis walks the Typer app's parameters (their Python types and bounds) and draws, for
each command, combinations of its options and arguments: numbers at and beyond their bounds,
odd strings (NUL bytes, markup, SQL, very long), and odd files (empty, binary, a folder, a
device, missing, a store, a CSV with a byte-order mark, a report, an evidence file). Each
invocation must end with exit code 0, 1 or 2 and print no traceback: bad input is a located
line and exit 2, never a crash. ``attrit serve`` is left out (it serves until stopped; its
attacks are in tests/dashboard/). ``make reliability`` runs 5,000 or more invocations
(``ATTRIT_CLI_FUZZ_EXAMPLES`` per command); ``make test`` a few per command.
"""

from __future__ import annotations

import json
import os
import shutil
import typing
from pathlib import Path

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from attrit.cli import app
from attrit.errors import AttritError
from support.files import EXAMPLE, ROOT, TOY
from support.reliability import Counter, record

pytestmark = [pytest.mark.reliability, pytest.mark.fuzz, pytest.mark.slow]

PER_COMMAND = int(os.environ.get("ATTRIT_CLI_FUZZ_EXAMPLES", "12"))
LEFT_OUT = {"serve"}
# bounds on the work a drawn invocation may ask for, so every one ends in seconds
SMALL = {"replicates": 3, "days": 40, "samples": 4, "population": 20, "generations": 2,
         "budget": 60, "checks": 10, "draws": 20, "horizon": 40}  # fmt: skip


def leaf_commands() -> list[tuple[list[str], object]]:
    root = typer.main.get_command(app)
    out = []

    def walk(group, prefix):
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                walk(cmd, [*prefix, name])
            elif name not in LEFT_OUT:
                out.append(([*prefix, name], cmd))

    walk(root, [])
    return out


COMMANDS = leaf_commands()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Odd and good files, and a store holding a run, a comparison and a fit."""
    here = tmp_path_factory.mktemp("cli-fuzz")
    # copies only: an invocation may write wherever an option points (never a real file)
    shutil.copy(TOY, here / "toy.yaml")
    shutil.copy(EXAMPLE, here / "example.yaml")
    report = ROOT / "examples" / "field-report-2015-10-18.txt"
    shutil.copy(report, here / "report.txt")
    runner = CliRunner()
    store = here / "s.duckdb"
    done = runner.invoke(app, ["simulate", str(here / "toy.yaml"), "-n", "2", "--days", "10",
                               "--json", "-q",
                               "--store", str(store)])  # fmt: skip
    run_id = json.loads(done.stdout)["run_id"]
    done = runner.invoke(app, ["fit", str(here / "toy.yaml"), "--param",
                               "units.alpha.leave.return_probability=uniform(0.5,1)",
                               "--population", "20", "--generations", "1", "--checks", "10",
                               "--json", "-q", "--store", str(store)])  # fmt: skip
    fit_id = json.loads(done.stdout)["fit_id"]
    runner.invoke(app, ["extract", str(here / "report.txt"), "--date", "2015-10-18", "--out",
                        str(here / "proposed.yaml")])  # fmt: skip
    (here / "empty.txt").write_text("")
    (here / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (here / "bom.csv").write_text("\ufeffday,blue_strength,red_strength\n0,100,100\n1,90,95\n")
    (here / "falling.csv").write_text("day,blue_casualties\n0,0\n1,10\n2,5\n")
    (here / "huge.csv").write_text("day,blue_casualties\n0,0\n100000000,1e308\n")
    (here / "nul.yaml").write_bytes(b"name: x\x00\ncalendar: {start: 2015-08-01, days: 3}\n")
    (here / "folder").mkdir()
    (here / "screening.json").write_text("{}")
    paths = [here / n for n in ("toy.yaml", "report.txt", "proposed.yaml", "empty.txt",
                                "binary.bin", "bom.csv", "falling.csv", "huge.csv", "nul.yaml",
                                "folder", "screening.json", "s.duckdb", "missing.yaml")]
    paths += [here / "example.yaml", Path("/dev/null"), here / ("x" * 300)]
    return {"here": here, "store": store, "paths": paths, "ids": [run_id, fit_id]}


def _strategy(param, files) -> st.SearchStrategy:
    ann = param.type_descriptor.annotation
    origin = typing.get_origin(ann)
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    inner = args[0] if origin in (typing.Union, __import__("types").UnionType) and args else ann
    if typing.get_origin(inner) is list:
        inner = typing.get_args(inner)[0]
    name = param.name
    if inner is bool:
        return st.booleans()
    if inner is int:
        low = param.min if param.min is not None else -5
        high = param.max if param.max is not None else 10**6
        cap = SMALL.get(name)
        near = st.integers(max(low, 0) if low is not None else 0, cap or min(high, 50))
        odd = st.sampled_from([low - 1, high + 1, -1, 0, 2**70, 10**30]) if low is not None else (
            st.sampled_from([-1, 0, 2**70]))
        return st.one_of(near, near, near, odd)
    if inner is float:
        return st.one_of(st.floats(-1e3, 1e3), st.sampled_from([float("nan"), float("inf"),
                                                               -1.0, 0.0, 1e308, 5.0]))
    if inner is Path:
        return st.sampled_from(files["paths"])
    ids = files["ids"]
    texts = ["", "nope", "\x00", "'; DROP TABLE runs; --", "[bold]x[/bold]", "x" * 5000,
             "units.*.desertion.hazard_per_day=0.002", "units.*.pay=1", "qf-bonuses",
             "stop-the-theft", "bonus", "tcp://127.0.0.1:9", "garbage", "2015-10-18",
             "9999-12-31", "square", "lsq", "poisson", "filter", "morris", "sobol",
             "front_fill", "strength", "alpha", "parquet", "csv", "uniform(0.5,1)",
             "units.alpha.leave.return_probability=uniform(0.5,1)", "A", "2", *ids]
    return st.sampled_from(texts)


def _argv(data, path: list[str], cmd, files) -> list[str]:
    argv = list(path)
    for param in cmd.params:
        if param.name in ("store",):
            argv += ["--store", str(files["store"])]
            continue
        is_argument = type(param).__name__ == "TyperArgument"
        if not is_argument and not param.required and data.draw(st.booleans()):
            continue  # leave the option at its default
        values = [data.draw(_strategy(param, files))]
        if param.multiple and data.draw(st.booleans()):
            values.append(data.draw(_strategy(param, files)))
        for value in values:
            if is_argument:
                argv.append(str(value))
            elif getattr(param, "is_flag", False):
                if value:
                    argv.append(param.opts[0])
            else:
                argv += [param.opts[0], str(value)]
    return argv


def invoke(argv: list[str], cwd: Path) -> tuple[int, str]:
    """Run as ``attrit`` would: an AttritError a command lets out is exit 2 (see cli.main)."""
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(app, argv, input="r\nq\n\n")
    finally:
        os.chdir(old)
    output = result.output + (result.stderr if result.stderr_bytes else "")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        if isinstance(result.exception, AttritError):
            return 2, output
        import traceback

        tb = "".join(traceback.format_exception(result.exception))
        return -1, f"{output}\n{tb}"
    return result.exit_code, output


counts = Counter()
fuzzed: set[str] = set()  # the commands this process fuzzed (xdist splits them)


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    yield
    record("command-line fuzzing", "every command but serve, options and files drawn from "
           "its declarations: exit 0, 1 or 2, no traceback", inputs=counts.n, tracebacks=0,
           commands=len(fuzzed))  # fmt: skip


@pytest.mark.parametrize(("path", "cmd"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_invocation_ends_with_0_1_or_2_and_no_traceback(path, cmd, files):
    @settings(max_examples=PER_COMMAND, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.data())
    def run(data):
        argv = _argv(data, path, cmd, files)
        code, output = invoke(argv, files["here"])
        counts()
        assert code in (0, 1, 2), f"attrit {' '.join(argv)!r} -> {code}:\n{output[-3000:]}"
        assert "Traceback (most recent call last)" not in output, (argv, output[-3000:])

    run()
    fuzzed.add(" ".join(path))
