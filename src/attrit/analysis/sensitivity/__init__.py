"""Which drivers matter: Morris screening and Sobol indices over the scenario's parameters."""

from attrit.analysis.sensitivity.analyse import (
    METHODS,
    OUTPUTS,
    Sensitivity,
    SensitivityError,
    analyse,
    measure,
)
from attrit.analysis.sensitivity.factors import (
    Factor,
    FactorError,
    around,
    default_factors,
    fitted_ranges,
    parse_factor,
)

__all__ = [
    "METHODS",
    "OUTPUTS",
    "Factor",
    "FactorError",
    "Sensitivity",
    "SensitivityError",
    "analyse",
    "around",
    "default_factors",
    "fitted_ranges",
    "measure",
    "parse_factor",
]
