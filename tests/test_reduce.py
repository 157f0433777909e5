"""Ensembles reduced as replicates finish give what the whole record gives, in less memory."""

from __future__ import annotations

import numpy as np
import pytest

import attrit
from attrit.model.registry import RECORDED
from attrit.reduce import AtDays, ForceTotals, Moments, Several


@pytest.fixture(scope="module")
def whole(toy):
    # 40 replicates: two whole batches of 16 and a part, so batches are merged
    return attrit.simulate(toy, replicates=40, days=50, seed=3)


@pytest.fixture(scope="module")
def reduced(toy):
    how = Several({"moments": Moments(), "days": AtDays([0, 29, 49]), "force": ForceTotals()})
    return attrit.simulate(toy, replicates=40, days=50, seed=3, reduce=how)


def test_at_days_is_the_record_on_those_days(whole, reduced):
    np.testing.assert_array_equal(
        reduced["days"].to_array("variable").transpose("replicate", "day", "unit", "variable"),
        whole.record[:, [0, 29, 49]],
    )
    assert list(reduced["days"].replicate.values) == list(whole.replicates)


def test_force_totals_are_the_record_summed_over_units(whole, reduced):
    got = reduced["force"]["strength"].values
    np.testing.assert_array_equal(got, whole.record[..., RECORDED.index("strength")].sum(axis=2))


def test_moments_match_the_whole_record(whole, reduced):
    m = reduced["moments"]
    rec = whole.record
    # batch-merged mean and variance against numpy's two-pass ones: float64 rounding only
    scale = np.abs(rec).max(axis=0) + 1.0
    for k, name in enumerate(RECORDED):
        mean = m[name].sel(stat="mean").values
        sd = m[name].sel(stat="sd").values
        assert np.all(np.abs(mean - rec[..., k].mean(axis=0)) <= 1e-12 * scale[..., k]), name
        assert np.all(np.abs(sd - rec[..., k].std(axis=0, ddof=1)) <= 1e-9 * scale[..., k]), name
        np.testing.assert_array_equal(m[name].sel(stat="min").values, rec[..., k].min(axis=0))
        np.testing.assert_array_equal(m[name].sel(stat="max").values, rec[..., k].max(axis=0))
    assert m.attrs["replicates"] == 40 and m["strength"].attrs["units"] == "persons"


def test_a_reduction_is_the_same_on_worker_processes(toy, reduced):
    from attrit.executor import processes

    with processes(2) as pool:
        again = attrit.simulate(toy, replicates=40, days=50, seed=3, executor=pool,
                                reduce=AtDays([0, 29, 49]))  # fmt: skip
    assert again.equals(reduced["days"])


def test_a_reduced_run_needs_the_memory_of_a_batch_not_of_the_record(toy):
    from attrit.run import memory_estimate

    full = memory_estimate(toy, 10_000, 365)
    small = memory_estimate(toy, 10_000, 365, reduce=Moments())
    assert small < full / 100


def test_days_outside_the_run_are_refused(toy):
    with pytest.raises(ValueError, match="outside the run"):
        attrit.simulate(toy, replicates=2, days=10, reduce=AtDays([10]))
