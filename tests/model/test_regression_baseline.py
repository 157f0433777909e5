"""The fixed-seed summary of the example is exactly what is stored in the repository.

If this fails after a change that is meant to change results, run ``make baseline`` and add a
CHANGELOG line; otherwise the change altered results by accident.
"""

import json

from support.baseline.regenerate import STORED, current


def test_example_summary_matches_the_stored_baseline():
    stored = json.loads(STORED.read_text())
    now = json.loads(json.dumps(current(), sort_keys=True))
    assert now["run"] == stored["run"]
    assert now["summary"] == stored["summary"]
