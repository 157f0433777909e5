"""The run store: every run, its scenario and its results, in one DuckDB file.

Schema (version 3; ``docs/store.md``):

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
- ``daily``: the recorded variables in long form: ``run_id, replicate, day, unit, variable,
  value`` (derived totals such as ``deserted_total`` are computed again when a run is read).

A run, or the runs of one comparison, is written in one transaction: a process killed at any
moment leaves either the whole run or none of it (DuckDB rolls back what was not committed
when the file is next opened).
DuckDB lets one process at a time open the file; others wait up to ``wait_seconds`` and then
get :class:`StoreBusy`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from attrit.errors import AttritError
from attrit.files import atomic_path
from attrit.store.sensitivity import SensitivityRuns

SCHEMA_VERSION = 4
DDL = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, group_id VARCHAR, role VARCHAR,
        created TIMESTAMP NOT NULL, attrit_version VARCHAR NOT NULL,
        scenario_name VARCHAR NOT NULL, scenario_hash VARCHAR NOT NULL,
        scenario JSON NOT NULL, seed UBIGINT NOT NULL, replicates INTEGER NOT NULL,
        days INTEGER NOT NULL, changes JSON, wall_seconds DOUBLE, summary JSON,
        command VARCHAR, environment JSON, people BIGINT)""",
    """CREATE TABLE IF NOT EXISTS daily (
        run_id VARCHAR NOT NULL, replicate INTEGER NOT NULL, day INTEGER NOT NULL,
        unit VARCHAR NOT NULL, variable VARCHAR NOT NULL, value DOUBLE)""",
    FITS_DDL := """CREATE TABLE IF NOT EXISTS fits (
        fit_id VARCHAR PRIMARY KEY, created TIMESTAMP NOT NULL, updated TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL, attrit_version VARCHAR NOT NULL,
        scenario_name VARCHAR NOT NULL, scenario_hash VARCHAR NOT NULL, scenario JSON NOT NULL,
        spec JSON NOT NULL, history VARCHAR NOT NULL, abc_id INTEGER, why VARCHAR,
        generations INTEGER, simulations INTEGER, ess DOUBLE, posterior JSON,
        particles JSON, checks JSON, wall_seconds DOUBLE, command VARCHAR,
        environment JSON)""",
    SENSITIVITY_DDL := """CREATE TABLE IF NOT EXISTS sensitivity (
        run_id VARCHAR NOT NULL, rank INTEGER NOT NULL, path VARCHAR NOT NULL, low DOUBLE,
        high DOUBLE, unit VARCHAR, mu_star DOUBLE, mu_star_conf DOUBLE, mu DOUBLE,
        sigma DOUBLE, s1 DOUBLE, s1_conf DOUBLE, st DOUBLE, st_conf DOUBLE)""",
    POINTS_DDL := """CREATE TABLE IF NOT EXISTS sensitivity_points (
        run_id VARCHAR NOT NULL, point INTEGER NOT NULL, x DOUBLE[] NOT NULL, y DOUBLE,
        within_var DOUBLE)""",
]
# from version n to n + 1: run in one transaction when a store is opened
MIGRATIONS = {
    1: [
        "ALTER TABLE runs ADD COLUMN command VARCHAR",
        "ALTER TABLE runs ADD COLUMN environment JSON",
        "ALTER TABLE runs ADD COLUMN people BIGINT",
    ],
    2: [FITS_DDL],
    3: [SENSITIVITY_DDL, POINTS_DDL],
}
RUN_COLUMNS = (
    "run_id, kind, group_id, role, created, attrit_version, scenario_name, scenario_hash, "
    "scenario, seed, replicates, days, changes, wall_seconds, summary, command, environment, "
    "people"
)


class StoreError(AttritError, RuntimeError):
    """The store cannot be used (not a store, a newer schema, a missing run)."""


class StoreBusy(StoreError):
    """Another process holds the store."""


