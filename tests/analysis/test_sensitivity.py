"""Global sensitivity analysis: known indices recovered, one live parameter found, the CLI,
the store and the report.

Tolerances come from the method's own bootstrap intervals: SALib's Sobol half-widths are 90%
(1.645 standard errors), so an estimate within 3 standard errors of the analytic value passes.
"""

import json

import numpy as np
import pytest
from SALib.test_functions import Ishigami
from typer.testing import CliRunner

from attrit.analysis.sensitivity import (
    Factor,
    FactorError,
    SensitivityError,
    analyse,
    around,
    default_factors,
    fitted_ranges,
    parse_factor,
)
from attrit.analysis.sensitivity.analyse import indices, sample
from attrit.cli import app
from attrit.store import Store
from support.files import TOY
from support.helpers import scenario

runner = CliRunner()
SE_PER_HALF_WIDTH = 1 / 1.645  # a 90% half-width in standard errors


def test_the_pipeline_recovers_the_ishigami_indices():
    # Ishigami & Homma (1990) with a = 7, b = 0.1: analytic first-order and total indices
    s1, st = np.array([0.3139, 0.4424, 0.0]), np.array([0.5576, 0.4424, 0.2437])
    factors = [Factor(f"x{i}", -np.pi, np.pi) for i in (1, 2, 3)]
    problem, points = sample("sobol", factors, 2048, seed=3)
    table = indices("sobol", problem, points, Ishigami.evaluate(points), seed=3)
    for est, conf, truth in (
        (table["S1"], table["S1_conf"], s1),
        (table["ST"], table["ST_conf"], st),
    ):
        se = conf.to_numpy() * SE_PER_HALF_WIDTH
        assert (np.abs(est.to_numpy() - truth) < 3 * se + 1e-3).all(), (est, truth, se)


def one_live_parameter():
    """Only desertion runs: the skim (pay off) and the theft weight (morale off) are dead."""
    sc = scenario(on=("desertion",), troops=400, days=40)
    factors = [
        Factor("units.alpha.desertion.hazard_per_day", 1e-3, 2e-2),
        Factor("units.alpha.pay.commander_skim_fraction", 0.0, 0.6),
        Factor("morale.theft_weight", 0.0, 0.6),
    ]
    return sc, factors


def test_only_the_live_parameter_has_an_index():
    sc, factors = one_live_parameter()
    result = analyse(sc, "strength", 30, factors, "sobol", 64, "alpha", replicates=4, seed=1)
    table = result.indices.set_index("path")
    live = table.loc[factors[0].path]
    assert abs(live["ST"] - 1) < 3 * live["ST_conf"] * SE_PER_HALF_WIDTH + 0.02
    assert abs(live["S1"] - 1) < 3 * live["S1_conf"] * SE_PER_HALF_WIDTH + 0.02
    for dead in factors[1:]:
        # common random numbers: a dead parameter leaves every replicate exactly as it was
        assert table.loc[dead.path, "ST"] == 0.0 and table.loc[dead.path, "S1"] == 0.0
    assert result.ranking()["path"][0] == factors[0].path
    assert 0 <= result.noise_share < 0.05  # 400 men, 4 replicates: the hazard dominates


def test_morris_screens_out_the_dead_parameters():
    sc, factors = one_live_parameter()
    result = analyse(sc, "deserted_total", 30, factors, "morris", 6, "alpha", replicates=3, seed=2)
    table = result.indices.set_index("path")
    assert table.loc[factors[0].path, "mu_star"] > 10  # men, across the hazard's range
    assert (table.loc[[f.path for f in factors[1:]], "mu_star"] == 0).all()


def test_same_seed_same_indices_whatever_the_workers():
    sc, factors = one_live_parameter()
    one = analyse(sc, "strength", 20, factors, "morris", 2, "alpha", replicates=2, seed=4)
    from attrit.executor import processes

    with processes(2) as pool:
        two = analyse(
            sc, "strength", 20, factors, "morris", 2, "alpha", replicates=2, seed=4, executor=pool
        )
    assert np.array_equal(one.means, two.means)
    assert one.indices.equals(two.indices)


def test_default_factors_come_from_the_schema_ranges(example):
    factors = default_factors(example, "ashoura-anbar-1")
    paths = {f.path for f in factors}
    assert "units.ashoura-anbar-1.pay.commander_skim_fraction" in paths
    assert "factions.ashoura.pay.faction_skim_fraction" in paths
    assert not any(p.startswith("units.aah-") for p in paths)  # other units keep their values
    assert not any("rotation" in p or "squad" in p for p in paths)  # structure stays fixed
    skim = next(f for f in factors if f.path.endswith("commander_skim_fraction"))
    assert (skim.low, skim.high, skim.unit) == (0.0, 0.6, "fraction of pay reaching the unit")


