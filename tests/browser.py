"""Browser test support: Debian's Chromium driven by Playwright, and a local static server."""

from __future__ import annotations

import os
import shutil

import pytest

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


def watch_errors(tab):  # type: ignore[no-untyped-def]
    """Collect the page's console errors and uncaught exceptions in ``tab.console_errors``."""
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    return tab


def storage_key(tab, name: str) -> str:  # type: ignore[no-untyped-def]
    """The localStorage key of the course's entry `name` ("work.alpha.x") on the tab's site."""
    return str(tab.evaluate("() => (window.__md_scope ? window.__md_scope.pathname : '/')")) + ".__sic." + name


__all__ = ["CHROMIUM_ARGS", "chromium_path", "serve", "storage_key", "watch_errors"]
