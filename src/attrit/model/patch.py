"""A plan compiled once and patched per particle: what a fit pays per simulation.

A fit simulates the same scenario thousands of times with a few parameters changed. Most
fitted parameters are read by the engine through one plan array each (a unit's desertion
hazard, a faction's skim rate, the force's morale weights; see
:class:`~attrit.model.mechanism.PlanArray`), so the plan need not be compiled again, nor the
scenario validated again: :class:`PlanPatch` writes the particle's values into copies of just
those arrays.

That is only sound when it gives the plan a full compile would, and when every particle the
prior can draw is a valid scenario. :func:`plan_patch` checks both before a fit starts: at
the corners of the prior's box (every combination of the bounds, or the all-low, all-high
and one-at-a-time corners past :data:`MAX_CORNERS`) and at its centre, each patched plan must
equal the plan compiled from the scenario with those values set (which validates it). The
scenario's constraints are intervals and orderings, which hold inside a box when they hold
at its corners. A parameter that reaches the plan any other way (the strength of a unit lays
out its people; a date moves a series) fails the check, and the fit compiles the plan per
particle as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np

from attrit.model import registry
from attrit.model.plan import Plan, compile_plan

MAX_CORNERS = 64
"""Past this many corners (six parameters) only the all-low, all-high and one-at-a-time
corners are checked."""

_ARRAYS = {a.name: a for a in registry.PLAN_ARRAYS}


@dataclass(frozen=True)
class Target:
    """Where one location of a fitted path lives in the plan: an array and an index."""

    array: str
    index: int | None  # None: a force-wide scalar


def targets(scenario: Any, path: str) -> list[Target] | None:
    """The plan entries that ``path`` sets, or None if some location is not a float array's."""
    from attrit.scenario.paths import resolve

    found = []
    for loc in resolve(scenario.to_data(), path):
        if loc[0] in ("units", "factions") and len(loc) > 2 and isinstance(loc[1], int):
            scope = "unit" if loc[0] == "units" else "faction"
            index, rest = loc[1], loc[2:]
        else:
            scope, index, rest = "force", None, loc
        source = ".".join(str(k) for k in rest)
        match = [
            a
            for a in _ARRAYS.values()
            if a.scope == scope and a.source == source and a.dtype is np.float64
        ]
        if len(match) != 1:
            return None
        found.append(Target(match[0].name, index))
    return found


@dataclass
class PlanPatch:
    """The plan of a scenario for ``days`` days, with ``paths`` patchable by value."""

    base: Plan
    paths: dict[str, list[Target]]

    def plan_at(self, values: Mapping[str, float]) -> Plan:
        """The plan with every path set to its value in ``values``."""
        changes: dict[str, Any] = {}
        for path, where in self.paths.items():
            value = float(values[path])
            for t in where:
                # the value holds in every epoch; where a schedule also sets it, the plan
                # differs from a full compile and plan_patch falls back to compiling
                stacked = f"e_{t.array}"
                if stacked not in changes:
                    changes[stacked] = getattr(self.base, stacked).copy()
                if t.index is None:
                    changes[t.array] = value
                    changes[stacked][:] = value
                    continue
                if t.array not in changes:
                    changes[t.array] = getattr(self.base, t.array).copy()
                changes[t.array][t.index] = value
                changes[stacked][:, t.index] = value
        return self.base._replace(**changes)


def same_plan(a: Plan, b: Plan) -> bool:
    """Every array of two plans equal in value and type."""
    for x, y in zip(a, b, strict=True):
        if isinstance(x, np.ndarray):
            if not (isinstance(y, np.ndarray) and x.dtype == y.dtype and np.array_equal(x, y)):
                return False
        elif type(x) is not type(y) or x != y:
            return False
    return True


def corners(bounds: Sequence[tuple[float, float]]) -> list[tuple[float, ...]]:
    """Corners of a box to check, and its centre."""
    k = len(bounds)
    if 2**k <= MAX_CORNERS:
        points = list(product(*bounds))
    else:
        low, high = [b[0] for b in bounds], [b[1] for b in bounds]
        points = [tuple(low), tuple(high)]
        for i in range(k):
            points += [(*low[:i], high[i], *low[i + 1 :]), (*high[:i], low[i], *high[i + 1 :])]
    points.append(tuple((lo + hi) / 2 for lo, hi in bounds))
    return points


def plan_patch(
    scenario: Any, days: int, bounds: Mapping[str, tuple[float, float]]
) -> tuple[PlanPatch | None, str]:
    """A :class:`PlanPatch` for the fitted paths and their prior bounds, or None and why not."""
    from attrit.scenario.edit import set_paths
    from attrit.scenario.errors import ScenarioError

    paths = {}
    for path in bounds:
        where = targets(scenario, path)
        if where is None:
            return None, f"{path} reaches the plan other than through one value per item"
        paths[path] = where
    patch = PlanPatch(compile_plan(scenario, days), paths)
    for point in corners(list(bounds.values())):
        theta = dict(zip(bounds, point, strict=True))
        try:
            full = compile_plan(set_paths(scenario, theta), days)
        except (ScenarioError, ValueError) as exc:
            return None, f"the prior's corner {theta} is not a valid scenario ({exc})"
        if not same_plan(patch.plan_at(theta), full):
            return None, f"patching {theta} does not give the compiled plan"
    return patch, "patched"


def sendable(patch: PlanPatch | None, here: bool) -> Any:
    """What a task carries of a patch: the patch itself when it runs here.

    A worker gets only its paths and compiles the base plan once for its chunk, so tasks
    stay small.
    """
    return patch if patch is None or here else patch.paths


def received(sent: Any, scenario: Any, days: int) -> PlanPatch | None:
    """The patch a task was given by :func:`sendable`, whole again."""
    if sent is None or isinstance(sent, PlanPatch):
        return sent
    return PlanPatch(compile_plan(scenario, days), sent)