@pytest.mark.parametrize(
    "text, message",
    [
        ("units.nope.desertion.hazard_per_day=0:1", "no item 'nope' in units"),
        ("units.alpha.desertion.hazard_per_day=0.5:0.1", "need low < high"),
        ("units.alpha.desertion.hazard_per_day=0.1", "write path=low:high"),
        ("units.alpha.leave.return_probability=0.5:1.5", "1.5 is refused"),
        ("units.alpha.name", "not a numeric parameter"),
    ],
)
def test_bad_factors_are_refused_with_the_fix(toy, text, message):
    with pytest.raises(FactorError, match=message):
        parse_factor(text, toy)


def test_a_factor_without_bounds_takes_the_documented_range(toy):
    f = parse_factor("units.alpha.pay.commander_skim_fraction", toy)
    assert (f.low, f.high) == (0.0, 0.6)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"output": "morale"}, "--output"),
        ({"method": "fast"}, "--method"),
        ({"day": 500}, "--day"),
        ({"method": "sobol", "samples": 100}, "power of two"),
        ({"replicates": 1}, "--replicates"),
    ],
)
def test_bad_requests_are_refused(toy, kwargs, message):
    args = {"output": "strength", "day": 10, "method": "morris", "samples": 2, "replicates": 2}
    factors = [Factor("units.alpha.desertion.hazard_per_day", 1e-3, 1e-2)]
    args.update(kwargs)
    with pytest.raises(SensitivityError, match=message):
        analyse(
            toy,
            args["output"],
            args["day"],
            factors,
            args["method"],
            args["samples"],
            replicates=args["replicates"],
        )


