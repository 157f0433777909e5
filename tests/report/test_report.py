"""The report: figures of runs and comparisons, and one self-contained, escaped HTML file."""

import datetime as dt
import re

import pytest
from typer.testing import CliRunner

import attrit
from attrit.analysis.compare import compare
from attrit.calibrate import Fit
from attrit.cli import app
from attrit.report import figures, report
from attrit.report.gather import gather
from attrit.store import Store, StoreError
from support.reliability import record
from support.reports import FIGURE_IDS


def test_the_report_holds_every_part(stored):
    html = stored["html"]
    parts = ("answer", "why", "comparisons", "calibration", "results", "scenario", "method",
             "reproduce")  # fmt: skip
    for part in parts:
        assert f'<section id="{part}">' in html
    for ident in FIGURE_IDS:
        assert f'<figure id="{ident}"><img src="data:image/png;base64,' in html
    assert html.count("<img ") == len(FIGURE_IDS)  # the simulate run repeats the baseline
    assert "How strong is each unit of &#39;Toy force&#39;" in html
    assert "of 100 who went on leave, 80 came back" in html  # the evidence quote
    assert "source usually reliable; information probably true" in html  # grade B2
    assert "attrit compare" in html and "attrit simulate" in html  # the stored commands
    # bravo under the bonus: 10% faction skim, then 40% commander skim, of a USD 100 bonus
    assert "54% (USD 54 of 100)" in html


def test_the_report_needs_no_network(stored):
    external = re.findall(r'(?:src|href)="(?!data:|#)([^"]*)"', stored["html"])
    assert external == []
    assert "@import" not in stored["html"] and "url(" not in stored["html"]


def test_a_fit_alone_makes_a_report(stored, tmp_path):
    html = report([stored["ids"]["fit"]], tmp_path / "fit.html", Store(stored["store"]))
    text = html.read_text()
    assert '<section id="calibration">' in text and '<section id="answer">' not in text
    assert "units.alpha.leave.return_probability" in text
    # the check's quantile and z per figure, the whole fit's goodness of fit, and the evidence
    # table naming the fit that used each item
    assert "<th class=\"num\">quantile</th>" in text and "Goodness of fit:" in text
    assert "<th>fitted by</th>" in text and f"fit {stored['ids']['fit']}" in text
    # each parameter's contraction, as the fit object computes it
    contraction = Fit.load(Store(stored["store"]), stored["ids"]["fit"]).contraction()
    (value,) = contraction.values()
    assert '<th class="num">contraction</th>' in text and f">{value:.2f}</td>" in text


def test_an_id_brings_its_whole_comparison(stored):
    store = Store(stored["store"])
    by_run = gather(store, [stored["ids"]["bonus"]])
    by_group = gather(store, [stored["ids"]["group"]])
    assert len(by_run.comparisons) == len(by_group.comparisons) == 1
    assert list(by_run.comparisons[0].comparison.variants) == ["bonus"]
    with pytest.raises(StoreError, match=r"no run, group or fit .nope."):
        gather(store, ["nope"])


def test_a_stored_comparison_gives_the_same_effects_as_a_fresh_one(stored, toy):
    fresh = compare(toy, ["bonus"], replicates=6, days=60)
    again = gather(Store(stored["store"]), [stored["ids"]["group"]]).comparisons[0].comparison
    table, expected = again.table([59]), fresh.table([59])
    # the store keeps non-integral values as float32 (relative error <= 2**-24 each); means,
    # quantiles and paired differences of them stay within 16 such units of the column's size
    numbers = expected.select_dtypes("number").columns
    scale = expected[numbers].abs().max()
    assert table.drop(columns=numbers).equals(expected.drop(columns=numbers))
    assert ((table[numbers] - expected[numbers]).abs() <= 16 * 2.0**-24 * scale).all().all()


def test_bad_requests_are_one_line_errors(stored):
    runner = CliRunner()
    base = ["--store", stored["store"], "--out", str(stored["path"].with_name("x.html"))]
    nope = runner.invoke(app, ["report", "nope", *base])
    assert nope.exit_code == 2 and "no run, group or fit 'nope'" in nope.stderr
    bad_date = runner.invoke(app, ["report", stored["ids"]["run"], "--from", "18/10", *base])
    assert bad_date.exit_code == 2 and "not a date" in bad_date.stderr
    late = runner.invoke(app, ["report", stored["ids"]["run"], "--from", "2016-01-01", *base])
    assert late.exit_code == 2 and "outside the run" in late.stderr
    assert not stored["path"].with_name("x.html").exists()


