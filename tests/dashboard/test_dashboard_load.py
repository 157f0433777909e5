"""The dashboard under a bounded load from a local client, and escaping of scenario text."""

import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from attrit.store import Store
from support.browser import browser, tab
from support.dashboard_server import served
from support.reliability import record

pytestmark = pytest.mark.reliability  # in make reliability's table

ROOT = Path(__file__).resolve().parents[2]
WAVE = 20  # page loads per wave
CLIENTS = 6  # browser sessions pressing Run at once


def rss_mib(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024


@pytest.mark.load
def test_page_loads_are_served_and_memory_stays_bounded(tmp_path):
    pytest.importorskip("panel")
    with served(tmp_path / "s.duckdb") as (url, proc):
        urllib.request.urlopen(url, timeout=30).read()

        def load(_):
            started = time.monotonic()
            with urllib.request.urlopen(url, timeout=60) as r:
                body = r.read()
            return r.status, len(body), time.monotonic() - started

        after = []
        for _ in range(2):
            with ThreadPoolExecutor(8) as pool:
                results = list(pool.map(load, range(WAVE)))
            assert all(status == 200 and size > 1000 for status, size, _ in results)
            time.sleep(8)  # the unused sessions are dropped after 5 s (checked every second)
            after.append(rss_mib(proc.pid))
        slowest = max(t for *_, t in results)
        # bounded: a second wave of loads leaves the server no bigger than the first did
        # (sessions are dropped, not kept), within 10% for the allocator's slack
        assert after[1] <= after[0] * 1.10, after
        assert proc.poll() is None  # still serving
    record(
        "dashboard under load",
        f"2 waves of {WAVE} page loads, 8 at a time, from a local client",
        requests_served=2 * WAVE,
        failed=0,
        slowest_load_ms=round(1000 * slowest),
        rss_mib_after_waves=round(after[1]),
    )


def outcome(page) -> str | None:
    """'done', 'refused' (with the message checked) or None while undecided."""
    refused = page.locator(".refused")
    if refused.count():
        assert "a run is in progress: wait for it or cancel it" in refused.first.inner_text()
        return "refused"
    return "done" if page.get_by_text("done", exact=True).count() else None


@pytest.mark.load
@pytest.mark.browser
def test_concurrent_runs_beyond_the_cap_are_refused_and_pages_still_load(tmp_path):
    pytest.importorskip("panel")
    store = tmp_path / "s.duckdb"
    with served(store) as (url, proc), browser() as b:
        pages = []
        for _ in range(CLIENTS):
            page = b.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            page.goto(url, wait_until="networkidle")
            tab(page, "Explore")
            page.locator(".replicates input").first.fill("200")  # a run of a few seconds
            page.locator(".replicates input").first.press("Enter")
            pages.append(page)
        for page in pages:
            page.get_by_role("button", name="Run").click()
        started = time.monotonic()
        with urllib.request.urlopen(url, timeout=60) as r:  # a page load while a run works
            assert r.status == 200
        load_during_run = time.monotonic() - started
        outcomes = [None] * CLIENTS
        deadline = time.monotonic() + 180
        while None in outcomes and time.monotonic() < deadline:
            outcomes = [o or outcome(p) for o, p in zip(outcomes, pages, strict=True)]
            time.sleep(0.2)
        accepted, refused = outcomes.count("done"), outcomes.count("refused")
        assert accepted >= 1 and refused >= 1 and accepted + refused == CLIENTS, outcomes
        # the cap frees when the run ends: a refused session runs now
        again = pages[outcomes.index("refused")]
        again.get_by_role("button", name="Run").click()
        again.get_by_text("running...").wait_for(timeout=10_000)
        again.get_by_text("done", exact=True).wait_for(timeout=120_000)
        assert len(Store(store).runs()) == accepted + 1  # every accepted run was stored
        assert proc.poll() is None
        rss = rss_mib(proc.pid)
    record(
        "dashboard: concurrent runs",
        f"{CLIENTS} browser sessions press Run at once (200 replicates each); a page is "
        "loaded while the run works",
        runs_accepted=accepted,
        runs_refused_with_message=refused,
        runs_lost=0,
        page_load_during_run_ms=round(1000 * load_during_run),
        rss_mib_after=round(rss),
    )


def test_scenario_text_is_shown_as_text(tmp_path):
    pytest.importorskip("panel")
    from attrit.dashboard.app import Dashboard

    evil = (
        (ROOT / "examples" / "toy.yaml")
        .read_text()
        .replace("name: Toy force", "name: \"<script>alert('x')</script>\"")
    )
    path = tmp_path / "evil.yaml"
    path.write_text(evil)
    dash = Dashboard(path, tmp_path / "s.duckdb")
    shown = "".join(str(getattr(pane, "object", "")) for pane in dash.scenario_page)
    assert "<script>" not in shown and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in shown
    record(
        "escaping: dashboard",
        "a scenario whose name is a script, on the dashboard's scenario page",
        inputs=1,
        shown_as_text=1,
    )