def test_cli_stores_the_run_and_the_report_shows_the_ranking(tmp_path):
    store = tmp_path / "s.duckdb"
    args = [
        "sensitivity",
        str(TOY),
        "--output",
        "deserted_total",
        "--unit",
        "alpha",
        "--day",
        "20",
        "--samples",
        "2",
        "--replicates",
        "2",
        "--store",
        str(store),
        "--param",
        "units.alpha.desertion.hazard_per_day=0.001:0.01",
        "--param",
        "morale.theft_weight",
        "--json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["indices"][0]["path"] == "units.alpha.desertion.hazard_per_day"
    assert payload["points"] == 6 and payload["run_id"]
    stored = Store(store).sensitivity(payload["run_id"])
    assert list(stored["indices"]["path"]) == [i["path"] for i in payload["indices"]]
    assert len(stored["points"]) == 6 and stored["record"]["kind"] == "sensitivity"
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", payload["run_id"], "--store", str(store), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert 'id="drivers"' in html and "units.alpha.desertion.hazard_per_day" in html
    assert 'id="sens0"' in html and "data:image/png;base64," in html


def test_cli_refuses_a_bad_param_with_a_located_message():
    result = runner.invoke(
        app, ["sensitivity", str(TOY), "--param", "units.alpha.x=0:1", "--no-store"]
    )
    assert result.exit_code == 2 and "--param units.alpha.x=0:1" in result.output


def test_show_and_export_know_a_sensitivity_run(tmp_path):
    store = tmp_path / "s.duckdb"
    args = [
        "sensitivity",
        str(TOY),
        "--output",
        "strength",
        "--day",
        "10",
        "--samples",
        "2",
        "--replicates",
        "2",
        "--store",
        str(store),
        "--json",
        "--param",
        "units.alpha.desertion.hazard_per_day=0.001:0.01",
    ]
    run_id = json.loads(runner.invoke(app, args).stdout)["run_id"]
    shown = runner.invoke(app, ["show", run_id, "--store", str(store)])
    assert shown.exit_code == 0 and "mu_star" in shown.output and "noise share" in shown.output
    exported = runner.invoke(
        app, ["export", run_id, "--store", str(store), "--out", str(tmp_path / "x.parquet")]
    )
    assert (
        exported.exit_code == 2 and "sensitivity analysis, with no daily record" in exported.output
    )


def test_a_dask_cluster_gives_the_same_indices():
    distributed = pytest.importorskip("distributed")
    sc, factors = one_live_parameter()
    here = analyse(sc, "strength", 20, factors, "morris", 2, "alpha", replicates=2, seed=4)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        there = analyse(
            sc,
            "strength",
            20,
            factors,
            "morris",
            2,
            "alpha",
            replicates=2,
            seed=4,
            executor=client,
        )
    assert np.array_equal(here.means, there.means)
    assert here.indices.equals(there.indices)


def test_a_span_narrows_each_range_around_the_scenarios_value(toy):
    from attrit.scenario.paths import get_path

    factors = default_factors(toy, "alpha")
    narrowed = around(factors, toy, 0.2)
    assert [g.path for g in narrowed] == [f.path for f in factors]
    inside = 0
    for f, g in zip(factors, narrowed, strict=True):
        centre = min(max(get_path(toy, f.path), f.low), f.high)
        assert f.low <= g.low <= centre <= g.high <= f.high, (f, g)
        width = 0.2 * (f.high - f.low)
        assert g.high - g.low <= width * (1 + 1e-12)
        if f.low + width / 2 <= centre <= f.high - width / 2:  # not clipped: the full width
            assert g.high - g.low == pytest.approx(width)
            inside += 1
    assert inside > len(factors) / 2  # most of the toy's values sit well inside their ranges
    skim = next(g for g in narrowed if g.path.endswith("pay.commander_skim_fraction"))
    value = get_path(toy, "units.alpha.pay.commander_skim_fraction")
    assert (skim.low, skim.high) == pytest.approx((max(0, value - 0.06), min(0.6, value + 0.06)))
    assert around(factors, toy, 1.0) == factors
    for bad in (0.0, 1.5, float("nan")):
        with pytest.raises(FactorError, match="--span must be above 0 and at most 1"):
            around(factors, toy, bad)


def test_fitted_parameters_vary_over_their_posterior_interval(toy):
    factors = default_factors(toy, "alpha")
    posterior = [
        {"path": "units.*.desertion.hazard_per_day", "low": 0.002, "high": 0.004},
        {"path": "units.bravo.leave.return_probability", "low": 0.5, "high": 0.6},
    ]
    before = {f.path: f for f in factors}
    after = {f.path: f for f in fitted_ranges(factors, toy, posterior)}
    hazard = after["units.alpha.desertion.hazard_per_day"]  # units.* covers alpha's
    assert (hazard.low, hazard.high) == (0.002, 0.004)
    leave = "units.alpha.leave.return_probability"  # bravo's fit says nothing of alpha
    assert after[leave] == before[leave]
    assert sum(after[p] != before[p] for p in before) == 1
    # a factor broader than every fitted path keeps its range
    broad = [parse_factor("units.*.leave.return_probability", toy)]
    assert fitted_ranges(broad, toy, posterior) == broad


def test_cli_screens_around_a_fit(tmp_path):
    pytest.importorskip("pyabc")
    from attrit.calibrate import Bounds, fit, parse_params
    from attrit.scenario import load

    store = tmp_path / "s.duckdb"
    leave = "units.alpha.leave.return_probability"
    record = fit(load(TOY), parse_params([f"{leave}=uniform(0.5,1)"]),
                 Bounds(population=40, generations=2), seed=3, store=Store(store),
                 checks=5)  # fmt: skip
    (fitted,) = record["posterior"]
    args = ["sensitivity", str(TOY), "--output", "deserted_total", "--unit", "alpha", "--day",
            "20", "--samples", "2", "--replicates", "2", "--store", str(store), "--fit",
            record["fit_id"], "--span", "0.25", "--json"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    stored = Store(store).sensitivity(json.loads(result.stdout)["run_id"])
    ranges = stored["indices"].set_index("path")[["low", "high"]]
    assert tuple(ranges.loc[leave]) == pytest.approx((fitted["low"], fitted["high"]))
    documented = {f.path: f for f in default_factors(load(TOY), "alpha")}
    for path, (low, high) in ranges.drop(leave).iterrows():
        f = documented[path]
        assert high - low <= 0.25 * (f.high - f.low) * (1 + 1e-12), path
    assert stored["record"]["summary"]["options"]["fit"] == record["fit_id"]
    assert stored["record"]["summary"]["options"]["span"] == 0.25
    unknown = runner.invoke(app, [*args[:-5], "--fit", "nope", "--json"])
    assert unknown.exit_code == 2 and "nope" in unknown.output


def test_the_points_run_on_the_patched_plan_with_the_compiled_results(example, monkeypatch):
    import importlib

    module = importlib.import_module("attrit.analysis.sensitivity.analyse")  # not the function
    patchable = ("morale.theft_weight", "units.ashoura-anbar-1.desertion.hazard_per_day",
                 "units.ashoura-anbar-1.leave.return_probability")  # fmt: skip
    factors = [f for f in default_factors(example, "ashoura-anbar-1") if f.path in patchable]
    assert len(factors) == 3 and module._patch(example, factors, 20) is not None
    patched = analyse(example, "front_fill", 20, factors, "morris", 2, "ashoura-anbar-1",
                      replicates=3, seed=2)  # fmt: skip
    monkeypatch.setattr(module, "_patch", lambda *a: None)
    compiled = analyse(example, "front_fill", 20, factors, "morris", 2, "ashoura-anbar-1",
                       replicates=3, seed=2)  # fmt: skip
    np.testing.assert_array_equal(patched.means, compiled.means)
    np.testing.assert_array_equal(patched.within_var, compiled.within_var)
