"""A battle's daily series from CSV, checked, with every problem located.

Columns (a header names any of them): ``day`` (required; 1 is the first day of battle, an
optional row 0 gives the initial strengths), ``blue_strength``, ``red_strength`` (at the end of
the day), ``blue_casualties``, ``red_casualties`` (daily, or cumulative with ``cumulative``),
``blue_reinforcements``, ``red_reinforcements`` (arriving at the start of the day). Empty cells
and missing days are allowed.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import numpy as np

from attrit.errors import AttritError

COLUMNS = (
    "day",
    "blue_strength",
    "red_strength",
    "blue_casualties",
    "red_casualties",
    "blue_reinforcements",
    "red_reinforcements",
)


class SeriesError(AttritError, ValueError):
    """Located problems in a battle series: ``FILE:LINE:COL: column: message`` each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Series:
    """Observations by day (NaN where not observed); index 0 is day 0 (the start)."""

    days: int
    values: dict[str, np.ndarray] = field(default_factory=dict)

    def observed(self, column: str) -> bool:
        """Whether the column has any value after day 0."""
        v = self.values.get(column)
        return v is not None and bool(np.isfinite(v[1:]).any())


MAX_SERIES_BYTES = 10 * 2**20  # a daily series of a long battle is a few kB
MAX_DAY = 10_000  # days of battle: Verdun lasted 303, the siege of Leningrad 872
MAX_COUNT = 1e9  # men: more than any army has fielded


def read(path: str | Path, cumulative: bool = False) -> Series:
    """Read and check a series file."""
    from attrit.files import InputError, read_text

    path = Path(path)
    try:  # a byte-order mark (a spreadsheet's export) is dropped; a device is refused
        text = read_text(path, MAX_SERIES_BYTES, "a battle series (CSV)")
    except InputError as exc:
        raise SeriesError([f"{path}:1:1: {str(exc).removeprefix(f'{path}: ')}"]) from None
    return parse(text, str(path), cumulative)


def parse(text: str, name: str = "<series>", cumulative: bool = False) -> Series:
    """Parse and check series text."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(c.strip() for c in rows[0]):
        raise SeriesError([f"{name}:1:1: empty file; the first line names the columns"])
    header = [c.strip().lower() for c in rows[0]]
    problems = []
    for k, col in enumerate(header):
        if col not in COLUMNS:
            problems.append(
                f"{name}:1:{k + 1}: {col or '(empty)'}: unknown column "
                f"(columns: {', '.join(COLUMNS)})"
            )
    if "day" not in header:
        problems.append(f"{name}:1:1: day: required column is missing")
    if len(set(header)) != len(header):
        problems.append(f"{name}:1:1: a column is named twice")
    if problems:
        raise SeriesError(problems)
    data: dict[str, dict[int, float]] = {c: {} for c in header if c != "day"}
    lines: dict[int, int] = {}
    last_day = -1
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header):
            problems.append(f"{name}:{line}:{len(header) + 1}: more cells than columns")
            continue
        cells = dict(zip(header, [c.strip() for c in row], strict=False))
        day = _number(cells.get("day", ""), name, line, header.index("day") + 1, "day", problems)
        if day is None or not float(day).is_integer():
            if day is not None:
                problems.append(f"{name}:{line}:1: day: {day:g} is not a whole day")
            continue
        day = int(day)
        if day > MAX_DAY:
            problems.append(
                f"{name}:{line}:{header.index('day') + 1}: day: {day:,} is beyond {MAX_DAY:,} "
                "days of battle"
            )
            continue
        if day <= last_day:
            problems.append(
                f"{name}:{line}:{header.index('day') + 1}: day: {day} does not follow day "
                f"{last_day} (sort the rows by day, one row per day)"
            )
            continue
        last_day = day
        lines[day] = line
        for col, raw in cells.items():
            if col == "day" or raw == "":
                continue
            value = _number(raw, name, line, header.index(col) + 1, col, problems)
            if value is not None:
                data[col][day] = value
    if last_day < 1 and not problems:
        problems.append(f"{name}:2:1: day: no day of battle (day 1 or later)")
    if cumulative:
        problems += _falls(data, lines, name)
    if problems:
        raise SeriesError(problems)
    series = Series(last_day)
    for col, by_day in data.items():
        v = np.full(last_day + 1, np.nan)
        for d, x in by_day.items():
            v[d] = x
        series.values[col] = v
    for side in ("blue", "red"):
        c = series.values.get(f"{side}_casualties")
        if c is not None and cumulative:
            series.values[f"{side}_casualties"] = _daily_from_cumulative(c)
    return series


def _number(raw: str, name: str, line: int, col: int, column: str, problems: list) -> float | None:
    try:
        value = float(raw.replace(",", "")) if raw else math.nan
    except ValueError:
        problems.append(f"{name}:{line}:{col}: {column}: '{raw}' is not a number")
        return None
    if not math.isfinite(value):
        problems.append(f"{name}:{line}:{col}: {column}: a value is required")
        return None
    if value < 0:
        problems.append(f"{name}:{line}:{col}: {column}: {value:g} is negative")
        return None
    if value > MAX_COUNT:
        problems.append(f"{name}:{line}:{col}: {column}: {value:g} is more men than any army")
        return None
    return value


def _falls(data: dict[str, dict[int, float]], lines: dict[int, int], name: str) -> list[str]:
    """A cumulative column that falls from one observed day to the next, located."""
    out = []
    for col in ("blue_casualties", "red_casualties"):
        seen = sorted(data.get(col, {}).items())
        for (d0, v0), (d1, v1) in pairwise(seen):
            if v1 < v0:
                out.append(
                    f"{name}:{lines[d1]}: {col}: cumulative casualties fall from {v0:,.0f} "
                    f"(day {d0}) to {v1:,.0f} (day {d1})"
                )
    return out


def _daily_from_cumulative(c: np.ndarray) -> np.ndarray:
    """Daily casualties from a cumulative column (NaN where a day or its eve is missing)."""
    out = np.full_like(c, np.nan)
    prev = 0.0
    for d in range(1, len(c)):
        if np.isfinite(c[d]) and (np.isfinite(c[d - 1]) or d == 1):
            out[d] = c[d] - (c[d - 1] if np.isfinite(c[d - 1]) else prev)
    return out


def schedule(text: str | None, days: int, option: str) -> np.ndarray | None:
    """``day:n,day:n`` as arrivals by day (index 1..days); located errors name the option."""
    if not text:
        return None
    out = np.zeros(days + 1)
    for part in text.split(","):
        d, sep, n = part.partition(":")
        try:
            day, count = int(d), float(n)
        except ValueError:
            raise SeriesError([f"{option}: '{part}' is not day:count"]) from None
        if not sep or count < 0:
            raise SeriesError([f"{option}: '{part}' is not day:count with count >= 0"])
        if not 1 <= day <= days:
            raise SeriesError(
                [f"{option}: day {day} is outside the battle (days 1-{days}); remove it"]
            )
        out[day] += count
    return out
