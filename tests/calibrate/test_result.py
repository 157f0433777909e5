"""The fit object: contraction, resampled draws, generations and the ArviZ export."""

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from attrit.calibrate import Fit, FitError, fit
from attrit.cli import app
from attrit.store import Store
from support.calib import PARAMS, SMALL, synthetic

pytest.importorskip("pyabc")


def record(thetas, weights, priors):
    """A fit's record with the given particles (parameter values by path) and priors."""
    particles = [
        {"theta": theta, "weight": w, "seed": k, "distance": 1.0 / (k + 1)}
        for k, (theta, w) in enumerate(zip(thetas, weights, strict=True))
    ]
    return {
        "fit_id": "f1",
        "status": "done",
        "spec": {"parameters": [{"path": p, "prior": q} for p, q in priors.items()]},
        "particles": particles,
        "posterior": [
            {"path": p, "prior": q, "median": 0.0, "low": 0.0, "high": 0.0, "current": 0.0}
            for p, q in priors.items()
        ],
        "checks": [],
    }


def test_contraction_is_one_minus_the_variance_ratio_on_the_priors_scale():
    n = 200
    # equally weighted midpoints of [0.25, 0.75]: variance 0.5^2 / 12 * (1 - 1/n^2) exactly
    grid = 0.25 + 0.5 * (np.arange(n) + 0.5) / n
    # a loguniform prior is flat in log: midpoints of [log 1e-3, log 1e-2] in the log
    logs = math.log(1e-3) + math.log(10) * (np.arange(n) + 0.5) / n
    fitted = Fit(
        record(
            [{"a": a, "b": math.exp(b)} for a, b in zip(grid, logs, strict=True)],
            [1.0 / n] * n,
            {"a": "uniform(0,1)", "b": "loguniform(0.0001,0.1)"},
        )
    )
    c = fitted.contraction()
    assert c["a"] == pytest.approx(1 - 0.25 * (1 - 1 / n**2), rel=1e-9)
    # the posterior spans one decade of the prior's three: 1 - (1/3)^2
    assert c["b"] == pytest.approx(1 - (1 / 3) ** 2 * (1 - 1 / n**2), rel=1e-9)
    assert fitted.posterior_frame().loc["a", "contraction"] == pytest.approx(c["a"])


def test_the_draws_carry_the_weights_to_within_one_draw_each():
    weights = np.array([0.5, 0.3, 0.15, 0.05])
    fitted = Fit(record([{"a": x} for x in (0.1, 0.2, 0.3, 0.4)], weights, {"a": "uniform(0,1)"}))
    for seed in range(20):
        draws = fitted.draws(100, seed=seed)
        counts = draws["a"].value_counts().reindex([0.1, 0.2, 0.3, 0.4], fill_value=0)
        # systematic resampling: each count within one of n w
        assert np.all(np.abs(counts.to_numpy() - 100 * weights) < 1 + 1e-9)
    assert fitted.draws(100, seed=3).equals(fitted.draws(100, seed=3))


@pytest.fixture(scope="module")
def small_fit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fit")
    store = Store(folder / "s.duckdb")
    done = fit(synthetic(0.008, seed=5, strength=150), PARAMS, SMALL, seed=1, store=store,
               checks=20)  # fmt: skip
    return done, store


def test_a_fit_is_an_object_that_reads_like_its_record(small_fit):
    done, store = small_fit
    assert isinstance(done, Fit) and done["status"] == "done" and done.fit_id == done["fit_id"]
    again = Fit.load(store, done.fit_id)
    assert again["posterior"] == done["posterior"]
    assert "Fit(" in repr(done) and done.fit_id in done._repr_html_()
    assert set(done.checks_frame().index) == {c["key"] for c in done["checks"]}


def test_generations_add_up_to_the_fit_and_end_at_its_ess(small_fit):
    done, _ = small_fit
    frame = done.generations_frame()
    assert list(frame.index) == list(range(-1, done["generations"]))
    assert frame["simulations"].sum() == done["simulations"]
    assert frame["ess"].iloc[-1] == pytest.approx(done["ess"])
    assert (frame["epsilon"].diff().dropna() <= 0).all()


