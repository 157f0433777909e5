"""What every part of the run store shares: its schema, its errors and its connections.

Schema (version 6; ``docs/store.md``): ``meta``, ``runs``, ``variables``, ``fits``,
``sensitivity`` and ``sensitivity_points``; each run's daily record is a Parquet file in the
records folder beside the store (:mod:`attrit.store.records`). A store of an older version is
migrated, in one transaction, when it is first opened for writing; one it cannot read says
so. DuckDB lets one process at a time open the file; others wait up to ``wait_seconds`` and
then get :class:`StoreBusy`.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrit.store.records as records
from attrit.errors import AttritError

SCHEMA_VERSION = 7
DDL = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, group_id VARCHAR, role VARCHAR,
        created TIMESTAMP NOT NULL, attrit_version VARCHAR NOT NULL,
        scenario_name VARCHAR NOT NULL, scenario_hash VARCHAR NOT NULL,
        scenario JSON NOT NULL, seed UBIGINT NOT NULL, replicates INTEGER NOT NULL,
        days INTEGER NOT NULL, changes JSON, wall_seconds DOUBLE, summary JSON,
        command VARCHAR, environment JSON, people BIGINT)""",
    FITS_DDL := """CREATE TABLE IF NOT EXISTS fits (
        fit_id VARCHAR PRIMARY KEY, created TIMESTAMP NOT NULL, updated TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL, attrit_version VARCHAR NOT NULL,
        scenario_name VARCHAR NOT NULL, scenario_hash VARCHAR NOT NULL, scenario JSON NOT NULL,
        spec JSON NOT NULL, history VARCHAR NOT NULL, abc_id INTEGER, why VARCHAR,
        generations INTEGER, simulations INTEGER, ess DOUBLE, posterior JSON,
        particles JSON, checks JSON, wall_seconds DOUBLE, command VARCHAR,
        environment JSON, goodness_of_fit JSON)""",
    SENSITIVITY_DDL := """CREATE TABLE IF NOT EXISTS sensitivity (
        run_id VARCHAR NOT NULL, rank INTEGER NOT NULL, path VARCHAR NOT NULL, low DOUBLE,
        high DOUBLE, unit VARCHAR, mu_star DOUBLE, mu_star_conf DOUBLE, mu DOUBLE,
        sigma DOUBLE, s1 DOUBLE, s1_conf DOUBLE, st DOUBLE, st_conf DOUBLE)""",
    POINTS_DDL := """CREATE TABLE IF NOT EXISTS sensitivity_points (
        run_id VARCHAR NOT NULL, point INTEGER NOT NULL, x DOUBLE[] NOT NULL, y DOUBLE,
        within_var DOUBLE)""",
    VARIABLES_DDL := """CREATE TABLE IF NOT EXISTS variables (
        run_id VARCHAR NOT NULL, variable VARCHAR NOT NULL, units VARCHAR,
        long_name VARCHAR, kind VARCHAR)""",
]
# from version n to n + 1: run in one transaction when a store is opened for writing; a
# callable is given the connection and the store's path
MIGRATIONS: dict[int, list[Any]] = {
    1: [
        "ALTER TABLE runs ADD COLUMN command VARCHAR",
        "ALTER TABLE runs ADD COLUMN environment JSON",
        "ALTER TABLE runs ADD COLUMN people BIGINT",
    ],
    2: [FITS_DDL],
    3: [SENSITIVITY_DDL, POINTS_DDL],
    4: [VARIABLES_DDL],  # runs stored before have no rows: their variables are their data's
    5: [records.migrate],  # the long daily table becomes one Parquet file per run
    # fits stored before have no goodness of fit (NULL): the report leaves it out
    6: ["ALTER TABLE fits ADD COLUMN IF NOT EXISTS goodness_of_fit JSON"],
}
RUN_COLUMNS = (
    "run_id, kind, group_id, role, created, attrit_version, scenario_name, scenario_hash, "
    "scenario, seed, replicates, days, changes, wall_seconds, summary, command, environment, "
    "people"
)


class StoreError(AttritError, RuntimeError):
    """The store cannot be used as asked; the message says why and what to do."""


class StoreBusy(StoreError):
    """Another process holds the store (DuckDB lets one process at a time open it)."""


class StoreDamaged(StoreError):
    """The file is not a store, or a damaged one (checksums, truncation)."""


class StoreMissing(StoreError):
    """No store at the path, or no run, group or fit with that id in it."""


