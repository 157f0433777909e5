"""Reading YAML and TOML into plain data, keeping where each value came from.

A *locator* maps a location in the data (a tuple of keys and list indices) to the 1-based
``(line, column)`` of the text that holds it, so validation errors can name ``FILE:LINE:COL``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError

Loc = tuple[str | int, ...]
Locator = Callable[[Loc], tuple[int, int]]

MAX_NODES = 200_000  # a large scenario has a few thousand values
"""Values a file may hold once aliases are expanded: a guard against alias bombs."""
MAX_DEPTH = 64
"""Nesting a file may have; no scenario needs more than ten."""


class ReadError(ValueError):
    """The text is not well-formed YAML or TOML; ``line`` and ``col`` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


STANDARD = "tag:yaml.org,2002:"
PLAIN_TAGS = {None, *(STANDARD + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))}
"""Tags a value may carry: YAML's own scalar and collection types, nothing that builds an object."""


class _Tagged(ValueError):
    """A value carries a tag other than YAML's plain types (located by :func:`read_yaml`)."""

    def __init__(self, tag: str):
        super().__init__(tag)
        self.tag = tag


def _plain(node: Any, depth: int = 0, budget: list[int] | None = None) -> Any:
    """Convert ruamel's round-trip objects to plain dict/list/scalars, with limits.

    The round-trip loader never builds objects from tags (it is safe), but it keeps a tagged
    value as a list or string; such a value is refused rather than read as if untagged.
    """
    tag = getattr(getattr(node, "tag", None), "value", None)
    if tag not in PLAIN_TAGS:
        raise _Tagged(tag.replace(STANDARD, "!!"))
    if isinstance(node, bytes):
        raise _Tagged("!!binary")
    if isinstance(node, TaggedScalar):
        node = node.value
    budget = budget if budget is not None else [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0:
        raise ReadError(f"the file expands to more than {MAX_NODES:,} values (alias bomb?)")
    if depth > MAX_DEPTH:
        raise ReadError(f"the file nests deeper than {MAX_DEPTH} levels")
    if isinstance(node, dict):
        return {
            (k if isinstance(k, str) else str(k)): _plain(v, depth + 1, budget)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_plain(v, depth + 1, budget) for v in node]
    if isinstance(node, bool | str | dt.date) or node is None:
        return node if not isinstance(node, str) else str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def _check_flow_depth(text: str) -> None:
    """Refuse ``[[[[...`` before the parser recurses into it (which takes seconds)."""
    depth, quote = 0, ""
    for n, line in enumerate(text.splitlines(), start=1):
        for col, ch in enumerate(line, start=1):
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise ReadError(f"the file nests deeper than {MAX_DEPTH} levels", n, col)
            elif ch in "]}":
                depth = max(depth - 1, 0)


def read_yaml(text: str) -> tuple[Any, Locator]:
    """Parse YAML (duplicate keys rejected) and return plain data with its locator."""
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    _check_flow_depth(text)
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        what = re.sub(r"\s+", " ", what).strip() or "malformed YAML"
        if "duplicate key" in what:
            what += " (each key may appear once in a mapping)"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ReadError(what, line, col) from None
    except YAMLError as exc:
        raise ReadError(f"malformed YAML: {exc}") from None
    except RecursionError:
        raise ReadError(f"the file nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # ruamel builds dates and integers itself; their errors escape
        if "integer string conversion" in str(exc):
            line, col = _huge_number_position(text)
            raise ReadError(
                "a number with more than 4,300 digits; no parameter needs one", line, col
            ) from None
        line, col = _bad_date_position(text)
        raise ReadError(f"invalid date ({exc}); write dates as YYYY-MM-DD", line, col) from None
    try:
        data = _plain(root)
    except RecursionError:
        raise ReadError("the file refers to itself (a recursive alias)") from None
    except _Tagged as exc:
        at = text.find(exc.tag)
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        col = at - text.rfind("\n", 0, at) if at >= 0 else 1
        raise ReadError(
            f"the YAML tag {exc.tag} is not allowed: a scenario holds plain values "
            "(remove the tag)",
            line,
            col,
        ) from None

    def locate(loc: Loc) -> tuple[int, int]:
        node, pos = root, (0, 0)
        if isinstance(root, CommentedMap | CommentedSeq):
            pos = (root.lc.line, root.lc.col)
        for key in loc:
            if isinstance(node, CommentedMap) and key in node:
                pos = node.lc.key(key) or pos
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                pos = node.lc.item(key) or pos
                node = node[key]
            elif isinstance(node, CommentedMap) and node.get("kind") == key:
                continue  # a discriminator tag that pydantic adds to the location
            else:
                break
        return pos[0] + 1, pos[1] + 1

    return data, locate


_HUGE_NUMBER = re.compile(r"[-+]?\d{4300,}")


def _huge_number_position(text: str) -> tuple[int, int]:
    """Where the first number too long to convert sits."""
    for n, raw in enumerate(text.splitlines(), start=1):
        if m := _HUGE_NUMBER.search(raw):
            return n, m.start() + 1
    return 1, 1


_DATE_TOKEN = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _bad_date_position(text: str) -> tuple[int, int]:
    """Where the first date-shaped token that is not a real date sits."""
    for n, raw in enumerate(text.splitlines(), start=1):
        for m in _DATE_TOKEN.finditer(raw):
            try:
                dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return n, m.start() + 1
    return 1, 1


_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")


def _toml_key_parts(text: str) -> list[str]:
    return [p.strip().strip("\"'") for p in text.split(".")]


def read_toml(text: str) -> tuple[Any, Locator]:
    """Parse TOML; the locator finds tables, array items and keys by scanning the lines.

    Values inside inline tables and arrays are located at the key that holds them.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise ReadError(re.sub(r"\s*\(at line.*\)$", "", str(exc)), line, col) from None
    index: dict[Loc, tuple[int, int]] = {}
    counts: dict[Loc, int] = {}
    table: Loc = ()
    for n, raw in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(raw)
        if header and not raw.lstrip().startswith("#"):
            names = _toml_key_parts(header.group(2))
            # a sub-table of an array of tables belongs to that array's latest item
            parts: Loc = ()
            for name in names[:-1]:
                parts = (*parts, name)
                if parts in counts:
                    parts = (*parts, counts[parts] - 1)
            parts = (*parts, names[-1])
            if header.group(1) == "[[":
                i = counts.get(parts, 0)
                counts[parts] = i + 1
                table = (*parts, i)
            else:
                table = parts
            index.setdefault(table, (n, raw.index("[") + 1))
            continue
        key = _TOML_KEY.match(raw)
        if key and not raw.lstrip().startswith("#"):
            loc = (*table, *_toml_key_parts(key.group(1)))
            index.setdefault(loc, (n, len(raw) - len(raw.lstrip()) + 1))

    def locate(loc: Loc) -> tuple[int, int]:
        for cut in range(len(loc), 0, -1):
            if loc[:cut] in index:
                return index[loc[:cut]]
        return 1, 1

    return _dates_in(data), locate


def _dates_in(node: Any) -> Any:
    """TOML has native dates already; normalise datetimes at midnight to dates."""
    if isinstance(node, dict):
        return {k: _dates_in(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_dates_in(v) for v in node]
    return node
