"""The scenario as data: calendar, force, mechanisms, interventions, series, evidence.

The ``mechanisms:`` switches and the parameter blocks of units, factions and the force are
built from the phases' declarations (:mod:`attrit.model.registry`): a mechanism's block sits
where its ``params`` say (``units.*.desertion``). :class:`ScenarioData` holds the fields and
lookups; :class:`attrit.scenario.api.Scenario` adds what runs it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Annotated, Any, Literal, Union

from pydantic import (
    Field,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from attrit.evidence.kinds import KINDS
from attrit.evidence.measures import Observation
from attrit.model.registry import MECHANISMS, SWITCHED
from attrit.scenario.base import Id, Series, SeriesPoint, Strict
from attrit.scenario.calibration import Calibration
from attrit.scenario.evidence import Source
from attrit.scenario.mechanisms import Strength
from attrit.scenario.schedules import Schedule

FORMAT_VERSION = 1
MAX_DAYS = 3650  # days a run may simulate (ten years)


def _blocks(scope: str) -> dict[str, Any]:
    """The parameter blocks the mechanisms place in ``scope``, as fields with their defaults.

    ``scope`` is ``units.*``, ``factions.*`` or ``""`` (the scenario itself).
    """
    prefix = f"{scope}." if scope else ""
    fields: dict[str, Any] = {}
    for m in MECHANISMS:
        for home, block in m.params.items():
            name = home.removeprefix(prefix)
            if home.startswith(prefix) and "." not in name:
                if name in fields:
                    raise ValueError(f"two mechanisms place a parameter block at {home}")
                fields[name] = (block, Field(default_factory=block))
    return fields


Evidence = Annotated[
    Union[tuple(k.schema for k in KINDS)],  # noqa: UP007 (a union built from a tuple)
    Field(discriminator="kind"),
]
"""An evidence item of any kind (``attrit.evidence.kinds``), told apart by its ``kind``."""


class EvidenceFile(Strict):
    """An evidence file on its own: its sources and its items (``attrit validate --evidence``)."""

    sources: list[Source] = Field(default_factory=list, max_length=10_000)
    evidence: list[Evidence] = Field(max_length=10_000)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _ids_once(self) -> EvidenceFile:
        for name, items in (("source", self.sources), ("evidence item", self.evidence)):
            ids = [i.id for i in items]
            again = sorted({i for i in ids if ids.count(i) > 1})
            if again:
                raise ValueError(f"{name} ids used twice: {', '.join(again)} (give each its own)")
        return self


Mechanisms = create_model(
    "Mechanisms",
    __base__=Strict,
    __doc__="Switches: a mechanism that is off does nothing and records zeros.",
    **{m.name: (bool, Field(True, description=m.switch)) for m in SWITCHED},
)


class Calendar(Strict):
    """When the scenario starts and how long it runs by default."""

    start: dt.date
    days: int = Field(ge=1, le=3650, description="Days simulated unless a run says otherwise.")

    @model_validator(mode="after")
    def _representable(self) -> Calendar:
        if (dt.date.max - self.start).days < MAX_DAYS:
            raise ValueError(
                f"a calendar starting on {self.start} cannot run its days (or a run's "
                f"{MAX_DAYS}): dates end on {dt.date.max}"
            )
        return self

    @property
    def end(self) -> dt.date:
        """Last simulated date."""
        return self.start + dt.timedelta(days=self.days - 1)


class FactionCore(Strict):
    """What every faction has: its identity, its sponsor and the sponsor's funding."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    sponsor: str = Field("", max_length=200)
    funding: Series = Field(
        default_factory=lambda: Series(points=[SeriesPoint(date=dt.date(2000, 1, 1), value=1)]),
        description="Sponsor funding level over time [fraction of entitlement funded].",
    )


Faction = create_model(
    "Faction",
    __base__=FactionCore,
    __doc__="A faction: its sponsor's funding, its pay scale and skim, supply and recruitment.",
    **_blocks("factions.*"),
)


