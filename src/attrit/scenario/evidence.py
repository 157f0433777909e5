"""Evidence: dated, sourced, graded observations of the force (what every kind shares).

Each item names what it is about (a unit, several units or a faction), when (a date or a
period), the figures, its source with a verbatim quote, and the analyst's grade of the
source's reliability (A-F) and of the information's credibility (1-6), the NATO/Admiralty
convention. Each kind of evidence adds its figures in its module under
:mod:`attrit.evidence.kinds`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import Field, ValidationInfo, field_validator, model_validator

from attrit.scenario.base import Id, Strict

Reliability = Literal["A", "B", "C", "D", "E", "F"]
Credibility = Literal[1, 2, 3, 4, 5, 6]
Stated = Literal[
    "exact", "at_least", "more_than", "at_most", "fewer_than", "up_to", "range", "present"
]
"""How a report states its figure: a value, a bound, a range, or only that there were some."""

FigureStated = Literal["exact", "at_least", "more_than", "at_most", "fewer_than", "up_to"]
"""How one of an item's several figures is stated: a value or a bound."""

LOWER_BOUNDS = ("at_least", "more_than", "present")
UPPER_BOUNDS = ("at_most", "fewer_than", "up_to")


class Noise(Strict):
    """A figure's reporting noise where its grade's default does not fit: one of the two.

    ``absolute`` is the noise's standard deviation in the figure's own unit (e.g. a ledger
    that is right to within 50 names); ``relative`` a share of the figure (0.02: two percent),
    in place of the grade's.
    """

    absolute: float | None = Field(None, gt=0, le=1e9)
    relative: float | None = Field(None, gt=0, le=100)

    @model_validator(mode="after")
    def _one(self) -> Noise:
        if (self.absolute is None) == (self.relative is None):
            raise ValueError("give exactly one of absolute or relative")
        return self


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


class Timed:
    """The first and last day of a model holding ``date`` or ``period`` (one of them set).

    A mixin of properties only: the model declares the two fields.
    """

    @property
    def first_day(self) -> dt.date:
        """The date, or the period's first day."""
        return self.date if self.date is not None else self.period.start  # type: ignore[union-attr]

    @property
    def last_day(self) -> dt.date:
        """The date, or the period's last day."""
        return self.date if self.date is not None else self.period.end  # type: ignore[union-attr]


class Source(Strict):
    """Where evidence comes from."""

    id: Id
    title: str = Field(min_length=1, max_length=500)
    date: dt.date | None = None
    location: str = Field("", max_length=2000, description="File, URL or archive reference.")
    note: str = Field("", max_length=5000)


class EvidenceBase(Timed, Strict):
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
    stated: Stated | dict[str, FigureStated] = Field(
        "exact",
        description="How the source states the figure: exact (or approximate, with "
        "`approximate`), a lower bound (at_least, more_than), an upper bound (at_most, "
        "fewer_than, up_to), a range (the figure to `high`), or present (some, not counted). "
        "For a kind with several figures, one form for each figure that is not exact "
        "('more than 1,300 killed and 6,200 wounded': {killed: more_than}).",
    )
    high: float | None = Field(
        None, ge=0, le=1e9, description="The upper end of a range ('30-40': 40)."
    )
    noise: Noise | None = Field(
        None, description="The figure's reporting noise, in place of its grade's default."
    )
    note: str = Field("", max_length=5000)

    FIGURES: ClassVar[tuple[str, ...]] = ()
    """The figures of a kind with several, each of which may be stated in its own form."""

    @field_validator("stated", mode="before")
    @classmethod
    def _one_form_or_one_per_figure(cls, stated: Any) -> Any:
        # checked here so that a typo reads as one choice among the forms, not as a failed union
        def refuse(forms: tuple[str, ...], got: Any) -> ValueError:
            listed = ", ".join(f"'{f}'" for f in forms[:-1]) + f" or '{forms[-1]}'"
            return ValueError(f"Input should be {listed} (got {got!r})")

        if isinstance(stated, dict):
            for figure, form in stated.items():
                if form not in get_args(FigureStated):
                    raise refuse(get_args(FigureStated), f"{figure}: {form}")
        elif stated not in get_args(Stated):
            raise refuse(get_args(Stated), stated)
        return stated

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
        if isinstance(self.stated, dict):
            self._each_figure_stated()
        if (self.stated == "range") != (self.high is not None):
            raise ValueError(
                "a range needs its upper end in high (stated: range, high: 40)"
                if self.high is None
                else f"high ({self.high:g}) is the end of a range: add stated: range"
            )
        if self.high is not None:
            own = [f for f in type(self).model_fields if f not in EvidenceBase.model_fields]
            low = [getattr(self, f) for f in own if isinstance(getattr(self, f), int | float)]
            low = [v for v in low if not isinstance(v, bool)]
            if len(low) > 1:
                raise ValueError("a range can only be stated for a kind with one figure")
            if low and low[0] > self.high:
                raise ValueError(f"the range's low end ({low[0]:g}) is above high ({self.high:g})")
        return self

    def _each_figure_stated(self) -> None:
        assert isinstance(self.stated, dict)
        if not self.FIGURES:
            raise ValueError(
                "a form for each figure is for a kind with several (casualties: killed, "
                "wounded); give this item one form (stated: more_than)"
            )
        unknown = sorted(set(self.stated) - set(self.FIGURES))
        if unknown:
            raise ValueError(
                f"stated names {', '.join(unknown)}, which is not a figure of this kind "
                f"(its figures: {', '.join(self.FIGURES)})"
            )
        missing = sorted(k for k in self.stated if getattr(self, k) is None)
        if missing:
            raise ValueError(f"stated gives a form for {', '.join(missing)}, which has no figure")

    def statement(self, figure: str = "") -> str:
        """How the figure named ``figure`` (one of :attr:`FIGURES`, or the only one) is stated."""
        if isinstance(self.stated, dict):
            return self.stated.get(figure, "exact")
        return self.stated

    def bound_of(self, figure: str = "") -> str:
        """``point``, ``lower``, ``upper`` or ``interval``: how a figure constrains a fit."""
        stated = self.statement(figure)
        if stated in LOWER_BOUNDS:
            return "lower"
        if stated in UPPER_BOUNDS:
            return "upper"
        return "interval" if stated == "range" else "point"

    @property
    def bound(self) -> str:
        """How the item's figure constrains a fit (its first, where each has its own form)."""
        return self.bound_of(self.FIGURES[0] if self.FIGURES else "")

    @property
    def subject_units(self) -> list[str] | None:
        """Unit ids the item is about, or None when it is about a whole faction."""
        if self.unit is not None:
            return [self.unit]
        return self.units


Count = Annotated[int, Field(ge=0, le=100_000_000)]
