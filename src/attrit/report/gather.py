"""What a report covers: stored runs and comparisons, rebuilt from the run store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from attrit.analysis.compare import Comparison
from attrit.results import Results
from attrit.scenario.schema import ScenarioData
from attrit.store import Store, StoreError, StoreMissing


@dataclass
class StoredRun:
    """A stored run: its store record and its rebuilt results."""

    record: dict[str, Any]
    results: Results


@dataclass
class StoredComparison:
    """A stored comparison: its runs' records (baseline first) and the rebuilt comparison."""

    records: list[dict[str, Any]]
    comparison: Comparison


@dataclass
class Contents:
    """Stand-alone runs and comparisons, in the order they were asked for."""

    runs: list[StoredRun] = field(default_factory=list)
    comparisons: list[StoredComparison] = field(default_factory=list)
    fits: list[dict[str, Any]] = field(default_factory=list)
    sensitivities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def scenario(self) -> ScenarioData:
        """The scenario the report is about: the first comparison's baseline, run's or fit's."""
        if self.comparisons:
            return self.comparisons[0].comparison.baseline.scenario
        if self.runs:
            return self.runs[0].results.scenario
        from attrit.scenario.api import validate_data

        if self.fits:
            return validate_data(self.fits[0]["scenario"], f"fit {self.fits[0]['fit_id']}")
        record = self.sensitivities[0]["record"]
        return validate_data(record["scenario"], f"run {record['run_id']}")

    def fit_of(self, record: dict[str, Any]) -> str | None:
        """The fit whose posterior a run drew its parameters from, if any."""
        return (record.get("changes") or {}).get("fit")

    def all_results(self) -> list[Results]:
        """Every run's results."""
        out = [r.results for r in self.runs]
        for c in self.comparisons:
            out += [c.comparison.baseline, *c.comparison.variants.values()]
        return out


def _comparison(store: Store, group_id: str) -> StoredComparison:
    records = store.group(group_id)
    if records[0]["role"] != "baseline":
        raise StoreError(f"run group '{group_id}' has no baseline run")
    baseline = store.results(records[0]["run_id"])
    variants, changes = {}, {}
    for rec in records[1:]:
        variants[rec["role"]] = store.results(rec["run_id"])
        changes[rec["role"]] = (rec["changes"] or {}).get("change", "")
    return StoredComparison(records, Comparison(baseline, variants, changes))


def gather(store: Store, ids: list[str]) -> Contents:
    """Load runs and comparisons by id.

    An id may name a run or a comparison's group; a run that belongs to a comparison brings
    in the whole comparison. Each run or group is loaded once.
    """
    if not ids:
        raise StoreError("name at least one run or group (attrit runs lists them)")
    contents = Contents()
    seen: set[str] = set()
    for name in ids:
        try:
            record = store.run(name)
        except StoreMissing:
            try:
                store.group(name)
            except StoreMissing:
                try:
                    fit = store.fit(name)
                except StoreMissing:
                    raise StoreMissing(
                        f"no run, group or fit '{name}' in {store.path} "
                        "(attrit runs and attrit fits list them)"
                    ) from None
                if name not in seen:
                    seen.add(name)
                    contents.fits.append(fit)
                continue
            group = name
        else:
            group = record["group_id"]
            if record["kind"] == "sensitivity":
                if name not in seen:
                    seen.add(name)
                    contents.sensitivities.append(store.sensitivity(name))
                continue
            if group is None:
                if name not in seen:
                    seen.add(name)
                    contents.runs.append(StoredRun(record, store.results(name)))
                continue
        if group not in seen:
            seen.add(group)
            contents.comparisons.append(_comparison(store, group))
    # a run drawn from a fit's posterior brings the fit
    records = [r.record for r in contents.runs] + [c.records[0] for c in contents.comparisons]
    for record in records:
        fit_id = contents.fit_of(record)
        if fit_id and fit_id not in seen:
            seen.add(fit_id)
            contents.fits.append(store.fit(fit_id))
    return contents


def same_run(a: Results, b: Results) -> bool:
    """Two runs that must have the same results (same scenario, seed, replicates and days)."""
    return (
        a.scenario.hash() == b.scenario.hash()
        and a.seed == b.seed
        and list(a.replicates) == list(b.replicates)
        and a.days == b.days
    )


def report_date(scenario: ScenarioData) -> dt.date | None:
    """The latest source date inside the calendar: the date the report speaks from."""
    start = scenario.calendar.start
    end = start + dt.timedelta(days=scenario.calendar.days - 1)
    dates = [s.date for s in scenario.sources if s.date is not None and start <= s.date <= end]
    return max(dates) if dates else None
