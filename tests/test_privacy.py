"""Privacy: opening every page of the real site requests nothing from another host, sets no
cookies, and keeps only course progress and view settings, under one documented key prefix."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import serve
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_every_page_stays_on_the_local_server(browser: Browser, real_site: Path) -> None:
    pages = sorted(real_site.rglob("index.html"))
    with serve(real_site) as url:
        context = browser.new_context()
        page = context.new_page()
        hosts: set[str] = set()
        page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or r.url))
        for path in pages:
            rel = path.parent.relative_to(real_site).as_posix()
            page.goto(f"{url}/{'' if rel == '.' else rel + '/'}")
            page.wait_for_load_state("networkidle")
            first = page.locator(".cq-item:visible").first  # (the Review page also holds a hidden pool)
            if first.count():
                first.locator("input").first.check()
                first.locator("button.cq-check").click()  # "Check answer" in the page's language
        page.locator("input[data-md-component='search-query'], .md-search__input").first.fill("cluster")
        page.wait_for_timeout(500)
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
