"""Privacy: opening every page of the real site requests nothing from another host, sets no
cookies, and keeps only course progress and view settings, under one documented key prefix.

Where a request could go is set by each page's policy, which allows only the site itself for every
kind of request and is checked on every page of every language (test_csp); the markup that loads
from another website is listed by the link check, which must find none on any page (test_build).
So what a browser adds is the behaviour of the pages' scripts, which comes from their components:
the browser opens the covering set of pages (page_types), a quiz answered on each that has one."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import ready, serve
from page_types import covering_pages
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_every_page_stays_on_the_local_server(browser: Browser, real_site: Path) -> None:
    with serve(real_site) as url:
        context = browser.new_context()
        page = context.new_page()
        hosts: set[str] = set()
        page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or r.url))
        for path in covering_pages(real_site):
            page.goto(url + path)
            # Loaded, every feature started (the "near" ones by coming near them) and settled, its
            # fetches made; a request made later is still seen, as the listener stays on for the whole crawl.
            ready(page)
            first = page.locator(".cq-item:visible").first  # (the Review page also holds a hidden pool)
            if first.count():
                first.locator("input").first.check()
                first.locator("button.cq-check").click()  # "Check answer" in the page's language
        # A search, as a reader types one (fill() left Material's search at "Type to start searching",
        # so it searched nothing): wait until its results are shown.
        page.locator("input[data-md-component='search-query'], .md-search__input").first.click()
        page.keyboard.type("cluster")
        page.locator(".md-search-result__item").first.wait_for()
        assert hosts == {"127.0.0.1"}
        assert context.cookies() == [] and page.evaluate("document.cookie") == ""
        keys = page.evaluate("Object.keys(localStorage)")
        assert keys
        # The course's keys share one prefix in every language (one learner across languages);
        # Material keeps its own settings (the palette) per site, and each language's site is one.
        scopes = {"/", "/es/", "/ca/", "/fr/"}
        parts = [(k.split(".__", 1)[0], k.split(".__", 1)[1].split(".")[0] if ".__" in k else "") for k in keys]
        stray = [k for k, (scope, kind) in zip(keys, parts, strict=True) if scope not in scopes or kind not in {"palette", "sic"}]
        assert stray == []
        assert all(scope == "/" for scope, kind in parts if kind == "sic"), [k for k in keys if ".__sic." in k and not k.startswith("/.__")]
        assert page.evaluate("Object.keys(sessionStorage).filter(k => !/^\\/([a-z]{2}\\/)?\\.__/.test(k))") == []
        context.close()
