"""Loading scenarios: the examples, the corpus of broken files, round trips, the API."""

from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

import attrit
from attrit.cli import app
from attrit.scenario import ScenarioError, dump_yaml, loads, loads_evidence
from support.files import EXAMPLE, ROOT, TOY
from support.reliability import record

pytestmark = pytest.mark.reliability  # in make reliability's table

BAD = ROOT / "tests" / "data" / "bad"


def expected_lines() -> dict[str, list[str]]:
    lines: dict[str, list[str]] = defaultdict(list)
    for line in (BAD / "expected.txt").read_text().splitlines():
        lines[line.split(":", 1)[0]].append(line)
    return lines


BAD_FILES = sorted(p for p in BAD.iterdir() if p.suffix in (".yaml", ".toml"))


def test_corpus_is_large_enough():
    assert len(BAD_FILES) >= 25
    assert set(expected_lines()) == {f"tests/data/bad/{p.name}" for p in BAD_FILES}


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_bad_file_exits_2_with_located_lines(path: Path, at_root):
    rel = f"tests/data/bad/{path.name}"
    result = CliRunner().invoke(app, ["validate", rel])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == expected_lines()[rel]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_bad_file_raises_one_exception_with_every_problem(path: Path, at_root):
    with pytest.raises(ScenarioError) as info:
        attrit.load(f"tests/data/bad/{path.name}")
    assert [str(p) for p in info.value.problems] == expected_lines()[f"tests/data/bad/{path.name}"]
    for problem in info.value.problems:
        assert problem.line >= 1 and problem.col >= 1


def test_many_problems_are_all_reported():
    with pytest.raises(ScenarioError) as info:
        attrit.load(BAD / "many-problems.yaml")
    paths = [p.path for p in info.value.problems]
    assert paths == [
        "units.alpha.rotation.quota",
        "units.bravo.province",
        "units.bravo.provence",
        "evidence.alpha-leave.credibility",
    ]


def test_example_validates_with_summary():
    result = CliRunner().invoke(app, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "6 units, 8,720 members" in result.output
    assert "7 evidence items" in result.output


def test_example_encodes_the_report(example):
    battalion = example.unit("ashoura-anbar-1")
    assert battalion.strength.members == 400
    assert battalion.rotation.quota == 170
    assert (battalion.rotation.days_on, battalion.rotation.days_off) == (15, 15)
    report = ROOT.parent / "shared" / "seed" / "field-report-2015-10-18.txt"
    kinds = {e.kind for e in example.evidence}
    assert {
        "leave_return",
        "quota_fill",
        "desertion_count",
        "group_departure",
        "pay_arrears",
        "strength",
    } <= kinds
    if report.exists():  # quotes are verbatim
        text = report.read_text()
        for item in example.evidence:
            assert item.quote in text, item.id
    leave = next(e for e in example.evidence if e.kind == "leave_return")
    assert (leave.went_on_leave, leave.returned) == (200, 110)


def test_every_assumption_names_a_real_parameter(example):
    assert len(example.assumptions) >= 20
    for a in example.assumptions:
        example.get(a.path)


def test_missing_file_is_a_located_problem(tmp_path):
    with pytest.raises(ScenarioError) as info:
        attrit.load(tmp_path / "nope.yaml")
    assert "no such file" in str(info.value)


def test_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8"):
        attrit.load(path)


@pytest.mark.parametrize("source", [EXAMPLE, TOY], ids=["example", "toy"])
def test_round_trip(source, tmp_path):
    first = attrit.load(source)
    dump_yaml(first, tmp_path / "again.yaml")
    second = attrit.load(tmp_path / "again.yaml")
    assert second == first
    assert second.hash() == first.hash()


def test_toml_and_yaml_give_one_scenario(toy):
    assert attrit.load(ROOT / "tests" / "data" / "good" / "toy.toml") == toy


def test_alias_bomb_is_refused_quickly():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        levels.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(ScenarioError, match="alias bomb"):
        loads("\n".join(levels) + "\n", "bomb.yaml")


def test_deep_nesting_is_refused():
    text = "a: " + "[" * 200 + "]" * 200 + "\n"
    with pytest.raises(ScenarioError, match="nests deeper"):
        loads(text, "deep.yaml")


def test_huge_numbers_are_refused_where_they_are():
    text = (ROOT / "examples" / "toy.yaml").read_text()
    huge = text.replace("troops: 190", "troops: " + "9" * 5000)
    with pytest.raises(ScenarioError, match=r"huge.yaml:\d+:\d+: a number with more than 4,300"):
        loads(huge, "huge.yaml")
    with pytest.raises(ScenarioError, match="finite number"):
        loads(text.replace("troops: 190", "troops: 1e400"), "inf.yaml")


def test_bombs_are_refused_within_bounded_time_and_memory():
    import resource
    import time

    from support.reliability import record

    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        levels.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    bombs = {
        "billion laughs": "\n".join(levels) + "\n",
        "deep nesting": "a: " + "[" * 5000,
        "huge number": "troops: " + "9" * 100_000,
    }
    peak0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    for name, text in bombs.items():
        with pytest.raises(ScenarioError):
            loads(text, f"{name}.yaml")
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak0) / 1024  # MiB
    record(
        "YAML bombs",
        "billion laughs, 5,000 levels of nesting, a 100,000-digit number",
        inputs=len(bombs),
        refused=len(bombs),
        peak_memory_growth_mib=round(grown),
        milliseconds=round(1000 * seconds),
    )
    assert grown < 200  # the expansion is refused, not built


def test_found_by_fuzzing_evidence_files_fail_located(toy):
    # a source id that is a list, and sources that are not a list: were TypeErrors
    for text in ("sources: [{id: []}]\nevidence: []\n", "sources: 5\nevidence: []\n"):
        with pytest.raises(ScenarioError) as exc:
            loads_evidence(toy, text, "e.yaml")
        assert all(p.line in (1, 2) and p.col >= 1 for p in exc.value.problems)


def test_yaml_tags_cannot_build_objects(tmp_path, toy):
    pwned = tmp_path / "pwned"
    tags = [
        f"!!python/object/apply:os.system ['touch {pwned}']",
        f"!!python/object/apply:subprocess.call [['touch', '{pwned}']]",
        "!!python/name:os.system",
        f"!!binary {'A' * 8}",
    ]
    for tag in tags:
        with pytest.raises(ScenarioError, match=r"evil.yaml:1:7: the YAML tag !!\S+ is not"):
            loads(f"name: {tag}\n", "evil.yaml")
        with pytest.raises(ScenarioError, match=r"evil.yaml:1:11: the YAML tag !!\S+ is not"):
            loads_evidence(toy, f"evidence: {tag}\n", "evil.yaml")
    assert not pwned.exists()
    record(
        "safe YAML",
        "python object, name and binary tags in a scenario and an evidence file",
        inputs=2 * len(tags),
        refused=2 * len(tags),
        code_executed=0,
    )


def test_a_retired_field_names_its_successor_at_its_line(tmp_path):
    text = TOY.read_text().replace(
        "\nfactions:", "\nmorale:\n  leader_loss_shock: 0.15\nfactions:", 1
    )
    path = tmp_path / "old.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        attrit.load(path)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "leader_loss_shock" in s)
    assert f"old.yaml:{line}:" in str(info.value)
    assert "leader_loss_weight" in str(info.value) and "share of the unit's officers" in str(
        info.value
    )
