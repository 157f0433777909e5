"""Fitting a scenario to its evidence, recorded in the run store, resumable.

``fit`` writes a ``running`` record before the first simulation, runs ABC-SMC with its history
in ``fits/`` beside the store, then checks every figure against the posterior predictive
distribution and records the result as ``done``. A fit that was stopped (killed, out of time)
continues with ``resume``: pyabc reloads the history and samples the generations still due.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from attrit.calibrate import abc
from attrit.calibrate.posterior import check, ess, summary
from attrit.calibrate.problem import FitError, Problem
from attrit.calibrate.result import Fit
from attrit.evidence.kinds import kind
from attrit.interrupt import Interrupted
from attrit.scenario.calibration import FittedParameter
from attrit.scenario.schema import ScenarioData


def parse_params(texts: list[str]) -> list[FittedParameter]:
    """``path=prior`` options as fitted parameters."""
    out = []
    for text in texts:
        path, sep, prior = text.partition("=")
        if not sep or not path.strip():
            raise FitError(
                f"--param wants path=prior, e.g. units.*.leave.return_probability="
                f"uniform(0.3,1) (got '{text}')"
            )
        try:
            out.append(FittedParameter(path=path.strip(), prior=prior.strip()))
        except ValueError as exc:
            raise FitError(f"--param {text}: {_first_error(exc)}") from None
    return out


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return str(errors()[0]["msg"]).removeprefix("Value error, ")
    return str(exc)


def problem_for(scenario: ScenarioData, params: list[FittedParameter] | None = None) -> Problem:
    """The fit problem: ``params`` if given, else the scenario's calibration section."""
    from attrit.scenario.errors import ScenarioError
    from attrit.scenario.paths import PathError, get_path

    chosen = params or list(scenario.calibration.parameters)
    for p in chosen:
        try:
            get_path(scenario, p.path)
        except (PathError, ScenarioError) as exc:
            raise FitError(f"--param {p.path}: {exc}") from None
    return Problem(scenario, chosen)


def _refuse_unpredictable(problem: Problem, seed: int) -> None:
    """Refuse, before anything is stored, figures the model cannot produce."""
    missing = problem.unpredictable(seed)
    if not missing:
        return
    start = problem.scenario.calendar.start
    lines = []
    for o in missing:
        first, last = (start + dt.timedelta(days=d) for d in (o.first, o.last))
        why = kind(o.kind).no_value
        lines.append(f"evidence '{o.evidence}' ({o.kind}, {first} to {last}): {why}")
    raise FitError(
        "the model gives no value for these figures at the priors' medians, so no particle "
        "could be accepted; mend or drop them (grade F or 6 keeps an item without weight):\n  "
        + "\n  ".join(lines)
    )


def fit(
    scenario: ScenarioData,
    params: list[FittedParameter] | None = None,
    bounds: abc.Bounds | None = None,
    seed: int | None = None,
    executor: Any = None,
    store: Any = None,
    checks: int = 100,
    progress: Callable[[dict[str, Any]], None] | None = None,
    command: str | None = None,
) -> Fit:
    """Calibrate ``scenario`` to its evidence; store the fit and return it (:class:`Fit`).

    Args:
        scenario: the scenario with its evidence (and, optionally, a calibration section).
        params: parameters and priors to fit (default: the scenario's calibration section).
        bounds: population size, generations, simulation budget, wall time, acceptance.
        seed: the fit's seed (default: the scenario's).
        executor: where the simulations run (:mod:`attrit.executor`): none is here, on one
            core, bit-reproducible; a process pool or a ``distributed.Client`` its workers.
        store: the run store (default: ``$ATTRIT_STORE`` or ``./attrit.duckdb``).
        checks: posterior draws simulated for the predictive check.
        progress: called after each generation (see :func:`attrit.calibrate.abc.run`).
        command: the command line, recorded for reproduction.
    """
    from attrit.store import Store
    from attrit.version import __version__

    store = store if isinstance(store, Store) else Store(store)
    problem = problem_for(scenario, params)
    bounds = bounds or abc.Bounds()
    seed = scenario.seed if seed is None else seed
    _refuse_unpredictable(problem, seed)
    fit_id = uuid.uuid4().hex[:12]
    history = store.fit_history(fit_id)
    history.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "fit_id": fit_id,
        "status": "running",
        "attrit_version": __version__,
        "scenario_name": scenario.name,
        "scenario_hash": scenario.hash(),
        "scenario": scenario.to_data(),
        "spec": {
            "parameters": [p.model_dump() for p in problem.parameters],
            "bounds": asdict(bounds),
            "seed": seed,
            "checks": checks,
        },
        "history": str(history),
        "command": command,
    }
    store.save_fit(record)
    return Fit(_run(store, record, problem, bounds, seed, None, executor, progress))


