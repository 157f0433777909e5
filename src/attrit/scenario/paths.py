"""Dotted parameter paths: ``units.ashoura-anbar-1.rotation.days_on``.

List items are addressed by their ``id`` (or by position where items have no id, as the
points of a series); ``*`` matches every item of a list and a pattern such as ``aah-*``
every item whose id it matches. Calibration, sensitivity,
comparison and the dashboard all name parameters this way.
"""

from __future__ import annotations

import copy
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from attrit.errors import AttritError
from attrit.scenario.calibration import as_date, is_date
from attrit.scenario.params import param_info

if TYPE_CHECKING:
    from attrit.scenario.params import ParamInfo

Loc = tuple[str | int, ...]


class PathError(AttritError, ValueError):
    """A parameter path that does not name anything in the scenario."""


def _step(node: Any, seg: str, done: str) -> list[tuple[str | int, Any]]:
    where = done or "the scenario"
    if isinstance(node, dict):
        if seg not in node:
            raise PathError(
                f"'{seg}' is not a field of {where} (fields: {', '.join(sorted(node))})"
            )
        return [(seg, node[seg])]
    if isinstance(node, list):
        if seg == "*":
            return list(enumerate(node))
        ids = [item.get("id") if isinstance(item, dict) else None for item in node]
        if seg in ids:
            i = ids.index(seg)
            return [(i, node[i])]
        if "*" in seg:
            matched = [(i, node[i]) for i, x in enumerate(ids) if x and fnmatchcase(x, seg)]
            if matched:
                return matched
        if seg.isdigit() and int(seg) < len(node):
            return [(int(seg), node[int(seg)])]
        known = ", ".join(str(x) for x in ids if x is not None) or f"0-{len(node) - 1}"
        raise PathError(f"no item '{seg}' in {where} (items: {known}, or *)")
    raise PathError(f"{where} is a value, not a section; '{seg}' cannot follow it")


def resolve(data: dict[str, Any], path: str) -> list[Loc]:
    """Concrete locations (keys and indices) that ``path`` names in ``data``."""
    if not path or any(not s for s in path.split(".")):
        raise PathError(f"'{path}' is not a dotted path (e.g. units.*.rotation.days_on)")
    frontier: list[tuple[Loc, Any]] = [((), data)]
    done = ""
    for seg in path.split("."):
        frontier = [
            ((*loc, key), child) for loc, node in frontier for key, child in _step(node, seg, done)
        ]
        done = f"{done}.{seg}" if done else seg
    return [loc for loc, _ in frontier]


def _get(data: Any, loc: Loc) -> Any:
    for key in loc:
        data = data[key]
    return data


def get_path(sc: Any, path: str) -> Any:
    """The value at ``path`` of a scenario; a list of values when it holds a wildcard."""
    data = sc.to_data()
    values = [_get(data, loc) for loc in resolve(data, path)]
    return values if "*" in path else values[0]


def set_in(data: dict[str, Any], path: str, value: Any) -> None:
    """Set every value ``path`` names in scenario ``data`` (edited in place) to ``value``."""
    for loc in resolve(data, path):
        parent = _get(data, loc[:-1])
        if isinstance(parent[loc[-1]], dict | list):
            raise PathError(f"'{path}' names a section, not a value")
        if is_date(parent[loc[-1]]) and isinstance(value, int | float):
            value = as_date(value).isoformat()  # a fitted date is drawn as a day number
        parent[loc[-1]] = value


def parameter_info(sc: Any, path: str) -> ParamInfo | None:
    """The declared unit, range and reason of the parameter at ``path``, if declared."""
    from pydantic import BaseModel

    data = sc.to_data()
    loc = resolve(data, path)[0]
    model: Any = sc
    for key in loc[:-1]:
        model = model[key] if isinstance(key, int) else getattr(model, key)
    if not isinstance(model, BaseModel):
        return None
    field = type(model).model_fields.get(str(loc[-1]))
    return param_info(field) if field is not None else None


def copy_data(data: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of scenario data (for callers that edit it)."""
    return copy.deepcopy(data)
