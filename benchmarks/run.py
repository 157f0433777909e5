"""Benchmark attrit's engine on the shipped example; write benchmarks/results.{md,json}.

Measures person-days per second (people in the plan x days x replicates / wall time) for the
full example with every mechanism on, after a warm-up run that compiles or loads the kernels.
Medians of repeated runs. Comparisons with Mesa, SimPy and Starsim belong to the peer
benchmarks (see the issue tracker); this script measures attrit alone.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

import numba
import numpy as np

import attrit

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "iraq-2015.yaml"
CASES = [(200, 120), (1000, 365)]
REPEATS = 3


def measure(scenario, replicates: int, days: int) -> dict:
    walls, rates = [], []
    for _ in range(REPEATS):
        started = time.perf_counter()
        res = attrit.simulate(scenario, replicates=replicates, days=days)
        walls.append(time.perf_counter() - started)
        rates.append(res.people * days * replicates / walls[-1])
    return {
        "case": f"iraq-2015 example, {replicates} replicates x {days} days",
        "people": res.people,
        "replicates": replicates,
        "days": days,
        "wall_s_median": statistics.median(walls),
        "person_days_per_s_median": statistics.median(rates),
        "record_mib": res.record.nbytes / 2**20,
    }


def main() -> None:
    scenario = attrit.load(EXAMPLE)
    attrit.simulate(scenario, replicates=2, days=10)  # compile or load the kernels
    rows = [measure(scenario, r, d) for r, d in CASES]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    machine = {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "numba": numba.__version__,
        "attrit": attrit.__version__,
        "cpus": os.cpu_count(),
        "numba_threads": numba.get_num_threads(),
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "peak_rss_mib": peak,
    }
    (HERE / "results.json").write_text(
        json.dumps({"machine": machine, "results": rows}, indent=2) + "\n"
    )
    lines = [
        "# attrit benchmark",
        "",
        f"Machine: {machine}",
        "",
        "| case | people | wall (s, median of 3) | person-days/s | record (MiB) |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['people']:,} | {r['wall_s_median']:.2f} | "
            f"{r['person_days_per_s_median']:.3g} | {r['record_mib']:.0f} |"
        )
    lines += ["", f"Peak resident memory of the benchmark process: {peak:.0f} MiB."]
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
