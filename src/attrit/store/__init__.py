"""The run store: runs and their results in one embedded DuckDB file.

The names below are loaded on first use (PEP 562): the store's module reads results with
pandas, and a command that only needs the store's path (to keep its outputs off it) should
not pay for that import.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "SCHEMA_VERSION": "base",
    "StoreBusy": "base",
    "StoreDamaged": "base",
    "StoreError": "base",
    "StoreMissing": "base",
    "default_path": "base",
    "Store": "db",
    "StoredRunWarning": "db",
}

__all__ = [
    "SCHEMA_VERSION",
    "Store",
    "StoreBusy",
    "StoreDamaged",
    "StoreError",
    "StoreMissing",
    "StoredRunWarning",
    "default_path",
]

if TYPE_CHECKING:
    from attrit.store.base import (
        SCHEMA_VERSION,
        StoreBusy,
        StoreDamaged,
        StoreError,
        StoreMissing,
        default_path,
    )
    from attrit.store.db import Store, StoredRunWarning


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'attrit.store' has no attribute '{name}'")
    return getattr(import_module(f"attrit.store.{_EXPORTS[name]}"), name)


def __dir__() -> list[str]:
    return __all__
