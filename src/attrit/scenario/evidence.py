"""Evidence: dated, sourced, graded observations of the force.

Each item names what it is about (a unit, several units or a faction), when (a date or a
period), the figures, its source with a verbatim quote, and the analyst's grade of the
source's reliability (A-F) and of the information's credibility (1-6), the NATO/Admiralty
convention.
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


class StrengthEvidence(EvidenceBase):
    """Members present on a date."""

    kind: Literal["strength"]
    strength: Count


class DesertionCount(EvidenceBase):
    """Members who deserted over a period (or by a date), optionally out of a starting size."""

    kind: Literal["desertion_count"]
    deserted: Count
    of: Count | None = None

    @field_validator("of")
    @classmethod
    def _not_less_than_deserted(cls, of: int | None, info: ValidationInfo) -> int | None:
        deserted = info.data.get("deserted")
        if of is not None and deserted is not None and deserted > of:
            raise ValueError(f"of ({of}) is smaller than deserted ({deserted})")
        return of


class LeaveReturn(EvidenceBase):
    """Of those who went on leave, how many came back."""

    kind: Literal["leave_return"]
    went_on_leave: Count
    returned: Count

    @field_validator("returned")
    @classmethod
    def _returned_le_went(cls, returned: int, info: ValidationInfo) -> int:
        went = info.data.get("went_on_leave")
        if went is not None and returned > went:
            raise ValueError(f"returned ({returned}) exceeds went_on_leave ({went})")
        return returned


class QuotaFill(EvidenceBase):
    """Men a unit must put at the front and men it sends."""

    kind: Literal["quota_fill"]
    quota: Count
    sent: Count


class GroupDeparture(EvidenceBase):
    """A number of members who left together (e.g. abroad) in a period."""

    kind: Literal["group_departure"]
    count: Count
    destination: str = Field("", max_length=200)


class PayArrears(EvidenceBase):
    """How many months of pay members are owed."""

    kind: Literal["pay_arrears"]
    months_unpaid: float = Field(ge=0.0, le=120.0)


class SkimFraction(EvidenceBase):
    """The share of pay taken before it reaches members."""

    kind: Literal["skim_fraction"]
    fraction: float = Field(ge=0.0, le=1.0)


class CasualtyEvidence(EvidenceBase):
    """Killed and wounded in a period."""

    kind: Literal["casualties"]
    killed: Count | None = None
    wounded: Count | None = None

    @model_validator(mode="after")
    def _some_count(self) -> CasualtyEvidence:
        if self.killed is None and self.wounded is None:
            raise ValueError("give killed, wounded or both")
        return self


class RecruitmentEvidence(EvidenceBase):
    """Recruits taken in over a period."""

    kind: Literal["recruitment"]
    recruits: Count


Evidence = Annotated[
    StrengthEvidence
    | DesertionCount
    | LeaveReturn
    | QuotaFill
    | GroupDeparture
    | PayArrears
    | SkimFraction
    | CasualtyEvidence
    | RecruitmentEvidence,
    Field(discriminator="kind"),
]

EVIDENCE_KINDS: tuple[str, ...] = (
    "strength",
    "desertion_count",
    "leave_return",
    "quota_fill",
    "group_departure",
    "pay_arrears",
    "skim_fraction",
    "casualties",
    "recruitment",
)
