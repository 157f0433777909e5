"""The regression baseline: a fixed-seed summary of the shipped example.

``make baseline`` (``python tests/support/baseline/regenerate.py --write``) rewrites it. Do
that only when a change is meant to change results, and add a CHANGELOG line saying why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import attrit

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "iraq-2015.yaml"
STORED = Path(__file__).with_name("iraq-2015.json")
REPLICATES, DAYS = 20, 120


def current() -> dict:
    """The baseline as the code computes it now."""
    scenario = attrit.load(EXAMPLE)
    results = attrit.simulate(scenario, replicates=REPLICATES, days=DAYS)
    data = results.to_dict()
    run = {k: data["run"][k] for k in ("scenario_hash", "seed", "replicates", "days")}
    return {"run": run, "summary": data["summary"]}


def main() -> None:
    """Write the baseline with ``--write``; otherwise print it."""
    text = json.dumps(current(), indent=1, sort_keys=True) + "\n"
    if "--write" in sys.argv:
        STORED.write_text(text)
        print(f"wrote {STORED}; add a CHANGELOG line saying why results changed")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
