"""The dashboard under a bounded load from a local client, and escaping of scenario text."""

import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dashboard_server import served
from reliability import record

ROOT = Path(__file__).resolve().parents[1]
WAVE = 20  # page loads per wave


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
