"""No script errors: every kind of page of the real site in every language (see page_types), in the
learner and the trainer view, in the light and the dark palette, at a phone's and a laptop's size,
opens without a console error or an uncaught exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_types import covering_pages
from playwright.sync_api import Browser, ConsoleMessage, Response, ViewportSize
from test_accessibility import palette_script

pytestmark = pytest.mark.browser

# Two crawls cover both views, both palettes and both sizes (each crawl opens every page; four took
# two minutes of the suite's time for no page that two would miss).
COMBINATIONS: list[tuple[str, str, ViewportSize]] = [
    ("learner", "default", {"width": 360, "height": 740}),
    ("trainer", "slate", {"width": 1366, "height": 768}),
]


@pytest.mark.parametrize(("view", "scheme", "size"), COMBINATIONS, ids=[f"{v}-{s}-{z['width']}" for v, s, z in COMBINATIONS])
def test_every_page_opens_without_a_script_error(
    browser: Browser, site_url: str, real_site: Path, view: str, scheme: str, size: ViewportSize
) -> None:
    context = browser.new_context(viewport=size, is_mobile=size["width"] < 600, has_touch=size["width"] < 600)
    context.add_init_script(palette_script(scheme))
    page = context.new_page()
    errors: list[str] = []
    current = {"path": ""}

    def on_console(m: ConsoleMessage) -> None:
        if m.type == "error" and not m.text.startswith("Failed to load resource"):
            errors.append(f"{current['path']}: {m.text}")

    def on_response(r: Response) -> None:
        if r.status >= 400:
            errors.append(f"{current['path']}: HTTP {r.status} {r.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(f"{current['path']}: {e}"))
    page.on("response", on_response)
    for path in [*covering_pages(real_site), "/404.html", "/es/404.html"]:  # the 404 page too
        current["path"] = path
        page.goto(f"{site_url}{path}?view={view}")
        page.wait_for_load_state("networkidle")
        # Every feature has settled (the loader marks the page), and the view and palette are the ones asked for.
        page.wait_for_function(
            "() => document.documentElement.hasAttribute('data-cq-ready') || !document.querySelector('script[src*=\"course.js\"]')"
        )
        assert page.evaluate("document.documentElement.getAttribute('data-cq-view')") == view, path
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme, path
    assert errors == []
    context.close()
