"""Assemble a report: the question, the answer with intervals, the why, the figures, the method.

:func:`build` turns stored runs and comparisons into the data the HTML template shows; every
number is computed here from the results, none is written into the template.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

from attrit.analysis.compare import LEVEL, METRICS
from attrit.analysis.paychain import bonus_dates, pass_through
from attrit.analysis.quota import Window, hold_quota, hold_quota_effect, window
from attrit.evidence.wording import checked
from attrit.model.registry import PHASES
from attrit.provenance import environment
from attrit.report import cost_section, figures
from attrit.report import strength_section as strength
from attrit.report.evidence_section import drawn_by_fit, evidence_rows
from attrit.report.gather import Contents, report_date, same_run
from attrit.report.images import png
from attrit.report.sensitivity_figures import sensitivity_section
from attrit.results import Results
from attrit.scenario.api import to_yaml
from attrit.scenario.calibration import Prior
from attrit.scenario.paths import get_path
from attrit.scenario.schedules import described
from attrit.scenario.schema import ScenarioData


def _figure(ident: str, title: str, caption: str, make: Callable[[], Any]) -> dict[str, str]:
    return {"id": ident, "title": title, "caption": caption, "src": png(make())}


def run_figures(res: Results, marks: list, prefix: str) -> list[dict[str, str]]:
    """The figures of one run."""
    return [
        _figure(
            f"{prefix}-front",
            "Men at the front against the quota",
            "Each unit with a front-line quota: men at the front on each day (median of the "
            "replicates, 50% and 90% bands) against the quota (dashed).",
            lambda: figures.front_fans(res, marks),
        ),
        _figure(
            f"{prefix}-strength",
            "Strength",
            "Members on the rolls (on duty, on leave, wounded or in training) per unit.",
            lambda: figures.strength_fans(res, marks),
        ),
        _figure(
            f"{prefix}-causes",
            "Desertions by cause",
            "Cumulative desertions per unit, stacked by cause (means over the replicates, "
            "which add up where medians would not).",
            lambda: figures.desertion_causes(res, marks),
        ),
        _figure(
            f"{prefix}-flows",
            "Where the pay and supplies went",
            "Over the whole run, per unit: the shares of pay and bonuses due that the men "
            "received, that were skimmed, and that were never paid; and the shares of the "
            "supplies sent that were delivered or diverted.",
            lambda: figures.flows(res),
        ),
        _figure(
            f"{prefix}-morale",
            "Morale",
            "Mean morale of each unit's members (0 to 1): median over the replicates and 50% band.",
            lambda: figures.morale(res, marks),
        ),
    ]


def summary_rows(res: Results) -> list[dict[str, Any]]:
    """The run's summary table, formatted."""
    rows = []
    for r in res.summary().itertuples():
        rows.append(
            {
                "unit": r.unit,
                "date": r.date,
                "strength": f"{r.strength_q50:,.0f} [{r.strength_q05:,.0f}, {r.strength_q95:,.0f}]",
                "front_fill": "-" if r.quota == 0 else f"{r.front_fill_q50:.0%} of {r.quota:,}",
                "p_quota_met": "-" if r.quota == 0 else f"{r.p_quota_met:.2f}",
                "away": f"{r.away_q50:,.0f}",
                "absent": f"{r.absent_q50:,.0f}",
                "deserted": f"{r.deserted_total_q50:,.0f}",
                "below_half": f"{r.p_below_half:.0%}",
            }
        )
    return rows


def _interval(mean: float, low: float, high: float, fmt: str) -> str:
    if not np.isfinite(mean):
        return "-"
    return f"{mean:{fmt}} [{low:{fmt}}, {high:{fmt}}]"


