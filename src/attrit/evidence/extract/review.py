"""Walking proposed items with the analyst: accept, edit, reject; saved after every decision.

The loop takes its questions and output as functions, so the terminal face (`attrit evidence
review`) and tests drive the same code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from attrit.evidence.extract import proposals
from attrit.scenario.errors import ScenarioError
from attrit.scenario.schema import Evidence, ScenarioData

Ask = Callable[[str], str]
Say = Callable[[str], None]
_EVIDENCE = TypeAdapter(Evidence)
CHOICES = "[a]ccept  [e]dit  [r]eject  [s]kip  [q]uit"


def problems(item: dict[str, Any], doc: dict[str, Any], scenario: ScenarioData | None) -> list[str]:
    """Why ``item`` cannot be accepted as it stands (empty when it can)."""
    try:
        _EVIDENCE.validate_python(proposals.evidence_item(item))
    except ValidationError as exc:
        return [
            f"{'.'.join(str(x) for x in e['loc'][1:]) or 'item'}: {e['msg']}" for e in exc.errors()
        ]
    if scenario is None:
        return []
    trial = {**doc, "evidence": [{**item, "status": "accepted"}]}
    try:
        proposals.merge(scenario, trial)
    except ScenarioError as exc:
        return [f"{p.path}: {p.message}" if p.path else p.message for p in exc.problems]
    return []


def describe(item: dict[str, Any]) -> str:
    """A proposed item as the analyst reads it."""
    shown = {k: v for k, v in proposals.evidence_item(item).items() if k not in ("quote",)}
    lines = [
        f"{item.get('id')}  ({item.get('kind')}, confidence {item.get('confidence')})",
        f'  "{item.get("quote")}"',
        f"  at characters {item.get('span')}",
    ]
    lines += [f"  {k}: {v}" for k, v in shown.items() if k not in ("id", "kind")]
    if item.get("subject_text"):
        lines.append(f"  about (words in the text): {item['subject_text']}")
    if item.get("time_text"):
        lines.append(f"  when (words in the text): {item['time_text']}")
    return "\n".join(lines)


def review(
    doc: dict[str, Any],
    path: str | Path,
    scenario: ScenarioData | None,
    ask: Ask,
    say: Say,
    defaults: dict[str, Any] | None = None,
) -> Counter[str]:
    """Walk every proposed item; write ``path`` after each decision. Returns counts by status."""
    decided: Counter[str] = Counter()
    for item in doc.get("evidence") or []:
        if item.get("status") != "proposed":
            continue
        while True:
            say(describe(item))
            choice = ask(CHOICES).strip().lower()[:1]
            if choice == "q":
                return decided
            if choice == "s":
                break
            if choice == "r":
                item["status"] = "rejected"
                proposals.write(doc, path)
                decided["rejected"] += 1
                break
            if choice == "e":
                _edit(item, ask, say)
                continue
            if choice == "a":
                for field, value in (defaults or {}).items():
                    if item.get(field) in (None, "") and value is not None:
                        item[field] = value
                for field in ("reliability", "credibility"):
                    if item.get(field) in (None, ""):
                        item[field] = _parse(ask(f"{field}?"))
                found = problems(item, doc, scenario)
                if found:
                    say("cannot accept yet:\n" + "\n".join(f"  - {p}" for p in found))
                    continue
                item["status"] = "accepted"
                proposals.write(doc, path)
                decided["accepted"] += 1
                break
            say(f"choose one of {CHOICES}")
    return decided


def _parse(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def _edit(item: dict[str, Any], ask: Ask, say: Say) -> None:
    """Set fields from ``field=value`` lines until an empty one; values are YAML."""
    while True:
        line = ask("field=value (empty line to finish)").strip()
        if not line:
            return
        field, sep, value = line.partition("=")
        field = field.strip()
        if not sep or not field or field in proposals.REVIEW_FIELDS:
            say(
                f"write field=value, e.g. unit=ashoura-anbar-1 (not one of "
                f"{', '.join(proposals.REVIEW_FIELDS)})"
            )
            continue
        parsed = _parse(value.strip())
        if parsed is None:
            item.pop(field, None)
        else:
            item[field] = parsed
        if field in ("unit", "units", "faction"):  # one subject only
            for other in {"unit", "units", "faction"} - {field}:
                item.pop(other, None)
        if field in ("date", "period"):
            item.pop("period" if field == "date" else "date", None)
