from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "iraq-2015.yaml"
TOY = ROOT / "examples" / "toy.yaml"


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
