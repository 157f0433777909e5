"""The factors of a sensitivity analysis: parameter paths with the ranges they vary over.

By default every real-valued parameter of the schema varies over its documented plausible
range (``docs/parameters.md``); structural integers (rotation, squad size, cycle and course
lengths) stay fixed, since changing them rearranges the force rather than tuning it, and so
does a parameter with no effect on the outputs (absence where no unit keeps absentees,
re-enlistment where no term ends, the morale cost of penalties none imposes, the deterrence
of pay none holds back, the payroll's ghosts, and the observation models' parameters, which
change how reports are read, not the force). With a unit, its own parameters and its
faction's vary; the others keep the scenario's values.

Over whole plausible ranges a force may collapse or stay whole across most of the space, which
answers a global question. For the local one (what moves this force, as calibrated), ``around``
narrows each range to a share of its width centred on the scenario's value, and
``fitted_ranges`` gives each fitted parameter its posterior 90% interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from attrit.errors import AttritError
from attrit.scenario.edit import set_path
from attrit.scenario.paths import PathError, get_path, resolve
from attrit.scenario.reference import parameter_rows
from attrit.scenario.schema import ScenarioData


class FactorError(AttritError, ValueError):
    """A factor that cannot be varied, with the reason and the fix."""


@dataclass(frozen=True)
class Factor:
    """One input varied by the analysis."""

    path: str
    low: float
    high: float
    unit: str = ""
    integer: bool = False

    def value(self, x: float) -> float | int:
        """The parameter value for the sampler's ``x`` (already scaled to [low, high])."""
        return round(x) if self.integer else float(x)


def _concrete(path: str, scenario: ScenarioData, unit: str | None) -> str:
    if unit is None:
        return path
    faction = next(u.faction for u in scenario.units if u.id == unit)
    return path.replace("units.*.", f"units.{unit}.").replace("factions.*.", f"factions.{faction}.")


def default_factors(scenario: ScenarioData, unit: str | None = None) -> list[Factor]:
    """Every real-valued parameter that exists in ``scenario``, over its documented range."""
    if unit is not None and unit not in {u.id for u in scenario.units}:
        raise FactorError(
            f"--unit: no unit '{unit}' (units: {', '.join(u.id for u in scenario.units)})"
        )
    out = []
    for row in parameter_rows():
        if isinstance(row.default, int) or not row.high > row.low:
            continue
        if ".rotation." in row.path:
            continue  # the unit's schedule and quota are its structure (screen with --param)
        if ".ghosts." in row.path or row.path.startswith("observation."):
            continue  # the payroll's ghosts change no one's fate, so none of the outputs
        path = _concrete(row.path, scenario, unit)
        try:
            values = get_path(scenario, path)
        except PathError:
            continue  # e.g. combat parameters of a unit that does not fight
        if values is None or values == [] or (isinstance(values, list) and None in values):
            continue
        if path.endswith("casualties.hazard_per_day") and _fights(scenario, unit):
            continue  # unused when combat is set (and setting it would be refused)
        if ".absence." in path and not _keeps_absentees(scenario, unit):
            continue  # nobody is ever absent: whoever leaves is a deserter at once
        if ".service." in path and not _has_terms(scenario, unit):
            continue  # nobody's term ends: re-enlistment never comes up
        if path == "morale.penalty_weight" and not _in_force(scenario, "penalties"):
            continue  # no penalties are in force, so they cost no morale
        if path.endswith("held_pay_logit_slope") and not _in_force(scenario, "held_pay"):
            continue  # no pay is held back, so nobody stands to lose any
        out.append(Factor(path, float(row.low), float(row.high), row.unit))
    return out


def _keeps_absentees(scenario: ScenarioData, unit: str | None) -> bool:
    units = [u for u in scenario.units if unit is None or u.id == unit]
    return scenario.mechanisms.absence and any(u.absence.strike_off_days for u in units)


def _has_terms(scenario: ScenarioData, unit: str | None) -> bool:
    units = [u for u in scenario.units if unit is None or u.id == unit]
    return scenario.mechanisms.service and any(u.service.term_days for u in units)