def quota_rows(name: str, res: Results, win: Window, base: Results | None) -> list[dict]:
    """Rows of the quota table for one run (and its paired effect when ``base`` is given)."""
    table = hold_quota(res, win)
    effect = hold_quota_effect(base, res, win).set_index("unit") if base is not None else None
    rows = []
    for r in table.itertuples():
        row = {
            "variant": name,
            "unit": r.unit,
            "quota": r.quota,
            "days_held": _interval(r.days_held_mean, r.days_held_low, r.days_held_high, ".0%"),
            "throughout": _interval(r.p_throughout, r.p_throughout_low, r.p_throughout_high, ".2f"),
            "fill_end": f"{r.fill_end_q50:.0%} [{r.fill_end_q05:.0%}, {r.fill_end_q95:.0%}]",
            "effect": "",
            "p_better": "",
            "days_held_mean": r.days_held_mean,
            "effect_mean": np.nan,
            "fill_end_q50": r.fill_end_q50,
        }
        if effect is not None:
            e = effect.loc[r.unit]
            row["effect"] = _interval(e.diff_mean, e.diff_low, e.diff_high, "+.0%")
            row["p_better"] = f"{e.p_better:.2f}"
            row["effect_mean"] = e.diff_mean
        rows.append(row)
    return rows


def effect_rows(comparison: Any, day: int) -> list[dict[str, Any]]:
    """Paired effects on ``day``, per variant, unit and metric."""
    fmt = {
        "front_fill": "+.1%",
        "strength": "+,.0f",
        "deserted_total": "+,.0f",
        "pay_received_total": "+,.0f",
    }
    table = comparison.table([day])
    table = table[table.metric.isin(list(fmt))]
    rows = []
    for r in table.itertuples():
        f = fmt[r.metric]
        plain = f.lstrip("+")
        rows.append(
            {
                "variant": r.variant,
                "unit": r.unit,
                "metric": r.metric.replace("_", " "),
                "baseline": "-"
                if not np.isfinite(r.baseline_median)
                else f"{r.baseline_median:{plain}}",
                "variant_median": "-"
                if not np.isfinite(r.variant_median)
                else f"{r.variant_median:{plain}}",
                "effect": _interval(r.diff_mean, r.diff_low, r.diff_high, f),
                "p_better": "-" if not np.isfinite(r.p_better) else f"{r.p_better:.2f}",
                "better": "more" if METRICS[r.metric] else "fewer",
            }
        )
    return rows


def chain_rows(comparison: Any, on: dt.date) -> list[dict[str, Any]]:
    """Per unit: the share of a dollar (and of the bonus) reaching a man, baseline and variants."""
    scenarios = {"baseline": comparison.baseline.scenario}
    scenarios.update({k: v.scenario for k, v in comparison.variants.items()})
    tables = {k: pass_through(sc, on).set_index("unit") for k, sc in scenarios.items()}
    rows = []
    for unit in tables["baseline"].index:
        cells = []
        for name, t in tables.items():
            r = t.loc[unit]
            text = f"{r.reaches_man:.0%}"
            if r.bonus_usd > 0:
                text += f" (USD {r.bonus_reaching_usd:,.0f} of {r.bonus_usd:,.0f})"
            cells.append({"variant": name, "text": text})
        b = tables["baseline"].loc[unit]
        rows.append(
            {
                "unit": unit,
                "faction_skim": f"{b.faction_skim:.0%}",
                "commander_skim": f"{b.commander_skim:.0%}",
                "cells": cells,
            }
        )
    return rows


def by_unit(quota: list[dict[str, Any]], sc: ScenarioData) -> list[dict[str, Any]]:
    """The quota rows grouped per unit (baseline first), each with a one-sentence finding."""
    groups = []
    for unit in dict.fromkeys(r["unit"] for r in quota):
        rows = [r for r in quota if r["unit"] == unit]
        base = rows[0]
        if all(r["days_held_mean"] == 0 for r in rows):
            under = "the baseline" if len(rows) == 1 else "the baseline or any variant"
            text = f"does not hold its quota on any day of the window, under {under}."
        else:
            text = f"holds its quota on {base['days_held']} of the days in the {base['variant']}"
            variants = [r for r in rows[1:] if np.isfinite(r["effect_mean"])]
            if variants:
                best = max(variants, key=lambda r: r["effect_mean"])
                text += (
                    f"; the largest gain is from {best['variant']}: {best['effect']} of the days "
                    f"(P(better) {best['p_better']}), and its front fill at the end of the "
                    f"window is {best['fill_end_q50']:.0%} against {base['fill_end_q50']:.0%}."
                )
            else:
                text += "."
        info = sc.unit(unit)
        groups.append(
            {
                "unit": unit,
                "name": info.name,
                "members": info.strength.members,
                "quota": base["quota"],
                "quota_share": info.rotation.quota_share,
                "finding": text,
                "rows": rows,
            }
        )
    return groups


