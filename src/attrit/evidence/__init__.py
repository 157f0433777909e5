"""Evidence: what each reported figure means in the simulated output, and what it weighs."""

from attrit.evidence.observables import Observable, measure, observables

__all__ = ["Observable", "measure", "observables"]
