"""attrit: the manpower of armed forces under strain, modelled, calibrated and compared.

The names below are loaded on first use (PEP 562), so that ``import attrit`` and the
command line start without pandas, xarray or the engine until a command needs them.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from attrit.version import __version__

_EXPORTS = {
    "Problem": "attrit.scenario.errors",
    "Results": "attrit.results",
    "RunError": "attrit.run",
    "Scenario": "attrit.scenario.api",
    "ScenarioError": "attrit.scenario.errors",
    "load": "attrit.scenario.api",
    "loads": "attrit.scenario.api",
    "simulate": "attrit.run",
}

__all__ = [
    "Problem",
    "Results",
    "RunError",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load",
    "loads",
    "simulate",
]

if TYPE_CHECKING:  # for type checkers and IDEs; at run time __getattr__ imports them
    from attrit.results import Results
    from attrit.run import RunError, simulate
    from attrit.scenario.api import Scenario, load, loads
    from attrit.scenario.errors import Problem, ScenarioError


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'attrit' has no attribute '{name}'")
    return getattr(import_module(_EXPORTS[name]), name)


def __dir__() -> list[str]:
    return __all__
