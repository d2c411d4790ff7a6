"""Published under a sub-path, as GitHub Pages does (https://OWNER.github.io/REPOSITORY/): the
publishing workflow passes SITE_URL, mkdocs.yml reads it (``site_url: !ENV [SITE_URL, ""]``), and
every page, the 404 page and the offline worker work under /repo/."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import make_course
from playwright.sync_api import Browser, Response, ViewportSize, expect

PREFIX = "/repo/"


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages: the site lives under PREFIX, and a missing page gets 404.html with status 404."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        clean = urlparse(path).path
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / "__outside__")
        return super().translate_path("/" + clean[len(PREFIX) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def pages_server(directory: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course built as the workflow builds it, with SITE_URL set."""
    course = make_course(tmp_path_factory.mktemp("subpath") / "course")
    env = {**os.environ, "SITE_URL": "https://example.github.io/repo/"}
    result = subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "--root", str(course), "build"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return course / "site"


def test_a_build_with_site_url_uses_it(published: Path) -> None:
    assert "<loc>https://example.github.io/repo/</loc>" in (published / "sitemap.xml").read_text()
    page = (published / "404.html").read_text()
    assert 'href="/repo/assets/stylesheets/main.' in page and 'href="/repo/manifest.webmanifest"' in page
    assert 'rel="canonical" href="https://example.github.io/repo/' in (published / "index.html").read_text()


@pytest.mark.browser
@pytest.mark.parametrize("size", ({"width": 360, "height": 740}, {"width": 1366, "height": 768}), ids=["phone", "laptop"])
def test_the_site_and_its_404_page_work_under_a_sub_path(browser: Browser, published: Path, size: ViewportSize) -> None:
    with pages_server(published) as url:
        context = browser.new_context(viewport=size)
        page = context.new_page()
        failed: list[str] = []
        errors: list[str] = []

        def on_response(r: Response) -> None:
            if r.status >= 400 and "/no/such/" not in r.url:
                failed.append(f"{r.status} {r.url}")

        page.on("response", on_response)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        expect(page.locator("article h1")).to_contain_text("Fixture course")
        page.locator("article").get_by_role("link", name="alpha", exact=True).click()
        page.wait_for_url("**/repo/modules/01-alpha/")
        # A missing page deep under the sub-path gets the styled 404 page, with working links.
        response = page.goto(url + "no/such/page/here/")
        assert response is not None and response.status == 404
        expect(page.locator("article h1")).to_contain_text("404 - Not found")
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
            "sticky",
            "fixed",
        )  # Material's CSS loaded
        assert page.evaluate("[...document.styleSheets].filter(s => s.href && s.href.includes('/repo/assets/')).length") >= 2
        hrefs = page.evaluate("[...document.querySelectorAll('a.md-header__button.md-logo, .md-tabs a, a.md-nav__link')].map(a => a.href)")
        assert hrefs and all(h.startswith(url) for h in hrefs), hrefs
        assert all(page.request.get(h).ok for h in set(hrefs))
        page.goto(hrefs[0])  # the logo: home
        expect(page.locator("article h1")).to_contain_text("Fixture course")
        # The offline worker is registered for the sub-path.
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == url
        assert failed == [] and errors == []
        context.close()
