"""The dashboard's pages (Panel): scenario, explore, compare, runs.

Everything goes through attrit's public API; every value from the page is checked by
:mod:`attrit.dashboard.guard` first, and every text shown is escaped.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import panel as pn

from attrit.dashboard.guard import (
    MAX_DAYS,
    MAX_REPLICATES,
    Refused,
    check_value,
    check_work,
    inside,
    levers,
)
from attrit.dashboard.jobs import Busy, Runner
from attrit.scenario.api import Scenario, load
from attrit.scenario.errors import ScenarioError
from attrit.store import Store

POLL_MS = 300
RUNNER = Runner()


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f"<table class='attrit'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def result_id(res: Any) -> str:
    """A short fingerprint of a run's record, so a page can tell two runs apart."""
    import hashlib

    return hashlib.sha256(res.record.tobytes()).hexdigest()[:10]


def _img(src: str, alt: str) -> str:
    return f"<img src='{src}' alt='{html.escape(alt)}' style='max-width:100%'>"


class Dashboard:
    """The app for one scenario folder and one store."""

    def __init__(self, scenario_path: Path, store_path: Path):
        self.folder = scenario_path.resolve().parent
        self.store = Store(store_path)
        self.runner = RUNNER  # one run at a time for the whole server, whatever the sessions
        self.scenario: Scenario = load(scenario_path)
        self.scenario_name = scenario_path.name
        self.scenario_page = pn.Column(name="Scenario")
        self.explore_page = pn.Column(name="Explore")
        self.compare_page = pn.Column(name="Compare")
        self.runs_page = pn.Column(name="Runs")
        self._build_all()

    # -- pages ------------------------------------------------------------------------------
    def _build_all(self) -> None:
        self._scenario()
        self._explore()
        self._compare()
        self._runs()

    def view(self) -> pn.Tabs:
        """The app: one tab per page."""
        return pn.Tabs(
            self.scenario_page, self.explore_page, self.compare_page, self.runs_page, dynamic=False
        )

    def _scenario(self) -> None:
        from attrit.report.build import assumption_rows
        from attrit.report.evidence_section import evidence_rows

        sc = self.scenario
        file_input = pn.widgets.TextInput(
            label="scenario file (in this folder)",
            value=self.scenario_name,
            css_classes=["file-input"],
        )
        load_button = pn.widgets.Button(label="Load", color="primary")
        message = pn.pane.HTML("", css_classes=["file-message"])

        def on_load(_: Any) -> None:
            try:
                path = inside(self.folder, file_input.value)
                self.scenario = load(path)
                self.scenario_name = path.name
            except Refused as exc:
                message.object = f"<p class='refused'>{html.escape(str(exc))}</p>"
                return
            except ScenarioError as exc:
                text = "; ".join(str(p) for p in exc.problems[:3])
                message.object = f"<p class='refused'>{html.escape(text)}</p>"
                return
            self._build_all()

        load_button.on_click(on_load)
        units = [
            {
                "id": u.id,
                "name": u.name,
                "faction": u.faction,
                "province": u.province,
                "quota": u.rotation.quota,
            }
            for u in sc.units
        ]
        factions = [
            {"id": f.id, "name": f.name, "aliases": ", ".join(f.aliases)} for f in sc.factions
        ]
        self.scenario_page[:] = [
            pn.pane.HTML(f"<h2>{html.escape(sc.name)}</h2><p>{html.escape(sc.description)}</p>"),
            pn.Row(file_input, load_button),
            message,
            pn.pane.HTML("<h3>Factions</h3>" + _table(factions, ["id", "name", "aliases"])),
            pn.pane.HTML("<h3>Units</h3>" + _table(units, list(units[0]) if units else [])),
            pn.pane.HTML(
                "<h3>Assumptions</h3>" + _table(assumption_rows(sc), ["path", "value", "reason"])
            ),
            pn.pane.HTML(
                "<h3>Evidence</h3>"
                + _table(
                    evidence_rows(sc),
                    ["id", "kind", "subject", "when", "figures", "quote", "grade"],
                )
            ),
        ]

    def _controls(self, unit: str) -> list[tuple[Any, Any, Any]]:
        """(lever, input, message) for each lever of ``unit``, valued as in the scenario."""
        out = []
        for lever in levers(self.scenario, unit):
            current = self.scenario.get(lever.path)
            kind = pn.widgets.IntInput if lever.integer else pn.widgets.FloatInput
            widget = kind(
                label=f"{lever.label} [{lever.low:g} to {lever.high:g}]",
                value=current,
                css_classes=["lever", lever.path.replace(".", "-")],
            )
            out.append((lever, widget, pn.pane.HTML("", css_classes=["lever-message"])))
        return out

    def _applied(self, controls, status) -> Scenario | None:
        """The scenario with every lever's value, or None (messages by the refused controls)."""
        sc, ok = self.scenario, True
        for lever, widget, message in controls:
            try:
                sc = check_value(sc, lever, widget.value)
                message.object = ""
            except Refused as exc:
                message.object = f"<span class='refused'>{html.escape(str(exc))}</span>"
                ok = False
        if not ok:
            status.object = "<p class='refused'>Some values were refused; see the messages.</p>"
        return sc if ok else None

    def _explore(self) -> None:
        sc = self.scenario
        unit = pn.widgets.Select(label="unit", options=[u.id for u in sc.units])
        controls = self._controls(unit.value)
        lever_box = pn.Column(*[pn.Column(w, m) for _, w, m in controls])
        replicates = pn.widgets.IntInput(
            label=f"replicates (at most {MAX_REPLICATES})", value=50, css_classes=["replicates"]
        )
        days = pn.widgets.IntInput(
            label=f"days (at most {MAX_DAYS})",
            value=min(sc.calendar.days, 120),
            css_classes=["days"],
        )
        run, cancel = (
            pn.widgets.Button(label="Run", color="primary"),
            pn.widgets.Button(label="Cancel", color="warning"),
        )
        progress = pn.indicators.Progress(label="progress", value=0, max=100, width=300)
        status = pn.pane.HTML("<p class='status'>Move a lever and press Run.</p>")
        charts = pn.pane.HTML("", css_classes=["charts"])

        def on_unit(event: Any) -> None:
            controls[:] = self._controls(event.new)
            lever_box[:] = [pn.Column(w, m) for _, w, m in controls]

        unit.param.watch(on_unit, "value")

        def on_run(_: Any) -> None:
            from attrit.report import figures
            from attrit.run import simulate

            try:
                n, d = check_work(replicates.value, days.value)
            except Refused as exc:
                status.object = f"<p class='refused'>{html.escape(str(exc))}</p>"
                return
            changed = self._applied(controls, status)
            if changed is None:
                return
            chosen = unit.value

            def work(job):
                res = simulate(changed, replicates=n, days=d, progress=job.tick)
                self.store.save(res, command="attrit serve (explore)")
                return res, figures

            try:
                job = self.runner.start(n, work)
            except Busy as exc:
                status.object = f"<p class='refused'>{html.escape(str(exc))}</p>"
                return
            status.object = "<p class='status'>running...</p>"
            self._poll(job, progress, status, lambda result: self._draw_run(result, chosen, charts))

        run.on_click(on_run)
        cancel.on_click(lambda _: self.runner.job and self.runner.job.cancel())
        self.explore_page[:] = [
            pn.pane.HTML(
                "<h2>Explore</h2><p>Levers are the unit's parameters, within their "
                "documented ranges; the run uses the scenario's seed.</p>"
            ),
            pn.Row(
                pn.Column(unit, lever_box, width=340),
                pn.Column(pn.Row(replicates, days), pn.Row(run, cancel, progress), status, charts),
            ),
        ]

    def _poll(self, job, progress, status, done) -> None:
        def check() -> None:
            progress.value = int(100 * job.done / max(job.total, 1))
            if not job.finished:
                return
            callback.stop()
            if job.cancelled:
                status.object = "<p class='status cancelled'>cancelled</p>"
            elif job.error:
                status.object = f"<p class='refused'>{html.escape(job.error)}</p>"
            else:
                done(job.result)
                status.object = "<p class='status done'>done</p>"

        callback = pn.state.add_periodic_callback(check, period=POLL_MS)

    def _draw_run(self, result, unit: str, charts) -> None:
        from attrit.report.images import png

        res, figures = result
        charts.object = (
            f"<p>Run {html.escape(result_id(res))}: {len(res.replicates)} replicates; "
            f"unit {html.escape(unit)} (every unit: open the run on the Runs page).</p>"
            + _img(png(figures.front_fans(res, units=[unit])), "men at the front against the quota")
            + _img(png(figures.strength_fans(res, units=[unit])), "strength")
        )

    def _compare(self) -> None:
        sc = self.scenario
        options = [iv.id for iv in sc.interventions]
        choice = pn.widgets.Select(
            label="countermeasure (switched on if off, off if on)", options=options
        )
        replicates = pn.widgets.IntInput(
            label=f"replicate pairs (at most {MAX_REPLICATES})", value=50
        )
        run = pn.widgets.Button(label="Compare", color="primary")
        progress = pn.indicators.Progress(label="progress", value=0, max=100, width=300)
        status = pn.pane.HTML("<p class='status'>Pick a countermeasure and press Compare.</p>")
        out = pn.pane.HTML("", css_classes=["comparison"])

        def on_run(_: Any) -> None:
            from attrit.analysis.compare import compare
            from attrit.report import figures
            from attrit.report.build import effect_rows, png

            try:
                n, _ = check_work(replicates.value, 1)
            except Refused as exc:
                status.object = f"<p class='refused'>{html.escape(str(exc))}</p>"
                return
            iv = next(i for i in self.scenario.interventions if i.id == choice.value)
            on, off = ([iv.id], []) if not iv.active else ([], [iv.id])
            days = min(self.scenario.calendar.days, MAX_DAYS)

            def work(job):
                c = compare(
                    self.scenario,
                    interventions=on,
                    without=off,
                    replicates=n,
                    days=days,
                    progress=job.tick,
                )
                last = days - 1
                rows = effect_rows(c, last)
                return _img(png(figures.effects(c, last)), "paired effects") + _table(
                    rows, ["variant", "unit", "metric", "effect", "p_better"]
                )

            try:
                job = self.runner.start(2 * n, work)
            except Busy as exc:
                status.object = f"<p class='refused'>{html.escape(str(exc))}</p>"
                return
            self._poll(job, progress, status, lambda result: setattr(out, "object", result))

        run.on_click(on_run)
        self.compare_page[:] = [
            pn.pane.HTML(
                "<h2>Compare</h2><p>Baseline against one countermeasure, replicate "
                "by replicate with the same random numbers (paired differences).</p>"
            ),
            choice,
            replicates,
            pn.Row(run, progress),
            status,
            out,
        ]

    def _runs(self) -> None:
        refresh = pn.widgets.Button(label="Refresh")
        listing = pn.pane.HTML("", css_classes=["runs"])
        run_id = pn.widgets.TextInput(label="run id", css_classes=["run-id"])
        open_button = pn.widgets.Button(label="Open", color="primary")
        shown = pn.pane.HTML("", css_classes=["run"])
        downloads = pn.Row()

        def on_refresh(_: Any = None) -> None:
            from attrit.store import StoreError

            try:
                frame = self.store.runs()
            except StoreError as exc:
                listing.object = f"<p>{html.escape(str(exc))}</p>"
                return
            listing.object = _table(frame.astype(str).to_dict("records"), list(frame.columns))

        def on_open(_: Any) -> None:
            from attrit.report.build import run_figures
            from attrit.store import StoreError

            try:
                results = self.store.results(run_id.value.strip())
            except StoreError as exc:
                shown.object = f"<p class='refused'>{html.escape(str(exc))}</p>"
                return
            figs = run_figures(results, [], "dash")
            note = (
                f"<p class='note'>Stored by an older attrit, without "
                f"{html.escape(', '.join(results.missing))}: those are missing values.</p>"
                if results.missing
                else ""
            )
            shown.object = note + "".join(_img(f["src"], f["title"]) for f in figs[:2])
            opened = run_id.value.strip()  # the downloads are of this run, whatever is typed next
            downloads[:] = [
                pn.widgets.FileDownload(
                    callback=lambda: self._report(opened),
                    filename=f"report-{opened}.html",
                    label="Download report",
                ),
                pn.widgets.FileDownload(
                    callback=lambda: self._data(opened),
                    filename=f"daily-{opened}.parquet",
                    label="Download data",
                ),
            ]

        refresh.on_click(on_refresh)
        open_button.on_click(on_open)
        on_refresh()
        self.runs_page[:] = [
            pn.pane.HTML(f"<h2>Runs</h2><p>In {html.escape(str(self.store.path))}.</p>"),
            refresh,
            listing,
            pn.Row(run_id, open_button),
            shown,
            downloads,
        ]

    def _report(self, run: str):
        import io

        from attrit.report import report

        path = inside(self.store.path.resolve().parent, f".dashboard-report-{run}.html")
        report([run], out=path, store=self.store, command="attrit serve (runs page)")
        data = path.read_bytes()
        path.unlink(missing_ok=True)
        return io.BytesIO(data)

    def _data(self, run: str):
        import io

        path = inside(self.store.path.resolve().parent, f".dashboard-daily-{run}.parquet")
        self.store.export(run, path)
        data = path.read_bytes()
        path.unlink(missing_ok=True)
        return io.BytesIO(data)
