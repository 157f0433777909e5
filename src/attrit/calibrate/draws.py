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


def draw_chunk(
    scenario: Scenario, draws: list[dict[str, float]], first: int, days: int | None, seed: int
) -> tuple[np.ndarray, int]:
    """Replicates ``first``.. at their draws: the record and the largest plan's people."""
    from attrit.run import simulate

    parts, people = [], 0
    for r, theta in enumerate(draws, start=first):
        res = simulate(
            set_paths(scenario, theta), replicates=1, days=days, seed=seed, first_replicate=r
        )
        parts.append(res.record)
        people = max(people, res.people)
    return np.concatenate(parts, axis=0), people


def simulate_draws(
    scenario: Scenario,
    draws: list[dict[str, float]],
    days: int | None = None,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> Results:
    """One replicate per draw (path -> value), with replicate ids 0..len(draws)-1.

    With ``workers`` > 1 the draws are split into chunks run by spawned processes; the
    replicates are the same whatever the number of workers.
    """
    import time

    from attrit.parallel import ordered_map

    if not draws:
        raise ValueError("no parameter draws to simulate")
    seed = scenario.seed if seed is None else seed
    started = time.perf_counter()
    size = 8 if workers > 1 else 1
    tasks = [(scenario, draws[k : k + size], k, days, seed) for k in range(0, len(draws), size)]
    parts, people, done = [], 0, 0
    for part, most in ordered_map(draw_chunk, tasks, workers):
        parts.append(part)
        people = max(people, most)
        done += part.shape[0]
        if progress is not None:
            progress(done)
    record = np.concatenate(parts, axis=0)
    wall = time.perf_counter() - started
    return Results(scenario, record, np.arange(len(draws)), seed, record.shape[1], wall, people)