@pytest.mark.reliability
def test_names_from_a_scenario_are_shown_as_text(tmp_path, toy):
    hostile = toy.set("name", "<script>alert('x')</script>").set(
        "description", '<img src=x onerror="alert(1)">'
    )
    store = Store(tmp_path / "s.duckdb")
    run_id = store.save(attrit.simulate(hostile, replicates=2, days=20))
    html = report([run_id], tmp_path / "r.html", store).read_text()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)" in html
    assert "<img src=x" not in html
    record(
        "escaping: report",
        "a scenario whose name and description are HTML/JS, through attrit report",
        inputs=2,
        shown_as_text=2,
    )


def test_figures_are_labelled(toy):
    res = attrit.simulate(toy, replicates=4, days=40)
    marks = [(dt.date(2015, 8, 20), "report date")]
    front = figures.front_fans(res, marks)
    visible = [ax for ax in front.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["alpha", "bravo"]
    assert all(ax.get_ylabel() == "men" for ax in visible)
    assert [t.get_text() for t in visible[0].get_legend().get_texts()] == [
        "at the front",
        "quota",
    ]
    flows = figures.flows(res)
    assert [ax.get_title() for ax in flows.axes] == [
        "Pay: where each dollar due went",
        "Supplies: where each ration sent went",
    ]
    assert figures.morale(res).axes[0].get_ylabel() == "mean morale (0-1)"
    # every colour in the palette is one of Okabe and Ito's eight
    assert len(set(figures.PALETTE)) == 8
    # one unit's charts (the dashboard's explore page), in the order asked
    for chart in (figures.front_fans, figures.strength_fans):
        one = [ax.get_title() for ax in chart(res, units=["bravo"]).axes if ax.get_visible()]
        assert one == ["bravo"]
        with pytest.raises(ValueError, match="no unit charlie in this run"):
            chart(res, units=["charlie"])


def test_a_quota_set_as_a_share_is_reported_as_one(tmp_path, toy):
    shared = toy.set_many(
        {"units.alpha.rotation.quota": 0, "units.alpha.rotation.quota_share": 0.4}
    )
    store = Store(tmp_path / "s.duckdb")
    run_id = store.save(attrit.simulate(shared, replicates=3, days=30))
    html = report([run_id], tmp_path / "r.html", store).read_text()
    assert "40% of its strength each day" in html
    assert "40% of strength</td>" in html


def test_the_scenario_section_lists_the_schedules(tmp_path, toy):
    data = toy.to_data()
    data["schedules"] = [
        {
            "id": "surge",
            "path": "units.alpha.rotation.quota",
            "points": [{"date": "2015-08-21", "value": 60}],
            "note": "a surge ordered for the offensive",
        }
    ]
    sc = attrit.scenario.validate_data(data)
    store = Store(tmp_path / "s.duckdb")
    run_id = store.save(attrit.simulate(sc, replicates=3, days=30))
    html = report([run_id], tmp_path / "r.html", store).read_text()
    assert '<table id="schedules">' in html
    row = re.search(r'<table id="schedules">.*?</table>', html, re.S).group(0)
    before = str(toy.unit("alpha").rotation.quota)
    for cell in ("surge", "units.alpha.rotation.quota", before, "steps", "2015-08-21: 60"):
        assert cell in row
    assert "a surge ordered for the offensive" in row


def test_units_without_a_quota_are_answered_by_their_strength(tmp_path, toy):
    from attrit.analysis.quota import window
    from attrit.analysis.strength import keep_strength

    free = toy.set("units.bravo.rotation.quota", 0)
    res = attrit.simulate(free, replicates=6, days=60)
    store = Store(tmp_path / "s.duckdb")
    html = report([store.save(res)], tmp_path / "r.html", store).read_text()
    assert 'id="quota-alpha"' in html and 'id="quota-bravo"' not in html
    assert 'id="strength-bravo"' in html and 'id="strength-(force)"' in html
    table = keep_strength(res, window(res, None, 90)).set_index("unit")
    assert list(table.index) == ["bravo", "(force)"]
    median = table.loc["bravo", "strength_end_q50"]
    members = free.unit("bravo").strength.members
    assert f"bravo has a median strength of {median:,.0f} of its {members}" in html


def test_a_priced_countermeasure_is_reported_with_its_cost_per_man_kept(tmp_path, toy):
    from attrit.analysis.costs import costs
    from attrit.analysis.quota import window
    from attrit.cli.compare import save_comparison

    priced = toy.set_many({"interventions.bonus.cost_usd_per_man_day": 3.0})
    c = compare(priced, ["bonus"], replicates=6, days=60, seed=2)
    store = Store(tmp_path / "s.duckdb")
    ids = save_comparison(store, c)
    html = report([ids["group"]], tmp_path / "r.html", store).read_text()
    assert "What each countermeasure costs, per man it keeps at the front" in html
    assert "3.00 a man a day</td>" in html  # the scenario section states the cost
    row = costs(c, window(c.baseline, None, 90)).iloc[0]
    assert f"{row.cost_usd:,.0f}" in html
