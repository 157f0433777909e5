"""Scenario files: schema, loading with located errors, parameter paths.

The names below are loaded on first use (PEP 562): the model's phases import this package's
parameter blocks (:mod:`attrit.scenario.mechanisms`) while the schema is built from the
phases, so importing the package itself must not import the schema. Code inside attrit
imports the submodule it needs.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Scenario": "api",
    "as_scenario": "api",
    "check_evidence": "api",
    "dump_yaml": "api",
    "load": "api",
    "load_evidence": "api",
    "loads": "api",
    "loads_evidence": "api",
    "to_yaml": "api",
    "validate_data": "api",
    "Problem": "errors",
    "ScenarioError": "errors",
    "PathError": "paths",
    "ScenarioData": "schema",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'attrit.scenario' has no attribute '{name}'")
    return getattr(import_module(f"attrit.scenario.{_EXPORTS[name]}"), name)
