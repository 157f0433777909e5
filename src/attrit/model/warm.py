"""Compile (or load) every kernel once: ``python -m attrit.model.warm``.

Numba compiles a kernel the first time it runs and caches it (``attrit.model.CACHE_DIR``).
Processes that start together on a cold cache (test workers, a pool's workers) would each
compile the same kernels at once; warming the cache first makes them all load it.
"""

from __future__ import annotations

import time

import numpy as np


def warm() -> float:
    """Run every kernel on a tiny force for two days; return the seconds it took."""
    from attrit.model import engine, registry
    from attrit.model.plan import compile_plan, split
    from attrit.scenario.api import validate_data

    started = time.perf_counter()
    unit = {"id": "u", "name": "U", "faction": "f", "province": "p"}
    sc = validate_data(
        {
            "name": "warm-up",
            "calendar": {"start": "2020-01-01", "days": 2},
            "factions": [{"id": "f", "name": "F"}],
            "units": [{**unit, "strength": {"troops": 20, "officers": 1}}],
        }
    )
    plan = compile_plan(sc, 2)
    keys = registry.stream_keys(1)
    ids = np.arange(2, dtype=np.int64)
    out = engine.new_record(2, 2, 1)
    engine.run_replicate(*split(plan), keys, ids[0], 2, out[0])
    engine.run_serial(*split(plan), keys, ids, 2, out)
    engine.run_batch(*split(plan), keys, ids, 2, out)
    return time.perf_counter() - started


if __name__ == "__main__":
    print(f"kernels ready in {warm():.1f} s")
