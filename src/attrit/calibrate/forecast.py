"""Forecasts from a fit: every replicate runs with its own posterior draw."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from attrit.calibrate.draws import simulate_draws
from attrit.calibrate.posterior import draws
from attrit.results import Results
from attrit.scenario.edit import set_paths
from attrit.scenario.schema import ScenarioData

if TYPE_CHECKING:
    from attrit.reduce import Reduction


def _finished(record: dict[str, Any]) -> None:
    """Raise ValueError, with the way on, unless the fit has its posterior."""
    if record.get("status") != "done" or not record.get("particles"):
        raise ValueError(
            f"fit {record['fit_id']} has no posterior yet (status {record.get('status')}); "
            f"continue it with attrit fit --resume {record['fit_id']}"
        )


def at_posterior_median(scenario: ScenarioData, record: dict[str, Any]) -> ScenarioData:
    """``scenario`` with every parameter the fit inferred set to its posterior median.

    Raises ValueError when the fit has no posterior yet or its parameters are not the
    scenario's.
    """
    from attrit.scenario.errors import ScenarioError
    from attrit.scenario.paths import PathError

    _finished(record)
    try:
        return set_paths(scenario, {p["path"]: p["median"] for p in record["posterior"]})
    except (PathError, ScenarioError) as exc:
        raise ValueError(f"fit {record['fit_id']} does not fit this scenario: {exc}") from None


def fitted_scenario(record: dict[str, Any]) -> ScenarioData:
    """The fit's scenario with every fitted parameter at its posterior median."""
    from attrit.scenario.api import validate_data

    return at_posterior_median(validate_data(record["scenario"], f"fit {record['fit_id']}"), record)


def posterior_draws(record: dict[str, Any], n: int, seed: int) -> list[dict[str, float]]:
    """``n`` parameter sets drawn from a fit's posterior (seeded)."""
    _finished(record)
    return draws(record["particles"], n, seed)


def forecast(
    record: dict[str, Any],
    replicates: int = 200,
    days: int | None = None,
    seed: int | None = None,
    scenario: ScenarioData | None = None,
    progress: Callable[[int], None] | None = None,
    executor: Any = None,
    reduce: Reduction | None = None,
) -> Results | Any:
    """Simulate ``replicates`` replicates, each at its own draw from the fit's posterior.

    ``scenario`` (default: the fit's, at the posterior median) may be a variant of it, e.g.
    with an intervention switched on; the draws and seeds are the same for a given ``seed``,
    so forecasts of two variants are paired replicate by replicate. With ``reduce``
    (e.g. :class:`attrit.summary.Summarise`) only its result is kept, as the replicates
    finish.
    """
    base = scenario if scenario is not None else fitted_scenario(record)
    seed = base.seed if seed is None else seed
    thetas = posterior_draws(record, replicates, seed)
    return simulate_draws(base, thetas, days, seed, progress, executor, reduce)
