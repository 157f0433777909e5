"""`attrit extract`: figures as reports write them, dates resolved, quotes traceable, review."""

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attrit.cli import app
from attrit.evidence.extract import proposals as props
from attrit.evidence.extract.dates import find_times, report_date
from attrit.evidence.extract.numbers import find_figures
from attrit.evidence.extract.propose import ExtractError, extract
from attrit.scenario import load_evidence

ROOT = Path(__file__).resolve().parents[2]
FIELD_REPORT = ROOT / "tests" / "data" / "reports" / "00-field-report-2015-10-18.txt"
EXAMPLE = ROOT / "examples" / "iraq-2015.yaml"
runner = CliRunner()


def only(text):
    figures = [f for f in find_figures(text) if f.kind not in ("date",)]
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("35,307 troops", "count", 35307),
        ("35 307 troops", "count", 35307),
        ("35.307 troops", "count", 35307),  # dots as thousands before people
        ("seventy men", "count", 70),
        ("nine soldiers", "count", 9),
        ("a dozen fighters", "count", 12),
        ("two hundred and fifty men", "count", 250),
        ("seventy-five recruits", "count", 75),
        ("1.5 million dinars", "money", 1_500_000),
        ("$200 bonus", "money", 200),
        ("USD 200", "money", 200),
        ("500,000 Iraqi dinars", "money", 500_000),
        ("40% of pay", "percent", 40),
        ("a third of pay", "fraction", 1 / 3),
        ("one birr in four", "fraction", 0.25),
        ("two thirds of them", "fraction", 2 / 3),
        ("for three months", "duration", 3),
        ("a three-month course", "duration", 3),
    ],
)
def test_numbers_in_the_ways_reports_write_them(text, kind, value):
    f = only(text)
    assert (f.kind, f.value) == (kind, pytest.approx(value))
    assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text, low, high, qualifier",
    [
        ("40-50% of pay", 40, 50, ""),
        ("40–50 per cent of pay", 40, 50, ""),
        ("between 20 and 30 per cent", 20, 30, ""),
        ("around 700 members", 700, 700, "around"),
        ("nearly half of them", 0.5, 0.5, "nearly"),
        ("over two months", 2, 2, "over"),
        ("a few months", 2, 4, "a few"),
    ],
)
def test_ranges_and_qualifiers_are_kept(text, low, high, qualifier):
    f = only(text)
    assert (f.low, f.high, f.qualifier) == (pytest.approx(low), pytest.approx(high), qualifier)
    assert f.approximate == (qualifier != "" or low != high)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("the 205th Corps", None),  # an ordinal is not a figure at all
        ("Battalion 101 moved", "label"),
        ("One soldier, 24, said", "age"),
        ("a base 40 km from town", "distance"),
        ("Dozens of soldiers", "vague"),
    ],
)
def test_figures_that_are_not_people_are_marked(text, kind):
    kinds = [f.kind for f in find_figures(text) if f.text.lower() != "one"]
    assert kinds == ([kind] if kind else [])


def test_n_things_in_two_is_not_a_share():
    kinds = [f.kind for f in find_figures("killing 17 soldiers in two attacks")]
    assert "fraction" not in kinds and kinds.count("count") == 2
    assert [f.kind for f in find_figures("one man in two days")] == ["count", "duration"]


def test_the_texts_own_style_decides_a_dotted_number():
    figures = find_figures("a census counted 1.020 in 1.450 men")
    assert [(f.kind, f.value) for f in figures] == [("count", 1020), ("count", 1450)]


def test_a_lone_dotted_number_is_ambiguous():
    f = only("a ratio of 35.307")
    assert f.value == pytest.approx(35.307) and f.ambiguous


SUNDAY = dt.date(2015, 10, 18)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("last week", "2015-10-05", "2015-10-11"),  # the calendar week before the report's
        ("in late September", "2015-09-21", "2015-09-30"),
        ("in early October", "2015-10-01", "2015-10-10"),
        ("in mid-August", "2015-08-11", "2015-08-20"),
        ("in the past two months", "2015-08-18", "2015-10-18"),
        ("three weeks ago", "2015-09-27", "2015-10-18"),
        ("since 10 June", "2015-06-10", "2015-10-18"),
        ("on Thursday", "2015-10-15", "2015-10-15"),
        ("between January and March", "2015-01-01", "2015-03-31"),
        ("in December", "2014-12-01", "2014-12-31"),  # a month after the report: last year's
        ("on 12 March 2014", "2014-03-12", "2014-03-12"),
        ("the first week of August", "2015-08-01", "2015-08-07"),
        ("this year", "2015-01-01", "2015-10-18"),
        ("this autumn", "2015-09-01", "2015-10-18"),
    ],
)
def test_times_resolve_against_the_report_date(text, start, end):
    (w,) = find_times(text, SUNDAY)
    assert (w.start.isoformat(), w.end.isoformat()) == (start, end)