def assumption_rows(sc: ScenarioData) -> list[dict[str, str]]:
    """Each assumption with its value in the scenario."""
    rows = []
    for a in sc.assumptions:
        value = get_path(sc, a.path)
        rows.append({"path": a.path, "value": str(value), "reason": a.reason})
    return rows


def fit_section(record: dict[str, Any], k: int) -> dict[str, Any]:
    """A fit's posterior, predictive check and figures."""
    from attrit.calibrate.result import Fit
    from attrit.report import fit_figures

    def num(x: float) -> str:
        return f"{x:.4g}"

    checks = []
    for c in record["checks"]:
        verdict = (
            "inside the predictive interval"
            if c["inside"]
            else "outside; inside once the figure's reporting noise (its grade) is allowed"
            if c["inside_with_noise"]
            else "outside, even allowing the figure's reporting noise"
        )
        flag = c.get("flag", "")
        if flag:
            verdict += (
                "; flagged: the model predicts well above it"
                if flag == "high"
                else "; flagged: the model predicts well below it"
            )
        quantile = c.get("quantile")
        checks.append(
            {
                "key": c["key"],
                "kind": c["kind"],
                "reported": checked(c, num),
                "predicted": f"{num(c['q50'])} [{num(c['q05'])}, {num(c['q95'])}]",
                "noise": "-" if c["scale"] is None else f"{1.645 * c['scale']:.3g}",
                "quantile": "-" if quantile is None or quantile != quantile else f"{quantile:.2f}",
                "z": "-" if c.get("z") is None or c["z"] != c["z"] else f"{c['z']:+.1f}",
                "flag": flag,
                "verdict": verdict + ("" if c["weighed"] else " (carries no weight)"),
                "fits": c["inside"],
            }
        )
    return {
        "record": record,
        "goodness": record.get("goodness_of_fit"),
        "flagged": [c["key"] for c in checks if c["flag"]],
        "posterior": [
            {
                "path": p["path"],
                "prior": p["prior"],
                "current": show(p["current"]),
                "posterior": f"{show(p['median'])} [{show(p['low'])}, {show(p['high'])}]",
                "contraction": f"{contraction[p['path']]:.2f}",
            }
            for contraction in [Fit(record).contraction()]
            for p in record["posterior"]
            for show in [Prior.parse(p["prior"]).show]  # a number to 4 figures, or a date
        ],
        "checks": checks,
        "misfits": [c["key"] for c in checks if not c["fits"]],
        "figures": [
            _figure(
                f"fit{k}-posterior",
                "Prior and posterior",
                "Weighted histogram of the last generation's particles against the prior; the "
                "dotted line is the value in the scenario file.",
                lambda: fit_figures.posterior(record),
            ),
            _figure(
                f"fit{k}-checks",
                "Posterior predictive check",
                "Each reported figure against the 90% interval of its simulated counterpart "
                "over posterior draws, and against that interval widened by the figure's own "
                "reporting noise (set by its grade).",
                lambda: fit_figures.checks(record),
            ),
        ],
    }


def phases() -> list[dict[str, str]]:
    """The phases of a day with the first line of each module's description."""
    out = []
    for name in PHASES:
        doc = inspect.cleandoc(importlib.import_module(f"attrit.model.phases.{name}").__doc__)
        out.append({"name": name, "doc": doc.split("\n\n")[0].replace("\n", " ")})
    return out