def _in_force(scenario: ScenarioData, kind: str) -> bool:
    return scenario.mechanisms.interventions and any(
        iv.kind == kind and iv.active for iv in scenario.interventions
    )


def _fights(scenario: ScenarioData, unit: str | None) -> bool:
    units = [u for u in scenario.units if unit is None or u.id == unit]
    return any(u.casualties.combat is not None for u in units)


def parse_factor(text: str, scenario: ScenarioData) -> Factor:
    """``path=low:high`` (or just ``path``: the schema's range) as a checked factor."""
    path, sep, bounds = text.partition("=")
    path = path.strip()
    try:
        current = get_path(scenario, path)
    except PathError as exc:
        raise FactorError(f"--param {text}: {exc}") from None
    sample = current[0] if isinstance(current, list) and current else current
    if isinstance(sample, bool) or not isinstance(sample, int | float):
        raise FactorError(f"--param {text}: '{path}' is not a numeric parameter")
    row = _row(path)
    if sep:
        try:
            low, high = (float(x) for x in bounds.split(":"))
        except ValueError:
            raise FactorError(f"--param {text}: write path=low:high, e.g. {path}=0.1:0.5") from None
    elif row is not None:
        low, high = float(row.low), float(row.high)
    else:
        raise FactorError(f"--param {text}: no documented range; write {path}=low:high")
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise FactorError(f"--param {text}: need low < high (got {low:g}:{high:g})")
    trial = scenario
    for value in (low, high):
        try:
            trial = set_path(scenario, path, round(value) if isinstance(sample, int) else value)
        except Exception as exc:  # the schema's bounds, with its own message
            raise FactorError(f"--param {text}: {value:g} is refused: {exc}") from None
    del trial
    return Factor(path, low, high, row.unit if row else "", isinstance(sample, int))


def _row(path: str):
    parts = path.split(".")
    for row in parameter_rows():
        pattern = row.path.split(".")
        if len(pattern) == len(parts) and all(
            p in ("*", q) for p, q in zip(pattern, parts, strict=True)
        ):
            return row
    return None


def around(factors: list[Factor], scenario: ScenarioData, span: float) -> list[Factor]:
    """Each factor over ``span`` of its range's width, centred on the scenario's value.

    The centre is the scenario's value (the mean where a path names several), kept inside the
    range; the narrowed range is clipped to the documented one. ``span`` 1 keeps the ranges.
    """
    if not (math.isfinite(span) and 0 < span <= 1):
        raise FactorError(f"--span must be above 0 and at most 1 (got {span:g})")
    if span == 1:
        return list(factors)
    out = []
    for f in factors:
        value = get_path(scenario, f.path)
        centre = float(sum(value) / len(value)) if isinstance(value, list) else float(value)
        centre = min(max(centre, f.low), f.high)
        half = span * (f.high - f.low) / 2
        out.append(replace(f, low=max(f.low, centre - half), high=min(f.high, centre + half)))
    return out


def fitted_ranges(
    factors: list[Factor], scenario: ScenarioData, posterior: list[dict[str, Any]]
) -> list[Factor]:
    """Factors that a fitted parameter covers take its posterior 90% interval.

    A fitted path covers a factor when every value the factor sets is one the fitted path
    sets (``units.*.x`` covers ``units.a.x``). A factor broader than any fitted path keeps its
    range. Where two fitted paths cover a factor, the later one wins, as when they are set.
    """
    data = scenario.to_data()
    sets = [(set(resolve(data, p["path"])), p) for p in posterior]
    out = []
    for f in factors:
        mine = set(resolve(data, f.path))
        covering = [p for where, p in sets if mine <= where]
        if not covering:
            out.append(f)
            continue
        p = covering[-1]
        if not p["low"] < p["high"]:
            raise FactorError(
                f"{f.path}: the fit's posterior interval is a point ({p['low']:g}); it cannot vary"
            )
        out.append(replace(f, low=float(p["low"]), high=float(p["high"])))
    return out
