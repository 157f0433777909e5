"""Simulating with parameter uncertainty: replicate r runs with its own parameter draw.

Each replicate keeps its index as its random stream, so two scenarios run with the same draws
and seed still share their random numbers replicate by replicate (common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from attrit.results import Results
from attrit.scenario.paths import set_paths
from attrit.scenario.schema import Scenario


def simulate_draws(
    scenario: Scenario,
    draws: list[dict[str, float]],
    days: int | None = None,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Results:
    """One replicate per draw (path -> value), with replicate ids 0..len(draws)-1."""
    from attrit.run import simulate

    if not draws:
        raise ValueError("no parameter draws to simulate")
    seed = scenario.seed if seed is None else seed
    parts, wall, people = [], 0.0, 0
    for r, theta in enumerate(draws):
        res = simulate(
            set_paths(scenario, theta), replicates=1, days=days, seed=seed, first_replicate=r
        )
        parts.append(res.record)
        wall += res.wall_seconds
        people = max(people, res.people)
        if progress is not None:
            progress(r + 1)
    record = np.concatenate(parts, axis=0)
    return Results(scenario, record, np.arange(len(draws)), seed, record.shape[1], wall, people)