HOLDER = re.compile(r"lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def _busy(path: Path, exc: Exception, waited: float) -> StoreBusy:
    found = HOLDER.search(str(exc))
    who = (
        f" by process {found['pid']} ({Path(found['program']).name})"
        if found
        else " by another process"
    )
    return StoreBusy(
        f"store is busy: {path} is held{who}; waited {waited:.0f} s. Try again when it is done "
        "(a dashboard or a running fit holds its store while it works)"
    )


def _damaged(path: Path, exc: Exception) -> StoreDamaged:
    text = str(exc).splitlines()[0]
    if "not a valid DuckDB database" in text:
        return StoreDamaged(f"{path} is not an attrit store (not a DuckDB file); give --store")
    return StoreDamaged(
        f"the store {path} is damaged ({text}); restore it from a copy, or start a new one "
        "with --store"
    )


def _wait() -> float:
    """Seconds to wait for a busy store: ``$ATTRIT_STORE_WAIT``, else 10."""
    try:
        return max(0.0, float(os.environ.get("ATTRIT_STORE_WAIT", "10")))
    except ValueError:
        return 10.0


def default_path() -> Path:
    """``$ATTRIT_STORE`` or ``attrit.duckdb`` in the working directory."""
    return Path(os.environ.get("ATTRIT_STORE") or "attrit.duckdb")


class Connection:
    """Opening the store at ``path`` (created on first write), checked and migrated.

    Reads open it read-only, so a store on a read-only disk (or another user's) can be
    listed, shown and exported; a store of an older schema is migrated the first time it is
    opened for writing, and read as it is until then.
    """

    def __init__(self, path: str | Path | None = None, wait_seconds: float | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.wait_seconds = wait_seconds if wait_seconds is not None else _wait()

    def _open(self, write: bool) -> Any:
        import duckdb

        started = time.monotonic()
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=not write)
            except duckdb.IOException as exc:
                text = str(exc).lower()
                if "lock" in text:
                    if time.monotonic() - started > self.wait_seconds:
                        raise _busy(self.path, exc, time.monotonic() - started) from None
                    time.sleep(0.2)
                    continue
                if any(w in text for w in ("permission", "not permitted", "read-only")):
                    raise StoreError(
                        f"cannot open {self.path} for writing ({str(exc).splitlines()[0]}); "
                        "reading it works, or give another --store"
                    ) from None
                raise _damaged(self.path, exc) from None
            except duckdb.Error as exc:
                raise _damaged(self.path, exc) from None

    @contextmanager
    def _connect(self, write: bool) -> Iterator[Any]:
        import duckdb

        if not write and not self.path.exists():
            raise StoreMissing(
                f"no store at {self.path} (run a simulation first, or give --store)"
            )
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a store; give --store FILE")
        con = self._open(write)
        try:
            with contextlib.suppress(duckdb.Error):  # refused in a kernel without ipywidgets
                con.execute("SET enable_progress_bar = false")
            try:
                self._check_schema(con, write, self.path)
            except StoreError:
                raise
            except duckdb.Error as exc:
                raise _damaged(self.path, exc) from None
            yield con
        except duckdb.Error as exc:
            if write:  # the writer says what went wrong (a full disk, a bad statement)
                raise
            raise _damaged(self.path, exc) from None
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
                held = con.execute("SELECT run_id FROM runs").fetchall()
                records.sweep(self.path, {r[0] for r in held})  # writers killed before commit
                con.execute("BEGIN TRANSACTION")
                try:
                    yield con
                    con.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(duckdb.Error):
                        con.execute("ROLLBACK")
                    raise
        except (duckdb.IOException, OSError) as exc:
            raise StoreError(
                f"cannot write to {self.path} ({str(exc).splitlines()[0]}): is the disk full? "
                "Nothing from this run was stored; the runs stored before are intact"
            ) from None

    @staticmethod
    def _check_schema(con: Any, write: bool, path: Path) -> None:
        tables = {
            r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if "meta" not in tables:
            if not write:
                raise StoreDamaged("the file is a DuckDB database but not an attrit store")
            con.execute("BEGIN TRANSACTION")
            for ddl in DDL:
                con.execute(ddl)
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            con.execute("COMMIT")
            return
        rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        version = int(rows[0][0]) if rows else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store schema version {version}, this attrit reads version {SCHEMA_VERSION} "
                "at most: it was written by a newer attrit"
            )
        if version in MIGRATIONS and write:
            con.execute("BEGIN TRANSACTION")
            while version in MIGRATIONS:
                for step in MIGRATIONS[version]:
                    step(con, path) if callable(step) else con.execute(step)
                version += 1
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])
            con.execute("COMMIT")
        elif version not in MIGRATIONS and version != SCHEMA_VERSION:
            raise StoreError(
                f"store schema version {version}, this attrit reads version {SCHEMA_VERSION}"
            )

    def _has_table(self, con: Any, name: str) -> bool:
        rows = con.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchall()
        return bool(rows)
