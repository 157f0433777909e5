"""Scenario files: schema, loading with located errors, parameter paths."""

from attrit.scenario.errors import Problem, ScenarioError
from attrit.scenario.load import (
    dump_yaml,
    load,
    load_evidence,
    loads,
    loads_evidence,
    validate_data,
)
from attrit.scenario.paths import PathError
from attrit.scenario.schema import Scenario

__all__ = [
    "PathError",
    "Problem",
    "Scenario",
    "ScenarioError",
    "dump_yaml",
    "load",
    "load_evidence",
    "loads",
    "loads_evidence",
    "validate_data",
]
