"""Every parameter is declared once, with unit, range and reason; the reference is current."""

import inspect

from pydantic import BaseModel
from typer.testing import CliRunner

from attrit.cli import app
from attrit.scenario import mechanisms
from attrit.scenario.params import param_info
from attrit.scenario.reference import parameter_rows
from support.files import ROOT

# Counts of people are inputs, not parameters with a plausible range.
NOT_PARAMETERS = {("Strength", "troops"), ("Strength", "officers")}


def test_every_numeric_mechanism_field_is_a_declared_parameter():
    models = [
        m
        for _, m in inspect.getmembers(mechanisms, inspect.isclass)
        if issubclass(m, BaseModel) and m.__module__ == mechanisms.__name__
    ]
    assert len(models) >= 12
    for model in models:
        for name, field in model.model_fields.items():
            if field.annotation in (int, float) and (model.__name__, name) not in NOT_PARAMETERS:
                assert param_info(field) is not None, f"{model.__name__}.{name}"


def test_every_parameter_has_unit_range_and_reason():
    rows = parameter_rows()
    paths = {r.path for r in rows}
    assert "units.*.desertion.hazard_per_day" in paths
    assert "factions.*.supply.diversion_fraction" in paths
    for row in rows:
        assert row.unit and row.reason, row.path
        assert row.low <= row.high, row.path
        assert row.low <= row.default <= row.high or row.path.endswith("quota"), row.path


def test_reference_doc_is_current():
    result = CliRunner().invoke(app, ["params", "--check", str(ROOT / "docs" / "parameters.md")])
    assert result.exit_code == 0, result.output


def test_engine_doc_is_current_and_lists_the_phases_in_order():
    from attrit.model.registry import PHASES

    path = ROOT / "docs" / "engine.md"
    result = CliRunner().invoke(app, ["model", "--check", str(path)])
    assert result.exit_code == 0, result.output
    listed = [
        line.split("`")[1]
        for line in path.read_text().splitlines()
        if line[:1].isdigit() and ". `" in line
    ]
    assert tuple(listed) == PHASES


def test_cli_doc_is_current_and_lists_every_command():
    import typer.main

    path = ROOT / "docs" / "cli.md"
    result = CliRunner().invoke(app, ["commands", "--check", str(path)])
    assert result.exit_code == 0, result.output
    text = path.read_text()
    for name, command in typer.main.get_command(app).commands.items():
        assert f"## `attrit {name}`" in text
        for sub in getattr(command, "commands", {}):
            assert f"### `attrit {name} {sub}`" in text


def test_model_doc_schedule_is_the_engines_phase_list():
    from attrit.model.describe import with_schedule

    text = (ROOT / "docs" / "model.md").read_text()
    assert with_schedule(text) == text, "run make docs (python -m attrit.model.describe ...)"
    for heading in ("## 1. Purpose and patterns", "## 2. Entities", "## 3. Process overview",
                    "## 4. Design concepts", "## 5. Initialisation", "## 6. Input data",
                    "## 7. Submodels"):  # fmt: skip
        assert heading in text


def test_assumptions_register_is_current_and_lists_every_assumption():
    import attrit

    path = ROOT / "docs" / "assumptions.md"
    screening = ROOT / "docs" / "data" / "morris-iraq-2015.json"
    example = str(ROOT / "examples" / "iraq-2015.yaml")
    result = CliRunner().invoke(
        app, ["assumptions", example, "--screening", str(screening), "--check", str(path)]
    )
    assert result.exit_code == 0, result.output
    text = path.read_text()
    for a in attrit.load(ROOT / "examples" / "iraq-2015.yaml").assumptions:
        assert f"| `{a.path}` |" in text


def test_assumptions_register_ranks_from_the_screening(toy):
    from attrit.scenario.assumptions import render_markdown

    sc = toy.model_copy(
        update={"assumptions": [{"path": "units.alpha.desertion.hazard_per_day", "reason": "r"}]}
    )
    sc = type(toy).model_validate(sc.to_data())
    screening = {
        "output": "front_fill", "unit": "alpha", "day": 10, "points": 20, "replicates": 2,
        "noise_share": 0.01,
        "indices": [
            {"path": "units.alpha.leave.return_probability", "mu_star": 0.5, "mu_star_conf": 0.1},
            {"path": "units.alpha.desertion.hazard_per_day", "mu_star": 0.2, "mu_star_conf": 0.05},
        ],
    }  # fmt: skip
    text = render_markdown(sc, "toy.yaml", screening)
    assert "| `units.alpha.desertion.hazard_per_day` |" in text
    assert "0.200 ± 0.050 (rank 2 of 2)" in text
    defaults = text.split("## Defaults that matter most")[1]
    assert "`units.alpha.leave.return_probability`" in defaults and "(rank 1 of 2)" in defaults
    assert "hazard_per_day" not in defaults
