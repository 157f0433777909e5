"""Random mutations of the shipped example, as a scenario file and as an evidence file,
validate or fail with located problems, never a traceback: mutations of the data and of the
text."""

import copy
import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import attrit
from attrit.scenario import ScenarioError, loads, loads_evidence
from attrit.scenario.locate import read_yaml
from support.files import EXAMPLE, example_evidence, yaml_lines, yaml_text
from support.reliability import FUZZ_EXAMPLES, Counter, record

pytestmark = pytest.mark.reliability  # in make reliability's table

TEXT = EXAMPLE.read_text()
DATA, _ = read_yaml(TEXT)
SCENARIO = attrit.load(EXAMPLE)
EVIDENCE_DATA = example_evidence()


def _locations(node, loc=()):
    yield loc
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _locations(v, (*loc, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _locations(v, (*loc, i))


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@st.composite
def mutated(draw, base):
    data = copy.deepcopy(base)
    locations = [loc for loc in _locations(base) if loc]
    for _ in range(draw(st.integers(1, 3))):
        loc = draw(st.sampled_from(locations))
        parent = data
        try:
            for key in loc[:-1]:
                parent = parent[key]
            key = loc[-1]
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        action = draw(st.sampled_from(["replace", "delete", "extra", "duplicate"]))
        if action == "replace":
            parent[key] = draw(values)
        elif action == "delete":
            del parent[key]
        elif action == "extra" and isinstance(parent[key], dict):
            parent[key][draw(st.text(min_size=1, max_size=8))] = draw(values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return data


calls, evidence_calls = Counter(), Counter()


@pytest.fixture(scope="module", autouse=True)
def _log_inputs():
    """After this file's tests (in each worker, each time the file's tests end there): what
    was tried since they began, so the table can add the workers' counts."""
    scenarios, evidence = calls.n, evidence_calls.n
    yield
    if calls.n > scenarios:
        record(
            "scenario fuzzing",
            "mutations of the example's data and text through the loader "
            "(2 s per input): valid, or every problem located",
            inputs=calls.n - scenarios,
            tracebacks=0,
        )
    if evidence_calls.n > evidence:
        record(
            "evidence-file fuzzing",
            "mutations of the example's evidence, as an evidence file, through the evidence "
            "loader (2 s per input): valid, or every problem located",
            inputs=evidence_calls.n - evidence,
            tracebacks=0,
        )


def _check(text: str, evidence: bool = False) -> None:
    (evidence_calls if evidence else calls)()
    lines = yaml_lines(text)
    try:
        if evidence:
            scenario = loads_evidence(SCENARIO, text, "mutant.yaml")
        else:
            scenario = loads(text, "mutant.yaml")
    except ScenarioError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.line >= 1 and p.line <= lines and p.col >= 1, p
            assert p.message, p
            assert str(p).startswith(f"mutant.yaml:{p.line}:{p.col}: ")
    else:
        assert isinstance(scenario, attrit.Scenario)


@settings(max_examples=FUZZ_EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(DATA))
def test_data_mutations_validate_or_fail_located(data):
    _check(yaml_text(data))


@settings(max_examples=FUZZ_EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(TEXT) - 1), st.integers(0, 40), st.text(max_size=6))
def test_text_mutations_validate_or_fail_located(start, length, insert):
    _check(TEXT[:start] + insert + TEXT[start + length :])


EVIDENCE_TEXT = yaml_text(EVIDENCE_DATA)


@settings(max_examples=FUZZ_EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(EVIDENCE_DATA))
def test_evidence_file_mutations_validate_or_fail_located(data):
    _check(yaml_text(data), evidence=True)


@settings(max_examples=FUZZ_EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(EVIDENCE_TEXT) - 1), st.integers(0, 40), st.text(max_size=6))
@example(2730, 40, "\r")  # found by make reliability: a carriage return is a YAML line break
def test_evidence_text_mutations_validate_or_fail_located(start, length, insert):
    _check(EVIDENCE_TEXT[:start] + insert + EVIDENCE_TEXT[start + length :], evidence=True)
