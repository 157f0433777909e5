"""The run store: every run, its scenario and its results, in one DuckDB file.

Schema (version 6; ``docs/store.md``; :mod:`attrit.store.base` holds it):

- ``meta(key, value)``: ``schema_version``.
- ``runs``: one row per run: ``run_id``, ``kind`` (simulate, compare), ``group_id`` and
  ``role`` (a comparison's runs share a group; role is ``baseline`` or the variant's name),
  ``created``, ``attrit_version``, ``scenario_name``, ``scenario_hash``, ``scenario``
  (the validated scenario as JSON), ``seed``, ``replicates``, ``days``, ``changes`` (JSON:
  parameters or interventions changed from the file), ``wall_seconds``, ``summary`` (JSON),
  ``command`` (the attrit command line, when run from the CLI), ``environment`` (JSON:
  Python, platform and package versions) and ``people`` (persons in the plan).
- ``fits``: one row per calibration: its scenario, specification (parameters, priors,
  bounds, seed), the path of its pyabc history, status (``running``, ``done``), the
  posterior particles with weights and seeds, summaries and the predictive checks.
- ``variables``: each run's recorded variables with their ``units``, ``long_name`` and
  ``kind`` (flow or stock), as the attrit that stored it declared them.
- each run's daily record: a Parquet file ``<run_id>.parquet`` in the records folder beside
  the store (``runs.duckdb`` keeps them in ``runs.records/``), one row per replicate, day and
  unit and one column per recorded variable (:mod:`attrit.store.records`); derived totals
  such as ``deserted_total`` are computed again when a run is read.

A run stored by an older attrit may lack variables this one records: reading it fills them
with missing values (NaN) and says so (:class:`StoredRunWarning`, ``Results.missing``);
variables this attrit no longer records are left out, with a warning too.

A run, or the runs of one comparison, is written in one transaction: a process killed at any
moment leaves either the whole run or none of it (DuckDB rolls back what was not committed
when the file is next opened; a record file no committed run names is removed).
DuckDB lets one process at a time open the file; others wait up to ``wait_seconds`` and then
get :class:`StoreBusy`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

import attrit.store.records as records
from attrit.files import atomic_path
from attrit.store.base import RUN_COLUMNS, StoreDamaged, StoreError, StoreMissing
from attrit.store.fits import FitRecords
from attrit.store.sensitivity import SensitivityRuns

__all__ = ["Store", "StoredRunWarning"]  # the store's other names: attrit.store.base


class StoredRunWarning(UserWarning):
    """A stored run does not hold exactly the variables this attrit records."""


def variable_rows(run_id: str) -> list[list[Any]]:
    """The ``variables`` rows of a run recorded by this attrit."""
    from attrit.model.registry import VARIABLES

    return [[run_id, v.name, v.units, v.long_name, v.kind] for v in VARIABLES]


class Store(SensitivityRuns, FitRecords):
    """A run store at ``path`` (created on first write)."""

    def save(
        self,
        results: Any,
        kind: str = "simulate",
        changes: dict | None = None,
        group_id: str | None = None,
        role: str | None = None,
        command: str | None = None,
    ) -> str:
        """Store a run and its daily record in one transaction; return its id."""
        return self.save_group([(results, role, changes)], kind, group_id, command)[0]

    def save_group(
        self,
        runs: list[tuple[Any, str | None, dict | None]],
        kind: str,
        group_id: str | None = None,
        command: str | None = None,
    ) -> list[str]:
        """Store runs ``(results, role, changes)`` that belong together, all or none.

        Returns their ids in order.
        """
        from attrit.provenance import environment

        env = json.dumps(environment())
        rows, tables = [], []
        for results, role, changes in runs:
            run_id = uuid.uuid4().hex[:12]
            meta = results.metadata()
            tables.append(records.table(results))
            rows.append(
                [
                    run_id,
                    kind,
                    group_id,
                    role,
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    meta["attrit_version"],
                    meta["scenario"],
                    meta["scenario_hash"],
                    json.dumps(results.scenario.to_data()),
                    int(results.seed),
                    len(results.replicates),
                    results.days,
                    json.dumps(changes or {}),
                    results.wall_seconds,
                    json.dumps(results.to_dict()["summary"]),
                    command,
                    env,
                    results.people,
                ]
            )
        marks = ", ".join("?" * len(rows[0]))
        described = [v for row in rows for v in variable_rows(row[0])]
        ids = [row[0] for row in rows]
        with self._writing() as con:
            try:  # the files first: a run is committed only once its record is on disk
                for run_id, data in zip(ids, tables, strict=True):
                    records.write(self.path, run_id, data)
                con.executemany(f"INSERT INTO runs ({RUN_COLUMNS}) VALUES ({marks})", rows)
                con.executemany("INSERT INTO variables VALUES (?, ?, ?, ?, ?)", described)
            except BaseException:
                records.remove(self.path, ids)
                raise
        return ids

    def runs(self) -> pd.DataFrame:
        """Every run, newest first (without the heavy columns)."""
        with self._connect(write=False) as con:
            return con.sql(
                "SELECT run_id, kind, group_id, role, created, scenario_name, seed, replicates, "
                "days, round(wall_seconds, 2) AS wall_seconds FROM runs ORDER BY created DESC"
            ).df()

    def run(self, run_id: str) -> dict[str, Any]:
        """One run's record, with its scenario, changes and summary as data."""
        with self._connect(write=False) as con:
            cur = con.execute("SELECT * FROM runs WHERE run_id = ?", [run_id])
            rows = cur.fetchall()
            if not rows:
                raise StoreMissing(f"no run '{run_id}' in {self.path} (attrit runs lists them)")
            record = dict(zip([d[0] for d in cur.description], rows[0], strict=True))
        for key in ("scenario", "changes", "summary", "environment"):
            record[key] = json.loads(record[key]) if record[key] else None
        return record

    def table(self, run_id: str) -> Any:
        """A run's daily record as stored, an Arrow table.

        One row per replicate, day and unit; one column per variable.
        """
        record = self.run(run_id)
        with self._connect(write=False) as con:
            if self._has_table(con, "daily"):  # a store of version 5 or older, read as it is
                return records.legacy(con, run_id)
        try:
            return records.read(self.path, run_id)
        except FileNotFoundError:
            if record["kind"] == "sensitivity":
                raise StoreError(
                    f"run '{run_id}' is a sensitivity analysis, with no daily record "
                    "(attrit show or attrit report it)"
                ) from None
            raise StoreDamaged(
                f"the record of run '{run_id}' is missing from {records.folder(self.path)}: "
                "the folder must stay beside the store (copy both)"
            ) from None

    def daily(self, run_id: str) -> pd.DataFrame:
        """A run's daily record in long form: replicate, day, unit, variable, value."""
        frame = self.table(run_id).to_pandas()
        frame["unit"] = frame["unit"].astype(str)
        long = frame.melt(id_vars=list(records.INDEX), var_name="variable")
        long["value"] = long["value"].astype(float)
        order = ["variable", "replicate", "day", "unit"]
        return long.sort_values(order, kind="stable").reset_index(drop=True)

    def group(self, group_id: str) -> list[dict[str, Any]]:
        """The records of a comparison's runs, baseline first."""
        with self._connect(write=False) as con:
            ids = con.execute(
                "SELECT run_id FROM runs WHERE group_id = ? "
                "ORDER BY role <> 'baseline', created, run_id",
                [group_id],
            ).fetchall()
        if not ids:
            raise StoreMissing(f"no run group '{group_id}' in {self.path} (attrit runs lists them)")
        return [self.run(row[0]) for row in ids]

    def variables(self, run_id: str) -> pd.DataFrame:
        """The variables a run holds: as recorded with it, or (an older store) its data's."""
        self.run(run_id)
        with self._connect(write=False) as con:
            if self._has_table(con, "variables"):  # a store not yet migrated has none
                described = con.execute(
                    "SELECT variable, units, long_name, kind FROM variables WHERE run_id = ?",
                    [run_id],
                ).df()
                if len(described):
                    return described
        names = sorted(set(self.table(run_id).column_names) - set(records.INDEX))
        return pd.DataFrame({"variable": names, "units": None, "long_name": None, "kind": None})

    def results(self, run_id: str) -> Any:
        """A stored run as :class:`attrit.Results`, rebuilt from its scenario and daily record.

        Variables this attrit records that the run lacks (it was stored by an older version)
        are missing values, listed in ``Results.missing``; a :class:`StoredRunWarning` says
        so, as it does for stored variables this attrit no longer records.
        """
        from attrit.model.registry import RECORDED
        from attrit.results import Results
        from attrit.scenario.api import validate_data

        run = self.run(run_id)
        if run["kind"] == "sensitivity":
            raise StoreError(
                f"run '{run_id}' is a sensitivity analysis, with no daily record "
                "(attrit show or attrit report it)"
            )
        scenario = validate_data(run["scenario"], f"{self.path}:{run_id}")
        held = set(self.variables(run_id)["variable"])
        missing = tuple(v for v in RECORDED if v not in held)
        dropped = sorted(held - set(RECORDED))
        version = run["attrit_version"]
        if missing:
            warnings.warn(
                f"run {run_id} was stored by attrit {version} without {', '.join(missing)}: "
                "they are missing values (NaN) in its record",
                StoredRunWarning,
                stacklevel=2,
            )
        if dropped:
            warnings.warn(
                f"run {run_id} holds {', '.join(dropped)}, which this attrit no longer records: "
                "they are left out",
                StoredRunWarning,
                stacklevel=2,
            )
        units = [u.id for u in scenario.units]
        try:
            record, replicates = records.to_record(self.table(run_id), units, RECORDED)
        except ValueError as exc:
            raise StoreDamaged(f"run '{run_id}' in {self.path}: {exc}") from None
        return Results(
            scenario,
            record,
            replicates,
            int(run["seed"]),
            record.shape[1],
            float(run["wall_seconds"] or 0.0),
            int(run["people"] or 0),
            missing,
        )

    def export(self, run_id: str, path: str | Path, fmt: str = "parquet") -> Path:
        """Write a run's daily record, with the derived totals, to a file, atomically."""
        if fmt not in ("parquet", "csv"):
            raise StoreError(f"format must be parquet or csv (got '{fmt}')")
        results = self.results(run_id)
        if fmt == "parquet":
            return results.export(path)  # with the run's metadata, missing variables included
        with atomic_path(path) as tmp:
            results.long().to_csv(tmp, index=False)
        return Path(path)
