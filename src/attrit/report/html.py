"""Render a report as one self-contained HTML file (figures inline, no network)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from attrit.files import write_atomic


def render(context: dict[str, Any]) -> str:
    """The report's HTML; every value is escaped, so names cannot inject markup."""
    env = Environment(
        loader=PackageLoader("attrit.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2").render(**context)


def write(html: str, path: str | Path) -> Path:
    """Write atomically: a reader never sees half a report."""
    return write_atomic(path, html)
