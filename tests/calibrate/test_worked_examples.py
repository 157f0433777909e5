"""The worked examples beside the 2015 militias, end to end at a small budget.

Each is fitted to its own evidence with its own calibration section, checked against every
figure, and written into a report. The budget is far below the one docs/examples.md uses, so
the test asserts that the chain runs and answers for every figure, not how well it fits.
"""

import math

import pytest

import attrit
from attrit.calibrate import Bounds, fit
from attrit.evidence.observables import observables
from attrit.report import report
from attrit.scenario.calibration import Prior
from attrit.store import Store
from support.files import ROOT

pytest.importorskip("pyabc")

EXAMPLES = ("afghan-army-2013-2014.yaml", "brigade-155th-2024.yaml", "ukraine-2022-2026.yaml")


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_worked_example_fits_checks_every_figure_and_reports(name, tmp_path):
    sc = attrit.load(ROOT / "examples" / name)
    store = Store(tmp_path / "s.duckdb")
    record = fit(sc, None, Bounds(population=20, generations=2, budget=200), seed=1, store=store,
                 checks=10)  # fmt: skip
    assert record["status"] == "done"
    fitted = {p.path: Prior.parse(str(p.prior)) for p in sc.calibration.parameters}
    assert {p["path"] for p in record["posterior"]} == set(fitted)
    for p in record["posterior"]:
        prior = fitted[p["path"]]
        assert prior.low <= p["low"] <= p["median"] <= p["high"] <= prior.high, p["path"]
    expected = {o.key for o in observables(sc) if o.last < sc.calendar.days}
    assert {c["key"] for c in record["checks"]} == expected
    assert all(math.isfinite(c["q50"]) for c in record["checks"])
    html = report([record["fit_id"]], tmp_path / "report.html", store).read_text()
    assert sc.name in html and all(c["evidence"] in html for c in record["checks"])
