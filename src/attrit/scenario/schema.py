"""The scenario.

Calendar, force (factions and units), mechanisms, interventions, exogenous series, sources
and evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from attrit.scenario.base import Id, Series, SeriesPoint, Strict
from attrit.scenario.calibration import Calibration
from attrit.scenario.evidence import Evidence, Source
from attrit.scenario.mechanisms import (
    Casualties,
    Desertion,
    Emigration,
    FactionPay,
    FactionSupply,
    Leave,
    Mechanisms,
    Morale,
    Recruitment,
    Rotation,
    Strength,
    UnitPay,
    UnitSupply,
)

FORMAT_VERSION = 1


class Calendar(Strict):
    """When the scenario starts and how long it runs by default."""

    start: dt.date
    days: int = Field(ge=1, le=3650, description="Days simulated unless a run says otherwise.")

    @property
    def end(self) -> dt.date:
        """Last simulated date."""
        return self.start + dt.timedelta(days=self.days - 1)


class Faction(Strict):
    """A faction: its sponsor's funding, its pay scale and skim, supply and recruitment."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    sponsor: str = Field("", max_length=200)
    funding: Series = Field(
        default_factory=lambda: Series(points=[SeriesPoint(date=dt.date(2000, 1, 1), value=1)]),
        description="Sponsor funding level over time [fraction of entitlement funded].",
    )
    pay: FactionPay = Field(default_factory=FactionPay)
    supply: FactionSupply = Field(default_factory=FactionSupply)
    recruitment: Recruitment = Field(default_factory=Recruitment)


class Unit(Strict):
    """A unit (battalion or formation) and its own mechanism parameters."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    faction: Id
    province: str = Field(min_length=1, max_length=100)
    strength: Strength
    rotation: Rotation = Field(default_factory=Rotation)
    pay: UnitPay = Field(default_factory=UnitPay)
    supply: UnitSupply = Field(default_factory=UnitSupply)
    desertion: Desertion = Field(default_factory=Desertion)
    leave: Leave = Field(default_factory=Leave)
    emigration: Emigration = Field(default_factory=Emigration)
    casualties: Casualties = Field(default_factory=Casualties)


InterventionKind = Literal[
    "bonus",
    "extra_supplies",
    "training_courses",
    "anti_corruption",
    "direct_pay",
    "offensive",
    "rotation_change",
]

INTERVENTION_SIZE_MEANING: dict[str, str] = {
    "bonus": "USD per person, paid once at the start through the pay chain",
    "extra_supplies": "extra supplies sent, as a fraction of need",
    "training_courses": "extra recruits entering training at the start",
    "anti_corruption": "fraction by which every skim and diversion is cut",
    "direct_pay": "fraction of pay sent straight to troops, bypassing the skimming chain",
    "offensive": "engagement intensity (1 = a full offensive)",
    "rotation_change": "unused; give days_on and days_off",
}


class Intervention(Strict):
    """A scheduled countermeasure applied to the force, a faction or a unit."""

    id: Id
    kind: InterventionKind
    target: str = Field(
        "force",
        pattern=r"^(force|faction:[a-z0-9][a-z0-9_-]*|unit:[a-z0-9][a-z0-9_-]*)$",
        description="'force', 'faction:ID' or 'unit:ID'.",
    )
    start: dt.date
    end: dt.date | None = Field(None, description="Last day in effect; none means to the end.")
    size: float = Field(1.0, ge=0.0, le=1e7)
    days_on: int | None = Field(None, ge=1, le=365)
    days_off: int | None = Field(None, ge=1, le=365)
    active: bool = Field(
        True,
        description="Part of the baseline; inactive ones are variants for compare.",
    )
    note: str = Field("", max_length=5000)

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(f"end ({end}) is before start ({start})")
        return end

    @model_validator(mode="after")
    def _consistent(self) -> Intervention:
        if self.kind == "rotation_change" and (self.days_on is None or self.days_off is None):
            raise ValueError("a rotation_change needs days_on and days_off")
        if self.kind != "rotation_change" and (self.days_on or self.days_off):
            raise ValueError("days_on and days_off belong to a rotation_change only")
        if self.kind in ("anti_corruption", "direct_pay") and self.size > 1:
            raise ValueError(f"size of {self.kind} is a fraction (0-1), got {self.size}")
        return self


class PullSeries(Strict):
    """The pull of emigration over time, everywhere or in one province."""

    province: str | None = Field(None, description="None applies to every province.")
    points: list[SeriesPoint] = Field(min_length=1, max_length=10_000)

    def as_series(self) -> Series:
        """The points as a :class:`Series`."""
        return Series(points=self.points)

    @model_validator(mode="after")
    def _dates_increase(self) -> PullSeries:
        Series(points=self.points)
        return self


class Exogenous(Strict):
    """Series the model takes as given."""

    pull: list[PullSeries] = Field(default_factory=list, max_length=1000)


class Assumption(Strict):
    """A number the report does not give, with the reason for its value."""

    path: str = Field(min_length=1, max_length=300)
    reason: str = Field(min_length=1, max_length=5000)


class Scenario(Strict):
    """A whole scenario, validated. Build one with :func:`attrit.load`."""

    attrit: Literal[1] = Field(1, description="Scenario format version.")
    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=20_000)
    calendar: Calendar
    seed: int = Field(20151018, ge=0, le=2**63 - 1, description="Default run seed.")
    mechanisms: Mechanisms = Field(default_factory=Mechanisms)
    morale: Morale = Field(default_factory=Morale)
    factions: list[Faction] = Field(min_length=1, max_length=1000)
    units: list[Unit] = Field(min_length=1, max_length=10_000)
    interventions: list[Intervention] = Field(default_factory=list, max_length=1000)
    exogenous: Exogenous = Field(default_factory=Exogenous)
    sources: list[Source] = Field(default_factory=list, max_length=10_000)
    evidence: list[Evidence] = Field(default_factory=list, max_length=10_000)
    assumptions: list[Assumption] = Field(default_factory=list, max_length=10_000)
    calibration: Calibration = Field(default_factory=Calibration)

    # -- lookups -------------------------------------------------------------------------
    def faction(self, faction_id: str) -> Faction:
        """The faction with this id."""
        return next(f for f in self.factions if f.id == faction_id)

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id."""
        return next(u for u in self.units if u.id == unit_id)

    @property
    def strength(self) -> int:
        """Members of every unit at the start."""
        return sum(u.strength.members for u in self.units)

    def hash(self) -> str:
        """A stable SHA-256 of the validated scenario (what a run is reproducible from)."""
        text = json.dumps(self.to_data(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    # -- editing -------------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """The scenario as plain data (dates as ISO strings), loadable again."""
        return self.model_dump(mode="json", exclude_unset=False)

    def set(self, path: str, value: Any) -> Scenario:
        """Return a new, re-validated scenario with the parameter at ``path`` set.

        ``path`` is dotted; list items are addressed by id and ``*`` matches every item,
        e.g. ``units.*.desertion.hazard_per_day``.
        """
        from attrit.scenario.paths import set_path

        return set_path(self, path, value)

    def simulate(self, replicates: int = 100, **options: Any) -> Any:
        """Simulate this scenario; see :func:`attrit.simulate` for the options."""
        from attrit.run import simulate

        return simulate(self, replicates=replicates, **options)

    def get(self, path: str) -> Any:
        """The value at ``path`` (a list of values if ``path`` holds a wildcard)."""
        from attrit.scenario.paths import get_path

        return get_path(self, path)
