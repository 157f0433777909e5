"""The house has no import cycles: every module of src/attrit, every import counted.

Imports inside functions and under ``if TYPE_CHECKING:`` count too: a cycle that only shows
when a function runs is still a cycle a newcomer must hold in their head. A package's
``__init__`` counts as its own module; the phases and evidence kinds a package imports by
name from its ``ORDER`` list are added as edges.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in (SRC / "attrit").rglob("*.py")}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The attrit module an import names (a module, or the package holding a name)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # "from pkg import sub" imports the submodule when there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]  # fmt: skip
        else:
            continue
        for target in targets:
            hit = _resolve(target, known) if target.startswith("attrit") else None
            if hit is not None and hit != name:
                found.add(hit)
    # modules imported by name from an ORDER list (phases, evidence kinds)
    if "import_module(f\"{__name__}.{name}\")" in path.read_text(encoding="utf-8"):
        found |= {f"{name}.{entry}" for entry in _order(tree, known)}
    return found


def _order(tree: ast.Module, known: dict[str, Path]) -> list[str]:
    """The ORDER list a package imports its modules by: defined in it, or imported."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "ORDER" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
        if isinstance(node, ast.ImportFrom) and any(a.name == "ORDER" for a in node.names):
            source = ast.parse(known[node.module].read_text(encoding="utf-8"))
            return _order(source, known)
    raise AssertionError("a package imports modules by name without an ORDER list")


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_graph_sees_the_imports_it_should():
    edges = graph()
    assert "attrit.model.registry" in edges["attrit.model.engine"]
    assert "attrit.model.phases.desertion" in edges["attrit.model.phases"]
    assert "attrit.evidence.kinds.strength" in edges["attrit.evidence.kinds"]
    assert "attrit.run" in edges["attrit.scenario.api"]  # a function-level import


def test_a_cycle_is_found_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_of_attrit_is_in_an_import_cycle():
    found = cycles(graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


@pytest.mark.parametrize(
    "low",
    ["attrit.model.engine", "attrit.model.plan", "attrit.results", "attrit.run",
     "attrit.scenario.schema", "attrit.evidence.observables"],
)  # fmt: skip
def test_the_engine_and_what_it_reads_never_import_the_scenario_that_runs_them(low):
    edges = graph()
    seen, todo = set(), [low]
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        todo.extend(edges.get(m, ()))
    assert "attrit.scenario.api" not in seen
    assert "attrit.cli" not in seen
