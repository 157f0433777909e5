"""The engine's structure: the day's order is data, RNG streams are sound and independent."""

import numpy as np
from scipy import stats

from attrit.model import rng
from attrit.model.phases.rotation import R_LEAVE_RETURN
from attrit.model.registry import MECHANISMS, PHASES, STREAM_NAMES, SWITCHED, stream_keys


def test_the_day_runs_the_phases_in_the_order_of_the_list():
    assert tuple(m.name for m in MECHANISMS) == PHASES


def test_only_the_census_and_the_record_always_run():
    assert set(PHASES) - {m.name for m in SWITCHED} == {"census", "record"}


def test_stream_keys_depend_on_seed_and_name_only():
    keys = stream_keys(5)
    assert len(set(keys.tolist())) == len(STREAM_NAMES)
    assert rng.stream_key(5, "leave.return") == keys[R_LEAVE_RETURN]
    assert rng.stream_key(6, "leave.return") != keys[R_LEAVE_RETURN]


def _draws(key, replicate, day, n):
    base = np.uint64(rng.day_base(np.uint64(key), replicate, day))  # numba returns a Python int
    return np.array([rng.uniform(base, i) for i in range(n)])


def test_uniform_draws_are_uniform():
    u = _draws(rng.stream_key(1, "desertion.on_duty"), 0, 0, 20_000)
    assert stats.kstest(u, "uniform").pvalue > 0.001
    assert u.min() >= 0.0 and u.max() < 1.0


def test_draws_of_neighbouring_days_and_replicates_are_independent():
    key = rng.stream_key(1, "desertion.on_duty")
    a, b, c = _draws(key, 0, 0, 5000), _draws(key, 0, 1, 5000), _draws(key, 1, 0, 5000)
    for x, y in ((a, b), (a, c)):
        r, p = stats.pearsonr(x, y)
        assert p > 0.001, r


def test_normal_draws_are_normal():
    b1 = np.uint64(rng.day_base(rng.stream_key(1, "morale.initial.u1"), 0, 0))
    b2 = np.uint64(rng.day_base(rng.stream_key(1, "morale.initial.u2"), 0, 0))
    z = np.array([rng.normal(b1, b2, i) for i in range(20_000)])
    assert stats.kstest(z, "norm").pvalue > 0.001


def test_a_phase_between_morale_and_record_is_refused():
    # the morale pass adds the record's sums of the members: nothing may change them after it
    import subprocess
    import sys

    code = (
        "import attrit.model.order as o\n"
        "o.ORDER = tuple(n for n in o.ORDER if n not in ('training', 'record'))"
        " + ('training', 'record')\n"
        "import attrit.model.phases\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    assert "'morale' must come just before 'record'" in done.stderr
