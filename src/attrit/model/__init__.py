"""The simulation model: plan, state, mechanisms (phases), RNG streams and the engine.

Importing it points numba's kernel cache at a folder keyed by the model's source (see
:mod:`attrit.model._numba_cache`), before any kernel is defined.
"""

from attrit.model._numba_cache import configure as _configure_cache

CACHE_DIR = _configure_cache()
