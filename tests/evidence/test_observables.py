"""Evidence as observables: each kind against a closed form, grades as noise scales."""

import math

import numpy as np
import pytest

import attrit
from attrit.evidence.observables import measure, observables
from attrit.scenario import validate_data
from attrit.scenario.calibration import Grades, Prior
from support.helpers import scenario, with_evidence


def rotation_only():
    # 400 troops, two shifts of 200, everyone back from leave, nothing else happens
    return scenario(
        on=("rotation",),
        rotation={"days_on": 15, "days_off": 15, "quota": 250},
        unit={"leave": {"return_probability": 1.0}},
    )


def measured(sc, days=60, replicates=2):
    res = attrit.simulate(sc, replicates=replicates, days=days)
    return {o.key: measure(sc, o, res.record) for o in observables(sc)}


def test_each_kind_against_a_closed_form():
    sc = with_evidence(
        rotation_only(),
        {"id": "s", "kind": "strength", "unit": "alpha", "date": "2015-08-20", "strength": 390},
        {"id": "d", "kind": "desertion_count", "unit": "alpha", "deserted": 0, "of": 100,
         "period": {"start": "2015-08-01", "end": "2015-09-01"}},
        {"id": "l", "kind": "leave_return", "unit": "alpha", "went_on_leave": 50, "returned": 40,
         "period": {"start": "2015-08-01", "end": "2015-09-20"}},
        {"id": "q", "kind": "quota_fill", "unit": "alpha", "quota": 170, "sent": 130,
         "period": {"start": "2015-08-05", "end": "2015-09-10"}},
        {"id": "e", "kind": "group_departure", "units": ["alpha"], "count": 5,
         "period": {"start": "2015-08-01", "end": "2015-09-01"}},
        {"id": "c", "kind": "casualties", "faction": "red", "killed": 3, "wounded": 4,
         "period": {"start": "2015-08-01", "end": "2015-09-01"}},
    )  # fmt: skip
    got = measured(sc)
    assert got["s"].tolist() == [400, 400]  # nobody leaves the rolls
    assert got["d"].tolist() == [0, 0] and got["e"].tolist() == [0, 0]
    assert got["l"].tolist() == [50, 50]  # all due back return: went x 1
    assert got["q"] == pytest.approx([170 * 200 / 250] * 2)  # a shift of 200 for a quota of 250
    assert got["c.killed"].tolist() == [0, 0] and got["c.wounded"].tolist() == [0, 0]


def test_desertion_with_a_unit_size_is_a_rate_scaled_to_it():
    sc = with_evidence(
        scenario(on=("desertion",), unit={"desertion": {"hazard_per_day": 0.01}}),
        {"id": "d", "kind": "desertion_count", "unit": "alpha", "deserted": 10,
         "period": {"start": "2015-08-01", "end": "2015-08-30"}},
        {"id": "r", "kind": "desertion_count", "unit": "alpha", "deserted": 10, "of": 100,
         "period": {"start": "2015-08-01", "end": "2015-08-30"}},
    )  # fmt: skip
    got = measured(sc, days=30, replicates=5)
    assert got["r"] == pytest.approx(got["d"] * 100 / 400)


def test_a_figure_dated_after_the_run_is_refused():
    sc = with_evidence(
        rotation_only(),
        {"id": "s", "kind": "strength", "unit": "alpha", "date": "2015-10-20", "strength": 390},
    )
    res = attrit.simulate(sc, replicates=1, days=30)
    with pytest.raises(ValueError, match="ends on day 80"):
        measure(sc, observables(sc)[0], res.record)


def test_grades_set_the_noise_scale_and_f_or_6_give_no_weight():
    g = Grades()
    assert g.relative_scale("A", 1, False) == 0.05
    assert g.relative_scale("D", 3, True) == pytest.approx(0.3 * 1.5 * 1.25)
    assert math.isinf(g.relative_scale("F", 1, False))
    assert math.isinf(g.relative_scale("A", 6, False))
    sc = with_evidence(
        rotation_only(),
        {"id": "a", "kind": "strength", "unit": "alpha", "date": "2015-08-20", "strength": 390,
         "reliability": "C", "credibility": 4},
        {"id": "f", "kind": "strength", "unit": "alpha", "date": "2015-08-20", "strength": 390,
         "reliability": "F", "credibility": 1},
    )  # fmt: skip
    a, f = observables(sc)
    assert a.scale == pytest.approx(0.2 * 2.0 * 390) and a.weighed and not f.weighed
    custom = {
        "reliability": dict.fromkeys("ABCDEF", 0.1),
        "credibility": dict.fromkeys(range(1, 7), 1.0),
    }
    item = {"id": "f", "kind": "strength", "unit": "alpha", "date": "2015-08-20",
            "strength": 390, "reliability": "F"}  # fmt: skip
    (f,) = observables(with_evidence(rotation_only(), item, grades=custom))
    assert f.scale == pytest.approx(39)  # F weighs here: this table gives it 0.1


def test_grade_tables_must_be_whole():
    data = rotation_only().to_data()
    data["calibration"]["grades"] = {"reliability": {"A": 0.1}}
    with pytest.raises(attrit.ScenarioError, match="give a scale for each of A, B, C, D, E, F"):
        validate_data(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("normal(0,1)", "is not a prior"),
        ("uniform(2,1)", "low < high"),
        ("loguniform(0,1)", "needs low > 0"),
    ],
)
def test_priors_are_bounded_and_checked(text, message):
    with pytest.raises(ValueError, match=message):
        Prior.parse(text)
    assert str(Prior.parse("loguniform(1e-4, 0.01)")) == "loguniform(0.0001,0.01)"


def test_an_evidence_file_replaces_the_scenarios_evidence(tmp_path, toy):
    path = tmp_path / "evidence.yaml"
    path.write_text(
        "sources:\n  - {id: cable, title: A cable}\n"
        "evidence:\n"
        "  - {id: e1, kind: strength, unit: alpha, date: 2015-08-20, strength: 150,\n"
        "     source: cable, quote: q, reliability: C, credibility: 3}\n"
    )
    sc = attrit.scenario.load_evidence(toy, path)
    assert [e.id for e in sc.evidence] == ["e1"] and {s.id for s in sc.sources} == {"cable", "memo"}
    path.write_text(
        "evidence:\n"
        "  - {id: e1, kind: strength, unit: zulu, date: 2015-08-20, strength: 150,\n"
        "     source: memo, quote: q, reliability: C, credibility: 3}\n"
        "extra: 1\n"
    )
    with pytest.raises(attrit.ScenarioError) as err:
        attrit.scenario.load_evidence(toy, path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:4:1: extra: unknown section (allowed: sources, evidence)"
    ]
    path.write_text(
        "evidence:\n"
        "  - {id: e1, kind: strength, unit: zulu, date: 2015-08-20, strength: 150,\n"
        "     source: memo, quote: q, reliability: C, credibility: 3}\n"
    )
    with pytest.raises(attrit.ScenarioError) as err:
        attrit.scenario.load_evidence(toy, path)
    assert str(err.value.problems[0]).startswith(f"{path}:2:")
    assert "zulu" in str(err.value.problems[0])
    assert np.isfinite(observables(sc)[0].scale)
