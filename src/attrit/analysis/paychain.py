"""How much of the money sent for a man reaches him, through the model's own skim chain.

Pay and bonuses pass sponsor -> faction -> commander -> man (``attrit.model.phases.pay``); the
share that arrives is computed by the engine's ``take_home`` from the compiled plan, so this
table is what the simulation itself applies, not a second formula.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from attrit.model.epochs import at_day
from attrit.model.phases.pay import take_home
from attrit.model.plan import compile_plan
from attrit.scenario.schema import ScenarioData


def pass_through(scenario: ScenarioData, on: dt.date) -> pd.DataFrame:
    """Per unit on date ``on``: the skims in force and the share of a dollar that reaches a man.

    ``bonus_usd`` is the bonus paid that day (active ``bonus`` interventions starting then);
    ``bonus_reaching_usd`` what a man receives of it.
    """
    day = (on - scenario.calendar.start).days
    if not 0 <= day < scenario.calendar.days:
        raise ValueError(f"{on} is outside the calendar of '{scenario.name}'")
    plan = at_day(compile_plan(scenario, day + 1), day)  # the skims of that day's epoch
    rows = []
    for u, unit in enumerate(scenario.units):
        keep = 1.0 - plan.d_cut[day, u]
        share = float(take_home(plan, day, u))
        bonus = float(plan.d_bonus[day, u])
        rows.append(
            {
                "unit": unit.id,
                "faction_skim": float(plan.f_skim[plan.u_faction[u]] * keep),
                "commander_skim": float(plan.u_skim_cmd[u] * keep),
                "paid_directly": float(plan.d_direct[day, u]),
                "reaches_man": share,
                "bonus_usd": bonus,
                "bonus_reaching_usd": bonus * share,
            }
        )
    return pd.DataFrame(rows)


def bonus_dates(scenario: ScenarioData) -> list[dt.date]:
    """Start dates of the scenario's bonus interventions (active or not), sorted."""
    return sorted({iv.start for iv in scenario.interventions if iv.kind == "bonus"})
