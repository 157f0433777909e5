"""Validating scenario data: fields, then checks across fields, every problem located.

Generic over the model class, so that :mod:`attrit.scenario.api` (which builds the public
:class:`~attrit.scenario.api.Scenario`) and edits of an existing scenario share one path.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from attrit.scenario.checks import cross_checks
from attrit.scenario.errors import Problem, ScenarioError
from attrit.scenario.locate import Loc, Locator, ReadError, read_toml, read_yaml
from attrit.scenario.schema import ScenarioData

MAX_FILE_BYTES = 20 * 1024 * 1024


def _no_location(_loc: Loc) -> tuple[int, int]:
    return 1, 1


def display_path(data: Any, loc: Loc) -> str:
    """The dotted parameter path of a raw location: list items by id where they have one."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(node, list) and isinstance(key, int) and key < len(node):
            item = node[key]
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(ident if isinstance(ident, str) and ident else str(key))
            node = item
        elif isinstance(node, dict) and key in node:
            parts.append(str(key))
            node = node[key]
        elif isinstance(node, dict) and node.get("kind") == key:
            continue
        else:
            parts.append(str(key))
            node = None
    return ".".join(parts)


def _model_fields_at(loc: Loc, model: type[BaseModel]) -> list[str] | None:
    """Field names of the model that owns the last key of ``loc`` (for 'unknown field')."""
    tp: Any = model
    for key in loc[:-1]:
        tp = _unwrap(tp, key)
        if tp is None:
            return None
        if isinstance(key, int):
            continue
        if isinstance(tp, type) and issubclass(tp, BaseModel) and key in tp.model_fields:
            tp = tp.model_fields[key].annotation
        elif isinstance(key, str) and _is_union(tp):
            tp = _tagged(tp, key)
        else:
            return None
    tp = _unwrap(tp, loc[-1] if loc else None)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return None


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, __import__("types").UnionType)


def _tagged(tp: Any, tag: str) -> Any:
    for arg in typing.get_args(tp):
        kind = getattr(arg, "model_fields", {}).get("kind")
        if kind is not None and tag in typing.get_args(kind.annotation):
            return arg
    return None


def _unwrap(tp: Any, key: Any) -> Any:
    """Strip Annotated, Optional and (for an int key) list from a field type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin is list and isinstance(key, int):
            return typing.get_args(tp)[0]
        elif _is_union(tp):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
            else:
                return tp
        else:
            return tp


# Fields that once existed, with what replaces them, so an old scenario gets the fix.
RETIRED = {
    "leader_loss_shock": "replaced by leader_loss_weight, a morale drop per share of the "
    "unit's officers who desert rather than per officer (the drop per officer in a unit of "
    "k officers is leader_loss_weight / k; the old default 0.15 for 8 officers is 1.2)",
}


def _message(err: dict[str, Any], model: type[BaseModel]) -> str:
    kind, loc = err["type"], err["loc"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = _model_fields_at(tuple(loc), model)
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        if loc[-1] in RETIRED:
            return f"unknown field '{loc[-1]}': {RETIRED[loc[-1]]}"
        return f"unknown field '{loc[-1]}'{hint}"
    msg = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    if isinstance(value, bool | int | float | str) and kind not in ("value_error",):
        shown = repr(value) if len(repr(value)) < 60 else repr(value)[:57] + "..."
        msg = f"{msg} (got {shown})"
    return msg


def validate(
    data: Any,
    model: type[ScenarioData],
    source: str = "<data>",
    locate: Locator = _no_location,
) -> Any:
    """Validate plain data as a ``model`` scenario; :class:`ScenarioError` lists every problem."""
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    source,
                    1,
                    1,
                    "",
                    "a scenario must be a mapping of sections (calendar, factions, units, ...)",
                )
            ]
        )
    scenario = _validated(data, model, source, locate)
    checks = cross_checks(scenario)
    if checks:
        raise ScenarioError(
            [Problem(source, *locate(loc), display_path(data, loc), msg) for loc, msg in checks]
        )
    return scenario


def _validated(data: dict[str, Any], model: Any, source: str, locate: Locator) -> Any:
    """``model.model_validate(data)``, every problem located."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            if err["type"] == "union_tag_invalid":
                loc = (*loc, "kind")
            line, col = locate(loc)
            message = _message(err, model)
            problems.append(Problem(source, line, col, display_path(data, loc), message))
        raise ScenarioError(_unique(problems)) from None


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if (p.line, p.col, p.path, p.message) not in seen:
            seen.add((p.line, p.col, p.path, p.message))
            out.append(p)
    return out


def parse(text: str, source: str, fmt: str = "yaml") -> tuple[Any, Locator]:
    """YAML or TOML text as plain data and its locator."""
    reader = read_toml if fmt == "toml" else read_yaml
    try:
        return reader(text)
    except ReadError as exc:
        raise ScenarioError([Problem(source, exc.line, exc.col, "", exc.message)]) from None


def read_text(path: Path) -> tuple[str, str]:
    """A scenario or evidence file's text and its format (``yaml`` or ``toml``)."""
    from attrit.files import InputError
    from attrit.files import read_text as read_file

    try:
        text = read_file(path, MAX_FILE_BYTES, "a scenario or evidence file")
    except InputError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        raise ScenarioError([Problem(str(path), 1, 1, "", message)]) from None
    return text, "toml" if path.suffix.lower() == ".toml" else "yaml"


EVIDENCE_SECTIONS = ("sources", "evidence")


def evidence_alone(text: str, source: str, fmt: str = "yaml") -> Any:
    """An evidence file checked on its own: its sources and items, every problem located.

    What needs a scenario (that the units and factions exist, that the dates lie in its
    calendar) is checked when the file is given with one; an item whose source is not in the
    file must find it in the scenario's sources.
    """
    from attrit.scenario.schema import EvidenceFile

    data, locate = parse(text, source, fmt)
    _check_sections(data, source, locate)
    return _validated(data, EvidenceFile, source, locate)


def _check_sections(data: Any, source: str, locate: Locator) -> None:
    if not isinstance(data, dict) or "evidence" not in data:
        raise ScenarioError(
            [Problem(source, 1, 1, "", "an evidence file is a mapping with an 'evidence:' list")]
        )
    problems = [
        Problem(source, *locate((k,)), str(k), "unknown section (allowed: sources, evidence)")
        for k in data
        if k not in EVIDENCE_SECTIONS
    ]
    if not isinstance(data.get("sources") or [], list):
        problems.append(
            Problem(source, *locate(("sources",)), "sources", "sources is a list of sources")
        )
    if problems:
        raise ScenarioError(problems)


def with_evidence(scenario: ScenarioData, text: str, source: str, fmt: str = "yaml") -> Any:
    """``scenario`` (of its own class) with its evidence replaced by an evidence file's.

    The file holds ``evidence:`` (and optionally ``sources:``, added to the scenario's) in the
    scenario's format; every problem is located in that file.
    """
    data, locate = parse(text, source, fmt)
    _check_sections(data, source, locate)
    sources = data.get("sources") or []
    merged = scenario.to_data()
    # the file's sources first, so their positions (and error locations) match the file
    given = {x.get("id") for x in sources if isinstance(x, dict) and isinstance(x.get("id"), str)}
    merged["sources"] = sources + [s for s in merged["sources"] if s["id"] not in given]
    merged["evidence"] = data["evidence"]
    return validate(merged, type(scenario), source, locate)


def to_yaml(scenario: ScenarioData) -> str:
    """A scenario as YAML text that loads back to an equal scenario."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    buf = io.StringIO()
    yaml.dump(scenario.to_data(), buf)
    return buf.getvalue()
