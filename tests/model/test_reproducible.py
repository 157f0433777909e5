"""Same inputs and seed, same results: alone or batched, on 1 or 2 processes, on Dask; and
common random numbers between scenarios that differ in one place."""

import numpy as np
import pytest

import attrit
from attrit.model.registry import SWITCHED
from support.helpers import scenario

UNITS = [
    {
        "id": "bravo",
        "name": "Bravo",
        "faction": "red",
        "province": "south",
        "strength": {"troops": 150, "officers": 3, "bodyguards_per_officer": 2},
        "rotation": {"days_on": 10, "days_off": 20, "quota": 40},
    }
]
ALL_BUT_TRAINING = tuple(m.name for m in SWITCHED if m.name != "training")


@pytest.fixture(scope="module")
def two_units():
    return scenario(
        on=ALL_BUT_TRAINING, troops=300, officers=6, bodyguards=2, extra_units=UNITS, days=90
    )


def test_same_seed_same_results(two_units):
    a = attrit.simulate(two_units, replicates=6, seed=9)
    b = attrit.simulate(two_units, replicates=6, seed=9)
    np.testing.assert_array_equal(a.record, b.record)
    c = attrit.simulate(two_units, replicates=6, seed=10)
    assert not np.array_equal(a.record, c.record)


def test_a_replicate_is_the_same_alone_or_in_a_batch(two_units):
    batch = attrit.simulate(two_units, replicates=40, seed=9)  # more than one batch of 16
    alone = attrit.simulate(two_units, replicates=1, seed=9, first_replicate=33)
    np.testing.assert_array_equal(batch.record[33], alone.record[0])


def test_one_or_two_worker_processes_give_identical_results(example):
    from attrit.executor import processes

    one = attrit.simulate(example, replicates=20, days=60)
    with processes(2) as pool:
        two = attrit.simulate(example, replicates=20, days=60, executor=pool)
    np.testing.assert_array_equal(one.record, two.record)


def test_a_dask_cluster_gives_identical_results(example):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        remote = attrit.simulate(example, replicates=20, days=60, executor=client)
    local = attrit.simulate(example, replicates=20, days=60)
    np.testing.assert_array_equal(local.record, remote.record)


def test_one_unit_changed_leaves_the_others_paths_identical(two_units):
    changed = two_units.set("units.alpha.rotation.quota", 100)
    base = attrit.simulate(two_units, replicates=10, seed=2).daily
    variant = attrit.simulate(changed, replicates=10, seed=2).daily
    for name in base.data_vars:
        np.testing.assert_array_equal(
            base[name].sel(unit="bravo"), variant[name].sel(unit="bravo"), err_msg=name
        )
    assert not np.array_equal(base.front.sel(unit="alpha"), variant.front.sel(unit="alpha"))


def test_recruit_posting_couples_units_only_from_the_first_posting():
    on = (*ALL_BUT_TRAINING, "training")
    sc = scenario(
        on=on,
        troops=300,
        extra_units=UNITS,
        days=120,
        faction={"recruitment": {"recruits_per_30_days": 30, "training_days": 60}},
    )
    changed = sc.set("units.alpha.rotation.quota", 100)
    base = attrit.simulate(sc, replicates=5, seed=2).daily.sel(unit="bravo")
    variant = attrit.simulate(changed, replicates=5, seed=2).daily.sel(unit="bravo")
    first_posting = 60  # recruits enrolled on day 0 graduate on day 60
    np.testing.assert_array_equal(
        base.strength[:, :first_posting], variant.strength[:, :first_posting]
    )


def test_mechanism_switched_off_records_nothing(toy):
    sc = toy.set("mechanisms.pay", False).set("mechanisms.casualties", False)
    d = attrit.simulate(sc, replicates=3, days=60).daily
    assert float(d.pay_entitled.sum()) == 0 and float(d.killed.sum()) == 0
    assert float(d.wounded_new.sum()) == 0
