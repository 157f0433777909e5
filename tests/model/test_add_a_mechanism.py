"""The worked example of docs/contributing.md, executed: a mechanism added in three edits.

The docs' blocks are applied to a copy of ``src/attrit`` (a new parameter block, a new phase
module, one entry in the phase order) and nothing else; a fresh interpreter on that copy then
shows the new mechanism everywhere it must be: the scenario's switch and parameter, the
record (with units), the desertion total, the store and its export, the parameter reference
and ``docs/engine.md``. The copy compiles its own kernels (its own numba cache).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "contributing.md"
BLOCK = re.compile(r"```(\w+) ([^\n]+)\n(.*?)```", re.S)


def apply_blocks(doc: str, tree: Path) -> list[str]:
    """Apply every block of the doc that names a file; return the files touched."""
    touched = []
    for lang, header, body in BLOCK.findall(doc):
        action, _, target = header.partition(" ")
        if lang == "diff":
            action, target = "diff", header
        if action not in ("new-file", "new-block", "diff"):
            continue
        path = tree / target.removeprefix("src/")
        if action == "new-file":
            assert not path.exists(), f"{target} exists already"
            path.write_text(body)
        elif action == "new-block":
            path.write_text(path.read_text().rstrip("\n") + "\n\n\n" + body)
        else:
            lines = path.read_text().split("\n")
            context = [ln[1:] for ln in body.rstrip("\n").split("\n") if ln.startswith(" ")]
            added = [ln[1:] for ln in body.rstrip("\n").split("\n") if ln.startswith("+")]
            at = lines.index(context[0]) + 1
            assert lines[at] == context[1], "the diff's context is not the file's"
            lines[at:at] = added
            path.write_text("\n".join(lines))
        touched.append(target)
    return touched


CHECK = textwrap.dedent(
    """
    import json, sys, warnings
    import attrit
    from attrit.model.describe import render_markdown
    from attrit.model.registry import DESERTION_CAUSES, RECORDED, STREAM_NAMES
    from attrit.scenario.reference import render_markdown as params
    from attrit.store import Store

    toy = attrit.load(sys.argv[1])
    on = toy.set("units.*.defection.hazard_per_day", 0.02)
    off = on.set("mechanisms.defection", False)
    res = on.simulate(replicates=1, days=20, seed=3)
    quiet = off.simulate(replicates=1, days=20, seed=3)
    store = Store(sys.argv[2])
    run_id = store.save(res)
    out = store.export(run_id, sys.argv[3])
    import pandas as pd
    exported = pd.read_parquet(out)
    d = res.daily
    print(json.dumps({
        "switch": "defection" in type(toy.mechanisms).model_fields,
        "default": toy.get("units.alpha.defection.hazard_per_day"),
        "recorded": "defected" in RECORDED,
        "cause": "defected" in DESERTION_CAUSES,
        "stream": "defection.on_duty" in STREAM_NAMES,
        "defected": float(d["defected"].sum()),
        "units": d["defected"].attrs["units"],
        "in_deserted": float((d["deserted"] - sum(d[c] for c in DESERTION_CAUSES
                                                   if c != "defected")).sum()),
        "off": float(quiet.daily["defected"].sum()),
        "stored": float(store.results(run_id).daily["defected"].sum()),
        "exported": float(exported.query("variable == 'defected'")["value"].sum()),
        "engine_doc": "## defection" in render_markdown(),
        "params_doc": "units.*.defection.hazard_per_day" in params(),
    }))
    """
)


@pytest.mark.slow
@pytest.mark.heavy  # compiles a second engine from cold: about two minutes
@pytest.mark.reliability
def test_a_mechanism_added_in_three_edits_shows_everywhere(tmp_path):
    tree = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "attrit", tree / "attrit",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    touched = apply_blocks(DOC.read_text(), tree)
    assert sorted(touched) == [
        "src/attrit/model/order.py",
        "src/attrit/model/phases/defection.py",
        "src/attrit/scenario/mechanisms.py",
    ]
    env = {**os.environ, "PYTHONPATH": str(tree), "NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    script = tmp_path / "check.py"
    script.write_text(CHECK)
    done = subprocess.run(
        [sys.executable, str(script), str(ROOT / "examples" / "toy.yaml"),
         str(tmp_path / "s.duckdb"), str(tmp_path / "daily.parquet")],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["switch"] and got["recorded"] and got["cause"] and got["stream"]
    assert got["default"] == 0.0
    assert got["units"] == "persons"
    assert got["defected"] > 0
    assert got["in_deserted"] == got["defected"]  # counted in the desertion total
    assert got["off"] == 0.0  # the switch turns it off
    assert got["stored"] == got["exported"] == got["defected"]
    assert got["engine_doc"] and got["params_doc"]


def test_the_example_is_not_part_of_attrit_itself():
    from attrit.model.order import ORDER

    assert "defection" not in ORDER
    assert not (ROOT / "src" / "attrit" / "model" / "phases" / "defection.py").exists()
