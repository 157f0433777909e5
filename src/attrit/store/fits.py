"""Fits in the store: one row per calibration, its pyabc history in ``fits/`` beside it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from attrit.store.base import Connection, StoreMissing

JSON_COLUMNS = ("scenario", "spec", "posterior", "particles", "checks", "environment",
                "goodness_of_fit")  # fmt: skip
"""The fit's columns held as JSON (``goodness_of_fit`` is missing from a store not yet
migrated to version 7, and read as None)."""


class FitRecords(Connection):
    """The store's fits (:class:`attrit.store.Store` has these methods)."""

    def fit_history(self, fit_id: str) -> Path:
        """Where a fit's pyabc history (SQLite) lives: ``fits/`` beside the store."""
        return self.path.resolve().parent / "fits" / f"{fit_id}.sqlite"

    def save_fit(self, record: dict[str, Any]) -> None:
        """Insert or replace a fit's record (one transaction)."""
        from attrit.provenance import environment

        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        row = {
            "created": now,
            **record,
            "updated": now,
            "environment": environment(),
        }
        for key in JSON_COLUMNS:
            row[key] = json.dumps(row.get(key))
        columns = [
            "fit_id", "created", "updated", "status", "attrit_version", "scenario_name",
            "scenario_hash", "scenario", "spec", "history", "abc_id", "why", "generations",
            "simulations", "ess", "posterior", "particles", "checks", "wall_seconds", "command",
            "environment", "goodness_of_fit",
        ]  # fmt: skip
        with self._writing() as con:
            con.execute("DELETE FROM fits WHERE fit_id = ?", [row["fit_id"]])
            con.execute(
                f"INSERT INTO fits ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [row.get(c) for c in columns],
            )

    def fit(self, fit_id: str) -> dict[str, Any]:
        """One fit's record, JSON columns as data."""
        with self._connect(write=False) as con:
            cur = con.execute("SELECT * FROM fits WHERE fit_id = ?", [fit_id])
            rows = cur.fetchall()
            if not rows:
                raise StoreMissing(f"no fit '{fit_id}' in {self.path} (attrit fits lists them)")
            record = dict(zip([d[0] for d in cur.description], rows[0], strict=True))
        for key in JSON_COLUMNS:
            record[key] = json.loads(record[key]) if record.get(key) else None
        return record

    def fits(self) -> pd.DataFrame:
        """Every fit, newest first (without the heavy columns)."""
        with self._connect(write=False) as con:
            return con.sql(
                "SELECT fit_id, status, created, scenario_name, generations, simulations, "
                "round(ess, 1) AS ess, why FROM fits ORDER BY created DESC"
            ).df()
