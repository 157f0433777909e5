"""The plan as the kernels see it on one day: the declared arrays of that day's epoch.

A schedule (:mod:`attrit.scenario.schedules`) cuts a run into epochs. The plan stacks each
declared array over them (:data:`~attrit.model.plan.Epochs`); :func:`view` gives the
:data:`~attrit.model.plan.Day` whose declared arrays are one epoch's rows, so every kernel
reads ``pl.u_des_h[u]`` as it would without schedules. The engine makes a view when the
epoch changes, not every day. The epochs travel beside the day's plan rather than inside
it: numba passes a tuple to a function field by field, and every kernel call would carry
them.
"""

from __future__ import annotations

from typing import Any

from numba.extending import overload

from attrit.model.plan import DECLARED, Day, Plan, split


def view(pl, ep, e):
    """The day's plan ``pl`` with its declared arrays those of epoch ``e`` of ``ep``."""
    return pl._replace(**{n: getattr(ep, n)[e] for n in DECLARED})


def at_day(plan: Plan, t: int) -> Day:
    """A plan as the kernels see it on day ``t``."""
    pl, ep = split(plan)
    return view(pl, ep, int(ep.day[t]))


@overload(view)
def _view(pl, ep, e):
    """The compiled :func:`view`: one constructor call, written out for the plan's fields."""
    declared = set(DECLARED)
    fields = ", ".join(f"ep.{n}[e]" if n in declared else f"pl.{n}" for n in pl.fields)
    scope: dict[str, Any] = {"Day": Day}
    exec(f"def impl(pl, ep, e):\n    return Day({fields})\n", scope)
    return scope["impl"]
