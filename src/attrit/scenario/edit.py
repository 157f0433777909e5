"""Editing a scenario by parameter path: a new scenario, of the same class, validated once."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from attrit.scenario.paths import set_in
from attrit.scenario.reading import validate
from attrit.scenario.schema import ScenarioData

S = TypeVar("S", bound=ScenarioData)


def set_path(sc: S, path: str, value: Any) -> S:
    """A new scenario with ``path`` set to ``value``, validated like a loaded file."""
    return set_paths(sc, {path: value})


def set_paths(sc: S, changes: dict[str, Any]) -> S:
    """A new scenario with every path in ``changes`` set, validated once."""
    data = copy.deepcopy(sc.to_data())
    for path, value in changes.items():
        set_in(data, path, value)
    return validate(data, type(sc), source="<set>")
