"""Where a result came from: the software it ran on."""

from __future__ import annotations

import platform
from importlib import metadata

# the libraries whose versions can change a number in a result
PACKAGES = ("attrit", "numpy", "numba", "scipy", "pandas", "xarray", "duckdb", "pydantic")


def environment() -> dict[str, str]:
    """Python, platform and the versions of the packages that shape results."""
    env = {"python": platform.python_version(), "platform": platform.platform()}
    for name in PACKAGES:
        try:
            env[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            env[name] = "not installed"
    return env