def build(
    contents: Contents,
    question: str | None = None,
    first: dt.date | None = None,
    horizon: int = 90,
    command: str | None = None,
) -> dict[str, Any]:
    """Everything the template shows, computed from the runs."""
    sc = contents.scenario
    first = first or report_date(sc)
    marks = [(first, "report date")] if first else []
    horizon_of = [c.comparison.baseline for c in contents.comparisons] + [
        r.results for r in contents.runs
    ]
    win = window(horizon_of[0], first, horizon) if horizon_of else None
    quotas = any(u.rotation.quota or u.rotation.quota_share for u in sc.units)
    question = question or (
        f"How strong is each unit of '{sc.name}'"
        + (", can it hold its front-line quota" if quotas else " and how many are away")
        + f" over the {win.days if win else horizon} days from "
        f"{win.first_date if win else first}, and would the countermeasures change that?"
    )
    quota, kept, comparisons, runs = [], [], [], []
    for k, stored in enumerate(contents.comparisons):
        c = stored.comparison
        base = c.baseline
        quota += quota_rows("baseline", base, win, None)
        kept += strength.strength_rows("baseline", base, win, None)
        for name, res in c.variants.items():
            quota += quota_rows(name, res, win, base)
            kept += strength.strength_rows(name, res, win, base)
        on = next(iter(bonus_dates(sc)), win.first_date)
        comparisons.append(
            {
                "records": stored.records,
                "changes": c.changes,
                "replicates": len(base.replicates),
                "chain": chain_rows(c, on),
                "chain_date": on,
                "variants": ["baseline", *c.variants],
                "effects": effect_rows(c, win.last),
                "figures": [
                    _figure(
                        f"cmp{k}-effects",
                        f"Paired effects on front fill, {win.end_date}",
                        "Each variant minus the baseline, replicate by replicate (common random "
                        f"numbers): mean and {LEVEL:.0%} interval, per unit and for the force.",
                        lambda c=c: figures.effects(c, win.last),
                    ),
                    _figure(
                        f"cmp{k}-paths",
                        "Paired effects on front fill over time",
                        f"Mean paired difference and its {LEVEL:.0%} band on each day.",
                        lambda c=c: figures.effect_paths(c, marks=marks),
                    ),
                ],
                "baseline_figures": run_figures(base, marks, f"cmp{k}"),
                "summary": summary_rows(base),
                "costs": cost_section.cost_rows(c, win),
            }
        )
    compared = [c.comparison.baseline for c in contents.comparisons]
    for k, stored in enumerate(contents.runs):
        res = stored.results
        duplicate = any(same_run(res, b) for b in compared)
        if not compared:
            quota += quota_rows(f"run {stored.record['run_id']}", res, win, None)
            kept += strength.strength_rows(f"run {stored.record['run_id']}", res, win, None)
        runs.append(
            {
                "record": stored.record,
                "duplicate": duplicate,
                "missing": res.missing,
                "figures": [] if duplicate else run_figures(res, marks, f"run{k}"),
                "summary": summary_rows(res),
            }
        )
    records = (
        [r.record for r in contents.runs]
        + [rec for c in contents.comparisons for rec in c.records]
        + [s["record"] for s in contents.sensitivities]
    )
    return {
        "title": sc.name,
        "question": question,
        "description": sc.description,
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "window": win,
        "quota": quota,
        "quota_units": by_unit(quota, sc),
        "strength_units": strength.by_unit(kept, sc, win) if win else [],
        "strength_level": strength.LEVEL_SHARE,
        "comparisons": comparisons,
        "runs": runs,
        "scenario": sc,
        "evidence": evidence_rows(
            sc,
            [f for f in contents.fits if f.get("scenario")],
            drawn_by_fit(contents),
        ),
        "assumptions": assumption_rows(sc),
        "schedules": described(sc),
        "phases": phases(),
        "level": LEVEL,
        "records": records,
        "command": command,
        "environment": environment(),
        "scenario_yaml": to_yaml(sc),
        "fits": [fit_section(f, k) for k, f in enumerate(contents.fits)],
        "sensitivities": [sensitivity_section(s, k) for k, s in enumerate(contents.sensitivities)],
        "drawn_from": sorted(  # a plain run has no fit (None): left out of the list
            (
                {contents.fit_of(r.record) for r in contents.runs}
                | {contents.fit_of(c.records[0]) for c in contents.comparisons}
            )
            - {None}
        ),
        "scenario_hash": sc.hash(),
    }
