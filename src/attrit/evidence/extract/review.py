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
CHOICES = "[a]ccept  [e]dit  [r]eject  [s]kip  [n]ew item  [q]uit"


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
    lines += [f"  {k}: {_shown(k, v)}" for k, v in shown.items() if k not in ("id", "kind")]
    if item.get("subject_text"):
        lines.append(f"  about (words in the text): {item['subject_text']}")
    if item.get("time_text"):
        lines.append(f"  when (words in the text): {item['time_text']}")
    return "\n".join(lines)


def _shown(field: str, value: Any) -> str:
    """A field's value as the analyst reads it: a period as its two dates."""
    if isinstance(value, dict) and {"start", "end"} <= set(value):
        return f"{value['start']} to {value['end']}"
    if field == "series" and isinstance(value, list):
        return "; ".join(
            f"{_shown('period', e.get('period')) if e.get('period') else e.get('date')}: "
            f"{e.get('value')}"
            for e in value
        )
    return str(value)


def review(
    doc: dict[str, Any],
    path: str | Path,
    scenario: ScenarioData | None,
    ask: Ask,
    say: Say,
    defaults: dict[str, Any] | None = None,
    add: bool = False,
) -> Counter[str]:
    """Walk every proposed item; write ``path`` after each decision. Returns counts by status.

    ``[n]ew`` at any item, or ``add`` once the walk is done, adds an item the extractor
    missed: its kind, quote and fields are asked for, and it is reviewed like the others.
    """
    decided: Counter[str] = Counter()
    items = doc.setdefault("evidence", [])
    seen: set[int] = set()
    while True:
        # the next proposed item not yet shown: those added on the way come up in turn
        item = next((i for i in items if i.get("status") == "proposed" and id(i) not in seen), None)
        if item is None:
            if not add:
                break
            kind = ask("kind of an item the extractor missed (empty to finish)").strip()
            if kind in ("", "q"):
                break
            item = new_item(doc, kind, ask, say)
            if item is None:
                continue
            proposals.write(doc, path)
        seen.add(id(item))
        if not _decide(item, doc, path, scenario, ask, say, defaults, decided):
            break
    return decided


def new_item(doc: dict[str, Any], kind: str, ask: Ask, say: Say) -> dict[str, Any] | None:
    """A proposed item of ``kind`` the analyst adds (its quote and fields asked for)."""
    from attrit.evidence.kinds import BY_NAME

    if kind not in BY_NAME:
        say(f"no kind '{kind}' (kinds: {', '.join(BY_NAME)})")
        return None
    items = doc.setdefault("evidence", [])
    taken = {i.get("id") for i in items}
    stem = f"{kind.replace('_', '-')}-added"
    number = next(n for n in range(1, len(items) + 2) if f"{stem}-{n}" not in taken)
    sources = doc.get("sources") or [{}]
    item: dict[str, Any] = {
        "id": f"{stem}-{number}",
        "status": "proposed",
        "confidence": 1.0,
        "kind": kind,
        "source": sources[0].get("id"),
        "quote": ask("quote (verbatim, from the report)").strip(),
        "rule": "added in review",
        "reliability": None,
        "credibility": None,
    }
    say(f"fields of the {kind} (e.g. unit=..., date=2015-09-01, and its figures)")
    _edit(item, ask, say)
    items.append(item)
    return item


def _decide(
    item: dict[str, Any],
    doc: dict[str, Any],
    path: str | Path,
    scenario: ScenarioData | None,
    ask: Ask,
    say: Say,
    defaults: dict[str, Any] | None,
    decided: Counter[str],
) -> bool:
    """Accept, edit, reject or skip one item; False when the analyst quits."""
    while True:
        say(describe(item))
        choice = ask(CHOICES).strip().lower()[:1]
        if choice == "q":
            return False
        if choice == "n":
            kind = ask("kind of the new item").strip()
            if (added := new_item(doc, kind, ask, say)) is not None:
                proposals.write(doc, path)
                say(f"added {added['id']}: it comes up after the others")
            continue
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
    return True


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
