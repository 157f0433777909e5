"""How a mechanism declares itself: its switch, parameters, streams, records, plan arrays, step.

A phase module (``attrit/model/phases/NAME.py``) holds one :class:`Mechanism` named
``MECHANISM`` and the kernels it points to. Everything central is derived from those
declarations by :mod:`attrit.model.registry`: the record's variables and their indices, the
random streams, the plan's arrays, the scenario's ``mechanisms:`` switches and parameter
blocks, and ``docs/engine.md``.

Variables and streams get their index when they are declared. The phases package imports its
modules in the order of :data:`attrit.model.order.ORDER` before any of them can be used, so
the indices are the same in every process (and in numba's cache, which is keyed by the model's
source). A declaration made after that is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numba import njit

Kind = Literal["flow", "stock"]
Scope = Literal["unit", "faction", "force"]


@dataclass(frozen=True)
class Variable:
    """A recorded variable: one value per replicate, day and unit.

    ``units`` follows the CF conventions' spelling where one exists (``1`` for a share);
    a ``flow`` is what happened during the day, a ``stock`` the level at its end. A
    desertion ``cause`` is summed into ``deserted``.
    """

    name: str
    units: str
    long_name: str
    kind: Kind
    index: int
    cause: bool = False


@dataclass(frozen=True)
class Stream:
    """A named random stream (see :mod:`attrit.model.rng`); draws depend on its name only."""

    name: str
    index: int


class Layout:
    """Names declared in order, each with its index; closed once every phase is imported."""

    def __init__(self, what: str):
        self.what = what
        self.items: list[Any] = []
        self.closed = False

    def add(self, make: Callable[[int], Any], name: str) -> Any:
        """Declare ``name`` (``make(index)`` builds it); a second declaration is refused."""
        if self.closed:
            raise RuntimeError(
                f"{self.what} '{name}' declared after the phases were registered: declare it "
                "in a phase module listed in attrit.model.order.ORDER"
            )
        if any(item.name == name for item in self.items):
            raise ValueError(f"{self.what} '{name}' is declared twice")
        item = make(len(self.items))
        self.items.append(item)
        return item

    def names(self) -> tuple[str, ...]:
        """The declared names, in index order."""
        return tuple(item.name for item in self.items)

    def close(self) -> None:
        """Refuse further declarations (called once every phase module is imported)."""
        self.closed = True


RECORD = Layout("recorded variable")
STREAMS = Layout("random stream")


def flow(name: str, units: str, long_name: str, cause: bool = False) -> Variable:
    """Declare a flow: counted (or summed) by the phases while the day runs."""
    return RECORD.add(lambda k: Variable(name, units, long_name, "flow", k, cause), name)


def stock(name: str, units: str, long_name: str) -> Variable:
    """Declare a stock: a level at the end of the day."""
    return RECORD.add(lambda k: Variable(name, units, long_name, "stock", k), name)


def stream(name: str) -> Stream:
    """Declare a random stream, named ``mechanism.decision`` (e.g. ``desertion.on_duty``)."""
    return STREAMS.add(lambda k: Stream(name, k), name)


@dataclass(frozen=True)
class PlanArray:
    """An array of the plan built from the scenario: one value per unit or faction, or one.

    ``source`` is a dotted path from the unit, the faction or the scenario
    (``desertion.hazard_per_day``), or a function of that item for what a path cannot say.
    """

    name: str
    scope: Scope
    source: str | Callable[[Any], Any]
    dtype: Any = np.float64

    def value(self, item: Any) -> Any:
        """The array's value for one unit, faction or scenario."""
        if callable(self.source):
            return self.source(item)
        for part in self.source.split("."):
            item = getattr(item, part)
        return item

    def build(self, scenario: Any) -> Any:
        """The array (or scalar, for the force) for ``scenario``."""
        if self.scope == "force":
            value = self.value(scenario)
            return self.dtype(value) if self.dtype is not np.float64 else float(value)
        items = scenario.units if self.scope == "unit" else scenario.factions
        return np.array([self.value(x) for x in items], self.dtype)

    @property
    def described(self) -> str:
        """Where the values come from, for the docs."""
        where = {"unit": "units.*.", "faction": "factions.*.", "force": ""}[self.scope]
        if isinstance(self.source, str):
            return f"`{where}{self.source}`"
        return f"computed per {self.scope}"


def per_unit(name: str, source: str | Callable[[Any], Any], dtype: Any = np.float64) -> PlanArray:
    """A plan array with one value per unit."""
    return PlanArray(name, "unit", source, dtype)


def per_faction(
    name: str, source: str | Callable[[Any], Any], dtype: Any = np.float64
) -> PlanArray:
    """A plan array with one value per faction."""
    return PlanArray(name, "faction", source, dtype)


def force(name: str, source: str | Callable[[Any], Any], dtype: Any = np.float64) -> PlanArray:
    """A single value for the whole force (from the scenario's force-wide blocks)."""
    return PlanArray(name, "force", source, dtype)


@njit(cache=True)
def nobody(lo, hi, t, pl, st, bs, today, ctx):
    """The per-person work of a phase that has none."""


@njit(cache=True)
def nothing(t, pl, st, bs, today, ctx):
    """The closing work of a phase that has none."""


@njit(cache=True)
def no_init(pl, st, keys, replicate):
    """The day-0 work of a phase that has none."""


@dataclass(frozen=True)
class Mechanism:
    """Everything about one phase of the day, in one place.

    Attributes:
        name: the phase's name, as listed in :data:`attrit.model.order.ORDER`.
        doc: what it does and its equations (the module docstring; ``docs/engine.md``).
        switch: the scenario's ``mechanisms.NAME`` switch, described; None for a phase that
            always runs.
        params: the parameter blocks it reads, by their home in the scenario
            (``units.*.desertion``, ``factions.*.pay``, ``morale``): the scenario's schema is
            built from these.
        streams: the random streams it draws from.
        records: the variables it records.
        plan: the plan arrays it declares (built from its parameter blocks).
        reads: the plan and state arrays its kernels read or write, its own included
            (``pl.u_des_h``, ``st.morale``); a test holds this against the code.
        prepare: ``prepare(t, pl, st, bs, today) -> ctx``, the unit-level work of a day;
            ``ctx[0]`` says whether the per-person pass is needed.
        people: ``people(lo, hi, t, pl, st, bs, today, ctx)``, the work for persons ``lo``
            to ``hi - 1``: everyone, one unit's slice or one person. (A loop inside, not a
            call per person: a call copies the plan and the state, and numba counts the
            references of every array they hold, some 400 ns a call.)
        finish: ``finish(t, pl, st, bs, today, ctx)``, unit-level work after the people.
        init: ``init(pl, st, keys, replicate)``, the state it sets up on day 0 (always run,
            switched on or not).
    """

    name: str
    doc: str
    switch: str | None
    prepare: Any
    people: Any = nobody
    finish: Any = nothing
    init: Any = no_init
    params: Mapping[str, type] = field(default_factory=dict)
    streams: tuple[Stream, ...] = ()
    records: tuple[Variable, ...] = ()
    plan: tuple[PlanArray, ...] = ()
    reads: str | tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.reads, str):  # written as words, one array after another
            object.__setattr__(self, "reads", tuple(self.reads.split()))

    def kernels(self) -> tuple[Any, Any, Any]:
        """The day's kernels, as the engine calls them."""
        return (self.prepare, self.people, self.finish)
