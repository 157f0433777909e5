"""What the dashboard accepts from a page.

Values within the documented ranges, bounded work, and paths inside its own folders. Every
refusal is a sentence the page shows by the control.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attrit.scenario.edit import set_path
from attrit.scenario.reference import parameter_rows
from attrit.scenario.schema import ScenarioData

MAX_REPLICATES = 200  # one request cannot tie the machine up for more than a minute or so
MAX_DAYS = 365


class Refused(ValueError):
    """Input the dashboard will not act on; the message says why and what is allowed."""


@dataclass(frozen=True)
class Lever:
    """A parameter the explore page exposes, for one unit (and its faction)."""

    label: str
    path: str
    low: float
    high: float
    integer: bool
    unit: str


LEVERS = (  # (label, path with {unit} and {faction}), the main levers an analyst moves
    ("commander's skim of pay", "units.{unit}.pay.commander_skim_fraction"),
    ("faction's skim of pay", "factions.{faction}.pay.faction_skim_fraction"),
    ("missed pay cycles", "units.{unit}.pay.missed_cycle_probability"),
    ("wage (USD per cycle)", "factions.{faction}.pay.wage_usd_per_cycle"),
    ("supplies diverted by the commander", "units.{unit}.supply.commander_diversion_fraction"),
    ("supplies diverted by the faction", "factions.{faction}.supply.diversion_fraction"),
    ("days on duty per rotation", "units.{unit}.rotation.days_on"),
    ("days on leave per rotation", "units.{unit}.rotation.days_off"),
    ("front-line quota (men)", "units.{unit}.rotation.quota"),
    ("return from leave (probability)", "units.{unit}.leave.return_probability"),
    ("pull of emigration (weight)", "units.{unit}.desertion.pull_weight"),
)


def _row(template: str):
    generic = template.replace("{unit}", "*").replace("{faction}", "*")
    return next(r for r in parameter_rows() if r.path == generic)


def levers(scenario: ScenarioData, unit: str) -> list[Lever]:
    """The levers of ``unit``, with their documented ranges; a bonus size when there is one."""
    faction = next(u.faction for u in scenario.units if u.id == unit)
    out = []
    for label, template in LEVERS:
        row = _row(template)
        path = template.format(unit=unit, faction=faction)
        out.append(
            Lever(
                label, path, float(row.low), float(row.high), isinstance(row.default, int), row.unit
            )
        )
    for iv in scenario.interventions:
        if iv.kind == "bonus":
            out.append(
                Lever(
                    f"bonus '{iv.id}' (USD per man)",
                    f"interventions.{iv.id}.size",
                    0.0,
                    2000.0,
                    False,
                    "USD per person",
                )
            )
            break
    return out


def check_value(scenario: ScenarioData, lever: Lever, value: Any) -> ScenarioData:
    """The scenario with the lever set, or :class:`Refused` saying why not."""
    if value is None:
        raise Refused(f"{lever.label}: give a value")
    if not lever.low <= float(value) <= lever.high:
        raise Refused(
            f"{lever.label}: {value:g} is outside the documented range "
            f"{lever.low:g} to {lever.high:g} ({lever.unit})"
        )
    try:
        return set_path(scenario, lever.path, round(value) if lever.integer else float(value))
    except Exception as exc:  # the schema's own message (e.g. days_on + days_off)
        raise Refused(f"{lever.label}: {exc}") from None


def check_work(replicates: Any, days: Any) -> tuple[int, int]:
    """Replicates and days within the caps."""
    if not isinstance(replicates, int) or not 1 <= replicates <= MAX_REPLICATES:
        raise Refused(f"replicates: from 1 to {MAX_REPLICATES}")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise Refused(f"days: from 1 to {MAX_DAYS}")
    return replicates, days


def inside(folder: Path, name: str) -> Path:
    """``name`` as a file inside ``folder``; anything that leaves the folder is refused."""
    if not name or "\x00" in name or len(name) > 1000:
        raise Refused("give the name of a file in the scenario's folder")
    base = folder.resolve()
    try:
        target = (base / name).resolve()
    except (OSError, ValueError):
        raise Refused(f"'{name[:80]}' is not a file name") from None
    if target != base and base not in target.parents:
        raise Refused(f"'{name}' is outside {base}; only files in that folder can be opened")
    return target
