import pytest
from hypothesis import settings

from support.files import EXAMPLE, ROOT, TOY

# the fuzzing tests draw the same inputs on every run: a failure in CI is one anyone can rerun
settings.register_profile("attrit", derandomize=True)
settings.load_profile("attrit")


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
