"""Runs too big for the machine are refused before anything is allocated, with the estimate."""

import pytest

from attrit.run import RunError, available_memory, memory_estimate, simulate
from support.helpers import scenario

pytestmark = pytest.mark.reliability  # in make reliability's table


def huge(units: int):
    extra = [
        {"id": f"u{k}", "name": f"U{k}", "faction": "red", "province": "north",
         "strength": {"troops": 1_000_000}, "rotation": {"days_on": 15, "days_off": 15,
                                                          "quota": 1000}}
        for k in range(units - 1)
    ]  # fmt: skip
    return scenario(troops=1_000_000, extra_units=extra)


def test_a_run_that_cannot_fit_in_memory_is_refused_with_the_estimate():
    units = 2 + int(available_memory() // (1_000_000 * 80 * 16)) // 2  # more than the machine
    sc = huge(units)
    need = memory_estimate(sc, 100, 120)
    assert need > available_memory()
    with pytest.raises(RunError, match=r"would need about [\d.]+ GiB .* GiB is available"):
        simulate(sc, replicates=100, days=120)
    from support.reliability import record

    record(
        "memory",
        f"a scenario of {units} units of 1,000,000 men each: refused before it "
        "starts, with the estimate",
        refused=1,
        estimate_gib=round(need / 2**30),
    )


def test_the_estimate_grows_with_replicates_days_and_people(toy):
    small = memory_estimate(toy, 10, 30)
    assert memory_estimate(toy, 20, 30) > small and memory_estimate(toy, 10, 60) > small
    assert memory_estimate(huge(1), 10, 30) > small
