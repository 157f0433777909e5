"""The phases of a simulated day: one module per mechanism, run in the order of :data:`ORDER`.

Each module declares its :class:`~attrit.model.mechanism.Mechanism` as ``MECHANISM``. To add
a mechanism, write its module here and its parameter block in
:mod:`attrit.scenario.mechanisms`, and put its name in :data:`ORDER` (``docs/contributing.md``
works through an example). The modules are imported here, in this order, before any of them
can be used, so the record's variables and the random streams they declare get the same
indices in every process.
"""

from importlib import import_module

from attrit.model.mechanism import RECORD, STREAMS

ORDER = (
    "interventions",
    "pay",
    "supply",
    "rotation",
    "desertion",
    "emigration",
    "census",
    "casualties",
    "training",
    "morale",
    "record",
)
"""The phases of each day, in order; the one list a new mechanism is added to."""

MODULES = tuple(import_module(f"{__name__}.{name}") for name in ORDER)
"""The phase modules, in :data:`ORDER`."""

RECORD.close()
STREAMS.close()
