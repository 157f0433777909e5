"""The measures a report may count: one module per family, each declaring its ``MEASURES``.

To add a measure, declare it in a module here (its observation model and, if it has any, its
parameters) and put the module in :data:`ORDER`; the ``figure`` evidence kind, the
scenario's ``observation`` section and the docs pick it up from there.
"""

from importlib import import_module

from pydantic import Field, create_model

from attrit.scenario.base import Strict

ORDER = ("people", "proceedings", "sentences", "struck_off")
"""The modules that declare measures, in the order the docs list them."""

MEASURES = tuple(m for name in ORDER for m in import_module(f"{__name__}.{name}").MEASURES)
"""Every measure's declaration."""

BY_NAME = {m.name: m for m in MEASURES}
NAMES = tuple(BY_NAME)

Observation = create_model(
    "Observation",
    __base__=Strict,
    __doc__="The observation models' parameters: how paperwork counts relate to people.",
    **{
        m.name: (m.parameters, Field(default_factory=m.parameters))
        for m in MEASURES
        if m.parameters is not None
    },
)
"""The scenario's ``observation`` section, derived from the measures that have parameters."""


def measure(name: str):
    """The declaration of the measure called ``name``."""
    return BY_NAME[name]
