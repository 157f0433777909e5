"""Random mutations of the shipped example validate or fail with located problems, never a
traceback: both mutations of the data and of the text."""

import copy
import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import attrit
from attrit.scenario import ScenarioError, loads
from attrit.scenario.locate import read_yaml
from conftest import EXAMPLE
from reliability import FUZZ_EXAMPLES, Counter, record

TEXT = EXAMPLE.read_text()
DATA, _ = read_yaml(TEXT)


def _locations(node, loc=()):
    yield loc
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _locations(v, (*loc, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _locations(v, (*loc, i))


LOCATIONS = [loc for loc in _locations(DATA) if loc]

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
def mutated(draw):
    data = copy.deepcopy(DATA)
    for _ in range(draw(st.integers(1, 3))):
        loc = draw(st.sampled_from(LOCATIONS))
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


def _dump(data) -> str:
    yaml = YAML(typ="safe", pure=True)
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


calls = Counter()


def _check(text: str) -> None:
    calls()
    lines = text.count("\n") + 1
    try:
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
@given(mutated())
def test_data_mutations_validate_or_fail_located(data):
    _check(_dump(data))


@settings(max_examples=FUZZ_EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(TEXT) - 1), st.integers(0, 40), st.text(max_size=6))
def test_text_mutations_validate_or_fail_located(start, length, insert):
    _check(TEXT[:start] + insert + TEXT[start + length :])


def test_record_the_scenario_fuzzing():
    record(
        "scenario fuzzing",
        "mutations of the example's data and text through the loader "
        "(2 s per input): valid, or every problem located",
        inputs=calls.n,
        tracebacks=0,
    )
