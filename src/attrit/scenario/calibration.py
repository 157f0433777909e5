"""What a fit may change and how much each grade of evidence counts.

A scenario's ``calibration`` section names the parameters to infer, each with a bounded prior,
and the noise scale each evidence grade implies (Admiralty: reliability A-F of the source,
credibility 1-6 of the information). An observation graded F or 6 carries no weight.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from attrit.scenario.base import Strict

PRIOR = re.compile(
    r"^\s*(?P<family>uniform|loguniform)\s*\(\s*(?P<low>[-+0-9.eE]+)\s*,\s*(?P<high>[-+0-9.eE]+)\s*\)\s*$"
)
DATE_PRIOR = re.compile(
    r"^\s*uniform\s*\(\s*(?P<low>\d{4}-\d\d-\d\d)\s*,\s*(?P<high>\d{4}-\d\d-\d\d)\s*\)\s*$"
)


def is_date(value: object) -> bool:
    """Whether a scenario value is a date (as the scenario's data writes it: YYYY-MM-DD)."""
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def as_date(day: float) -> dt.date:
    """The date of a fitted date parameter's value (days counted as ``date.toordinal``)."""
    return dt.date.fromordinal(round(day))


class Prior(Strict):
    """A bounded prior: ``uniform(low, high)`` or ``loguniform(low, high)``.

    A date (a schedule's change point) takes ``uniform(2015-09-01, 2015-10-31)``: its bounds
    and draws are day numbers (``date.toordinal``), and a drawn date is the nearest day.
    """

    family: Literal["uniform", "loguniform"]
    low: float
    high: float
    dates: bool = False

    @classmethod
    def parse(cls, text: str) -> Prior:
        """Read ``uniform(a,b)`` or ``loguniform(a,b)``; raise ValueError with the fix."""
        d = DATE_PRIOR.match(text)
        if d:
            try:
                low, high = (dt.date.fromisoformat(d[k]).toordinal() for k in ("low", "high"))
            except ValueError as exc:
                raise ValueError(f"'{text}': {exc}") from None
            if not low < high:
                raise ValueError(f"'{text}': the first date must come before the second")
            return cls(family="uniform", low=low, high=high, dates=True)
        m = PRIOR.match(text)
        if not m:
            raise ValueError(
                f"'{text}' is not a prior; write uniform(low,high) or loguniform(low,high), "
                "or uniform(YYYY-MM-DD,YYYY-MM-DD) for a date"
            )
        try:
            low, high = float(m["low"]), float(m["high"])
        except ValueError:
            raise ValueError(f"'{text}': the bounds must be numbers") from None
        if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
            raise ValueError(f"'{text}': need finite bounds with low < high")
        if m["family"] == "loguniform" and low <= 0:
            raise ValueError(f"'{text}': a loguniform prior needs low > 0")
        return cls(family=m["family"], low=low, high=high)

    def __str__(self) -> str:
        if self.dates:
            return f"uniform({self.show(self.low)},{self.show(self.high)})"
        return f"{self.family}({self.low:g},{self.high:g})"

    def show(self, value: float) -> str:
        """A value of this prior's parameter as text: a date, or a number to 4 figures."""
        return as_date(value).isoformat() if self.dates else f"{value:.4g}"

    @property
    def median(self) -> float:
        """The prior's median: the midpoint, or the geometric mean for ``loguniform``."""
        if self.family == "loguniform":
            return math.sqrt(self.low * self.high)
        return 0.5 * (self.low + self.high)


class FittedParameter(Strict):
    """A parameter path (``*`` sets every item to one value) and its prior."""

    path: str = Field(min_length=1, max_length=300)
    prior: str = Field(
        description="uniform(low,high) or loguniform(low,high); uniform(date,date) for a date"
    )

    @field_validator("prior")
    @classmethod
    def _is_prior(cls, text: str) -> str:
        Prior.parse(text)
        return text

    @property
    def distribution(self) -> Prior:
        """The parsed prior."""
        return Prior.parse(self.prior)


class Grades(Strict):
    """Noise scale of a reported figure, relative to its size, by grade.

    The scale is ``reliability[letter] x credibility[digit] x (approximate if qualified)``,
    times ``max(|figure|, 1)``. ``null`` (F, 6) means the figure carries no weight.
    """

    reliability: dict[str, float | None] = Field(
        default_factory=lambda: {"A": 0.05, "B": 0.1, "C": 0.2, "D": 0.3, "E": 0.5, "F": None}
    )
    credibility: dict[int, float | None] = Field(
        default_factory=lambda: {1: 1.0, 2: 1.25, 3: 1.5, 4: 2.0, 5: 3.0, 6: None}
    )
    approximate: float = Field(1.25, ge=1.0, le=10.0)

    @field_validator("reliability", "credibility")
    @classmethod
    def _every_grade(cls, table: dict, info: ValidationInfo) -> dict:
        want = set("ABCDEF") if info.field_name == "reliability" else set(range(1, 7))
        if set(table) != want:
            raise ValueError(
                f"give a scale for each of {', '.join(map(str, sorted(want)))} "
                f"(null for no weight); got {', '.join(map(str, table)) or 'none'}"
            )
        for key, value in table.items():
            if value is not None and not 0 < value <= 100:
                raise ValueError(f"grade {key}: scale {value} must be in (0, 100] or null")
        return table

    def relative_scale(self, reliability: str, credibility: int, approximate: bool) -> float:
        """Relative noise scale of a figure with this grade; ``inf`` when it has no weight."""
        r = self.reliability.get(reliability)  # type: ignore[call-overload]
        c = self.credibility.get(credibility)  # type: ignore[call-overload]
        if r is None or c is None:
            return math.inf
        return r * c * (self.approximate if approximate else 1.0)


class Calibration(Strict):
    """Settings of ``attrit fit`` for this scenario."""

    parameters: list[FittedParameter] = Field(default_factory=list, max_length=100)
    grades: Grades = Field(default_factory=Grades)
    scale: float = Field(
        1.0,
        ge=1.0,
        le=1e6,
        description="Men each simulated man stands for in the evidence: a force of 880,000 "
        "run as 8,800 has scale 100, and every count of people or paperwork the evidence gives "
        "is compared with the simulated count times the scale (shares and ratios as they are). "
        "The run's own outputs stay in simulated men. The price: chance varies as in the "
        "smaller force, so the spread of simulated counts is sqrt(scale) times too wide.",
    )
