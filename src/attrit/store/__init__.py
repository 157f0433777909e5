"""The run store: runs and their results in one embedded DuckDB file."""

from attrit.store.db import SCHEMA_VERSION, Store, StoreBusy, StoreError, default_path

__all__ = ["SCHEMA_VERSION", "Store", "StoreBusy", "StoreError", "default_path"]
