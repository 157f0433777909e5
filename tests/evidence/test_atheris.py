"""Coverage-guided fuzzing with atheris (libFuzzer) of the scenario loader, the evidence loader
and extract, each from a seed corpus of the shipped files: no finding (see fuzz_atheris.py).

atheris is not in the test install (a 35 MB wheel); `make reliability` installs it
(`pip install -e '.[fuzz]'`) and these tests are skipped without it.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.files import EXAMPLE, ROOT, TOY, example_evidence, yaml_text
from support.reliability import ATHERIS_RUNS, record

pytestmark = [pytest.mark.fuzz, pytest.mark.atheris, pytest.mark.reliability]
HARNESS = Path(__file__).parents[1] / "support" / "fuzz_atheris.py"
REPORTS = sorted((ROOT / "tests" / "data" / "reports").glob("*.txt"))
# runs per target, in shares of ATTRIT_ATHERIS_RUNS: a scenario costs ~50 ms to load, an
# evidence file or a passage a few ms
TARGETS = {"scenario": 1, "evidence": 2, "extract": 4}


def seed_corpus(target: str, folder: Path) -> int:
    folder.mkdir()
    if target == "scenario":
        for path in (EXAMPLE, TOY):
            shutil.copy(path, folder)
    elif target == "evidence":
        (folder / "evidence.yaml").write_text(yaml_text(example_evidence()))
    else:
        for path in REPORTS:
            shutil.copy(path, folder)
    return len(list(folder.iterdir()))


@pytest.mark.parametrize("target", TARGETS)
def test_atheris_finds_nothing(target, tmp_path):
    pytest.importorskip("atheris", reason="make reliability installs atheris (the fuzz extra)")
    seeds = seed_corpus(target, tmp_path / "corpus")
    runs = ATHERIS_RUNS * TARGETS[target]
    done = subprocess.run(
        [sys.executable, str(HARNESS), target, str(tmp_path / "corpus"), f"-runs={runs}",
         "-timeout=2", "-rss_limit_mb=2048", "-seed=20261125", "-print_final_stats=1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]  # a finding: its traceback and input
    assert not list(tmp_path.glob("crash-*")) and not list(tmp_path.glob("timeout-*"))
    tried = int(re.search(r"Done (\d+) runs", done.stderr)[1])
    coverage = int(re.findall(r"cov: (\d+)", done.stderr)[-1])
    assert tried >= runs
    record(
        f"atheris: {target}",
        f"coverage-guided mutations from {seeds} shipped file(s), 2 s and 2 GiB per input",
        inputs=tried,
        findings=0,
        edges_covered=coverage,
    )
