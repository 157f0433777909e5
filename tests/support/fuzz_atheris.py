"""Coverage-guided fuzzing (atheris over libFuzzer) of the scenario loader, the evidence loader
and extract: ``python tests/support/fuzz_atheris.py TARGET CORPUS_DIR -runs=N -timeout=2 ...``.

Each input is taken as UTF-8 text (bytes that are not UTF-8 are skipped: the file loaders
refuse them before parsing, and test_scenario_load checks that). A target passes an input
when it loads, or refuses it with problems located inside the text (loaders), or returns
proposals whose quotes sit at their spans (extract). Anything else (another exception, a
wrong location) is a finding: libFuzzer stops, writes the input to ``crash-*`` and exits
non-zero. A slow input (over ``-timeout``) is a finding too.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import atheris

# coverage of attrit and the YAML parser only: instrumenting numpy and pandas costs minutes
with atheris.instrument_imports(include=["attrit", "ruamel"]):
    import attrit
    from attrit.evidence.extract.propose import extract
    from attrit.scenario import ScenarioError, loads, loads_evidence

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iraq-2015.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for support.*
from support.files import yaml_lines  # noqa: E402

SCENARIO = attrit.load(EXAMPLE)


def _located(exc: ScenarioError, text: str) -> None:
    lines = yaml_lines(text)
    for p in exc.problems:
        if not (1 <= p.line <= lines and p.col >= 1 and p.message):
            raise AssertionError(f"problem not located in the input: {p!r}")


def scenario(text: str) -> None:
    try:
        loads(text, "fuzz.yaml")
    except ScenarioError as exc:
        _located(exc, text)


def evidence(text: str) -> None:
    try:
        loads_evidence(SCENARIO, text, "fuzz.yaml")
    except ScenarioError as exc:
        _located(exc, text)


def report(text: str) -> None:
    for p in extract(text, dt.date(2015, 10, 18)):
        if text[p.span[0] : p.span[1]] != p.quote:
            raise AssertionError(f"quote not at its span: {p!r}")


TARGETS = {"scenario": scenario, "evidence": evidence, "extract": report}


def main() -> None:
    target = TARGETS[sys.argv.pop(1)]

    def one(data: bytes) -> None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        target(text)

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
