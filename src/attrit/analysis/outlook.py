"""A short look ahead for ``attrit validate``: would morale reach its floor within 30 days?

A setting can be valid and still drive a unit's morale to the floor within weeks at the
scenario's own values (a weight meant for a battalion applied to a corps, hazards that feed
on themselves). This runs the scenario itself for a month, a few replicates, and names each
unit whose median morale ends near the floor, with the terms of its morale target that pulled
it there, largest first, so the analyst can see which setting to check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attrit.scenario.checks import Loc
from attrit.scenario.schema import ScenarioData

DAYS = 30
REPLICATES = 8
# Morale is clipped to [0, 1]; a unit whose mean (or target) is this close to 0 is at its
# floor for every practical purpose: its hazards sit at their morale-driven maximum.
FLOOR = 0.1


@dataclass(frozen=True)
class Drag:
    """One term of a unit's morale target on the last day: its size and the weight behind it."""

    size: float
    path: str
    what: str


def drags(sc: ScenarioData, res, plan, u: int, day: int) -> list[Drag]:
    """The terms that lower unit ``u``'s morale target on ``day`` (medians over replicates)."""
    from attrit.model.phases.morale import WINDOW_DAYS, visible_theft

    mo, daily = sc.morale, res.daily.isel(unit=u)
    lo = max(day - WINDOW_DAYS + 1, 0)
    members = np.maximum(daily["strength"].isel(day=day).values, 1.0)
    window = slice(lo, day + 1)

    def share(name: str) -> float:
        return float(np.median(daily[name].isel(day=window).sum("day").values / members))

    officers = daily["officers"].values  # replicate x day
    start = max(sc.units[u].strength.officers, 1)
    lost = np.diff(officers, axis=1, prepend=officers[:, :1]).clip(max=0) * -1.0
    decay = 0.5 ** (1.0 / mo.leader_loss_halflife_days)
    ages = day - np.arange(day + 1)
    leader = mo.leader_loss_weight * (lost[:, : day + 1] * decay**ages).sum(axis=1) / start
    arrears = np.median(daily["arrears_mean_months"].isel(day=day).values)
    needed = float(daily["supply_needed"].isel(day=day).median())
    short = float(daily["supply_shortage"].isel(day=day).median()) / needed if needed else 0.0
    offensive = float(np.minimum(plan.d_offensive[: day + 1, u], 1.0).mean())
    return sorted(
        (
            Drag(float(np.median(leader)), "morale.leader_loss_weight", "officers deserting"),
            Drag(
                mo.desertion_weight * share("deserted"),
                "morale.desertion_weight",
                "desertions seen",
            ),
            Drag(
                mo.casualty_weight * (share("killed") + share("wounded_new")),
                "morale.casualty_weight",
                "casualties seen",
            ),
            Drag(
                mo.arrears_weight * min(arrears / mo.arrears_saturation_months, 1.0),
                "morale.arrears_weight",
                "pay in arrears",
            ),
            Drag(mo.shortage_weight * short, "morale.shortage_weight", "supplies short"),
            Drag(
                mo.theft_weight * visible_theft(plan, day, u),
                "morale.theft_weight",
                "the commander's theft",
            ),
            Drag(mo.purpose_weight * (1.0 - offensive), "morale.purpose_weight", "no offensive"),
        ),
        key=lambda d: -d.size,
    )


def morale_floor(sc: ScenarioData, seed: int | None = None) -> list[tuple[Loc, str]]:
    """A warning, located at the unit, for each unit driven to its morale floor in 30 days.

    Driven there means its mean morale ends below :data:`FLOOR`, or its morale target (the
    baseline less the drags, before a man's arrears and offset) does: morale closes only a
    share of the gap a day, so it may still be on its way.
    """
    if not sc.mechanisms.morale:
        return []
    from attrit.model.plan import compile_plan
    from attrit.run import simulate_plan

    days = min(DAYS, sc.calendar.days)
    plan = compile_plan(sc, days)  # once: the run and the drags' levers read the same plan
    res = simulate_plan(plan, sc, REPLICATES, days, sc.seed if seed is None else seed)
    out = []
    for u, unit in enumerate(sc.units):
        end = float(np.median(res.daily["morale_mean"].isel(unit=u, day=days - 1).values))
        pulls = drags(sc, res, plan, u, days - 1)
        target = sc.morale.baseline_target - sum(d.size for d in pulls)
        if end >= FLOOR and target >= FLOOR:
            continue
        top = [d for d in pulls if d.size >= 0.01][:3]
        why = "; ".join(f"{d.what} {d.size:.2f} ({d.path})" for d in top)
        out.append(
            (
                ("units", u),
                f"at the scenario's own values, unit '{unit.id}' is driven to its morale floor "
                f"within {days} days: its morale target is {max(target, 0.0):.2f} on day {days} "
                f"and its mean morale falls from {sc.morale.initial_mean:.2f} to {end:.2f} "
                f"(medians of {REPLICATES} replicates); the largest drops of the target: "
                f"{why or 'none large: check baseline_target'}; check those weights and the "
                "hazards that feed them",
            )
        )
    return out
