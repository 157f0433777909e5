"""The proposals file: what `attrit extract` writes and `attrit evidence review` walks.

It holds the report's source and the proposed items in the scenario's evidence format, each
with review fields (``status``, ``confidence``, ``span``, ``subject_text``, ``time_text``,
``rule``). Accepted items, stripped of those fields, merge into a scenario's evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

from attrit.evidence.extract.proposal import Proposal
from attrit.evidence.kinds import KINDS
from attrit.files import write_atomic
from attrit.scenario.api import validate_data
from attrit.scenario.errors import Problem, ScenarioError
from attrit.scenario.locate import ReadError, read_yaml
from attrit.scenario.schema import ScenarioData

FORMAT = 1
STATUSES = ("proposed", "accepted", "rejected")
FIGURE_FIELDS = tuple(dict.fromkeys(f for k in KINDS for f in k.figure_fields))
"""The fields of every evidence kind that carry its figures."""
REVIEW_FIELDS = ("status", "confidence", "span", "subject_text", "time_text", "rule")


def document(
    proposals: list[Proposal], report: Path, text: str, date: dt.date, source_id: str
) -> dict[str, Any]:
    """The proposals file's content for ``proposals`` read from ``report``."""
    title = next(
        (line.strip() for line in text.splitlines()[1:6] if len(line.strip()) > 20), report.stem
    )
    return {
        "attrit_extract": FORMAT,
        "report": {
            "path": str(report),
            "date": date.isoformat(),
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        },
        "sources": [
            {
                "id": source_id,
                "title": title[:500],
                "date": date.isoformat(),
                "location": str(report),
            }
        ],
        "evidence": [p.as_item(i, source_id) for i, p in enumerate(proposals, 1)],
    }


def _yaml(data: dict[str, Any]) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    yaml.width = 100
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def dump(doc: dict[str, Any]) -> str:
    """The proposals as YAML, with a header saying what to do with them."""
    return (
        "# Evidence proposed by `attrit extract`: nothing here is checked by a person yet.\n"
        "# Review: attrit evidence review THIS_FILE --scenario SCENARIO --out evidence.yaml\n"
    ) + _yaml(doc)


def dump_evidence(data: dict[str, Any]) -> str:
    """An evidence file (``sources`` and ``evidence``) as YAML for ``attrit fit --evidence``."""
    return "# Evidence file: the scenario's evidence plus items accepted in review.\n" + _yaml(data)


def write(doc: dict[str, Any], path: str | Path) -> Path:
    """Write the proposals file atomically."""
    return write_atomic(path, dump(doc))


def read(path: str | Path) -> dict[str, Any]:
    """Read a proposals file; problems are located in it."""
    from attrit.files import InputError, read_text

    name = str(path)
    try:
        text = read_text(path, 20 * 2**20, "a proposals file")
    except InputError as exc:
        message = str(exc).removeprefix(f"{name}: ")
        raise ScenarioError([Problem(name, 1, 1, "", message)]) from None
    try:
        data, locate = read_yaml(text)
    except ReadError as exc:
        raise ScenarioError([Problem(name, exc.line, exc.col, "", exc.message)]) from None
    if not isinstance(data, dict) or data.get("attrit_extract") != FORMAT:
        raise ScenarioError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    "not a proposals file from attrit extract "
                    f"(expected 'attrit_extract: {FORMAT}')",
                )
            ]
        )
    problems = []
    for i, item in enumerate(data.get("evidence") or []):
        if not isinstance(item, dict) or item.get("status") not in STATUSES:
            where = locate(("evidence", i, "status"))
            problems.append(
                Problem(
                    name,
                    *where,
                    f"evidence.{i}.status",
                    f"status must be one of {', '.join(STATUSES)}",
                )
            )
    if problems:
        raise ScenarioError(problems)
    return data


def evidence_item(item: dict[str, Any]) -> dict[str, Any]:
    """An item in the scenario's evidence format: review fields and empty values dropped."""
    return {k: v for k, v in item.items() if k not in REVIEW_FIELDS and v not in (None, "")}


def merge(
    scenario: ScenarioData, doc: dict[str, Any], where: str = "<proposals>"
) -> dict[str, Any]:
    """An evidence file: the scenario's evidence plus the accepted items, validated together.

    Raises :class:`ScenarioError` naming the item and field when an accepted item does not fit
    the scenario (unknown unit, missing grade, ...) or repeats a figure already there.
    """
    accepted = [evidence_item(i) for i in doc.get("evidence") or [] if i["status"] == "accepted"]
    data = scenario.to_data()
    known = {s["id"] for s in data["sources"]}
    new_sources = [s for s in doc.get("sources") or [] if s["id"] not in known]
    existing = {e["id"] for e in data["evidence"]}
    clash = [e["id"] for e in accepted if e["id"] in existing]
    if clash:
        raise ScenarioError(
            [
                Problem(
                    where,
                    1,
                    1,
                    "evidence",
                    f"ids already in the scenario: {', '.join(clash)}; rename them before merging",
                )
            ]
        )
    repeats = _repeats(data["evidence"], accepted, data)
    if repeats:
        raise ScenarioError(
            [
                Problem(
                    where,
                    1,
                    1,
                    "evidence",
                    f"'{new}' repeats '{old}' (same kind, quoted words, units and time): a "
                    "figure counted twice weighs double in a fit; reject it, or review against "
                    "a scenario without that evidence",
                )
                for new, old in repeats
            ]
        )
    out = {"sources": data["sources"] + new_sources, "evidence": data["evidence"] + accepted}
    validate_data({**data, **out}, where)
    return out


def _passage(quote: str | None) -> str:
    return " ".join((quote or "").lower().split())


def _when(item: dict[str, Any]) -> tuple[str, str]:
    """The item's first and last day as ISO text (a date is a one-day period)."""
    period = item.get("period")
    if isinstance(period, dict):
        return str(period.get("start"))[:10], str(period.get("end"))[:10]
    day = str(item.get("date"))[:10]
    return day, day


def _who(item: dict[str, Any], members: dict[str, set[str]]) -> set[str]:
    """The units an item is about (a faction's are all of its units); empty when unnamed."""
    if item.get("unit"):
        return {item["unit"]}
    if item.get("units"):
        return set(item["units"])
    return set(members.get(item.get("faction") or "", set()))


def _repeats(
    existing: list[dict[str, Any]], accepted: list[dict[str, Any]], data: dict[str, Any]
) -> list[tuple[str, str]]:
    """(new id, earlier id) for each accepted item that reads again a figure already held.

    A repeat is of the same kind, quotes words one of which holds the other (case and spacing
    aside), is about some of the same units (or names none) and overlaps in time. The source
    is not compared: the same words reaching the analyst through two sources (or two copies of
    one file) are one report, not two. Two figures of one kind in one sentence about other
    units or other times are not repeats.
    """
    members: dict[str, set[str]] = {}
    for unit in data.get("units") or []:
        members.setdefault(unit["faction"], set()).add(unit["id"])
    out = []
    earlier = list(existing)
    for item in accepted:
        mine, (first, last), who = _passage(item.get("quote")), _when(item), _who(item, members)
        for other in earlier:
            theirs = _passage(other.get("quote"))
            start, end = _when(other)
            whom = _who(other, members)
            if (
                mine
                and theirs
                and item.get("kind") == other.get("kind")
                and (mine in theirs or theirs in mine)
                and (not who or not whom or who & whom)
                and first <= end
                and start <= last
            ):
                out.append((item["id"], other["id"]))
                break
        earlier.append(item)
    return out
