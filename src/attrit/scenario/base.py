"""Shared building blocks of the scenario schema: strict models, ids, dated series."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
]
"""Identifier of a faction, unit, intervention, source or evidence item: lower-case
letters, digits, ``-`` and ``_``; used in parameter paths such as ``units.ID.rotation``."""


class Strict(BaseModel):
    """Base of every scenario model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False
    )


class SeriesPoint(Strict):
    """One dated value of a piecewise-linear exogenous series."""

    date: dt.date
    value: float = Field(ge=0.0, le=10.0)


class Series(Strict):
    """A piecewise-linear function of the date, constant outside its points."""

    points: list[SeriesPoint] = Field(min_length=1, max_length=10_000)

    @field_validator("points")
    @classmethod
    def _dates_increase(cls, points: list[SeriesPoint]) -> list[SeriesPoint]:
        for before, after in pairwise(points):
            if after.date <= before.date:
                raise ValueError(
                    f"dates must increase strictly; {after.date} follows {before.date} "
                    "(sort the points and remove repeated dates)"
                )
        return points

    def value_on(self, day: dt.date) -> float:
        """Return the series' value on ``day`` by linear interpolation."""
        pts = self.points
        if day <= pts[0].date:
            return pts[0].value
        for a, b in pairwise(pts):
            if day <= b.date:
                span = (b.date - a.date).days
                w = (day - a.date).days / span
                return a.value + w * (b.value - a.value)
        return pts[-1].value
