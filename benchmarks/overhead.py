"""What a fit pays per simulation beyond the kernel, on the shipped example.

``python benchmarks/overhead.py [CALLS]``: the example's own fitted parameters, ``CALLS``
particles drawn from their priors. Times, in this one process and alternating call by call,
(a) the kernel alone on a patched plan (``run_plan``), (b) what a fit calls per particle
(``Problem.observe``: the plan patched, the kernel, the observables, the reporting noise) and
(c) the same with the plan compiled per particle from the scenario with the values set (what
every simulation paid before plans were patched). Prints a Markdown table and writes
``overhead.json`` beside this file.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def main(calls: int = 200) -> dict[str, float]:
    import attrit
    from attrit.calibrate import Problem
    from attrit.run import run_plan

    example = attrit.load(HERE.parent / "examples" / "iraq-2015.yaml")
    problem = Problem(example, list(example.calibration.parameters))
    compiled = Problem(example, list(example.calibration.parameters))
    compiled._paths = compiled._patch = None  # the per-particle compile
    rng = np.random.default_rng(1)
    lows = [p.distribution.low for p in problem.parameters]
    highs = [p.distribution.high for p in problem.parameters]
    thetas = [dict(zip(problem.names, rng.uniform(lows, highs), strict=True)) for _ in range(calls)]
    patch = problem.plan_patch()
    # warm: compile or load the kernels, touch every path once
    run_plan(patch.plan_at(thetas[0]), problem.days, 1)
    problem.observe(thetas[0], 1)
    compiled.observe(thetas[0], 1)
    times: dict[str, list[float]] = {"kernel": [], "observe": [], "compiled": []}
    for k, theta in enumerate(thetas):
        seed = 1000 + k
        plan = patch.plan_at(theta)
        t0 = time.perf_counter()
        run_plan(plan, problem.days, seed)
        t1 = time.perf_counter()
        problem.observe(theta, seed)
        t2 = time.perf_counter()
        compiled.observe(theta, seed)
        t3 = time.perf_counter()
        times["kernel"].append(t1 - t0)
        times["observe"].append(t2 - t1)
        times["compiled"].append(t3 - t2)
    med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    out = {
        "calls": calls,
        "days": problem.days,
        "parameters": len(problem.parameters),
        "patching": problem.patching,
        "kernel_ms": med["kernel"],
        "per_particle_ms": med["observe"],
        "per_particle_compiled_ms": med["compiled"],
        "overhead_share": (med["observe"] - med["kernel"]) / med["kernel"],
        "overhead_share_compiled": (med["compiled"] - med["kernel"]) / med["kernel"],
    }
    (HERE / "overhead.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"{calls} particles of the example ({problem.days} days, {len(problem.parameters)} "
          f"fitted parameters; plans {problem.patching}), medians:\n")  # fmt: skip
    print("| per simulation | ms | beyond the kernel |\n|---|---:|---:|")
    print(f"| kernel alone | {med['kernel']:.2f} | |")
    print(f"| a fit's call, plan patched | {med['observe']:.2f} | {out['overhead_share']:.0%} |")
    print(f"| a fit's call, plan compiled | {med['compiled']:.2f} | "
          f"{out['overhead_share_compiled']:.0%} |")  # fmt: skip
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
