"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from attrit.errors import AttritError


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to; renamed over ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename is None or exc.filename == str(tmp):
            exc.filename = str(path)  # the name the user gave, not the temporary one
        raise
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename (atomic on POSIX)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


class OutputError(AttritError, ValueError):
    """An output path that cannot be written: one of the command's inputs, a folder, a bad name."""


MAX_NAME_BYTES = 255  # what Linux, macOS and Windows file systems allow in one name


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or a link to it (hard or soft)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: str | Path, option: str, inputs: dict[str, Path | None]) -> Path:
    """Refuse, before any work, an output that would destroy an input or cannot be written.

    ``inputs`` maps what each input is ("the scenario", "the store") to its path; the output
    may be none of them (resolved, through symbolic and hard links), nor a folder, nor a name
    longer than a file system allows.
    """
    out = Path(path)
    if "\x00" in str(out):
        raise OutputError(f"{option}: a file name cannot hold a NUL character")
    if any(len(p.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for p in out.parts):
        raise OutputError(f"{option}: a file name is longer than {MAX_NAME_BYTES} bytes")
    if not out.name or out.is_dir():
        raise OutputError(f"{option} {out}: is a folder; give a file name")
    for what, given in inputs.items():
        if given is not None and _same(out, Path(given)):
            raise OutputError(
                f"{option} {out} is {what}: writing it would destroy it; choose another file"
            )
    parent = out.parent if str(out.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{option} {out}: {parent} is a file, not a folder")
    return out


class InputError(AttritError, ValueError):
    """An input file that cannot be read as what it should be."""


def read_text(path: str | Path, most: int, what: str) -> str:
    """A regular file's UTF-8 text, refused if larger than ``most`` bytes (a device never ends)."""
    path = Path(path)
    try:
        if not path.is_file():
            why = "a folder" if path.is_dir() else "no such file" if not path.exists() else (
                "not a regular file")
            raise InputError(f"{path}: {why} (give {what} as a text file)")
        size = path.stat().st_size
        if size > most:
            raise InputError(
                f"{path}: {size / 2**20:.1f} MiB is more than {what} can be "
                f"({most / 2**20:.0f} MiB at most); split it"
            )
        with path.open("rb") as f:
            data = f.read(most + 1)
    except OSError as exc:
        shown = str(path) if len(str(path)) < 200 else f"{str(path)[:80]}...{str(path)[-40:]}"
        raise InputError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > most:
        raise InputError(f"{path}: larger than {most / 2**20:.0f} MiB, which {what} cannot be")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    return text.removeprefix("\ufeff")  # a byte-order mark is no part of the text


def save_figure(fig: object, path: str | Path, dpi: int = 110) -> Path:
    """Save a matplotlib figure atomically; the format follows the name (PNG by default)."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower() or "png"
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt, dpi=dpi)  # type: ignore[attr-defined]
    return path
