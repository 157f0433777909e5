"""How an evidence kind declares itself: its schema, its observable, its extraction hooks, its row.

An evidence kind lives in one module of :mod:`attrit.evidence.kinds`, which holds a
:class:`Kind` named ``KIND``. The scenario's evidence schema, the observables of a fit, the
extractor's rules and the docs' table of kinds are derived from those declarations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from attrit.model.registry import index
from attrit.scenario.evidence import EvidenceBase

ByDate = Literal["to_date", "on_date"]
Figure = tuple[str, float] | tuple[str, float, tuple[Any, Any, bool]]
"""A reported figure: its key's suffix and value, and optionally its own first and last
date and whether it was given with a date (a series' entries, a change's end level)."""
Stated = Literal["flow", "stock", "as_of_report"]


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _mean_over_days(values: np.ndarray) -> np.ndarray:
    """Mean over the period's days per replicate; nan, quietly, where no day is defined."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=1)


@dataclass(frozen=True)
class Window:
    """The simulated record over an item's units and period, to measure a figure in.

    ``span`` is replicates x days x units x variables; ``record`` the whole run (for what
    lies before the period, e.g. a unit's strength at its start).
    """

    record: np.ndarray
    span: np.ndarray
    units: tuple[int, ...]
    first: int
    members0: float  # the units' members at the scenario's start
    last: int = -1  # the period's last day (``first + span days - 1`` when not given)
    observation: Mapping[str, np.ndarray] = field(default_factory=dict)
    """The observation models' parameters, ``measure.parameter`` -> one value per replicate."""

    def __post_init__(self) -> None:
        if self.last < 0:
            object.__setattr__(self, "last", self.first + self.span.shape[1] - 1)

    def total(self, *names: str) -> np.ndarray:
        """Per replicate: the named flows summed over the period's days and the units."""
        return self.span[..., [index(n) for n in names]].sum(axis=(1, 2, 3))

    def daily(self, name: str) -> np.ndarray:
        """Replicates x days: a variable summed over the units."""
        return self.span[..., index(name)].sum(axis=2)

    def by_unit(self, name: str) -> np.ndarray:
        """Replicates x days x units: one variable."""
        return self.span[..., index(name)]

    def mean_over_days(self, values: np.ndarray) -> np.ndarray:
        """Per replicate: the mean over the period's days (nan where no day is defined)."""
        return _mean_over_days(values)

    def ratio(self, num: np.ndarray, den: np.ndarray) -> np.ndarray:
        """``num / den``, nan where ``den`` is not positive."""
        return _ratio(num, den)

    def strength_at_start(self) -> np.ndarray:
        """Per replicate: the units' strength at the start of the period (the day before)."""
        if self.first > 0:
            return self.record[:, self.first - 1][:, list(self.units)][..., index("strength")].sum(
                axis=1
            )
        return np.full(self.record.shape[0], self.members0)


@dataclass(frozen=True)
class Kind:
    """Everything about one kind of evidence, in one place.

    Attributes:
        name: the ``kind:`` of an evidence item.
        schema: its pydantic model (a subclass of ``EvidenceBase`` with ``kind`` a literal).
        doc: what the figure is and what it is measured against in the simulation (the row
            of the docs' table of kinds).
        figures: the item's reported figures as ``(suffix, value)``: one per figure, the
            suffix empty when the kind has one (``casualties`` has ``.killed``, ``.wounded``);
            a figure with a time of its own adds ``(first, last, dated)``.
        observable: the simulated counterpart of a figure in each replicate, from a
            :class:`Window` of the run, the item and the figure's suffix.
        by_date: how a figure given with a date (not a period) is measured: ``to_date``
            counts from the scenario's start to the date (a count "by" it), ``on_date`` is
            that day's value (a level "on" it); or a function of the item giving either.
        stated: for the extractor, how a report gives it: a ``flow`` wants a period from the
            text, a ``stock`` a date, and ``as_of_report`` is a state of affairs on the
            report's date.
        floor: the smallest value a figure's noise scale is taken relative to.
        no_value: why the simulation can give no value for the figure (for the refusal that
            names it before a fit).
        rules: the extractor's phrasings of this kind (see
            :class:`~attrit.evidence.extract.markers.Rule`), tried in the order of the kinds.
        refine: checks or completes a rule's match in its sentence:
            ``refine(values, sentence, match, where) -> values | None``.
        in_sentence: finds this kind in a sentence where no rule can:
            ``in_sentence(sentence, today, kinds_found) -> [Proposal]``.
        across_sentences: finds this kind stated over two sentences:
            ``across_sentences(text, first, second, today) -> [Proposal]``.
    """

    name: str
    schema: type
    doc: str
    figures: Callable[[Any], list[Figure]]
    observable: Callable[[Window, Any, str], np.ndarray]
    by_date: ByDate | Callable[[Any], ByDate]
    stated: Stated
    floor: float = 1.0
    no_value: str = "its units have nothing to count in its period"
    stated_for: Callable[[dict[str, Any]], Stated] | None = None
    """For the extractor, how a report gives it when that depends on the proposal's figures
    (a ``figure`` of a stock measure is a stock, of a flow a flow); else :attr:`stated`."""
    extensive: bool | Callable[[Any], bool] = True
    """Whether the figure is a count that grows with the force (a number of men, cases or
    names; scaled by ``calibration.scale``), or a share, ratio or mean (as it is); or a
    function of the item giving either."""
    rules: Sequence[Any] = ()
    refine: Callable[..., Any] | None = None
    in_sentence: Callable[..., Any] | None = None
    across_sentences: Callable[..., Any] | None = None

    def stated_of(self, values: dict[str, Any]) -> Stated:
        """How a report gives a proposal with these figures (see :attr:`stated_for`)."""
        return self.stated_for(values) if self.stated_for is not None else self.stated

    def is_extensive(self, ev: Any) -> bool:
        """Whether ``ev``'s figures are counts that grow with the force."""
        return self.extensive(ev) if callable(self.extensive) else self.extensive

    def counts_to_date(self, ev: Any) -> bool:
        """Whether a figure of ``ev`` given with a date counts from the scenario's start."""
        how = self.by_date(ev) if callable(self.by_date) else self.by_date
        return how == "to_date"

    @property
    def figure_fields(self) -> tuple[str, ...]:
        """The schema's fields that carry the kind's figures (beyond the common ones)."""
        common = set(EvidenceBase.model_fields) | {"kind"}
        return tuple(f for f in self.schema.model_fields if f not in common)


def one(field_name: str) -> Callable[[Any], list[tuple[str, float]]]:
    """The figures of a kind that reports one value, in ``field_name``."""
    return lambda ev: [("", getattr(ev, field_name))]
