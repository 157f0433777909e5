"""Each run's daily record as one compressed Parquet file in a folder beside the store.

The record is wide: one row per replicate, day and unit, one column per recorded variable.
A column whose values are all whole numbers that fit in 32 bits (head counts, most sums of
pay) is stored as int32 and is exact; any other column as float32, which keeps seven
significant digits, far finer than any figure a report or a check reads. Columns are
compressed with zstd. The demo's store falls from 235 MB (a long DuckDB table of doubles) to
under 40 MB this way, and a run is read back by a reshape rather than a scatter.

The file is written (to a temporary name, then renamed) inside the store's write
transaction, before the run's row is committed: a process killed in between leaves a file
no run names, which the next writer removes. DuckDB reads the files directly::

    SELECT * FROM read_parquet('runs.records/*.parquet', filename = true)
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import numpy as np

from attrit.files import atomic_path

INDEX = ("replicate", "day", "unit")
LEVEL = 6  # zstd: level 9 saves under 0.2% more on the demo's records
INT32 = np.iinfo(np.int32)


def folder(store: Path) -> Path:
    """The records folder of the store at ``store``: ``runs.duckdb`` -> ``runs.records``."""
    return store.with_name(f"{store.stem}.records")


def path_of(store: Path, run_id: str) -> Path:
    """The file holding run ``run_id``'s record."""
    return folder(store) / f"{run_id}.parquet"


def _column(values: np.ndarray) -> np.ndarray:
    """int32 if every value is a whole number within int32's range, else float32."""
    finite = np.isfinite(values).all()
    if finite and values.size and values.min() >= INT32.min and values.max() <= INT32.max:
        whole = values.astype(np.int32)
        if np.array_equal(whole, values):
            return whole
    return values.astype(np.float32)


def table(results: Any) -> Any:
    """A run's record as an Arrow table: the index columns, then one column per variable."""
    import pyarrow as pa

    from attrit.model.registry import RECORDED

    reps, days, units, _ = results.record.shape
    # rows by unit, replicate, day: each column is a run of daily series, which zstd packs
    # far tighter (13% on the demo) than days interleaved across units
    grid = np.indices((units, reps, days)).reshape(3, -1)
    unit_ids = [u.id for u in results.scenario.units]
    columns: dict[str, Any] = {
        "replicate": pa.array(np.asarray(results.replicates)[grid[1]].astype(np.int32)),
        "day": pa.array(grid[2].astype(np.int32)),
        "unit": pa.DictionaryArray.from_arrays(
            pa.array(grid[0].astype(np.int32)), pa.array(unit_ids)
        ),
    }
    flat = results.record.transpose(2, 0, 1, 3).reshape(-1, len(RECORDED))
    for v, name in enumerate(RECORDED):
        if name not in results.missing:
            columns[name] = pa.array(_column(flat[:, v]))
    return pa.table(columns)


def compact(data: Any) -> Any:
    """A table with its float64 variables stored as int32 or float32 (see :func:`_column`)."""
    import pyarrow as pa

    for k, name in enumerate(data.column_names):
        if name not in INDEX and pa.types.is_float64(data.schema.field(name).type):
            values = data.column(name).to_numpy(zero_copy_only=False)
            data = data.set_column(k, name, pa.array(_column(values)))
    return data


def legacy(con: Any, run_id: str) -> Any:
    """A run's table from the long ``daily`` table of a store of version 5 or older."""
    names = [r[0] for r in con.execute(
        "SELECT DISTINCT variable FROM daily WHERE run_id = ? ORDER BY variable", [run_id]
    ).fetchall()]  # fmt: skip
    pivot = "".join(
        f", max(value) FILTER (WHERE variable = ${k + 2}) AS \"{name}\""
        for k, name in enumerate(names)
    )
    data = con.sql(
        f'SELECT replicate::INTEGER AS replicate, "day"::INTEGER AS "day", unit{pivot} '
        'FROM daily WHERE run_id = $1 GROUP BY replicate, "day", unit '
        'ORDER BY replicate, "day", unit',
        params=[run_id, *names],
    )
    return data.to_arrow_table()


