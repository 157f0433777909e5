"""``attrit extract`` and ``attrit evidence review``: from a report's text to reviewed evidence."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.prompt import Prompt
from rich.table import Table

from attrit.cli.app import app
from attrit.cli.common import checked_output, fail, load_or_exit, out, write_reference
from attrit.evidence.extract import proposals as props

evidence = typer.Typer(help="Evidence files: review what attrit extract proposed, merge it.")
app.add_typer(evidence, name="evidence")


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"--date: '{text}' is not a date; write YYYY-MM-DD") from None


def _table(items: list[dict], title: str) -> Table:
    table = Table(title=title, show_lines=True)
    for col in ("id", "figures", "when", "about", "conf.", "quote"):
        table.add_column(col, overflow="fold")
    for i in items:
        figures = ", ".join(f"{k}={i[k]}" for k in props.FIGURE_FIELDS if i.get(k) is not None)
        when = i.get("date") or f"{i['period']['start']} to {i['period']['end']}"
        about = i.get("unit") or ", ".join(i.get("units") or []) or i.get("faction")
        if i.get("stated") == "range":
            figures += f" to {i.get('high')}"
        elif i.get("stated"):
            figures = f"{i['stated'].replace('_', ' ')}: {figures}"
        table.add_row(
            i["id"],
            figures + (" ~" if i.get("approximate") else ""),
            str(when),
            about or i.get("subject_text", ""),
            f"{i['confidence']:.2f}",
            i["quote"],
        )
    return table


MAX_REPORT_BYTES = 2 * 2**20  # a long field report is some 50 kB; a book is not one


@app.command()
def extract(
    report: Annotated[Path, typer.Argument(help="The report, as plain text (UTF-8).")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write the proposals here (YAML).")
    ] = None,
    scenario: Annotated[
        Path | None, typer.Option(help="Link subjects to this scenario's unit and faction ids.")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="The report's date (YYYY-MM-DD); else its first lines'.")
    ] = None,
    source_id: Annotated[
        str | None, typer.Option(help="Id for the report as a source (default: from its name).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the proposals as JSON and nothing else.")
    ] = False,
) -> None:
    """Propose the evidence a report states, each item with its exact quote and span."""
    import re

    from attrit.evidence.extract.propose import ExtractError
    from attrit.evidence.extract.propose import extract as run_extract
    from attrit.files import InputError, read_text

    checked_output(out_path, "--out", {"the report": report, "the scenario": scenario})
    try:
        text = read_text(report, MAX_REPORT_BYTES, "a report")
    except InputError as exc:
        raise fail(str(exc)) from None
    sc = load_or_exit(scenario) if scenario is not None else None
    try:
        found = run_extract(text, _date(date), sc)
    except ExtractError as exc:
        raise fail(f"{report}: {exc}") from None
    from attrit.evidence.extract.dates import report_date

    when = _date(date) or report_date(text)
    known = [s.id for s in sc.sources if Path(s.location).name == report.name] if sc else []
    slug = re.sub(r"[^a-z0-9_-]+", "-", report.stem.lower()).strip("-_")[:64] or "report"
    sid = source_id or (known[0] if known else slug)
    doc = props.document(found, report, text, when, sid)  # type: ignore[arg-type]
    if as_json:
        sys.stdout.write(json.dumps(doc, indent=2, default=str) + "\n")
        return
    out.print(_table(doc["evidence"], f"{len(found)} items proposed from {report} ({when})"))
    if out_path is None:
        out.print("nothing saved: add --out FILE to keep them for review")
        return
    props.write(doc, out_path)
    out.print(
        f"wrote {out_path}; review it: attrit evidence review {out_path}"
        + (f" --scenario {scenario} --out evidence.yaml" if scenario else "")
    )


@evidence.command()
def review(
    path: Annotated[Path, typer.Argument(help="A proposals file from attrit extract.")],
    scenario: Annotated[
        Path | None, typer.Option(help="Check accepted items against this scenario.")
    ] = None,
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="Write the scenario's evidence plus the accepted items here."),
    ] = None,
    reliability: Annotated[
        str | None, typer.Option(help="Source reliability (A-F) for items that have none.")
    ] = None,
    credibility: Annotated[
        int | None, typer.Option(help="Credibility (1-6) for items that have none.")
    ] = None,
    add: Annotated[
        bool,
        typer.Option(
            "--add",
            help="After the proposed items, add items the extractor missed ([n]ew "
            "at any item does the same).",
        ),
    ] = False,
) -> None:
    """Accept, edit or reject each proposed item; accepted ones merge into an evidence file."""
    from attrit.evidence.extract.review import review as walk
    from attrit.scenario.errors import ScenarioError

    if out_path is not None and scenario is None:
        raise fail("--out needs --scenario: accepted items merge into that scenario's evidence")
    checked_output(out_path, "--out", {"the proposals file": path, "the scenario": scenario})
    try:
        doc = props.read(path)
    except ScenarioError as exc:
        raise fail("\n".join(str(p) for p in exc.problems)) from None
    sc = load_or_exit(scenario) if scenario is not None else None

    def ask(question: str) -> str:
        try:  # shown as written: "[a]ccept" is not Rich markup
            return Prompt.ask(escape(question), console=out)
        except EOFError:  # input ran out (a script): stop here, as quit does
            return "q"

    decided = walk(
        doc,
        path,
        sc,
        ask,
        lambda text: out.print(escape(text)),
        {"reliability": reliability, "credibility": credibility},
        add=add,
    )
    left = sum(1 for i in doc.get("evidence") or [] if i["status"] == "proposed")
    out.print(
        f"accepted {decided['accepted']}, rejected {decided['rejected']}, "
        f"{left} still proposed; saved {path}"
    )
    if out_path is not None and sc is not None:
        try:
            merged = props.merge(sc, doc, str(path))
        except ScenarioError as exc:
            raise fail("\n".join(str(p) for p in exc.problems)) from None
        from attrit.files import write_atomic

        write_atomic(out_path, props.dump_evidence(merged))
        out.print(
            f"wrote {out_path}: {len(merged['evidence'])} evidence items; use it with "
            f"attrit fit {scenario} --evidence {out_path}"
        )


@evidence.command()
def kinds(
    write: Annotated[Path | None, typer.Option(help="Write the reference to this file.")] = None,
    check: Annotated[
        Path | None, typer.Option(help="Exit 1 if this file is not the current reference.")
    ] = None,
) -> None:
    """Print (or write, or check) the reference of every evidence kind (docs/evidence.md)."""
    from attrit.evidence.describe import render_markdown

    write_reference(render_markdown, write, check, "attrit evidence kinds")
