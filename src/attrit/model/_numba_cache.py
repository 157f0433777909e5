"""Where compiled kernels are cached, keyed by the model's source.

Numba's ``cache=True`` checks only the file of the function it compiles, not the files of the
functions it calls, so a change to one mechanism could leave a stale engine in the cache. The
cache therefore lives in a folder named by a hash of every model source file and the numba
version. ``NUMBA_CACHE_DIR``, when set, is respected.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba


def configure() -> Path | None:
    """Point numba's cache at the folder of this model version; return it."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return None
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(numba.__version__.encode())
    for path in sorted(here.rglob("*.py")):
        digest.update(path.relative_to(here).as_posix().encode())
        digest.update(path.read_bytes())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = root / "attrit" / "numba" / digest.hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # an unwritable home: numba falls back to its own locations
    numba.config.CACHE_DIR = str(folder)
    return folder
