"""A small calibration problem for tests: one unit of 200, desertion only, 60 days."""

from __future__ import annotations

from attrit.calibrate import Bounds, Problem
from attrit.scenario import validate_data
from attrit.scenario.calibration import FittedParameter
from support.helpers import scenario

HAZARD = "units.alpha.desertion.hazard_per_day"
PRIOR = "loguniform(0.001,0.03)"
PARAMS = [FittedParameter(path=HAZARD, prior=PRIOR)]
SMALL = Bounds(population=100, generations=4, budget=20_000)


def small(deserted: float = 40, reliability: str = "B", credibility: int = 2, strength=None):
    """The small scenario with a desertion count (and optionally a strength) as evidence."""
    sc = scenario(on=("desertion",), troops=200, unit={"desertion": {"hazard_per_day": 0.005}},
                  days=60)  # fmt: skip
    data = sc.to_data()
    data["sources"] = [{"id": "memo", "title": "memo"}]
    grade = {"source": "memo", "quote": "q", "reliability": reliability, "credibility": credibility}
    data["evidence"] = [
        {"id": "deserted", "kind": "desertion_count", "unit": "alpha", "deserted": deserted,
         "period": {"start": "2015-08-01", "end": "2015-09-29"}, **grade},
    ]  # fmt: skip
    if strength is not None:
        data["evidence"].append(
            {"id": "left", "kind": "strength", "unit": "alpha", "date": "2015-09-29",
             "strength": strength, **grade}
        )  # fmt: skip
    return validate_data(data)


def synthetic(theta: float, seed: int, **kw):
    """The small scenario whose figures are what a source would report at ``theta``."""
    sc = small(**kw)
    reported = Problem(sc, PARAMS).observe({HAZARD: theta}, seed)
    data = sc.to_data()
    for ev in data["evidence"]:
        field = "deserted" if ev["kind"] == "desertion_count" else "strength"
        ev[field] = max(0, round(reported[ev["id"]]))
    return validate_data(data)


def sbc_replication(k: int, truth: float, folder: str) -> float:
    """One SBC replication: the posterior probability that the hazard is below ``truth``."""
    import numpy as np

    from attrit.calibrate import abc

    problem = Problem(synthetic(truth, seed=1000 + k, strength=150), PARAMS)
    history, *_ = abc.run(problem, f"sqlite:///{folder}/sbc{k}.db", SMALL, seed=k)
    particles = abc.particles(history, problem)
    theta = np.array([p["theta"][HAZARD] for p in particles])
    w = np.array([p["weight"] for p in particles])
    return float(w[theta < truth].sum())
