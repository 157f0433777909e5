"""Time one contender once, in this (child) process; print a JSON line.

``python measure.py PEER N REPLICATES [DAYS]``. Warms up first (imports, numba compile or
cache load), then times the run alone. Peak memory is this process's maximum resident set.
``PEER@T`` runs the contender on ``T`` numba threads (``attrit@1``).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("STARSIM_INSTALL_FONTS", "0")


def contender(name: str):
    """A function (P, n_people, replicates, days) -> None that runs the contender."""
    from peers import spec

    if name == "attrit":
        import attrit

        def go(n, reps, days):
            attrit.simulate(spec.reference(n), replicates=reps, days=days, seed=1)

        return go
    if name == "attrit-moments":  # the ensemble reduced as it runs (attrit.reduce)
        import attrit
        from attrit.reduce import Moments

        def go(n, reps, days):
            attrit.simulate(spec.reference(n), replicates=reps, days=days, seed=1,
                            reduce=Moments())  # fmt: skip

        return go
    if name == "attrit-army":
        from peers.army import army

        import attrit

        force = army()

        def go(n, reps, days):
            attrit.simulate(force, replicates=reps, days=days, seed=1)

        return go
    if name == "attrit-example":
        from peers.spec import REFERENCE

        import attrit

        example = attrit.load(REFERENCE.parents[1] / "examples" / "iraq-2015.yaml")

        def go(n, reps, days):
            attrit.simulate(example, replicates=reps, days=days, seed=1)

        return go
    if name == "limit-kernel":
        from peers import limit_kernel

        def go(n, reps, days):
            limit_kernel.simulate(spec.params(n), list(range(reps)), days)

        return go
    module = {
        "python": "peers.python_objects",
        "simpy": "peers.simpy_units",
        "simpy-soldiers": "peers.simpy_soldiers",
        "mesa": "peers.mesa_agents",
        "starsim": "peers.starsim_module",
    }[name]
    import importlib

    run = importlib.import_module(module).run

    def go(n, reps, days):
        P = spec.params(n)
        for seed in range(reps):
            run(P, seed, days)

    return go


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would carry the parent's
    high-water mark across exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    label, n, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    days = int(sys.argv[4]) if len(sys.argv) > 4 else 365
    name, _, threads = label.partition("@")
    if threads:  # before numba is imported
        os.environ["NUMBA_NUM_THREADS"] = threads
    go = contender(name)
    # warm-up: imports, kernels (a whole force needs only a few days for that)
    if name.startswith("attrit-"):
        go(n, 1, 5)
    else:
        go(250, 1, days)
    started = time.perf_counter()
    go(n, reps, days)
    wall = time.perf_counter() - started
    peak = peak_mib()
    print(
        json.dumps(
            {
                "peer": label,
                "n": n,
                "replicates": reps,
                "days": days,
                "wall_s": wall,
                "peak_mib": peak,
            }
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
