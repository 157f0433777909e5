"""Simulating with parameter uncertainty: replicate r runs with its own parameter draw.

Each replicate keeps its index as its random stream, so two scenarios run with the same draws
and seed still share their random numbers replicate by replicate (common random numbers).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from attrit.executor import kind_of, ordered
from attrit.interrupt import check as check_interrupt
from attrit.results import Results
from attrit.scenario.edit import set_paths
from attrit.scenario.schema import ScenarioData

if TYPE_CHECKING:
    from attrit.reduce import Reduction

CHUNK = 8  # draws per task on an executor's workers


def draw_chunk(
    scenario: ScenarioData,
    draws: list[dict[str, float]],
    first: int,
    days: int,
    seed: int,
    patch: Any = None,
) -> tuple[np.ndarray, int]:
    """Replicates ``first``.. at their draws: the record and the largest plan's people.

    ``patch``: a :class:`~attrit.model.patch.PlanPatch`, or its paths (the plan is then
    compiled once here, for the whole chunk), when patching the plan gives the compiled one
    for every draw; else each draw's scenario is validated and compiled.
    """
    from attrit.model.patch import received
    from attrit.run import run_plan, simulate

    patch = received(patch, scenario, days)
    parts, people = [], 0
    for r, theta in enumerate(draws, start=first):
        if patch is not None:
            parts.append(run_plan(patch.plan_at(theta), days, seed, replicate=r))
            people = max(people, int(patch.base.p_rank.shape[0]))
            continue
        res = simulate(
            set_paths(scenario, theta), replicates=1, days=days, seed=seed, first_replicate=r
        )
        parts.append(res.record)
        people = max(people, res.people)
    return np.concatenate(parts, axis=0), people


def draw_patch(scenario: ScenarioData, draws: list[dict[str, float]], days: int) -> Any:
    """A plan patch for every draw, or None: checked at the corners of the draws' box."""
    from attrit.calibrate.problem import is_observation
    from attrit.model.patch import plan_patch

    def run_paths(theta: dict[str, float]) -> set[str]:
        return {p for p in theta if not is_observation(p)}

    paths = sorted(set().union(*(run_paths(t) for t in draws)))
    if any(run_paths(theta) != set(paths) for theta in draws):
        return None
    bounds = {p: (min(t[p] for t in draws), max(t[p] for t in draws)) for p in paths}
    patch, _ = plan_patch(scenario, days, bounds)
    return patch


def simulate_draws(
    scenario: ScenarioData,
    draws: list[dict[str, float]],
    days: int | None = None,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
    executor: Any = None,
    reduce: Reduction | None = None,
) -> Results | Any:
    """One replicate per draw (path -> value), with replicate ids 0..len(draws)-1.

    On an ``executor`` the draws go to its workers in chunks; the replicates are the same
    wherever they run. With ``reduce`` (:mod:`attrit.reduce`) each chunk is reduced as it
    arrives and its result returned, instead of the whole record.
    """
    from attrit.model.patch import sendable

    if not draws:
        raise ValueError("no parameter draws to simulate")
    seed = scenario.seed if seed is None else seed
    days = scenario.calendar.days if days is None else days
    started = time.perf_counter()
    here = kind_of(executor) == "serial"
    size = 1 if here else CHUNK
    patch = draw_patch(scenario, draws, days)  # a compile per draw costs more than its run
    sent = sendable(patch, here)
    tasks = [
        (scenario, draws[k : k + size], k, days, seed, sent) for k in range(0, len(draws), size)
    ]
    ids = np.arange(len(draws))
    if reduce is not None:
        reduce.start(scenario, ids, days)
    parts, people, done = [], 0, 0
    for part, most in ordered(executor, draw_chunk, tasks):
        check_interrupt()
        if reduce is None:
            parts.append(part)
        else:
            reduce.add(done, part)
        people = max(people, most)
        done += part.shape[0]
        if progress is not None:
            progress(done)
    wall = time.perf_counter() - started
    if reduce is not None:
        from attrit.reduce import finish

        return finish(reduce, seed, people, wall)
    record = np.concatenate(parts, axis=0)
    return Results(scenario, record, ids, seed, record.shape[1], wall, people)