def default_path() -> Path:
    """``$ATTRIT_STORE`` or ``attrit.duckdb`` in the working directory."""
    return Path(os.environ.get("ATTRIT_STORE") or "attrit.duckdb")


class Store(SensitivityRuns):
    """A run store at ``path`` (created on first write)."""

    def __init__(self, path: str | Path | None = None, wait_seconds: float = 10.0):
        self.path = Path(path) if path is not None else default_path()
        self.wait_seconds = wait_seconds

    @contextmanager
    def _connect(self, write: bool) -> Iterator[Any]:
        import duckdb

        if not write and not self.path.exists():
            raise StoreError(f"no store at {self.path} (run a simulation first, or give --store)")
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                con = duckdb.connect(str(self.path))
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreError(f"{self.path} is not a usable store ({exc})") from None
                if time.monotonic() > deadline:
                    raise StoreBusy(
                        f"store is busy: {self.path} is held by another process "
                        f"(waited {self.wait_seconds:.0f} s; try again when it is done)"
                    ) from None
                time.sleep(0.2)
            except duckdb.Error as exc:
                raise StoreError(f"{self.path} is not a usable store ({exc})") from None
        try:
            con.execute("SET enable_progress_bar = false")
            self._check_schema(con, write)
            yield con
        finally:
            con.close()

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """A connection inside one transaction: committed if the block ends, else rolled back.

        A write the file system refuses (disk full, a file-size limit) becomes a
        :class:`StoreError` saying so; the transaction is rolled back, so the store keeps
        every run it held and none of this one.
        """
        import duckdb

        try:
            with self._connect(write=True) as con:
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                    con.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(duckdb.Error):
                        con.execute("ROLLBACK")
                    raise
        except duckdb.IOException as exc:
            raise StoreError(
                f"cannot write to {self.path} ({str(exc).splitlines()[0]}): is the disk full? "
                "Nothing from this run was stored; the runs stored before are intact"
            ) from None

    @staticmethod
    def _check_schema(con: Any, write: bool) -> None:
        tables = {
            r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if "meta" not in tables:
            if not write:
                raise StoreError("the file is not an attrit store")
            con.execute("BEGIN TRANSACTION")
            for ddl in DDL:
                con.execute(ddl)
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            con.execute("COMMIT")
            return
        rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        version = int(rows[0][0]) if rows else 0
        if version in MIGRATIONS:
            con.execute("BEGIN TRANSACTION")
            while version in MIGRATIONS:
                for ddl in MIGRATIONS[version]:
                    con.execute(ddl)
                version += 1
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])
            con.execute("COMMIT")
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"store schema version {version}, this attrit reads version {SCHEMA_VERSION}"
            )

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
        rows, frames = [], []
        for results, role, changes in runs:
            run_id = uuid.uuid4().hex[:12]
            meta = results.metadata()
            daily = results.long(derived=False)[["replicate", "day", "unit", "variable", "value"]]
            daily.insert(0, "run_id", run_id)
            frames.append(daily)
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
        daily = pd.concat(frames, ignore_index=True)
        marks = ", ".join("?" * len(rows[0]))
        with self._writing() as con:
            con.executemany(f"INSERT INTO runs ({RUN_COLUMNS}) VALUES ({marks})", rows)
            con.register("daily_frame", daily)
            con.execute("INSERT INTO daily SELECT * FROM daily_frame")
            con.unregister("daily_frame")
        return [row[0] for row in rows]

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
                raise StoreError(f"no run '{run_id}' in {self.path} (attrit runs lists them)")
            record = dict(zip([d[0] for d in cur.description], rows[0], strict=True))
        for key in ("scenario", "changes", "summary", "environment"):
            record[key] = json.loads(record[key]) if record[key] else None
        return record

    def daily(self, run_id: str) -> pd.DataFrame:
        """A run's daily record in long form."""
        self.run(run_id)
        with self._connect(write=False) as con:
            return con.execute(
                "SELECT replicate, day, unit, variable, value FROM daily WHERE run_id = ? "
                "ORDER BY variable, replicate, day, unit",
                [run_id],
            ).df()

    # -- fits ------------------------------------------------------------------------------
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
        for key in ("scenario", "spec", "posterior", "particles", "checks", "environment"):
            row[key] = json.dumps(row.get(key))
        columns = [
            "fit_id", "created", "updated", "status", "attrit_version", "scenario_name",
            "scenario_hash", "scenario", "spec", "history", "abc_id", "why", "generations",
            "simulations", "ess", "posterior", "particles", "checks", "wall_seconds", "command",
            "environment",
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
                raise StoreError(f"no fit '{fit_id}' in {self.path} (attrit fits lists them)")
            record = dict(zip([d[0] for d in cur.description], rows[0], strict=True))
        for key in ("scenario", "spec", "posterior", "particles", "checks", "environment"):
            record[key] = json.loads(record[key]) if record[key] else None
        return record

    def fits(self) -> pd.DataFrame:
        """Every fit, newest first (without the heavy columns)."""
        with self._connect(write=False) as con:
            return con.sql(
                "SELECT fit_id, status, created, scenario_name, generations, simulations, "
                "round(ess, 1) AS ess, why FROM fits ORDER BY created DESC"
            ).df()

    def group(self, group_id: str) -> list[dict[str, Any]]:
        """The records of a comparison's runs, baseline first."""
        with self._connect(write=False) as con:
            ids = con.execute(
                "SELECT run_id FROM runs WHERE group_id = ? "
                "ORDER BY role <> 'baseline', created, run_id",
                [group_id],
            ).fetchall()
        if not ids:
            raise StoreError(f"no run group '{group_id}' in {self.path} (attrit runs lists them)")
        return [self.run(row[0]) for row in ids]

    def results(self, run_id: str) -> Any:
        """A stored run as :class:`attrit.Results`, rebuilt from its scenario and daily record."""
        from attrit.model.registry import RECORDED
        from attrit.results import Results
        from attrit.scenario.api import validate_data

        record = self.run(run_id)
        if record["kind"] == "sensitivity":
            raise StoreError(
                f"run '{run_id}' is a sensitivity analysis, with no daily record "
                "(attrit show or attrit report it)"
            )
        scenario = validate_data(record["scenario"], f"{self.path}:{run_id}")
        # map names to indices inside DuckDB: far faster than in pandas for millions of rows
        units = pd.DataFrame({"unit": [u.id for u in scenario.units]})
        units["u"] = range(len(units))
        names = pd.DataFrame({"variable": list(RECORDED), "v": range(len(RECORDED))})
        with self._connect(write=False) as con:
            con.register("unit_codes", units)
            con.register("variable_codes", names)
            cols = con.execute(
                "SELECT replicate, day, u, v, value FROM daily "
                "JOIN unit_codes USING (unit) JOIN variable_codes USING (variable) "
                "WHERE run_id = ?",
                [run_id],
            ).fetchnumpy()
        return Results.from_columns(
            scenario,
            *(np.asarray(cols[k]) for k in ("replicate", "day", "u", "v", "value")),
            seed=int(record["seed"]),
            wall_seconds=float(record["wall_seconds"] or 0.0),
            people=int(record["people"] or 0),
        )

    def export(self, run_id: str, path: str | Path, fmt: str = "parquet") -> Path:
        """Write a run's daily record, with the derived totals, to a file, atomically."""
        if fmt not in ("parquet", "csv"):
            raise StoreError(f"format must be parquet or csv (got '{fmt}')")
        frame = self.results(run_id).long()
        with atomic_path(path) as tmp:
            if fmt == "parquet":
                frame.to_parquet(tmp, index=False)
            else:
                frame.to_csv(tmp, index=False)
        return Path(path)
