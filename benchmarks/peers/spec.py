"""The reference model's numbers, read once from reference.yaml, and what each peer returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

REFERENCE = Path(__file__).resolve().parents[1] / "reference.yaml"
UNITS = 25
DAYS_MEASURED = {"deserted_d90": 90, "front_d180": 180, "deserted_d365": 365}


def reference(n_people: int):
    """The reference scenario with ``n_people`` spread over its 25 units."""
    import attrit
    from attrit.scenario.edit import set_paths

    sc = attrit.load(REFERENCE)
    per_unit = n_people // UNITS
    return set_paths(
        sc, {"units.*.strength.troops": per_unit, "units.*.rotation.quota": int(0.4 * per_unit)}
    )


def params(n_people: int) -> dict:
    """The numbers of SPEC.md as a flat dict."""
    sc = reference(n_people)
    u, f, m = sc.units[0], sc.factions[0], sc.morale
    return {
        "units": UNITS,
        "n": u.strength.troops,
        "squad": u.strength.squad_size,
        "quota": u.rotation.quota,
        "days_on": u.rotation.days_on,
        "wage": f.pay.wage_usd_per_cycle,
        "cycle": f.pay.cycle_days,
        "funding": f.funding.points[0].value,
        "skim_f": f.pay.faction_skim_fraction,
        "skim_c": u.pay.commander_skim_fraction,
        "p_miss": u.pay.missed_cycle_probability,
        "h0": u.desertion.hazard_per_day,
        "h_slope": u.desertion.morale_log_slope,
        "contagion": u.desertion.contagion_weight,
        "window": u.desertion.contagion_window_days,
        "p_return": u.leave.return_probability,
        "r_slope": u.leave.morale_logit_slope,
        "m0": m.initial_mean,
        "m_sd": m.initial_sd,
        "o_sd": m.individual_sd,
        "rate": m.adjustment_rate_per_day,
        "base": m.baseline_target,
        "w_arrears": m.arrears_weight,
        "sat": m.arrears_saturation_months,
        "w_theft": m.theft_weight,
        "w_desert": m.desertion_weight,
        "w_purpose": m.purpose_weight,
    }


@dataclass
class Outcome:
    """What a contender reports for one replicate."""

    deserted_d90: float
    front_d180: float
    deserted_d365: float


def outcome(deserted_by_day: np.ndarray, front_by_day: np.ndarray, n_total: int) -> Outcome:
    """Outputs from the force's cumulative desertions and front, indexed by day (0-based)."""
    return Outcome(
        deserted_d90=float(deserted_by_day[89]) / n_total,
        front_d180=float(front_by_day[179]),
        deserted_d365=float(deserted_by_day[364]) / n_total,
    )
