"""What a run produced: the daily record as an xarray Dataset, summaries, Parquet export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import attrit.summary as summary
from attrit.files import atomic_path
from attrit.model.registry import RECORDED, VARIABLES
from attrit.scenario.schema import ScenarioData

if TYPE_CHECKING:  # pandas and xarray load when a frame or the Dataset is first asked for
    import pandas as pd
    import xarray as xr

DERIVED = (
    ("deserted", "persons", "desertions of every cause"),
    ("deserted_total", "persons", "desertions of every cause since the start"),
    ("killed_total", "persons", "men killed since the start"),
    ("invalided_total", "persons", "men invalided out since the start"),
    ("front_fill", "1", "men at the front as a share of the quota"),
)
"""Variables :attr:`Results.daily` computes from the record: name, units, long name."""


@dataclass
class Results:
    """Results of one run: ``daily`` (replicate x day x unit) and summaries."""

    scenario: ScenarioData
    record: np.ndarray = field(repr=False)
    replicates: np.ndarray = field(repr=False)
    seed: int
    days: int
    wall_seconds: float
    people: int
    missing: tuple[str, ...] = ()
    """Recorded variables the run lacks (stored by an older attrit): missing values."""

    @classmethod
    def from_record(
        cls,
        scenario: ScenarioData,
        record: np.ndarray,
        replicates: np.ndarray,
        seed: int,
        wall_seconds: float,
        plan: Any,
    ) -> Results:
        """Wrap a raw record (replicates x days x units x variables)."""
        return cls(
            scenario,
            record,
            replicates,
            seed,
            record.shape[1],
            wall_seconds,
            int(plan.p_rank.shape[0]),
        )

    @classmethod
    def from_long(
        cls,
        scenario: ScenarioData,
        frame: pd.DataFrame,
        seed: int,
        wall_seconds: float,
        people: int,
    ) -> Results:
        """Rebuild a run from its daily record in long form (as :meth:`long` gives it).

        Only the recorded variables are read; the derived ones are computed again.
        """
        import pandas as pd

        units = [u.id for u in scenario.units]
        frame = frame[frame["variable"].isin(RECORDED)]
        unknown = set(frame["unit"].unique()) - set(units)
        if unknown:
            raise ValueError(f"the daily record names units not in the scenario: {sorted(unknown)}")
        return cls.from_columns(
            scenario,
            frame["replicate"].to_numpy(),
            frame["day"].to_numpy(),
            pd.Categorical(frame["unit"], categories=units).codes,
            pd.Categorical(frame["variable"], categories=list(RECORDED)).codes,
            frame["value"].to_numpy(),
            seed,
            wall_seconds,
            people,
        )

    @classmethod
    def from_columns(
        cls,
        scenario: ScenarioData,
        replicate: np.ndarray,
        day: np.ndarray,
        unit: np.ndarray,
        variable: np.ndarray,
        value: np.ndarray,
        seed: int,
        wall_seconds: float,
        people: int,
        missing: tuple[str, ...] = (),
    ) -> Results:
        """Rebuild a run from columns of a daily record.

        ``unit`` and ``variable`` are indices into the scenario's units and :data:`RECORDED`;
        every cell must be given exactly once, but for the ``missing`` variables, which are
        NaN.
        """
        replicates = np.unique(replicate)
        days = int(day.max()) + 1 if day.size else 0
        shape = (len(replicates), days, len(scenario.units), len(RECORDED))
        at = (np.searchsorted(replicates, replicate), day, unit, variable)
        record = np.zeros(shape)
        record[at] = value
        seen = np.zeros(shape, np.int8)
        np.add.at(seen, at, 1)
        absent = [RECORDED.index(v) for v in missing]
        record[..., absent] = np.nan
        seen[..., absent] = 1
        if not (seen == 1).all():
            raise ValueError(
                "the daily record is not whole (a replicate, day, unit or variable is missing "
                "or repeated)"
            )
        return cls(scenario, record, replicates, seed, days, wall_seconds, people, tuple(missing))

    @property
    def person_days_per_second(self) -> float:
        """Simulated person-days (people in the plan x days x replicates) per wall second."""
        return summary.person_days_per_second(self)

    @cached_property
    def daily(self) -> xr.Dataset:
        """Every recorded variable by replicate, day and unit, with cumulative totals."""
        import xarray as xr

        start = np.datetime64(self.scenario.calendar.start, "D")
        coords = {
            "replicate": self.replicates,
            "day": np.arange(self.days),
            "unit": [u.id for u in self.scenario.units],
        }
        data = {
            name: (("replicate", "day", "unit"), self.record[..., k])
            for k, name in enumerate(RECORDED)
        }
        ds = xr.Dataset(data, coords=coords)
        for v in VARIABLES:  # CF attributes, so plots and exports label themselves
            ds[v.name].attrs.update(units=v.units, long_name=v.long_name, kind=v.kind)
        ds = ds.assign_coords(date=("day", start + np.arange(self.days)))
        for name, units, long_name in DERIVED:  # one definition: _derived, as the summary
            ds[name] = (("replicate", "day", "unit"), self._derived(name))
            ds[name].attrs.update(units=units, long_name=long_name)
        ds.attrs.update(self.metadata())
        return ds

    def metadata(self) -> dict[str, Any]:
        """How the run was made: enough to reproduce it."""
        return summary.metadata(self)

    def default_days(self) -> list[int]:
        """Days a summary reports by default: every 30th day and the last."""
        return summary.default_days(self.days)

    def _derived(self, name: str) -> np.ndarray:
        """A derived variable (replicate x day x unit) from the record, as :attr:`daily` has it.

        The Dataset and the summary both take them from here, so that a run summarised on
        the command line never loads xarray.
        """
        return summary.derived(self.record, name)

    def summary_rows(self, days: list[int] | None = None) -> list[dict[str, Any]]:
        """Per unit and chosen day, then the force's: quantiles of strength and front fill.

        Also P(quota met), the median away (on the rolls, not on duty: on leave or
        wounded), desertions and deaths, the share below half strength on the day, and when
        strength first falls below half its start. Plain rows; :meth:`summary` gives them
        as a DataFrame.
        """
        days = self.default_days() if days is None else days
        bad = [d for d in days if not 0 <= d < self.days]
        if bad:
            raise ValueError(f"days {bad} are outside the run (0-{self.days - 1})")
        cuts = {v: self._derived(v)[:, days] for v in summary.SUMMARISED}
        return summary.rows(self.scenario, days, cuts, self._first_below_half())

    def _first_below_half(self) -> np.ndarray:
        return summary.first_below_half(self._derived("strength"), self.scenario)

    def summary(self, days: list[int] | None = None) -> pd.DataFrame:
        """:meth:`summary_rows` as a DataFrame: a row per unit and chosen day."""
        import pandas as pd

        return pd.DataFrame(self.summary_rows(days))

    def half_strength(self) -> pd.DataFrame:
        """Per unit and the force: how often and when strength first fell below half its start.

        ``p_ever_below_half`` is the share of replicates where it did during the run;
        ``day_below_half_q50`` the median first day over those replicates.
        """
        import pandas as pd

        return pd.DataFrame.from_dict(
            summary.half_strength(self._first_below_half(), self.scenario), orient="index"
        )

    def to_dict(self, days: list[int] | None = None) -> dict[str, Any]:
        """The summary as plain data (for ``--json``)."""
        return {"run": self.metadata(), "summary": summary.clean(self.summary_rows(days))}

    def long(self, derived: bool = True) -> pd.DataFrame:
        """The daily record in long form: replicate, day, date, unit, variable, value.

        With ``derived=False`` only the recorded variables, without the totals computed
        from them.
        """
        ds = self.daily.drop_vars("front_fill")
        if not derived:
            ds = ds[list(RECORDED)]
        frame = ds.to_dataframe()
        frame = frame.reset_index().melt(
            id_vars=["replicate", "day", "date", "unit"],
            var_name="variable",
        )
        return frame

    def export(self, path: str | Path) -> Path:
        """Write the daily record as Parquet in long form; atomic (temp file, then rename)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(self.long(), preserve_index=False)
        meta = {f"attrit.{k}": str(v) for k, v in self.metadata().items()}
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **meta})
        with atomic_path(path) as tmp:
            pq.write_table(table, tmp)
        return Path(path)


def date_of(scenario: ScenarioData, day: int) -> dt.date:
    """The calendar date of simulation day ``day``."""
    return scenario.calendar.start + dt.timedelta(days=day)
