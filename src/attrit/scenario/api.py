"""The scenario an analyst holds: its data, and the methods that edit and run it.

:class:`Scenario` is :class:`~attrit.scenario.schema.ScenarioData` with ``set``, ``get`` and
``simulate``. It lives above the engine (``simulate`` runs it), while everything the engine
reads is the data below; the loaders here are the ones that give a :class:`Scenario`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrit.scenario import reading
from attrit.scenario.edit import set_path, set_paths
from attrit.scenario.locate import Locator
from attrit.scenario.paths import get_path
from attrit.scenario.schema import ScenarioData

if TYPE_CHECKING:
    from attrit.results import Results


class Scenario(ScenarioData):  # type: ignore[misc, valid-type]
    """A whole scenario, validated. Build one with :func:`attrit.load`."""

    def set(self, path: str, value: Any) -> Scenario:
        """Return a new, re-validated scenario with the parameter at ``path`` set.

        ``path`` is dotted; list items are addressed by id and ``*`` matches every item,
        e.g. ``units.*.desertion.hazard_per_day``.
        """
        return set_path(self, path, value)

    def set_many(self, changes: dict[str, Any]) -> Scenario:
        """Return a new scenario with every ``path: value`` of ``changes`` set, validated once."""
        return set_paths(self, changes)

    def get(self, path: str) -> Any:
        """The value at ``path`` (a list of values if ``path`` holds a wildcard)."""
        return get_path(self, path)

    def simulate(self, replicates: int = 100, **options: Any) -> Results:
        """Simulate this scenario; see :func:`attrit.simulate` for the options."""
        from attrit.run import simulate

        return simulate(self, replicates=replicates, **options)


def validate_data(data: Any, source: str = "<data>", locate: Locator | None = None) -> Scenario:
    """Validate plain data as a :class:`Scenario`, raising ScenarioError with every problem."""
    if locate is None:
        return reading.validate(data, Scenario, source)
    return reading.validate(data, Scenario, source, locate)


def loads(text: str, source: str = "<string>", fmt: str = "yaml") -> Scenario:
    """Load a scenario from YAML or TOML text."""
    data, locate = reading.parse(text, source, fmt)
    return reading.validate(data, Scenario, source, locate)


def load(path: str | Path) -> Scenario:
    """Load and validate a scenario file (``.yaml``, ``.yml`` or ``.toml``)."""
    text, fmt = reading.read_text(Path(path))
    return loads(text, str(path), fmt)


def load_evidence(scenario: ScenarioData, path: str | Path) -> Scenario:
    """The scenario with its evidence replaced by an evidence file's (and its sources added).

    The file holds ``evidence:`` (and optionally ``sources:``) in the scenario's format; every
    problem is located in that file.
    """
    text, fmt = reading.read_text(Path(path))
    return loads_evidence(scenario, text, str(path), fmt)


def check_evidence(path: str | Path) -> Any:
    """An evidence file checked without a scenario: its sources and items.

    See :func:`attrit.scenario.reading.evidence_alone`.
    """
    text, fmt = reading.read_text(Path(path))
    return reading.evidence_alone(text, str(path), fmt)


def loads_evidence(
    scenario: ScenarioData, text: str, source: str = "<string>", fmt: str = "yaml"
) -> Scenario:
    """:func:`load_evidence` from YAML or TOML text (``source`` names it in problems)."""
    return reading.with_evidence(as_scenario(scenario), text, source, fmt)


def as_scenario(data: ScenarioData) -> Scenario:
    """Scenario data as a :class:`Scenario` (itself when it is one already)."""
    if isinstance(data, Scenario):
        return data
    return Scenario.model_validate(data.model_dump())


def to_yaml(scenario: ScenarioData) -> str:
    """A scenario as YAML text that :func:`loads` reads back to an equal scenario."""
    return reading.to_yaml(scenario)


def dump_yaml(scenario: ScenarioData, path: str | Path) -> None:
    """Write a scenario as YAML that :func:`load` reads back to an equal scenario (atomic)."""
    from attrit.files import write_atomic

    write_atomic(path, to_yaml(scenario))
