"""Browser test support: Debian's Chromium driven by Playwright, and a local static server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from playwright.sync_api import ConsoleMessage, FloatRect, Locator, Page

# The local static server: the same loopback server `course pdf` prints from.
from coursekit.outputs.pdf import serve_folder as serve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def chromium_path() -> str:
    """The Chromium to use; fails (never silently skips) when there is none."""
    if os.environ.get("COURSE_NO_BROWSER"):
        pytest.skip("browser tests turned off with COURSE_NO_BROWSER")
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail(
        "the browser tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) "
        "or set CHROMIUM=/path/to/chromium; COURSE_NO_BROWSER=1 turns these tests off",
        pytrace=False,
    )


_ERRORS: WeakKeyDictionary[Page, list[str]] = WeakKeyDictionary()


def watch_errors(tab: Page) -> Page:
    """Collect the page's console errors and uncaught exceptions; ``console_errors(tab)`` reads them."""
    errors = _ERRORS.setdefault(tab, [])

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return tab


def storage_key(tab: Page, name: str) -> str:
    """The localStorage key of the course's entry `name` ("work.alpha.x") on the tab's site."""
    return str(tab.evaluate("() => (window.__md_scope ? window.__md_scope.pathname : '/')")) + ".__sic." + name


def text_in(element: Locator) -> str:
    """The element's textContent (a string for every element; None only for a document, never asked for here)."""
    value = element.text_content()
    assert value is not None, f"{element} has no text content"
    return value


def attribute(element: Locator, name: str) -> str:
    """The element's attribute ``name``, which the test expects to be there."""
    value = element.get_attribute(name)
    assert value is not None, f"{element} has no attribute {name!r}"
    return value


def bounds(element: Locator) -> FloatRect:
    """The element's box, which the test expects to be shown."""
    box = element.bounding_box()
    assert box is not None, f"{element} is not visible, so it has no box"
    return box


def console_errors(tab: Page) -> list[str]:
    """The console errors and uncaught exceptions of a page opened with ``watch_errors`` so far."""
    return _ERRORS[tab]


__all__ = ["CHROMIUM_ARGS", "attribute", "bounds", "chromium_path", "console_errors", "serve", "storage_key", "text_in", "watch_errors"]


def _near_features() -> list[tuple[str, str]]:
    """(name, selector) of each feature the loader starts when the learner comes near it (``"near": true``)."""
    from coursekit.render import features

    found = []
    for path in sorted((Path(__file__).resolve().parent.parent / features.ASSETS).glob("*.js")):
        feature, _ = features.parse(path, path.read_text(encoding="utf-8"))
        if feature is not None and feature.near and feature.when:
            found.append((feature.name, feature.when if isinstance(feature.when, str) else ", ".join(feature.when)))
    return found


NEAR_FEATURES = _near_features()


def ready(tab: Page, near: bool = True) -> None:
    """Wait until every feature the loader started has settled; with ``near``, come near what the
    quiz, the workbook and the other "near" features work on, as a learner scrolling the page does,
    and wait until each has started (then back to the top of the page)."""
    tab.wait_for_selector("html[data-cq-ready]", state="attached")
    if not near:
        return
    tab.bring_to_front()  # a tab in the background draws nothing, so nothing comes near in it
    for name, selector in NEAR_FEATURES:
        target = tab.locator(selector).first
        if not tab.locator(selector).count() or not target.is_visible():
            continue
        element = target.element_handle()
        element.scroll_into_view_if_needed()
        try:  # started; or what it came near was replaced by the page meanwhile (a worksheet's fallback text)
            tab.wait_for_function(
                "([name, el]) => !el.isConnected || (document.documentElement.getAttribute('data-cq-started') || '').split(',').includes(name)",
                arg=[name, element],
            )
        except Exception as error:  # say which feature never started
            started = tab.evaluate("document.documentElement.getAttribute('data-cq-started')")
            raise AssertionError(f"the {name} feature did not start near {selector} (started: {started})") from error
    tab.evaluate("window.scrollTo(0, 0)")