def test_report_date_from_the_opening_lines():
    assert report_date(FIELD_REPORT.read_text()) == SUNDAY
    assert report_date("no date here at all") is None
    with pytest.raises(ExtractError, match="--date"):
        extract("Of the 200 men who went on leave, 110 came back.")


MODEL_TABLE = {  # ../shared/MODEL.md's figures, as evidence fields
    ("leave_return", (("returned", 110), ("went_on_leave", 200))),
    ("quota_fill", (("quota", 170), ("sent", 130))),
    ("desertion_count", (("deserted", 70), ("of", 400))),
    ("desertion_count", (("deserted", 70),)),
    ("strength", (("strength", 100),)),
    ("group_departure", (("count", 700),)),
    ("pay_arrears", (("months_unpaid", 2),)),
}


def test_the_field_report_gives_its_figures_and_nothing_else():
    text = FIELD_REPORT.read_text()
    found = extract(text, SUNDAY)
    got = {
        (p.kind, tuple(sorted((k, v) for k, v in p.figures.items() if k != "destination")))
        for p in found
    }
    assert got == MODEL_TABLE
    assert len(found) == len(MODEL_TABLE)
    for p in found:
        assert text[p.span[0] : p.span[1]] == p.quote  # the exact words, at their place
    by_kind = {p.kind: p for p in found}
    assert by_kind["group_departure"].approximate and by_kind["group_departure"].when == (
        dt.date(2015, 9, 21),
        dt.date(2015, 9, 30),
    )
    assert by_kind["leave_return"].time_text == "last week"
    assert by_kind["pay_arrears"].confidence < 0.5  # "a few months" is a reading, said so
    assert "'a few months' read as at least 2" in by_kind["pay_arrears"].notes


def test_subjects_link_to_the_scenario_ids():
    from attrit.scenario import load

    found = extract(FIELD_REPORT.read_text(), SUNDAY, load(EXAMPLE))
    subjects = {
        (p.kind, p.figures.get("deserted"), p.figures.get("strength")): p.subject for p in found
    }
    assert subjects[("desertion_count", 70, None)] in (
        {"unit": "ashoura-anbar-1"},
        {"unit": "ashoura-anbar-2"},
    )
    assert subjects[("strength", None, 100)] == {"unit": "ashoura-anbar-2"}
    departure = next(p for p in found if p.kind == "group_departure")
    assert departure.subject == {"units": ["aah-diyala", "aah-wasit"]}  # "Waset" is Wasit


def test_the_same_fact_twice_is_one_item():
    text = (
        "3 November 2023. Forty men left their positions on 28 October, the wives said. "
        "Local media reported the same: 40 men abandoned their positions on 28 October."
    )
    (p,) = extract(text)
    assert p.figures == {"deserted": 40.0} and "also stated" in p.notes[-1]


def test_money_dates_courts_and_vague_numbers_are_not_people():
    text = (
        "14 March 2016. The audit cost $2.4 million and recommended that 14 officers be "
        "tried in court on 12 March. Dozens of soldiers were seen on the road, 40 km away."
    )
    assert extract(text) == []


def test_cli_json_prints_only_json():
    result = runner.invoke(app, ["extract", str(FIELD_REPORT), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert len(doc["evidence"]) == 7 and doc["report"]["date"] == "2015-10-18"
    assert all(i["status"] == "proposed" for i in doc["evidence"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date", "18/10/2015", "--json"], "--date: '18/10/2015' is not a date"),
        (["--json", "--scenario", "nope.yaml"], "nope.yaml"),
    ],
)
def test_cli_refuses_bad_options(args, message):
    result = runner.invoke(app, ["extract", str(FIELD_REPORT), *args])
    assert result.exit_code == 2 and message in result.output


def test_cli_without_out_shows_the_proposals_and_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(FIELD_REPORT), "--date", "2015-10-18"])
    assert result.exit_code == 0, result.output
    assert "7 items proposed" in result.output and "went_on_leave=200" in result.output
    assert "nothing saved" in result.output and list(tmp_path.iterdir()) == []


