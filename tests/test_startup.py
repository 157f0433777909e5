"""attrit starts light: the libraries a command does not use are not imported.

pandas, xarray and Dask together take longer to import than a small run takes; they load
when a frame, the Dataset or a cluster is first asked for.
"""

from __future__ import annotations

import json
import subprocess
import sys

from support.files import EXAMPLE

HEAVY = ("pandas", "xarray", "dask", "distributed", "duckdb", "matplotlib", "pyabc", "panel",
         "bokeh", "spacy", "pyarrow", "arviz")  # fmt: skip


def imported_after(code: str) -> list[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(set(sys.modules))))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)  # fmt: skip
    names = json.loads(out.stdout.strip().splitlines()[-1])
    return sorted({n.split(".")[0] for n in names} & set(HEAVY))


def test_importing_attrit_and_its_command_line_loads_none_of_the_heavy_libraries():
    assert imported_after("import attrit, attrit.cli") == []


def test_a_run_summarised_on_the_command_line_loads_none_of_them():
    code = (
        "from attrit.cli import app\n"
        f"app(['simulate', {str(EXAMPLE)!r}, '-n', '2', '--days', '10', '--no-store', '-q'],"
        " standalone_mode=False)"
    )
    assert imported_after(code) == []


def test_the_package_names_still_resolve_on_first_use():
    import attrit

    assert attrit.Results.__name__ == "Results" and callable(attrit.simulate)
    assert set(attrit.__all__) <= set(dir(attrit))
