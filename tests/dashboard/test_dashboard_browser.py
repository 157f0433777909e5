"""The dashboard end to end in headless Chromium: levers, runs, comparison, stored runs,
refusals, offline. A screenshot of each page is saved under ``test-artifacts/``."""

import os
from pathlib import Path

import pytest

from support.browser import CHROMIUM_ARGS, chromium_path, tab
from support.dashboard_server import served

pytestmark = [pytest.mark.browser, pytest.mark.reliability]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("ATTRIT_ARTIFACTS", ROOT / "test-artifacts"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("dash") / "runs.duckdb"
    with served(store) as (url, _):
        yield url, store


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        pg = b.new_page(viewport={"width": 1400, "height": 1000})
        pg.blocked, pg.problems, pg.served = [], [], [0]

        origin = server[0].split("?")[0]  # the page's own server, token or not

        def route(r):
            if r.request.url.startswith(origin) or r.request.url.startswith("ws://127.0.0.1"):
                pg.served[0] += 1
                return r.continue_()
            pg.blocked.append(r.request.url)
            return r.abort()

        pg.route("**/*", route)
        pg.on("console", lambda m: m.type in ("error", "warning") and pg.problems.append(m.text))
        pg.goto(server[0], wait_until="networkidle")
        yield pg
        b.close()


def lever(page, css):
    return page.locator(f".{css} input").first


def run_and_wait(page, button="Run"):
    page.get_by_role("button", name=button).click()
    page.get_by_text("done", exact=True).last.wait_for(timeout=90_000)


def test_explore_compare_and_open_a_stored_run(page, server):
    ARTIFACTS.mkdir(exist_ok=True)
    # the page's widgets arrive over its websocket after the load event: wait for them
    # (on a loaded machine they came after the count, and the test failed on a blank page)
    page.get_by_text("Toy force").first.wait_for(timeout=60_000)
    assert page.get_by_text("Toy force").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-scenario.png"))

    tab(page, "Explore")
    skim = lever(page, "units-alpha-pay-commander_skim_fraction")
    skim.fill("0")
    skim.press("Enter")
    run_and_wait(page)
    charts = page.locator(".charts img")
    first = charts.first.get_attribute("src")
    skim.fill("0.6")
    skim.press("Enter")
    page.get_by_role("button", name="Run").click()
    page.get_by_text("running...").wait_for(timeout=10_000)
    page.get_by_text("done", exact=True).last.wait_for(timeout=90_000)
    assert charts.first.get_attribute("src") != first  # the fan chart moved with the lever
    page.screenshot(path=str(ARTIFACTS / "dashboard-explore.png"), full_page=True)

    skim.fill("1.5")
    skim.press("Enter")
    page.get_by_role("button", name="Run").click()
    page.get_by_text("outside the documented range 0 to 0.6").wait_for(timeout=10_000)

    tab(page, "Compare")
    run_and_wait(page, "Compare")
    assert page.locator(".comparison img").count() == 1
    page.screenshot(path=str(ARTIFACTS / "dashboard-compare.png"), full_page=True)

    from attrit.store import Store

    tab(page, "Runs")
    run_id = Store(server[1]).runs()["run_id"].iloc[-1]
    page.get_by_role("button", name="Refresh").click()
    page.get_by_text(run_id).first.wait_for(timeout=10_000)
    page.locator(".run-id input").first.fill(run_id)
    page.get_by_role("button", name="Open").click()
    page.locator(".run img").first.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download report").click()
    report = Path(download.value.path()).read_text()
    assert report.startswith("<!DOCTYPE html>") and run_id in report
    page.screenshot(path=str(ARTIFACTS / "dashboard-runs.png"), full_page=True)
    assert page.blocked == [] and page.problems == []
    from support.reliability import record

    record(
        "dashboard in a browser",
        "load, levers, runs, a refused value, compare, a stored "
        "run and its report download, offline",
        requests_served=page.served[0],
        external_requests=0,
        console_errors=0,
        refused_values=1,
    )


def test_a_path_outside_the_folder_is_refused(page):
    field = page.locator(".file-input input").first
    field.fill("../../../etc/passwd")
    page.get_by_role("button", name="Load").click()
    page.get_by_text("only files in that folder can be opened").wait_for(timeout=10_000)
    assert page.blocked == []
    from support.reliability import record

    record(
        "dashboard: path traversal",
        "'../../../etc/passwd' typed into the scenario file field",
        refused=1,
        files_read_outside=0,
    )
