"""Every central table of the model, derived from the phases' declarations.

Nothing here is edited by hand when a mechanism is added: the order of a day, the switches,
the recorded variables with their units, the random streams, the plan's declared arrays and
the kernels the engine calls all come from the ``MECHANISM`` of each module in
:data:`attrit.model.order.ORDER`.
"""

from __future__ import annotations

import hashlib

import numpy as np

from attrit.model import rng
from attrit.model.mechanism import RECORD, STREAMS, Mechanism, PlanArray, Variable, no_init
from attrit.model.order import ORDER
from attrit.model.phases import MODULES

MECHANISMS: tuple[Mechanism, ...] = tuple(m.MECHANISM for m in MODULES)
"""The day's phases, in order."""

PHASES: tuple[str, ...] = ORDER

SWITCHED: tuple[Mechanism, ...] = tuple(m for m in MECHANISMS if m.switch is not None)
"""The mechanisms a scenario can switch off (``mechanisms:``), in the order of the day."""

VARIABLES: tuple[Variable, ...] = tuple(RECORD.items)
"""Every recorded variable, in the order of the record's last axis."""

RECORDED: tuple[str, ...] = RECORD.names()
N_RECORDED = len(RECORDED)

DESERTION_CAUSES: tuple[str, ...] = tuple(v.name for v in VARIABLES if v.cause)
"""Desertion is counted by cause; ``deserted`` is their sum."""

STREAM_NAMES: tuple[str, ...] = STREAMS.names()
"""Every random stream, in the order of a day's bases."""

PLAN_ARRAYS: tuple[PlanArray, ...] = tuple(a for m in MECHANISMS for a in m.plan)
"""The plan arrays the mechanisms declare."""

KERNELS = tuple(m.kernels() for m in MECHANISMS)
"""``(prepare, people, finish)`` of each phase, in order (the engine unrolls this tuple)."""

INITS = tuple(m.init for m in MECHANISMS if m.init is not no_init)
"""The day-0 set-up of the phases that have one, in order."""

LAYOUT = hashlib.sha256(
    repr((ORDER, RECORDED, STREAM_NAMES, [a.name for a in PLAN_ARRAYS])).encode()
).hexdigest()[:16]
"""A fingerprint of the layout: a plan made by another version of the model is refused."""


def _check() -> None:
    names = [a.name for a in PLAN_ARRAYS]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"plan arrays declared by two mechanisms: {', '.join(twice)}")
    for m, name in zip(MECHANISMS, ORDER, strict=True):
        if m.name != name:
            raise ValueError(f"the module {name} declares a mechanism named {m.name}")


_check()


def mechanism(name: str) -> Mechanism:
    """The mechanism called ``name``."""
    return MECHANISMS[ORDER.index(name)]


def variable(name: str) -> Variable:
    """The recorded variable called ``name``."""
    return VARIABLES[RECORDED.index(name)]


def index(name: str) -> int:
    """The position of a recorded variable on the record's last axis."""
    return RECORDED.index(name)


def switch_array(switches: object) -> np.ndarray:
    """The plan's ``switch`` array: one entry per phase, 1 where it runs.

    ``switches`` is the scenario's ``mechanisms`` block; a phase without a switch always runs.
    """
    return np.array(
        [1 if m.switch is None else int(getattr(switches, m.name)) for m in MECHANISMS], np.int8
    )


def stream_keys(seed: int) -> np.ndarray:
    """Keys of every stream under run ``seed``, in the order of :data:`STREAM_NAMES`."""
    return rng.stream_keys(seed, STREAM_NAMES)
