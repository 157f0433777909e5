"""The one exception type that bad scenario input raises, carrying every problem found."""

from __future__ import annotations

from dataclasses import dataclass

from attrit.errors import AttritError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file, located in it."""

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(AttritError, ValueError):
    """A scenario (or evidence) file is not valid; ``problems`` lists every located problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