LEGACY_DDL = """CREATE TABLE IF NOT EXISTS daily (
    run_id VARCHAR NOT NULL, replicate INTEGER NOT NULL, day INTEGER NOT NULL,
    unit VARCHAR NOT NULL, variable VARCHAR NOT NULL, value DOUBLE)"""
"""The long table of versions 1 to 5, one row per replicate, day, unit and variable."""


def migrate(con: Any, store: Path) -> None:
    """Version 5 to 6: every run's rows of the long ``daily`` table become its file."""
    tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    if ("daily",) not in tables:
        return
    kept = {r[0] for r in con.execute("SELECT run_id FROM runs").fetchall()}
    held = [r[0] for r in con.execute("SELECT DISTINCT run_id FROM daily").fetchall()]
    for run_id in held:
        if run_id in kept:
            write(store, run_id, compact(legacy(con, run_id)))
    con.execute("DROP TABLE daily")


def write(store: Path, run_id: str, data: Any) -> Path:
    """Write a run's table to its file, atomically."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = path_of(store, run_id)
    # a dictionary helps the units and the counts; for float32 means it only adds pages
    coded = [f.name for f in data.schema if not pa.types.is_floating(f.type)]
    with atomic_path(path) as tmp:
        pq.write_table(data, tmp, compression="zstd", compression_level=LEVEL,
                       use_dictionary=coded)  # fmt: skip
        with open(tmp, "rb") as f:  # on disk before the run that names it is committed
            os.fsync(f.fileno())
    return path


def read(store: Path, run_id: str) -> Any:
    """A run's table, as written."""
    import pyarrow.parquet as pq

    return pq.read_table(path_of(store, run_id))


def remove(store: Path, run_ids: list[str]) -> None:
    """Remove the files of runs whose write failed before its commit."""
    for run_id in run_ids:
        path_of(store, run_id).unlink(missing_ok=True)


def sweep(store: Path, kept: set[str]) -> None:
    """Remove files no committed run names (a writer killed before its commit)."""
    where = folder(store)
    if not where.is_dir():
        return
    for path in where.iterdir():
        orphan = path.suffix == ".parquet" and path.stem not in kept
        if orphan or path.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                path.unlink()


def to_record(data: Any, units: list[str], names: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """The record array (replicates x days x units x variables) and the replicates' ids.

    ``names`` are the variables to fill, in order; a name the table lacks is NaN. Raises
    ValueError if a replicate, day or unit is missing or repeated.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    replicate = data.column("replicate").to_numpy()
    day = data.column("day").to_numpy()
    unit = data.column("unit").combine_chunks()
    if not pa.types.is_dictionary(unit.type):
        unit = pc.dictionary_encode(unit)
    codes = {u: k for k, u in enumerate(units)}
    named = unit.dictionary.to_pylist()
    unknown = sorted(set(named) - set(codes))
    if unknown:
        raise ValueError(f"the daily record names units not in the scenario: {unknown}")
    unit_code = np.array([codes[u] for u in named], np.int64)[unit.indices.to_numpy()]
    replicates = np.unique(replicate)
    days = int(day.max()) + 1 if day.size else 0
    shape = (len(replicates), days, len(units))
    flat = (np.searchsorted(replicates, replicate) * days + day) * len(units) + unit_code
    if flat.size != int(np.prod(shape)) or not (np.bincount(flat, minlength=flat.size) == 1).all():
        raise ValueError(
            "the daily record is not whole (a replicate, day or unit is missing or repeated)"
        )
    record = np.full((flat.size, len(names)), np.nan)
    held = set(data.column_names)
    for v, name in enumerate(names):
        if name in held:
            record[flat, v] = data.column(name).to_numpy().astype(np.float64)
    return record.reshape(*shape, len(names)), replicates
