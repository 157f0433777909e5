"""Where the tests' files are, and small helpers over them (YAML text, the example's evidence)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "iraq-2015.yaml"
TOY = ROOT / "examples" / "toy.yaml"


# YAML ends a line at any of these (YAML 1.1, as ruamel reads it), so a problem's line
# number counts them all
LINE_BREAKS = r"\r\n|\r|\n|\x85|\u2028|\u2029"


def yaml_lines(text: str) -> int:
    """Lines of ``text`` as a YAML parser numbers them."""
    import re

    return len(re.split(LINE_BREAKS, text))


def yaml_text(data) -> str:
    """Plain data as YAML text (safe dumper)."""
    import io

    from ruamel.yaml import YAML

    buf = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, buf)
    return buf.getvalue()


def example_evidence() -> dict:
    """The example's sources and evidence: an evidence file's content (`fit --evidence`)."""
    from attrit.scenario.locate import read_yaml

    data, _ = read_yaml(EXAMPLE.read_text())
    return {"sources": data["sources"], "evidence": data["evidence"]}
