"""What a store holds on disk: each run's record file, read without attrit's reader."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from attrit.store.records import INDEX, folder


def whole(path: Path) -> tuple[int, list[str]]:
    """Number of runs with a daily record, and the ids of those whose record is not whole.

    Fails on a record file that no run names (an orphan left by a killed writer is removed
    by the next writer, so none may be left after one).
    """
    with duckdb.connect(str(path), read_only=True) as con:
        runs = con.sql(
            "SELECT run_id, replicates, days, scenario FROM runs WHERE kind <> 'sensitivity'"
        ).fetchall()
    broken = []
    for run_id, reps, days, scenario in runs:
        units = len(json.loads(scenario)["units"])
        file = folder(Path(path)) / f"{run_id}.parquet"
        if not file.exists():
            broken.append(run_id)
            continue
        meta = pq.read_metadata(file)
        rows, columns = meta.num_rows, meta.num_columns
        if rows == 0 or rows != reps * days * units or columns <= len(INDEX):
            broken.append(run_id)
    return len(runs), broken


def orphans(path: Path) -> list[str]:
    """Record files no committed run names."""
    with duckdb.connect(str(path), read_only=True) as con:
        ids = {r[0] for r in con.sql("SELECT run_id FROM runs").fetchall()}
    where = folder(Path(path))
    if not where.is_dir():
        return []
    return sorted(p.name for p in where.glob("*.parquet") if p.stem not in ids)
