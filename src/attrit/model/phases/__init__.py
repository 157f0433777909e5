"""The phases of a simulated day: one module per mechanism, in the order of the day.

Each module declares its :class:`~attrit.model.mechanism.Mechanism` as ``MECHANISM``. To add
a mechanism, write its module here and its parameter block in
:mod:`attrit.scenario.mechanisms`, and put its name in :data:`attrit.model.order.ORDER`
(``docs/contributing.md`` works through an example). The modules are imported here, in that
order, before any of them can be used, so the record's variables and the random streams they
declare get the same indices in every process.
"""

from importlib import import_module

from attrit.model.mechanism import RECORD, STREAMS
from attrit.model.order import ORDER

MODULES = tuple(import_module(f"{__name__}.{name}") for name in ORDER)
"""The phase modules, in the order of the day."""

RECORD.close()
STREAMS.close()
