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


def _tracked_digests() -> dict[str, str]:
    """Every file git tracks, by its content hash (a test must never change one)."""
    import hashlib
    import subprocess

    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    out = {}
    for name in names.stdout.decode().split("\0"):
        path = ROOT / name
        if name and path.is_file():
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


_BEFORE: dict[str, str] = {}


def pytest_sessionstart(session):
    _BEFORE.update(_tracked_digests())


def pytest_sessionfinish(session, exitstatus):
    changed = sorted(k for k, v in _tracked_digests().items() if _BEFORE.get(k, v) != v)
    if changed:
        import sys

        print(f"\nthe tests changed files of the repository: {', '.join(changed)}", file=sys.stderr)
        session.exitstatus = 1
