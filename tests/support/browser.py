"""Headless Chromium for tests: Debian's browser driven by Playwright, offline.

With ``CI=true`` a missing browser fails the test (CI installs it); elsewhere it skips.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """The system Chromium, or fail (in CI) or skip (elsewhere) without one."""
    path = os.environ.get("ATTRIT_CHROMIUM") or shutil.which("chromium") or ""
    if not path:
        message = "no chromium on PATH (apt-get install chromium; .ci/run does this)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def browser():
    """A launched headless Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is not installed (it is in the dev extra)")
        pytest.skip("playwright is not installed")
    path = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def tab(page, name: str) -> None:
    """Open a dashboard tab by its title."""
    page.get_by_text(name, exact=True).first.click()  # bokeh's tab headers carry no role
    page.wait_for_timeout(300)
