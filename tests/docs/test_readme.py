"""Examples are tests: every Python block of the README runs."""

import re

import pytest

from support.files import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


@pytest.mark.parametrize("block", BLOCKS)
def test_readme_python_block_runs(block, at_root, capsys):
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert out.startswith("400 170")
    assert "p_quota_met" in out
