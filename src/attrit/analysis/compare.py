"""Paired comparison of a baseline and its variants with common random numbers.

Every variant is run with the baseline's seed, so replicate r of the variant draws the same
random numbers as replicate r of the baseline wherever the two worlds agree. The effect is
then measured pair by pair: the difference of replicate r's outcome under the variant and
under the baseline. Its mean has a much narrower interval than the difference of two
independent ensembles of the same size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from scipy import stats

from attrit.model.registry import DESERTION_CAUSES
from attrit.results import Results
from attrit.run import RunError, simulate
from attrit.scenario.schema import ScenarioData

# metric -> True when more is better
METRICS: dict[str, bool] = {
    "front_fill": True,
    "strength": True,
    "deserted_total": False,
    **{f"{cause}_total": False for cause in DESERTION_CAUSES},
    "absent": False,
    "pay_received_total": True,
    "pay_ghost_total": False,
}
LEVEL = 0.90


@dataclass
class Variant:
    """A scenario to compare with the baseline, and how it differs."""

    name: str
    scenario: ScenarioData
    change: str


def parse_set(text: str) -> tuple[str, Any]:
    """``path=value`` with the value read as YAML (``0.1``, ``true``, ``2015-10-01``)."""
    from ruamel.yaml import YAML

    path, sep, raw = text.partition("=")
    if not sep or not path.strip():
        raise RunError(f"--set wants path=value (got '{text}')")
    value = YAML(typ="safe", pure=True).load(raw) if raw.strip() else ""
    return path.strip(), value


def variants_from(
    scenario: ScenarioData,
    interventions: Sequence[str] = (),
    sets: Sequence[str] = (),
    without: Sequence[str] = (),
) -> list[Variant]:
    """One variant per change from the baseline.

    Each intervention in ``interventions`` switched on, each in ``without`` switched off, and
    each ``path=value`` in ``sets``.
    """
    from attrit.scenario.edit import set_path
    from attrit.scenario.errors import ScenarioError
    from attrit.scenario.paths import PathError

    known = {iv.id: iv for iv in scenario.interventions}

    def check(name: str) -> None:
        if name not in known:
            raise RunError(
                f"no intervention '{name}' (interventions: {', '.join(sorted(known)) or 'none'})"
            )

    out = []
    for name in interventions:
        check(name)
        if known[name].active:
            raise RunError(
                f"intervention '{name}' is already active in the baseline; "
                "set it inactive in the scenario to compare it"
            )
        out.append(
            Variant(
                name,
                set_path(scenario, f"interventions.{name}.active", True),
                f"{known[name].kind} switched on",
            )
        )
    for name in without:
        check(name)
        if not known[name].active:
            raise RunError(
                f"intervention '{name}' is not active in the baseline; "
                "compare it with --intervention instead"
            )
        out.append(
            Variant(
                f"without {name}",
                set_path(scenario, f"interventions.{name}.active", False),
                f"{known[name].kind} switched off",
            )
        )
    for text in sets:
        path, value = parse_set(text)
        try:
            changed = set_path(scenario, path, value)
        except (PathError, ScenarioError) as exc:
            raise RunError(f"--set {text}: {exc}") from None
        out.append(Variant(text, changed, f"{path} = {value!r}"))
    if not out:
        raise RunError(
            "nothing to compare: give --intervention NAME, --without NAME or --set path=value"
        )
    return out


def outcomes(results: Results) -> xr.Dataset:
    """Per replicate, day and unit (plus 'force'): the compared metrics."""
    d = results.daily
    per_unit = xr.Dataset(
        {
            "front": d.front,
            "quota": d.quota,
            "strength": d.strength,
            "deserted_total": d.deserted_total,
            "pay_received": d.pay_received,
            "absent": d.absent,
            "pay_ghost": d.pay_ghost,
            **{f"{c}_total": d[c].cumsum("day") for c in DESERTION_CAUSES},
        }
    )
    force = per_unit.sum("unit").expand_dims(unit=["force"])
    both = xr.concat([per_unit, force], dim="unit")
    both["front_fill"] = both.front / both.quota.where(both.quota > 0)
    both["pay_received_total"] = both.pay_received.cumsum("day")
    both["pay_ghost_total"] = both.pay_ghost.cumsum("day")
    return both[list(METRICS)]


def paired(base: np.ndarray, variant: np.ndarray, more_is_better: bool) -> dict[str, float]:
    """Mean paired difference with its interval, and the probability the variant is better."""
    diff = variant - base
    ok = np.isfinite(diff)
    diff = diff[ok]
    n = diff.size
    if n == 0:
        return {"diff_mean": np.nan, "diff_low": np.nan, "diff_high": np.nan, "p_better": np.nan}
    mean = float(diff.mean())
    half = (
        float(stats.t.ppf(0.5 + LEVEL / 2, n - 1) * diff.std(ddof=1) / np.sqrt(n))
        if n > 1
        else np.inf
    )
    better = diff > 0 if more_is_better else diff < 0
    ties = diff == 0
    return {
        "diff_mean": mean,
        "diff_low": mean - half,
        "diff_high": mean + half,
        "p_better": float(better.mean() + 0.5 * ties.mean()),
    }


@dataclass
class Comparison:
    """A baseline and its variants, run with common random numbers."""

    baseline: Results
    variants: dict[str, Results]
    changes: dict[str, str] = field(default_factory=dict)

    def table(self, days: list[int] | None = None) -> pd.DataFrame:
        """Per variant, unit (and 'force'), day and metric: medians and the paired effect."""
        days = self.baseline.default_days() if days is None else days
        base = outcomes(self.baseline)
        rows = []
        for name, res in self.variants.items():
            var = outcomes(res)
            for unit in base.unit.values:
                for day in days:
                    for metric, up in METRICS.items():
                        a = base[metric].sel(unit=unit, day=day).values
                        b = var[metric].sel(unit=unit, day=day).values
                        rows.append(
                            {
                                "variant": name,
                                "unit": str(unit),
                                "day": day,
                                "date": str(base.date.values[day])[:10],
                                "metric": metric,
                                "baseline_median": float(np.nanmedian(a))
                                if np.isfinite(a).any()
                                else np.nan,
                                "variant_median": float(np.nanmedian(b))
                                if np.isfinite(b).any()
                                else np.nan,
                                **paired(a, b, up),
                            }
                        )
        return pd.DataFrame(rows)

    def to_dict(self, days: list[int] | None = None) -> dict[str, Any]:
        """The comparison as plain data (for ``--json``)."""
        table = self.table(days).replace({np.nan: None})
        return {
            "run": self.baseline.metadata(),
            "level": LEVEL,
            "changes": self.changes,
            "comparison": table.to_dict(orient="records"),
        }


def compare(
    scenario: ScenarioData,
    interventions: Sequence[str] = (),
    sets: Sequence[str] = (),
    without: Sequence[str] = (),
    replicates: int = 100,
    days: int | None = None,
    seed: int | None = None,
    executor: Any = None,
    progress: Callable[[int], None] | None = None,
    draws: Sequence[dict[str, float]] | None = None,
) -> Comparison:
    """Run the baseline and each variant with one seed and compare them pair by pair.

    Args:
        scenario: the baseline.
        interventions: ids of inactive interventions; each gives a variant with it on.
        sets: ``path=value`` changes; each gives a variant.
        without: ids of active interventions; each gives a variant with it off.
        replicates: replicate pairs (each run has this many).
        days: days to simulate (default: the calendar's).
        seed: the seed every run shares (default: the scenario's).
        executor: where the runs' batches go, as for :func:`attrit.simulate`.
        progress: called with the replicates done so far, over all runs.
        draws: parameter sets (path -> value), one per replicate, e.g. from a fit's posterior;
            replicate r of every run uses draw r, so the pairs share parameters and seeds and
            the intervals include the parameters' uncertainty. ``replicates`` is then their
            number.
    """
    variants = variants_from(scenario, interventions, sets, without)
    seed = scenario.seed if seed is None else seed
    if draws is not None:
        replicates = len(draws)
    done = 0

    def run(sc: ScenarioData) -> Results:
        nonlocal done
        offset = done

        def tick(k: int) -> None:
            if progress is not None:
                progress(offset + k)

        if draws is not None:
            from attrit.calibrate.draws import simulate_draws

            res = simulate_draws(sc, list(draws), days, seed, progress=tick, executor=executor)
        else:
            res = simulate(
                sc,
                replicates=replicates,
                days=days,
                seed=seed,
                executor=executor,
                progress=tick,
            )
        done += replicates
        return res

    baseline = run(scenario)
    results = {v.name: run(v.scenario) for v in variants}
    return Comparison(baseline, results, {v.name: v.change for v in variants})
