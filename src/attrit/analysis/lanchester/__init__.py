"""Lanchester combat attrition: the laws, a battle series, fitting with intervals."""

from attrit.analysis.lanchester.fit import METHODS, FitProblem, fit, setup
from attrit.analysis.lanchester.laws import LAWS, Battle, simulate
from attrit.analysis.lanchester.series import SeriesError, parse, read, schedule

__all__ = [
    "LAWS",
    "METHODS",
    "Battle",
    "FitProblem",
    "SeriesError",
    "fit",
    "parse",
    "read",
    "schedule",
    "setup",
    "simulate",
]
