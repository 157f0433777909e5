"""One proposed evidence item, before the analyst's review, traced to its quote and span."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from attrit.errors import AttritError


class ExtractError(AttritError, ValueError):
    """The report cannot be read (no date given or found)."""


def _whole(value: Any) -> Any:
    """A count as an int (also inside a change's start and end)."""
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return int(value) if isinstance(value, float) and value.is_integer() else value


@dataclass
class Proposal:
    """One proposed evidence item, before the analyst's review."""

    kind: str
    figures: dict[str, Any]
    quote: str
    span: tuple[int, int]
    confidence: float
    rule: str
    when: tuple[dt.date, dt.date]
    time_text: str
    subject: dict[str, Any] = field(default_factory=dict)
    subject_text: str = ""
    approximate: bool = False
    stated: str = "exact"  # a bound or a range (see EvidenceBase.stated)
    high: float | None = None  # a range's upper end
    notes: list[str] = field(default_factory=list)
    at: int = 0  # where the phrasing starts in the sentence
    at_end: int = 0

    def key(self) -> tuple[Any, ...]:
        """What makes two proposals the same fact."""
        return (self.kind, repr(sorted(self.figures.items())), self.when)

    def as_item(self, number: int, source: str) -> dict[str, Any]:
        """The proposal in the scenario's evidence format, marked for review."""
        item: dict[str, Any] = {
            "id": f"{self.kind.replace('_', '-')}-{number}",
            "status": "proposed",
            "confidence": round(self.confidence, 2),
            "kind": self.kind,
            **self.subject,
        }
        if self.when[0] == self.when[1]:
            item["date"] = self.when[0].isoformat()
        else:
            item["period"] = {"start": self.when[0].isoformat(), "end": self.when[1].isoformat()}
        for k, v in self.figures.items():
            item[k] = _whole(v) if k != "fraction" else v
        if self.approximate:
            item["approximate"] = True
        if self.stated != "exact":
            item["stated"] = self.stated
        if self.high is not None:
            item["high"] = int(self.high) if float(self.high).is_integer() else self.high
        item.update(
            {
                "source": source,
                "quote": self.quote,
                "span": list(self.span),
                "subject_text": self.subject_text,
                "time_text": self.time_text,
                "rule": self.rule,
                "reliability": None,
                "credibility": None,
            }
        )
        if self.notes:
            item["note"] = "; ".join(self.notes)
        return item
