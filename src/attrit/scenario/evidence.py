"""Evidence: dated, sourced, graded observations of the force (what every kind shares).

Each item names what it is about (a unit, several units or a faction), when (a date or a
period), the figures, its source with a verbatim quote, and the analyst's grade of the
source's reliability (A-F) and of the information's credibility (1-6), the NATO/Admiralty
convention. Each kind of evidence adds its figures in its module under
:mod:`attrit.evidence.kinds`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from attrit.scenario.base import Id, Strict

Reliability = Literal["A", "B", "C", "D", "E", "F"]
Credibility = Literal[1, 2, 3, 4, 5, 6]


class Period(Strict):
    """A span of dates, both ends included."""

    start: dt.date
    end: dt.date

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError(f"period ends ({end}) before it starts ({start})")
        return end


class Source(Strict):
    """Where evidence comes from."""

    id: Id
    title: str = Field(min_length=1, max_length=500)
    date: dt.date | None = None
    location: str = Field("", max_length=2000, description="File, URL or archive reference.")
    note: str = Field("", max_length=5000)


class EvidenceBase(Strict):
    """Fields common to every evidence kind."""

    id: Id
    unit: Id | None = None
    units: list[Id] | None = Field(None, min_length=1)
    faction: Id | None = None
    date: dt.date | None = None
    period: Period | None = None
    source: Id
    quote: str = Field(min_length=1, max_length=5000, description="Verbatim, from the source.")
    reliability: Reliability
    credibility: Credibility
    approximate: bool = Field(False, description="The source qualifies the figure ('nearly').")
    note: str = Field("", max_length=5000)

    @model_validator(mode="after")
    def _one_subject_one_time(self) -> EvidenceBase:
        subjects = [s for s in ("unit", "units", "faction") if getattr(self, s) is not None]
        if len(subjects) != 1:
            raise ValueError(
                "name exactly one of unit, units or faction "
                f"(found {', '.join(subjects) or 'none'})"
            )
        if (self.date is None) == (self.period is None):
            raise ValueError("give exactly one of date or period")
        return self

    @property
    def subject_units(self) -> list[str] | None:
        """Unit ids the item is about, or None when it is about a whole faction."""
        if self.unit is not None:
            return [self.unit]
        return self.units

    @property
    def first_day(self) -> dt.date:
        """First date the item covers."""
        return self.date if self.date is not None else self.period.start  # type: ignore[union-attr]

    @property
    def last_day(self) -> dt.date:
        """Last date the item covers."""
        return self.date if self.date is not None else self.period.end  # type: ignore[union-attr]


Count = Annotated[int, Field(ge=0, le=100_000_000)]
