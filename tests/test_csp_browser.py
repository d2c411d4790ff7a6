"""No page breaks under its Content-Security-Policy (issue 20): in Chromium, every kind of page of the
real site (page_types' covering set, in every language, and the 404 pages) in the learner and the
trainer view, a module in ?present and ?presenter mode with its presenter window, the review,
progress, workbook and certificate pages, a quiz answered, a worksheet in use, and Material's
instant navigation to a notebook page and to a page with table alignment (its scripts and styles
then run under the policy of the page the learner came from) report no policy violation, and
each page still works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import ready as browser_ready
from page_types import covering_pages, page_urls
from playwright.sync_api import ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser

# Installed before any of the page's own scripts run, in every document and frame of the context.
WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`), true);
"""


LANGS = ("es", "ca", "fr")


@pytest.fixture(scope="module")
def published_url(real_site: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The real site served as published: a build with SITE_URL set lists its pages in sitemap.xml,
    and Material's instant navigation follows only the links the sitemap lists (a local build's
    sitemap is empty, so its links load whole pages). A copy, with each language's sitemap listing
    its pages at the address it is served from."""
    from browser import serve

    site = tmp_path_factory.mktemp("published") / "site"
    shutil.copytree(real_site, site)
    with serve(site) as url:
        urls = page_urls(site)
        for lang in ("", *LANGS):
            mine = [u for u in urls if (u.split("/")[1] == lang if lang else u.split("/")[1] not in LANGS)]
            entries = "".join(f"<url><loc>{url}{u}</loc></url>" for u in mine)
            sitemap = (
                f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n'
            )
            (site / lang / "sitemap.xml").write_text(sitemap, encoding="utf-8")
        yield url


class Watch:
    """The policy violations and the console's policy errors of every page a context opens."""

    def __init__(self, browser, **options) -> None:  # type: ignore[no-untyped-def]
        self.context = browser.new_context(**options)
        self.context.add_init_script(WATCH)
        self.found: list[str] = []
        self.where = ""
        self.context.on("page", self._listen)
        self.page = self.context.new_page()

    def _listen(self, page: Page) -> None:
        def console(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                self.found.append(f"{self.where}: console: {message.text}")

        page.on("console", console)

    def open(self, url: str, where: str) -> None:
        self.where = where
        self.page.goto(url)
        # Every feature has settled (the loader marks the page). Not with wait_for_function: Playwright
        # evaluates a string predicate with eval(), which the policy rightly blocks.
        if self.page.locator("script[src*='course.js']").count():
            browser_ready(self.page)

    def collect(self, page=None) -> None:  # type: ignore[no-untyped-def]
        """The violations the page's document has seen so far (read, then cleared)."""
        page = page or self.page
        seen = page.evaluate("() => { const v = window.__cspViolations || []; window.__cspViolations = []; return v; }")
        self.found += [f"{self.where}: {v}" for v in seen]


@pytest.mark.parametrize("view", ["learner", "trainer"])
def test_every_kind_of_page_opens_under_its_policy_in_both_views(browser, site_url, real_site, view) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(browser, viewport={"width": 1366, "height": 768})
    pages = [*covering_pages(real_site), "/404.html", "/es/404.html"]
    for path in pages:
        watch.open(f"{site_url}{path}?view={view}", path)
        watch.page.wait_for_load_state("networkidle")
        watch.collect()
        # The page declares its policy, and it works.
        assert watch.page.evaluate("document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]') !== null"), path
        if path.endswith("/"):
            watch.page.wait_for_selector(f"html[data-cq-view='{view}']", state="attached")  # the view asked for is on
    assert len(pages) > 20
    assert watch.found == []
    watch.context.close()


def test_presentation_and_presenter_window_run_under_the_policy(browser, site_url) -> None:  # type: ignore[no-untyped-def]
    watch = Watch(browser, viewport={"width": 1280, "height": 720})
    page = watch.page
    for mode in ("present", "presenter"):
        watch.where = mode
        page.goto(f"{site_url}/modules/03-choosing-markets/?{mode}")
        page.locator(".cq-present[data-cq-ready]").wait_for()
        page.keyboard.press("ArrowRight")
        expect(page.locator(".cq-present__count").first).to_contain_text("2")
        watch.collect()
    # The presenter window opened from the slides.
    page.goto(f"{site_url}/modules/03-choosing-markets/?present")
    page.locator(".cq-present[data-cq-ready]").wait_for()
    with watch.context.expect_page() as popup:
        page.get_by_role("button", name="Presenter window").click()
    presenter = popup.value
    presenter.locator(".cq-present[data-cq-ready]").wait_for()
    presenter.locator(".cq-presenter__plan[data-cq-schedule]").wait_for()
    watch.where = "presenter window"
    watch.collect(presenter)
    watch.collect()
    assert watch.found == []
    watch.context.close()


def test_a_learner_answers_fills_a_worksheet_and_reads_their_progress_under_the_policy(browser, published_url) -> None:  # type: ignore[no-untyped-def]
    site_url = published_url
    watch = Watch(browser, viewport={"width": 1366, "height": 768})
    page = watch.page
    watch.open(f"{site_url}/modules/03-choosing-markets/", "module 03")
    # A quiz answered: the feedback shows.
    item = page.locator(".cq-quiz .cq-item").first
    item.locator(".cq-options input").first.check()
    item.get_by_role("button", name="Check answer").click()
    expect(item.locator('[role="status"][aria-live="polite"]')).not_to_be_empty()
    # A worksheet in use: a value typed in recomputes it and is saved.
    sheet = page.locator("[data-cq-worksheet='market-screening']")
    sheet.scroll_into_view_if_needed()
    page.wait_for_selector(".cq-worksheet .cq-ws__results table")
    robust = sheet.locator(".cq-ws__summary dd").nth(2)
    expect(robust).to_have_text("Market A")
    sheet.get_by_label("Market A: Members interested").fill("2")  # knocked out now
    expect(robust).not_to_have_text("Market A")
    watch.collect()
    # Material's instant navigation to a notebook page: its scripts run under this page's policy.
    watch.where = "instant navigation"
    page.evaluate("window.__cqSameDocument = true")
    page.locator("article a[href$='screening/']").first.click()
    page.wait_for_url("**/screening/")
    page.locator("article .jp-Notebook").first.wait_for()
    assert page.evaluate("window.__cqSameDocument === true")  # not a new document: the old policy still rules
    watch.collect()
    # The learner's own pages, each working from what was saved.
    for path in ("/review/", "/progress/", "/workbook/", "/certificate/"):
        watch.open(f"{site_url}{path}", path)
        page.wait_for_load_state("networkidle")
        watch.collect()
    expect(page.locator("article")).not_to_be_empty()
    # From the trainer guide to the schedule (its tables align a column), instantly.
    watch.open(f"{site_url}/trainer-guide/", "trainer guide")
    watch.where = "instant navigation to the schedule"
    page.evaluate("window.__cqSameDocument = true")
    page.locator("article a[href$='schedule/']").first.click()
    page.wait_for_url("**/schedule/")
    aligned = page.locator("article td.cq-align-right").first
    aligned.wait_for(state="attached")
    assert aligned.evaluate("td => getComputedStyle(td).textAlign") == "right"  # the alignment survives, as a class
    assert page.evaluate("window.__cqSameDocument === true")
    watch.collect()
    assert watch.found == []
    watch.context.close()
