"""The report's evidence table: what the scenario holds and what each fit was fitted to."""

from __future__ import annotations

import json
from typing import Any

from attrit.evidence.wording import STATED
from attrit.scenario.evidence import EvidenceBase
from attrit.scenario.schema import ScenarioData

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
BASE_FIELDS = set(EvidenceBase.model_fields) | {"kind"}


def evidence_rows(
    sc: ScenarioData,
    fits: list[dict[str, Any]] = (),  # type: ignore[assignment]
    drawn: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """The evidence of the scenario and of every fit, with figures, quote and grade spelled out.

    A fit's evidence is what it was fitted to (its scenario's, an ``--evidence`` file's
    included): each row names the fits that used the item and the runs drawn from them
    (``drawn``: fit id -> run ids), and whether it is the scenario's own.
    """
    from attrit.scenario import ScenarioError, validate_data

    items: dict[str, Any] = {}
    used: dict[str, list[str]] = {}
    for ev in sc.evidence:
        items[_same_item(ev)] = ev
    for f in fits:
        try:
            fitted = validate_data(f["scenario"]).evidence
        except ScenarioError:  # stored by another version: its evidence is not readable here
            continue
        for ev in fitted:
            items.setdefault(_same_item(ev), ev)
            used.setdefault(_same_item(ev), []).append(f["fit_id"])
    own = {_same_item(ev) for ev in sc.evidence}
    rows = []
    for key, ev in items.items():
        data = ev.model_dump(mode="json")
        numbers = {k: v for k, v in data.items() if k not in BASE_FIELDS and v is not None}
        subject = ev.unit or (", ".join(ev.units) if ev.units else f"faction {ev.faction}")
        when = str(ev.date) if ev.date else f"{ev.period.start} to {ev.period.end}"
        fitted_by = used.get(key, [])
        runs = [r for fit in fitted_by for r in (drawn or {}).get(fit, [])]
        rows.append(
            {
                "id": ev.id,
                "kind": ev.kind,
                "subject": subject,
                "when": when,
                "figures": _figures_text(ev, numbers),
                "quote": ev.quote,
                "grade": f"{ev.reliability}{ev.credibility}",
                "grade_text": f"source {RELIABILITY[ev.reliability]}; "
                f"information {CREDIBILITY[ev.credibility]}",
                "source": ev.source,
                "note": ev.note,
                "fitted_by": fitted_by,
                "runs": runs,
                "in_scenario": key in own,
            }
        )
    return rows


def _same_item(ev: Any) -> str:
    return json.dumps(ev.model_dump(mode="json"), sort_keys=True)


def _entry_time(entry: dict[str, Any]) -> str:
    if entry.get("date"):
        return str(entry["date"])
    return f"{entry['period']['start']} to {entry['period']['end']}"


def _figures_text(ev: Any, numbers: dict[str, Any]) -> str:
    """An item's figures as a report would say them ("at least 1,700", "30 to 40")."""
    if not numbers.get("share"):
        numbers.pop("share", None)
    parts = []
    figures = set(ev.FIGURES)
    bounded = False  # a kind of one figure: the statement's form belongs to the first number
    for k, v in numbers.items():
        if isinstance(v, dict) and {"start", "end"} <= set(v):
            v = f"from {v['start']:,g} to {v['end']:,g}"
        elif isinstance(v, list):
            v = "; ".join(f"{_entry_time(e)}: {e['value']:,g}" for e in v)
        elif isinstance(v, int | float) and not isinstance(v, bool):
            v = f"{v:,g}"
            stated = ev.statement(k) if k in figures or not bounded else "exact"
            if stated == "present":
                v = "some (not counted)"
            elif stated == "range":
                v = f"{v} to {ev.high:,g}"
            elif stated in STATED:
                v = f"{STATED[stated]} {v}"
            bounded = True
        parts.append(f"{k.replace('_', ' ')} {v}")
    return ", ".join(parts) + (" (approximate)" if ev.approximate else "")


def drawn_by_fit(contents: Any) -> dict[str, list[str]]:
    """Fit id -> the runs (and comparison baselines) drawn from its posterior."""
    out: dict[str, list[str]] = {}
    records = [r.record for r in contents.runs] + [c.records[0] for c in contents.comparisons]
    for rec in records:
        fit = contents.fit_of(rec)
        if fit is not None:
            out.setdefault(fit, []).append(rec["run_id"])
    return out
