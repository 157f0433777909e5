"""A form for each figure of an item with several: "more than 1,300 killed and 6,200 wounded"."""

import pytest

from attrit.evidence.observables import observables
from attrit.report.evidence_section import evidence_rows
from attrit.scenario.errors import ScenarioError
from support.helpers import scenario, with_evidence

PERIOD = {"start": "2015-08-01", "end": "2015-08-31"}
FALLEN = {"id": "fallen", "kind": "casualties", "unit": "alpha", "period": PERIOD}
SAID = {**FALLEN, "killed": 1300, "wounded": 6200, "stated": {"killed": "more_than"}}


def test_each_figure_constrains_the_fit_as_it_is_stated():
    got = {o.key: o.bound for o in observables(with_evidence(scenario(), SAID))}
    assert got == {"fallen.killed": "lower", "fallen.wounded": "point"}


def test_one_form_still_holds_for_every_figure():
    sc = with_evidence(scenario(), {**FALLEN, "killed": 10, "wounded": 60, "stated": "at_least"})
    assert {o.bound for o in observables(sc)} == {"lower"}


def test_the_report_words_each_figure_as_stated():
    (row,) = evidence_rows(with_evidence(scenario(), SAID))
    assert "killed more than 1,300" in row["figures"]
    assert "wounded 6,200" in row["figures"] and "than 6,200" not in row["figures"]


@pytest.mark.parametrize(
    "item, says",
    [
        ({**FALLEN, "killed": 5, "stated": {"dead": "more_than"}}, "dead, which is not a figure"),
        ({**FALLEN, "killed": 5, "stated": {"wounded": "at_most"}}, "wounded, which has no figure"),
        ({**FALLEN, "killed": 5, "stated": {"killed": "range"}}, "'up_to' .got 'killed: range'"),
        ({**FALLEN, "killed": 5, "stated": "at_leest"}, "'present' .got 'at_leest'"),
        ({"id": "one", "kind": "figure", "measure": "deserted", "unit": "alpha", "period": PERIOD,
          "value": 5, "stated": {"value": "at_least"}}, "for a kind with several"),
    ],
)  # fmt: skip
def test_a_form_for_a_figure_the_item_does_not_have_is_refused(item, says):
    with pytest.raises(ScenarioError, match=says):
        with_evidence(scenario(), item)


def test_review_takes_a_form_for_each_figure_as_yaml():
    from attrit.evidence.extract.review import _edit

    item = {"kind": "casualties", "killed": 1300, "wounded": 6200}
    lines = iter(["stated={killed: more_than}", ""])
    _edit(item, lambda _: next(lines), lambda _: None)
    assert item["stated"] == {"killed": "more_than"}
