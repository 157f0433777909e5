"""The kinds of evidence: one module per kind, each declaring its ``Kind``.

To add a kind, write its module here (its schema, observable, phrasings and docs row) and put
its name in :data:`ORDER`; the scenario's evidence schema, the fit's observables, the
extractor and the docs pick it up from there.
"""

from importlib import import_module

ORDER = (
    "leave_return",
    "quota_fill",
    "desertion_count",
    "group_departure",
    "strength",
    "pay_arrears",
    "skim_fraction",
    "casualties",
    "recruitment",
    "figure",
)
"""Every kind, in the order the extractor tries their phrasings (a tie goes to the first)."""

KINDS = tuple(import_module(f"{__name__}.{name}").KIND for name in ORDER)
"""The kinds' declarations, in :data:`ORDER`."""

BY_NAME = {k.name: k for k in KINDS}


def kind(name: str):
    """The declaration of the kind called ``name``."""
    return BY_NAME[name]
