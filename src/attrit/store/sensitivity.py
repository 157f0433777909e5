"""Sensitivity runs in the store, each written in one transaction.

A ``runs`` row (kind ``sensitivity``), its indices per factor and its sample points.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pandas as pd

from attrit.store.base import RUN_COLUMNS, Connection, StoreError

INDEX_COLUMNS = ("mu_star", "mu_star_conf", "mu", "sigma", "S1", "S1_conf", "ST", "ST_conf")


class SensitivityRuns(Connection):
    """The store's sensitivity runs (:class:`attrit.store.Store` has these methods)."""

    def save_sensitivity(self, result: Any, command: str | None = None) -> str:
        """Store a :class:`attrit.analysis.sensitivity.Sensitivity`; return its run id."""
        from attrit.provenance import environment
        from attrit.version import __version__

        run_id = uuid.uuid4().hex[:12]
        sc = result.scenario
        summary = {
            "method": result.method,
            "output": result.output,
            "unit": result.unit,
            "day": result.day,
            "samples": result.samples,
            "points": len(result.means),
            "noise_share": result.noise_share,
            "factors": [f.path for f in result.factors],
            "options": result.options,
        }
        run = [
            run_id,
            "sensitivity",
            None,
            None,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
            __version__,
            sc.name,
            sc.hash(),
            json.dumps(sc.to_data()),
            int(result.seed),
            result.replicates,
            result.day + 1,
            json.dumps({}),
            result.wall_seconds,
            json.dumps(summary),
            command,
            json.dumps(environment()),
            None,
        ]
        ranked = result.ranking()
        by_path = {f.path: f for f in result.factors}
        rows = [
            [
                run_id,
                k,
                r["path"],
                by_path[r["path"]].low,
                by_path[r["path"]].high,
                by_path[r["path"]].unit,
                *(_num(r.get(c)) for c in INDEX_COLUMNS),
            ]
            for k, r in ranked.iterrows()
        ]
        points = pd.DataFrame(
            {
                "run_id": run_id,
                "point": range(len(result.means)),
                "x": [list(map(float, x)) for x in result.inputs],
                "y": result.means,
                "within_var": result.within_var,
            }
        )
        with self._writing() as con:
            marks = ", ".join("?" * len(run))
            con.execute(f"INSERT INTO runs ({RUN_COLUMNS}) VALUES ({marks})", run)
            con.executemany(f"INSERT INTO sensitivity VALUES ({', '.join('?' * 14)})", rows)
            con.register("points_frame", points)
            con.execute("INSERT INTO sensitivity_points SELECT * FROM points_frame")
            con.unregister("points_frame")
        return run_id

    def sensitivity(self, run_id: str) -> dict[str, Any]:
        """A sensitivity run: its record, the indices (ranked) and the sample points."""
        record = self.run(run_id)
        if record["kind"] != "sensitivity":
            raise StoreError(f"run '{run_id}' is a {record['kind']} run, not a sensitivity run")
        with self._connect(write=False) as con:
            indices = con.execute(
                "SELECT * EXCLUDE (run_id) FROM sensitivity WHERE run_id = ? ORDER BY rank",
                [run_id],
            ).df()
            points = con.execute(
                "SELECT point, x, y, within_var FROM sensitivity_points WHERE run_id = ? "
                "ORDER BY point",
                [run_id],
            ).df()
        indices = indices.rename(
            columns={"s1": "S1", "s1_conf": "S1_conf", "st": "ST", "st_conf": "ST_conf"}
        )
        return {"record": record, "indices": indices, "points": points}


def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