def resume(
    fit_id: str,
    store: Any = None,
    executor: Any = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
    bounds: abc.Bounds | None = None,
) -> Fit:
    """Continue a stopped fit from its last complete generation (or redo its checks)."""
    from attrit.scenario.api import validate_data
    from attrit.store import Store

    store = store if isinstance(store, Store) else Store(store)
    record = store.fit(fit_id)
    scenario = validate_data(record["scenario"], f"fit {fit_id}")
    spec = record["spec"]
    problem = Problem(scenario, [FittedParameter(**p) for p in spec["parameters"]])
    bounds = bounds or abc.Bounds(**spec["bounds"])
    _check_history(record["history"], fit_id)
    abc_id = record["abc_id"] if record["abc_id"] is not None else _abc_id(record["history"])
    return Fit(_run(store, record, problem, bounds, spec["seed"], abc_id, executor, progress))


def _check_history(history: str, fit_id: str) -> None:
    """Refuse to continue from a history that SQLite finds damaged (a fit cannot resume it)."""
    import sqlite3
    from contextlib import closing
    from pathlib import Path

    path = Path(history)
    if not path.exists():
        return  # killed before pyabc wrote it: the fit starts again
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
            verdict = con.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        verdict = str(exc)
    if verdict != "ok":
        raise FitError(
            f"fit {fit_id}'s history {path} is damaged ({verdict}); it cannot continue: "
            "start a new fit (attrit fit FILE ...)"
        )


def _abc_id(history: str) -> int | None:
    """The pyabc run in a history killed before its id was recorded in the store.

    None when there is none to continue: no history yet, or a kill while pyabc was creating
    it (no version or run row; pyabc refuses such a file). Nothing was sampled then, so the
    unusable file is removed and the fit starts again.
    """
    import sqlite3
    from contextlib import closing
    from pathlib import Path

    path = Path(history)
    if not path.exists():
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
            version = con.execute("SELECT version_num FROM version").fetchall()
            runs = con.execute("SELECT id FROM abc_smc ORDER BY id").fetchall()
    except sqlite3.Error:
        version = runs = []
    if version and runs:
        return int(runs[0][0])
    path.unlink()
    return None


def _run(
    store: Any,
    record: dict[str, Any],
    problem: Problem,
    bounds: abc.Bounds,
    seed: int,
    abc_id: int | None,
    executor: Any,
    progress: Callable[[dict[str, Any]], None] | None,
) -> dict[str, Any]:
    started = time.monotonic()
    fit_id = record["fit_id"]
    try:
        history, abc_id, why, dropped = abc.run(
            problem,
            f"sqlite:///{record['history']}",
            bounds,
            seed,
            abc_id=abc_id,
            executor=executor,
            progress=progress,
            spent=record.get("simulations"),
        )
    except Interrupted as exc:
        exc.then = (
            f"fit {fit_id} keeps its finished generations; continue it with "
            f"attrit fit --resume {fit_id}"
        )
        raise
    record["abc_id"] = abc_id
    if abc._generations(history) == 0:
        store.save_fit(record)
        raise FitError(
            f"no generation completed within the bounds ({why}); give a larger --budget or "
            f"--walltime and continue with attrit fit --resume {record['fit_id']}"
        )
    particles = abc.particles(history, problem)
    record.update(
        {
            "why": why,
            "generations": abc._generations(history),
            # run, not only kept: a generation dropped at the budget's cap counts too
            "simulations": int(history.total_nr_simulations) + dropped,
            "ess": ess(particles),
            "particles": particles,
            "posterior": summary(problem, particles),
        }
    )
    try:
        record["checks"], record["goodness_of_fit"] = check(
            problem, particles, record["spec"]["checks"], seed, executor=executor
        )
    except Interrupted as exc:
        exc.then = (
            f"fit {fit_id} has its posterior but not its checks; finish it with "
            f"attrit fit --resume {fit_id}"
        )
        raise
    record["status"] = "done"
    record["wall_seconds"] = (record.get("wall_seconds") or 0.0) + time.monotonic() - started
    store.save_fit(record)
    return record
