from pathlib import Path

import pytest
from hypothesis import settings

# the fuzzing tests draw the same inputs on every run: a failure in CI is one anyone can rerun
settings.register_profile("attrit", derandomize=True)
settings.load_profile("attrit")

ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture(scope="session")
def example():
    import attrit

    return attrit.load(EXAMPLE)


@pytest.fixture(scope="session")
def toy():
    import attrit

    return attrit.load(TOY)


@pytest.fixture
def at_root(monkeypatch):
    """Run from the repository root, so relative paths in expected output hold."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    """Every test records runs in its own store, never in the working directory."""
    path = tmp_path / "attrit.duckdb"
    monkeypatch.setenv("ATTRIT_STORE", str(path))
    return path
