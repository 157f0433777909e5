"""What the reliability tests did, for ``docs/reliability.md`` (``make reliability``).

Each test calls :func:`record` with its counts (faults injected, inputs tried, requests
served, runs lost); they are appended as JSON lines to ``$ATTRIT_RELIABILITY_LOG`` when it is
set (and dropped otherwise). ``$ATTRIT_FUZZ_EXAMPLES``, ``$ATTRIT_EXTRACT_FUZZ_EXAMPLES``
and ``$ATTRIT_ATHERIS_RUNS`` scale the fuzzing tests: small in ``make test``, over 10,000
inputs in all in ``make reliability`` (loading a scenario costs ~50 ms, extracting a passage
~10 ms, so most go to extract).
"""

from __future__ import annotations

import json
import os

FUZZ_EXAMPLES = int(os.environ.get("ATTRIT_FUZZ_EXAMPLES", "100"))  # per scenario fuzz test
EXTRACT_FUZZ_EXAMPLES = int(os.environ.get("ATTRIT_EXTRACT_FUZZ_EXAMPLES", FUZZ_EXAMPLES))
# atheris runs per scenario-loader target (the evidence and extract targets run 2x and 4x)
ATHERIS_RUNS = int(os.environ.get("ATTRIT_ATHERIS_RUNS", "200"))


def record(test: str, what: str, **counts: int) -> None:
    """Log what ``test`` did (``what``, one sentence) and its counts."""
    path = os.environ.get("ATTRIT_RELIABILITY_LOG")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps({"test": test, "what": what, **counts}) + "\n")


class Counter:
    """Counts calls of a hypothesis test body (hypothesis reports no count of its own); a
    module-scoped fixture records the count when the file's tests end in a worker."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> None:
        self.n += 1
