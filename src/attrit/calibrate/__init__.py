"""Calibration: evidence to a posterior with ABC-SMC (pyabc), checks and forecasts."""

from attrit.calibrate.abc import Bounds
from attrit.calibrate.fit import fit, parse_params, resume
from attrit.calibrate.forecast import fitted_scenario, forecast
from attrit.calibrate.problem import FitError, Problem
from attrit.calibrate.result import Fit

__all__ = [
    "Bounds",
    "Fit",
    "FitError",
    "Problem",
    "fit",
    "fitted_scenario",
    "forecast",
    "parse_params",
    "resume",
]
