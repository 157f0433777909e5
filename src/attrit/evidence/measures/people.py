"""People: the men a report counts, read straight from the simulated record.

Stocks are a day's level (the mean over the days of a period); flows are totals over the
period. Each is summed over the item's units.
"""

from __future__ import annotations

import numpy as np

from attrit.evidence.measure import Measure
from attrit.model.registry import DESERTION_CAUSES

_STOCKS = (
    ("strength", ("strength",), "men on the rolls (the units' strength)"),
    ("front", ("front",), "men on the front-line shift"),
    ("on_leave", ("on_leave",), "men away on leave"),
    ("absent", ("absent",), "men absent without leave who are still on the rolls"),
    ("in_training", ("in_training",), "recruits in training"),
    ("ghosts", ("ghosts",), "names on the payroll with no man behind them"),
    ("authorised", ("authorised",), "authorised strength: the posts the units may fill"),
)
_FLOWS = (
    ("deserted", DESERTION_CAUSES, "men who deserted, of every cause"),
    ("went_absent", ("went_absent",), "men who went absent without leave"),
    ("returned_from_absence", ("absent_returned",), "absentees who came back"),
    ("killed", ("killed",), "men killed"),
    ("wounded", ("wounded_new",), "men newly wounded"),
    ("discharged", ("discharged",), "men discharged: a term that ended, or a dated discharge"),
    ("trained", ("recruits_posted", "deserted_trainee"), "recruits who completed training"),
)


def _stock(variables: tuple[str, ...]):
    return lambda w: sum(w.daily(v) for v in variables)


def _payroll(w):
    # with the ghosts mechanism off nothing counts the payroll (zeros): it is then the men on
    # the rolls, present or absent; with it on, those and the ghosts
    return np.maximum(w.daily("paper_strength"), w.daily("strength") + w.daily("absent"))


def _flow(variables: tuple[str, ...]):
    return lambda w: w.total(*variables)


PAYROLL = Measure(
    "payroll",
    "names",
    True,
    "names on the payroll: the men on the rolls, present or absent, and the ghosts: "
    "paper_strength on the day (strength + absent where no ghosts are modelled)",
    _payroll,
)

_LEVELS = tuple(
    Measure(name, "men", True, f"{what}: {', '.join(vs)} on the day", _stock(vs))
    for name, vs, what in _STOCKS
)
_COUNTS = tuple(
    Measure(name, "men", False, f"{what}: {' + '.join(vs)} over the period", _flow(vs))
    for name, vs, what in _FLOWS
)
MEASURES = (*_LEVELS, PAYROLL, *_COUNTS)
