"""The run store: runs and their results in one embedded DuckDB file."""

from attrit.store.base import (
    SCHEMA_VERSION,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreMissing,
    default_path,
)
from attrit.store.db import Store, StoredRunWarning

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
