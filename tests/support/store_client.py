"""One writer or reader of a run store, in its own process, for the concurrency test.

``python store_client.py write STORE N SEED``: simulates the toy scenario N times and saves
each run through :class:`attrit.store.Store`, printing each run's id once its save returned
(the run is committed).

``python store_client.py read STORE STOP``: until the file STOP exists, lists the runs and
reads the newest one's daily record back, checking that the listing never shrinks and the run
read is whole; prints ``{"reads", "busy", "seen"}`` as JSON at the end.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

TOY = Path(__file__).resolve().parents[2] / "examples" / "toy.yaml"
DAYS, REPLICATES = 20, 2


def write(path: str, n: int, seed: int) -> None:
    import attrit
    from attrit.store import Store

    toy = attrit.load(TOY)
    for i in range(n):
        run_id = Store(path, wait_seconds=60).save(
            attrit.simulate(toy, replicates=REPLICATES, days=DAYS, seed=seed + i)
        )
        print(run_id, flush=True)


def read(path: str, stop: str) -> None:
    from attrit.store import Store, StoreBusy

    store = Store(path, wait_seconds=60)
    reads = busy = seen = 0
    while not Path(stop).exists():
        try:
            runs = store.runs()
            newest = runs.iloc[0]
            daily = store.daily(newest.run_id)
        except StoreBusy:
            busy += 1
            continue
        assert len(runs) >= seen, (len(runs), seen)  # a committed run never disappears
        units = daily.unit.nunique()
        expected = newest.replicates * newest.days * units * daily.variable.nunique()
        assert len(daily) == expected, (newest.run_id, len(daily), expected)  # whole
        seen, reads = len(runs), reads + 1
        time.sleep(0.01)
    print(json.dumps({"reads": reads, "busy": busy, "seen": seen}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        read(sys.argv[2], sys.argv[3])
