"""The machine's memory bandwidth, as a STREAM-style triad on every numba thread.

``python bandwidth.py``: ``a = b + s c`` over three arrays of 2**26 float64 (512 MiB each,
far past every cache), ten times; prints a JSON line with the best rate in GB/s, counting
24 bytes moved per element (two reads, one write; write-allocate traffic not counted, as
STREAM does not).
"""

from __future__ import annotations

import json
import time

import numpy as np
from numba import get_num_threads, njit, prange

N = 2**26


@njit(parallel=True, cache=True)
def triad(a, b, c, s):
    for i in prange(a.shape[0]):
        a[i] = b[i] + s * c[i]


def main() -> None:
    a, b, c = np.empty(N), np.ones(N), np.full(N, 2.0)
    triad(a, b, c, 3.0)  # compile, and touch every page
    best = float("inf")
    for _ in range(10):
        started = time.perf_counter()
        triad(a, b, c, 3.0)
        best = min(best, time.perf_counter() - started)
    print(json.dumps({"triad_gb_s": 24 * N / best / 1e9, "threads": get_num_threads()}))


if __name__ == "__main__":
    main()