def test_the_posterior_goes_to_arviz_and_back_through_netcdf(small_fit, tmp_path):
    az = pytest.importorskip("arviz")
    done, _ = small_fit
    data = done.to_arviz(n=500, seed=2)
    assert {"posterior", "prior", "sample_stats", "observed_data"} <= set(data.groups())
    (path,) = [p["path"] for p in done["posterior"]]
    post = data.posterior[path]
    assert post.shape == (1, 500)
    # every draw is a particle, and the draws' median sits inside the fit's 90% interval
    values = {p["theta"][path] for p in done["particles"]}
    assert set(np.unique(post.values)) <= values
    (summary,) = done["posterior"]
    assert summary["low"] <= float(post.median()) <= summary["high"]
    assert float(data.attrs["particles_ess"]) == pytest.approx(done["ess"])
    table = az.summary(data, kind="stats")
    assert path in table.index
    # ArviZ's own plots draw from it (the Agg backend, as in a headless kernel)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for plot in (az.plot_posterior, az.plot_dist_comparison, az.plot_trace):
        axes = plot(data, var_names=[path])
        assert np.asarray(axes).size >= 1
        plt.close("all")
    written = done.to_netcdf(tmp_path / "post.nc", n=500, seed=2)
    back = az.from_netcdf(written)
    assert np.array_equal(back.posterior[path].values, post.values)
    assert [p.name for p in tmp_path.iterdir()] == ["post.nc"]  # no temporary left


def test_attrit_posterior_shows_contraction_and_generations_and_exports(small_fit, tmp_path):
    done, store = small_fit
    runner = CliRunner()
    shown = runner.invoke(app, ["posterior", done.fit_id, "--json", "--store", str(store.path)])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert set(data["contraction"]) == {p["path"] for p in done["posterior"]}
    assert len(data["generations"]) == done["generations"] + 1
    nc = tmp_path / "p.nc"
    table = runner.invoke(app, ["posterior", done.fit_id, "--out", str(nc),
                                "--store", str(store.path)])  # fmt: skip
    assert table.exit_code == 0 and "contraction" in table.stdout and nc.exists()
    refused = runner.invoke(app, ["posterior", done.fit_id, "--out", str(store.path),
                                  "--store", str(store.path)])  # fmt: skip
    assert refused.exit_code == 2 and "store" in refused.stderr
    missing = runner.invoke(app, ["posterior", "nope", "--store", str(store.path)])
    assert missing.exit_code == 2 and "no fit 'nope'" in missing.stderr


def test_a_fit_without_a_posterior_says_so_and_the_cli_does_not_break(small_fit, tmp_path):
    done, store = small_fit
    stopped = {**done.record, "fit_id": "stopped1", "status": "running", "particles": None,
               "posterior": None, "checks": None,
               "history": str(tmp_path / "gone.sqlite")}  # fmt: skip
    store.save_fit(stopped)
    with pytest.raises(FitError, match="is running and has no posterior yet"):
        Fit(stopped).posterior_frame()
    assert Fit(stopped).checks_frame().empty  # no checks yet: an empty table, not an error
    runner = CliRunner()
    shown = runner.invoke(app, ["posterior", "stopped1", "--store", str(store.path)])
    assert shown.exit_code == 2 and "attrit fit --resume stopped1" in shown.stderr
    # a finished fit whose history is gone still shows its contraction
    moved = {**done.record, "fit_id": "moved1", "history": str(tmp_path / "gone.sqlite")}
    store.save_fit(moved)
    shown = runner.invoke(app, ["posterior", "moved1", "--store", str(store.path)])
    assert shown.exit_code == 0 and "contraction" in shown.stdout
    assert "no generations table" in shown.stdout
    # the fit's own pyabc history is an input: --out may not overwrite it
    refused = runner.invoke(app, ["posterior", done.fit_id, "--out", done["history"],
                                  "--store", str(store.path)])  # fmt: skip
    assert refused.exit_code == 2 and "history" in refused.stderr
