"""attrit's version (recorded with every run and fit)."""

__version__ = "0.1.0"
