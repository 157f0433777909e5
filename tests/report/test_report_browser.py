"""The report opens in a real browser, offline, with no console error and every figure shown."""

import pytest

from support.browser import browser
from support.reports import FIGURE_IDS

pytestmark = pytest.mark.browser


def test_the_report_renders_offline_with_every_figure(stored, tmp_path):
    problems, requests = [], []
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.on(
            "console",
            lambda m: (
                problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))

        def only_the_file(route):
            requests.append(route.request.url)
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", only_the_file)
        page.goto(stored["path"].as_uri())
        page.wait_for_load_state("load")
        images = page.evaluate(
            """() => Array.from(document.images).map(img => {
                const box = img.getBoundingClientRect();
                return {id: img.closest('figure').id, complete: img.complete,
                        width: img.naturalWidth, shown: box.width > 100 && box.height > 100,
                        visible: getComputedStyle(img).visibility === 'visible'};
            })"""
        )
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert problems == []
    assert [r for r in requests if not r.startswith(("file:", "data:"))] == []
    assert [i["id"] for i in images] == FIGURE_IDS
    for image in images:
        assert image["complete"] and image["width"] > 300 and image["shown"] and image["visible"], (
            image
        )
