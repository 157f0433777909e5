"""A force at full scale: nine units of 20,600 men (185,400), every mechanism of the example.

Built from the shipped example: its factions, pay chains, morale, supplies and force-wide
interventions, with the six units replaced by nine of the size of a large army's divisions
(19,400 troops, 400 officers with two bodyguards each), the factions and provinces taken in
turn. The example's evidence, calibration and assumptions name its own units, so they are
left out; so are the interventions aimed at one of those units.
"""

from __future__ import annotations

import copy
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iraq-2015.yaml"
UNITS, TROOPS, OFFICERS = 9, 19_400, 400
DAYS = 400


def army():
    """The 185,400-man scenario."""
    import attrit
    from attrit.scenario import validate_data

    data = attrit.load(EXAMPLE).to_data()
    template = max(data["units"], key=lambda u: u["strength"]["troops"])
    factions = [f["id"] for f in data["factions"]]
    provinces = sorted({u["province"] for u in data["units"]})
    units = []
    for k in range(UNITS):
        unit = copy.deepcopy(template)
        unit.update(id=f"division-{k + 1}", name=f"Division {k + 1}",
                    faction=factions[k % len(factions)],
                    province=provinces[k % len(provinces)])  # fmt: skip
        unit["strength"].update(troops=TROOPS, officers=OFFICERS, bodyguards_per_officer=2)
        unit["rotation"]["quota"] = int(0.5 * TROOPS)
        units.append(unit)
    data["units"] = units
    data["evidence"], data["sources"] = [], []
    data.pop("calibration", None)
    data.pop("assumptions", None)
    data["interventions"] = [
        iv for iv in data["interventions"] if not str(iv.get("target", "")).startswith("unit:")
    ]
    data["calendar"]["days"] = DAYS
    return validate_data(data)
