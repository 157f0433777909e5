"""``attrit validate --evidence``: an evidence file checked alone or with its scenario."""

from pathlib import Path

from typer.testing import CliRunner

from attrit.cli import app

ROOT = Path(__file__).resolve().parents[2]
SERIES = ROOT / "docs" / "research" / "ukraine-proceedings.evidence.yaml"
ITEM = """sources:
  - {id: memo, title: memo}
evidence:
  - id: gone
    kind: figure
    measure: went_absent
    unit: alpha
    period: {start: 2015-08-01, end: 2015-08-31}
    value: 1700
    stated: STATED
    source: memo
    quote: "at least 1,700"
    reliability: C
    credibility: 3
"""


def run(*args):
    return CliRunner().invoke(app, ["validate", *args])


def test_an_evidence_file_stands_alone(tmp_path):
    result = run("--evidence", str(SERIES))
    assert result.exit_code == 0, result.output
    assert "1 evidence items (1 figure) from 1 sources" in result.output
    assert "valid:" in result.output and "(on its own)" in result.output


def test_a_bad_statement_is_located_in_the_evidence_file(tmp_path):
    bad = tmp_path / "ev.yaml"
    bad.write_text(ITEM.replace("STATED", "at_leest"))
    result = run("--evidence", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:10:5: evidence.gone.stated:")
    assert "'at_least'" in result.stderr


def test_with_a_scenario_its_units_and_calendar_are_checked(tmp_path):
    good = tmp_path / "ev.yaml"
    good.write_text(ITEM.replace("STATED", "at_least"))
    toy = str(ROOT / "examples" / "toy.yaml")
    result = run("--evidence", str(good), "--scenario", toy, "--no-outlook")
    assert result.exit_code == 0, result.output
    assert f"(the evidence of {good})" in result.output
    assert result.output.rstrip().endswith(f"with {good}")
    (tmp_path / "far.yaml").write_text(
        ITEM.replace("STATED", "at_least").replace("unit: alpha", "unit: zulu")
    )
    result = run(toy, "--evidence", str(tmp_path / "far.yaml"), "--no-outlook")
    assert result.exit_code == 2
    assert str(tmp_path / "far.yaml") in result.stderr and "zulu" in result.stderr


def test_nothing_to_validate_is_an_error():
    result = run()
    assert result.exit_code != 0
    assert "--evidence" in result.output + (result.stderr or "")


def test_an_id_used_twice_is_refused_on_its_own_too(tmp_path):
    twice = tmp_path / "ev.yaml"
    one = ITEM.replace("STATED", "at_least")
    twice.write_text(one + one.split("evidence:\n", 1)[1])
    result = run("--evidence", str(twice))
    assert result.exit_code == 2 and "evidence item ids used twice: gone" in result.stderr
