"""attrit: the manpower of armed forces under strain, modelled, calibrated and compared."""

from attrit.results import Results
from attrit.run import RunError, simulate
from attrit.scenario.api import Scenario, load, loads
from attrit.scenario.errors import Problem, ScenarioError
from attrit.version import __version__

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