class UnitCore(Strict):
    """What every unit has, whatever the mechanisms: its identity, place and members."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    faction: Id
    province: str = Field(min_length=1, max_length=100)
    strength: Strength


Unit = create_model(
    "Unit",
    __base__=UnitCore,
    __doc__="A unit (battalion or formation) and its own mechanism parameters.",
    **_blocks("units.*"),
)


InterventionKind = Literal[
    "bonus",
    "extra_supplies",
    "training_courses",
    "anti_corruption",
    "direct_pay",
    "offensive",
    "rotation_change",
    "amnesty",
    "discharge",
    "penalties",
    "held_pay",
    "quota_change",
    "redeploy",
    "set",
]

INTERVENTION_SIZE_MEANING: dict[str, str] = {
    "bonus": "USD per person, paid once at the start through the pay chain",
    "extra_supplies": "extra supplies sent, as a fraction of need",
    "training_courses": "extra recruits entering training at the start (a cohort: optionally "
    "its own training_days, completion_share and place)",
    "anti_corruption": "fraction by which every skim and diversion is cut",
    "direct_pay": "fraction of pay sent straight to troops, bypassing the skimming chain",
    "offensive": "engagement intensity (1 = a full offensive)",
    "rotation_change": "unused; give days_on and days_off",
    "amnesty": "factor on the absent's daily return hazard while it lasts (e.g. 3)",
    "discharge": "share of the men present sent home on the start day (a class demobilised)",
    "penalties": "severity (0-1): the share by which flight and leave non-return are cut; "
    "morale drops by morale.penalty_weight x severity",
    "held_pay": "share (0-1) of the pay that reaches a man held back until he returns from "
    "leave (or leaves the force other than by desertion); a deserter forfeits it",
    "quota_change": "the targeted units' front-line quota (men) while it lasts",
    "redeploy": "unused; give the province the units move to",
    "set": "the value the parameter at path takes while it lasts (a dated change, switchable "
    "in compare; see schedules)",
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
    days_off: int | None = Field(None, ge=0, le=365)
    province: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="Where a redeploy moves its units (its pull series applies while it lasts).",
    )
    training_days: int | None = Field(
        None,
        ge=0,
        le=3650,
        description="A training_courses cohort's own course length (default: its faction's).",
    )
    completion_share: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Share of a training_courses cohort still in training at its end; the "
        "others quit during it (deserted_trainee), at a constant daily hazard.",
    )
    place: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="Where a training_courses cohort trains (abroad or at home): recorded and "
        "reported, not modelled.",
    )
    path: str | None = Field(
        None,
        min_length=1,
        max_length=300,
        description="The parameter a 'set' gives the value 'size' while it lasts (as a "
        "schedule would; its target is unused).",
    )
    active: bool = Field(
        True,
        description="Part of the baseline; inactive ones are variants for compare.",
    )
    cost_usd: float = Field(0.0, ge=0.0, le=1e13, description="What it costs once [USD].")
    cost_usd_per_man_day: float = Field(
        0.0,
        ge=0.0,
        le=1e6,
        description="What it costs per man of the units it targets, per day in effect [USD].",
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
        cohort = (self.training_days, self.completion_share, self.place)
        if self.kind != "training_courses" and any(x is not None for x in cohort):
            raise ValueError(
                "training_days, completion_share and place belong to a training_courses only"
            )
        if (self.kind == "set") != (self.path is not None):
            raise ValueError("a set needs a path (the parameter it sets), and only a set has one")
        if (self.kind == "redeploy") != (self.province is not None):
            raise ValueError("a redeploy needs a province, and only a redeploy has one")
        if self.kind == "rotation_change" and (self.days_on is None or self.days_off is None):
            raise ValueError("a rotation_change needs days_on and days_off")
        if self.kind != "rotation_change" and (
            self.days_on is not None or self.days_off is not None
        ):
            raise ValueError("days_on and days_off belong to a rotation_change only")
        if (
            self.kind in ("anti_corruption", "direct_pay", "discharge", "penalties", "held_pay")
            and self.size > 1
        ):
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


class ScenarioBase(Strict):
    """What every scenario can do as data: look up its parts, hash and dump itself."""

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

    # -- as data --------------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """The scenario as plain data (dates as ISO strings), loadable again."""
        return self.model_dump(mode="json", exclude_unset=False)


def _list(item: Any, most: int, least: int = 0) -> Any:
    if least:
        return (list[item], Field(min_length=least, max_length=most))
    return (list[item], Field(default_factory=list, max_length=most))


ScenarioData = create_model(
    "ScenarioData",
    __base__=ScenarioBase,
    __doc__="A whole scenario, validated, as data (:func:`attrit.load` gives a Scenario).",
    attrit=(Literal[1], Field(1, description="Scenario format version.")),
    name=(str, Field(min_length=1, max_length=200)),
    description=(str, Field("", max_length=20_000)),
    calendar=(Calendar, ...),
    seed=(int, Field(20151018, ge=0, le=2**63 - 1, description="Default run seed.")),
    mechanisms=(Mechanisms, Field(default_factory=Mechanisms)),
    **_blocks(""),
    factions=_list(Faction, 1000, least=1),
    units=_list(Unit, 10_000, least=1),
    interventions=_list(Intervention, 1000),
    schedules=_list(Schedule, 1000),
    exogenous=(Exogenous, Field(default_factory=Exogenous)),
    sources=_list(Source, 10_000),
    evidence=_list(Evidence, 10_000),
    assumptions=_list(Assumption, 10_000),
    observation=(Observation, Field(default_factory=Observation)),
    calibration=(Calibration, Field(default_factory=Calibration)),
)