def test_cli_needs_a_date_when_the_report_has_none(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Of the 200 men who went on leave, only 110 returned.")
    result = runner.invoke(app, ["extract", str(report), "--json"])
    assert result.exit_code == 2 and "give --date" in result.output
    result = runner.invoke(app, ["extract", str(report), "--json", "--date", "2015-10-18"])
    assert result.exit_code == 0 and json.loads(result.stdout)["evidence"][0]["returned"] == 110


def _proposals(tmp_path):
    out = tmp_path / "proposed.yaml"
    result = runner.invoke(
        app, ["extract", str(FIELD_REPORT), "--scenario", str(EXAMPLE), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_review_stops_when_its_input_ends(tmp_path):
    proposed = _proposals(tmp_path)
    result = runner.invoke(app, ["evidence", "review", str(proposed)], input="r\n")
    assert result.exit_code == 0 and "rejected 1" in result.output, result.output


def _without_evidence(tmp_path):
    """The example with no evidence of its own (as the tutorial makes it)."""
    from attrit.scenario import dump_yaml, load, validate_data

    data = load(EXAMPLE).to_data()
    data["evidence"] = []
    path = tmp_path / "my-force.yaml"
    dump_yaml(validate_data(data, str(path)), path)
    return path


def test_review_accepts_edits_rejects_and_merges(tmp_path):
    proposed = _proposals(tmp_path)
    merged = tmp_path / "evidence.yaml"
    scenario = _without_evidence(tmp_path)
    # item 1 (pay arrears, no subject): accepting fails until a unit is given by editing
    # item 2: reject; item 3: accept with grades asked; then quit
    answers = ["a", "D", "4", "e", "unit=ashoura-anbar-1", "", "a", "r", "a", "C", "3", "q"]
    result = runner.invoke(
        app,
        ["evidence", "review", str(proposed), "--scenario", str(scenario), "--out", str(merged)],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "cannot accept yet" in result.output and "name exactly one of unit" in result.output
    assert "[a]ccept  [e]dit  [r]eject" in result.output  # the choices, not read as markup
    doc = props.read(proposed)
    statuses = [i["status"] for i in doc["evidence"]]
    assert statuses[:3] == ["accepted", "rejected", "accepted"]
    assert set(statuses[3:]) == {"proposed"}
    assert doc["evidence"][0]["unit"] == "ashoura-anbar-1"
    from attrit.scenario import load

    sc = load_evidence(load(scenario), merged)
    assert [e.id for e in sc.evidence] == [doc["evidence"][0]["id"], doc["evidence"][2]["id"]]


def test_review_refuses_a_figure_the_scenario_already_holds(tmp_path):
    # the shipped example encodes this report's figures by hand: accepting the extracted leave
    # figure again would count it twice in a fit
    proposed = _proposals(tmp_path)
    doc = props.read(proposed)
    (leave,) = [i for i in doc["evidence"] if i["kind"] == "leave_return"]
    position = doc["evidence"].index(leave)
    answers = ["s"] * position + ["a", "D", "3", "r", "q"]
    out = tmp_path / "evidence.yaml"
    result = runner.invoke(
        app,
        ["evidence", "review", str(proposed), "--scenario", str(EXAMPLE), "--out", str(out)],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "cannot accept yet" in result.output
    said = " ".join(result.output.split())
    assert f"'{leave['id']}' repeats 'anbar-leave-return' (same kind, quoted words, units" in said
    assert props.read(proposed)["evidence"][position]["status"] == "rejected"


def test_review_refuses_a_file_that_is_not_proposals(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("evidence: []\n")
    result = runner.invoke(app, ["evidence", "review", str(bad)])
    assert result.exit_code == 2 and "not a proposals file" in result.output
    bad.write_text("attrit_extract: 1\nevidence:\n  - {status: maybe}\n")
    result = runner.invoke(app, ["evidence", "review", str(bad)])
    assert (
        result.exit_code == 2 and f"{bad}:3:" in result.output and "status must be" in result.output
    )


def test_merge_refuses_ids_already_in_the_scenario(tmp_path):
    from attrit.scenario import ScenarioError, load

    sc = load(EXAMPLE)
    doc = props.read(_proposals(tmp_path))
    item = {
        **doc["evidence"][2],
        "status": "accepted",
        "id": sc.evidence[0].id,
        "reliability": "D",
        "credibility": 3,
    }
    with pytest.raises(ScenarioError, match="already in the scenario"):
        props.merge(sc, {**doc, "evidence": [item]})


def test_merge_refuses_the_same_words_read_twice_whatever_their_source(tmp_path):
    from attrit.scenario import ScenarioError, load

    sc = load(EXAMPLE)
    doc = props.read(_proposals(tmp_path))
    held = next(e for e in sc.evidence if e.kind == "quota_fill")
    item = {**next(i for i in doc["evidence"] if i["kind"] == "quota_fill"),
            "status": "accepted", "reliability": "B", "credibility": 2}  # fmt: skip
    assert item["source"] != held.source  # another copy of the report: another source id
    with pytest.raises(ScenarioError, match=f"'{item['id']}' repeats '{held.id}'"):
        props.merge(sc, {**doc, "evidence": [item]})
    # other words of the same kind are a figure of their own
    other = {**item, "quote": "Another battalion sends 120 of its 170 men to the front."}
    assert props.merge(sc, {**doc, "evidence": [other]})["evidence"][-1]["id"] == item["id"]
    # so are the same words about other units, or about another time
    assert held.unit == "ashoura-anbar-1"
    elsewhere = {**item, "unit": "ashoura-anbar-2"}
    assert props.merge(sc, {**doc, "evidence": [elsewhere]})["evidence"][-1]["id"] == item["id"]
    earlier = {**item, "date": "2015-08-20"}
    assert props.merge(sc, {**doc, "evidence": [earlier]})["evidence"][-1]["id"] == item["id"]


def test_two_figures_of_one_kind_in_one_sentence_are_both_kept(tmp_path):
    from attrit.scenario import load

    sc = load(EXAMPLE)
    sentence = "The first battalion lost 70 deserters and the second lost 40."
    items = [
        {"id": f"d{k}", "kind": "desertion_count", "unit": unit, "date": "2015-10-18",
         "deserted": n, "source": "field-report-2015-10-18", "quote": sentence,
         "reliability": "C", "credibility": 3, "status": "accepted"}
        for k, (unit, n) in enumerate((("ashoura-anbar-1", 70), ("ashoura-anbar-2", 40)))
    ]  # fmt: skip
    merged = props.merge(sc, {"evidence": items})
    assert [e["id"] for e in merged["evidence"][-2:]] == ["d0", "d1"]


def test_review_adds_an_item_the_extractor_missed(tmp_path):
    # after the proposals, --add asks for a missed item: a lower bound of men absent
    proposed = _proposals(tmp_path)
    doc = props.read(proposed)
    left = sum(1 for i in doc["evidence"] if i["status"] == "proposed")
    answers = ["s"] * left + [
        "figure", "at least 40 went absent", "measure=went_absent", "value=40",
        "stated=at_least", "unit=ashoura-anbar-1", "period={start: 2015-09-01, end: 2015-09-30}",
        "", "a", "C", "3", "",
    ]  # fmt: skip
    result = runner.invoke(
        app, ["evidence", "review", str(proposed), "--add"], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "period: 2015-09-01 to 2015-09-30" in result.output  # a period shown as its dates
    added = props.read(proposed)["evidence"][-1]
    assert added["id"] == "figure-added-1" and added["status"] == "accepted"
    assert (added["stated"], added["value"], added["reliability"]) == ("at_least", 40, "C")


def test_statements_of_the_new_forms_are_proposed_as_stated():
    from attrit.evidence.extract.propose import extract

    text = (
        "Kabul, 3 March 2015. The army's assigned strength fell from 184,839 to 169,203 between "
        "September 2013 and September 2014. More than 40,000 personnel were dropped from the "
        "rolls in 2014. Prosecutors opened 67,840 criminal cases for unauthorised absence in "
        "2024. Between 200 and 300 soldiers have fled to Thailand."
    )
    got = {p.rule: p for p in extract(text, dt.date(2015, 3, 3))}
    fell = got["strength-fell-from-N-to-M"].as_item(1, "x")
    assert fell["change"] == {"start": 184839, "end": 169203}
    assert fell["period"] == {"start": "2013-09-01", "end": "2014-09-30"}
    dropped = got["N-struck-off-the-rolls"]
    assert (dropped.figures["value"], dropped.stated) == (40000, "more_than")
    assert got["N-criminal-cases-for-desertion"].figures == {
        "measure": "proceedings",
        "value": 67840,
    }
    fled = next(p for p in got.values() if p.kind == "group_departure")
    assert (fled.figures["count"], fled.stated, fled.high) == (200, "range", 300)


@pytest.mark.parametrize(
    "words, stated",
    [("no fewer than", "at_least"), ("not less than", "at_least"), ("not more than", "at_most"),
     ("at most", "at_most"), ("more than", "more_than"), ("fewer than", "fewer_than")],
)  # fmt: skip
def test_a_negated_qualifier_keeps_its_side(words, stated):
    from attrit.evidence.extract.propose import extract

    (p,) = extract(f"Kyiv, 3 March 2025. {words.capitalize()} 300 soldiers deserted.",
                   dt.date(2025, 3, 3))  # fmt: skip
    assert (p.figures, p.stated, p.approximate) == ({"deserted": 300}, stated, False)


def test_an_item_added_while_adding_is_reviewed_too(tmp_path):
    proposed = _proposals(tmp_path)
    doc = props.read(proposed)
    left = sum(1 for i in doc["evidence"] if i["status"] == "proposed")
    one = ["q1", "measure=absent", "value=5", "unit=ashoura-anbar-1", "date=2015-10-01", ""]
    answers = ["s"] * left + ["figure", *one, "n", "figure", *one, "a", "C", "3", "a", "C", "3"]
    result = runner.invoke(
        app, ["evidence", "review", str(proposed), "--add"], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    added = [i for i in props.read(proposed)["evidence"] if i["id"].startswith("figure-added")]
    assert [i["status"] for i in added] == ["accepted", "accepted"]


def test_yearly_cases_for_absence_are_proposed_as_one_series():
    from attrit.evidence.extract.propose import extract

    text = (
        "Kyiv, 26 August 2025. Prosecutors registered 6,988 criminal cases for unauthorised "
        "leaving of a unit in 2022, 17,658 in 2023 and 67,840 in 2024. The same office opened "
        "3,000 cases for fraud in 2022 and 4,000 in 2023."
    )
    (p,) = extract(text, dt.date(2025, 8, 26))  # the fraud cases are not absences
    item = p.as_item(1, "x")
    assert item["measure"] == "proceedings"
    assert item["period"] == {"start": "2022-01-01", "end": "2024-12-31"}
    assert [(e["period"]["start"], e["value"]) for e in item["series"]] == [
        ("2022-01-01", 6988), ("2023-01-01", 17658), ("2024-01-01", 67840),
    ]  # fmt: skip
    # accepted as it stands, it is valid evidence of the figure kind
    from attrit.evidence.extract.review import problems

    assert problems({**item, "reliability": "B", "credibility": 2, "faction": "ua"}, {}, None) == []


@pytest.mark.parametrize(
    "text",
    [
        "The army has an authorized strength of 195,000, but fewer are assigned.",
        "Its authorised end strength stood at 195,000 in 2014.",
        "The establishment strength of the corps is 195,000 men.",
    ],
)
def test_an_authorised_strength_is_proposed_as_such(text):
    from attrit.evidence.extract.propose import extract

    (got,) = [p for p in extract(text, dt.date(2015, 3, 3)) if p.kind == "figure"]
    assert got.figures == {"measure": "authorised", "value": 195000}


def test_counts_month_by_month_are_proposed_as_one_series_of_what_the_sentence_counts():
    from attrit.evidence.extract.propose import extract

    text = "The brigade lost 185 men to AWOL in June 2024, 310 in July and 217 in August."
    (got,) = [p for p in extract(text, dt.date(2025, 1, 8)) if p.kind == "figure"]
    assert got.figures["measure"] == "went_absent"
    assert [
        (e["period"]["start"], e["period"]["end"], e["value"]) for e in got.figures["series"]
    ] == [
        ("2024-06-01", "2024-06-30", 185),
        ("2024-07-01", "2024-07-31", 310),
        ("2024-08-01", "2024-08-31", 217),
    ]
    # months out of order, no year, or nothing a force counts: no series
    for words in (
        "185 went AWOL in July 2024, 310 in June and 217 in August.",
        "185 went AWOL in June, 310 in July and 217 in August.",
        "Prices rose 5 in July, 7 in August and 9 in September 2024.",
    ):
        assert not [p for p in extract(words, dt.date(2025, 1, 8)) if p.figures.get("series")]
