"""Reading on a phone (360×740) and a laptop (1366×768) in Chromium: no sideways panning, wide
boxes that scroll on their own with a cue and keyboard access, full-screen diagrams, key content at
body size, the phone header, the course map as cards, the way in, and glossary definitions."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from browser import attribute, bounds, text_in
from browser import ready as browser_ready
from page_types import covering_pages, page_urls
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
SIZES = (PHONE, LAPTOP)
MODULE = "/modules/03-choosing-markets/"


def visit(page: Page, url: str) -> None:
    """Open a page and wait until every feature the loader started on it has settled."""
    page.goto(url)
    browser_ready(page)


def new_page(browser: Browser, size: ViewportSize) -> tuple[BrowserContext, Page]:
    phone = size["width"] < 600
    context = browser.new_context(viewport=size, has_touch=phone, is_mobile=phone)
    return context, context.new_page()


@pytest.mark.parametrize("size", SIZES, ids=["phone", "laptop"])
def test_no_page_pans_sideways_and_wide_boxes_scroll_on_their_own(
    browser: Browser, site_url: str, real_site: Path, size: ViewportSize
) -> None:
    """On a phone, every page of every language: a long word, table or formula overflows first at the
    narrowest width, and what overflows depends on the page's words. On a laptop the content column is
    wider, so the words that fit a phone fit there too; what can still differ is the layout of each kind
    of page (the sidebars, the header), so the laptop check runs on the covering set (page_types)."""
    context, page = new_page(browser, size)
    wide = {}
    for path in page_urls(real_site) if size["width"] < 600 else covering_pages(real_site):
        visit(page, site_url + path)
        page.wait_for_load_state("load")
        # Some translated pages load a second time in a long crawl (seen on /es/ and /fr/certificate/,
        # not reproduced alone; an open bug in the session note): measure the page as it settles.
        browser_ready(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[path] = overflow
        # Every box that scrolls sideways says so and takes keyboard focus.
        boxes = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap, .jp-OutputArea-output, .jp-RenderedText pre, .highlight-ipynb pre')]
            .filter(b => b.scrollWidth > b.clientWidth + 1 && b.offsetParent)
            .map(b => ({cue: b.classList.contains('cq-scrolls'), focus: b.tabIndex >= 0 || !!b.querySelector('a, button, input, [tabindex]'),
                        hint: !!(b.previousElementSibling && b.previousElementSibling.classList.contains('cq-scroll-hint'))}))""")
        assert all(b["cue"] and b["hint"] and b["focus"] for b in boxes), (path, boxes)
    assert wide == {}
    context.close()


def test_a_wide_table_on_a_phone_has_a_cue_and_scrolls_by_keyboard(browser: Browser, site_url: str) -> None:
    context, page = new_page(browser, PHONE)
    visit(page, site_url + "/modules/09-measuring-results/results-tracker/")
    box = page.locator(".jp-OutputArea-output.cq-scrolls:has(table)").first
    box.scroll_into_view_if_needed()
    expect(box).to_have_class(re.compile("cq-scrolls--right"))
    assert box.evaluate("b => b.previousElementSibling.textContent") == "Scroll sideways →"
    assert box.get_attribute("role") == "region" and "scrolls sideways" in (box.get_attribute("aria-label") or "")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    expect(box).to_have_class(re.compile("cq-scrolls--left"))
    page.screenshot(path=str(Path(tempfile.gettempdir()) / "reading-table-phone.png"))
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=["phone", "laptop"])
def test_a_diagram_opens_full_screen_zooms_and_shows_its_text_alternative(browser: Browser, site_url: str, size: ViewportSize) -> None:
    context, page = new_page(browser, size)
    visit(page, site_url + MODULE)
    opener = page.get_by_role("button", name="Open the diagram full screen: The market screening funnel")
    opener.scroll_into_view_if_needed()
    if size is PHONE:
        opener.tap()
    else:
        opener.click()
    dialog = page.get_by_role("dialog", name="The market screening funnel: long list, knock-out, scoring, opportunity studies")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box and box["width"] >= size["width"] - 1 and box["height"] >= size["height"] - 1  # full screen
    assert text_in(dialog.locator(".cq-zoom__alt")).startswith("Text alternative: The diagram is a funnel with four layers")
    img = dialog.locator("img")
    before = bounds(img)["width"]
    dialog.get_by_role("button", name="Zoom in").click()
    dialog.get_by_role("button", name="Zoom in").click()
    assert bounds(img)["width"] > 2 * before
    stage = dialog.locator(".cq-zoom__stage")
    assert stage.evaluate("s => s.scrollWidth > s.clientWidth")  # pan by scrolling
    page.keyboard.press("0")
    dialog.get_by_role("button", name="Fit").click()
    assert abs(bounds(img)["width"] - before) < 2
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('cq-zoom-open-button')")  # focus back on the diagram
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=["phone", "laptop"])
def test_overview_exercises_key_points_and_tables_at_body_size(browser: Browser, site_url: str, size: ViewportSize) -> None:
    context, page = new_page(browser, size)
    visit(page, site_url + MODULE)
    sizes = page.evaluate("""() => {
        const px = el => el ? parseFloat(getComputedStyle(el).fontSize) : null;
        const body = px(document.querySelector('article > p'));
        const admonitions = [...document.querySelectorAll('article .admonition > p:not(.admonition-title):not(.cq-scroll-hint), article .admonition li')].map(px);
        const cells = [...document.querySelectorAll('article table td')].map(px);
        return {body, small: [...admonitions, ...cells].filter(s => s < body - 0.01), count: admonitions.length + cells.length};
    }""")
    assert sizes["count"] > 10 and sizes["small"] == [], sizes
    context.close()


def test_the_phone_header_keeps_the_title_and_puts_the_trainer_toggle_in_a_menu(browser: Browser, site_url: str) -> None:
    context, page = new_page(browser, PHONE)
    visit(page, site_url + "/")
    title = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    assert text_in(title).strip() == "Strategic Internationalisation for Clusters"
    assert title.evaluate(
        "t => t.scrollWidth <= t.clientWidth && t.getBoundingClientRect().bottom <= t.closest('.md-header').getBoundingClientRect().bottom"
    )
    assert float(title.evaluate("t => parseFloat(getComputedStyle(t).fontSize)")) >= 11
    expect(page.locator(".md-header__inner > .cq-view-toggle")).to_be_hidden()
    more = page.get_by_role("button", name="More: trainer view and colours")
    more.tap()
    expect(more).to_have_attribute("aria-expanded", "true")
    toggle = page.locator("#cq-more-panel").get_by_role("button", name="Trainer view")
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.tap()
    expect(page.locator("html")).to_have_attribute("data-cq-view", "trainer")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Escape")
    expect(more).to_be_focused()
    expect(page.locator("#cq-more-panel")).to_be_hidden()
    context.close()
    # On a laptop the toggle stays in the header and there is no menu.
    context, page = new_page(browser, LAPTOP)
    visit(page, site_url + "/")
    expect(page.locator(".md-header__inner > .cq-view-toggle")).to_be_visible()
    expect(page.locator(".cq-more")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=["phone", "laptop"])
def test_the_home_page_offers_a_way_in_above_the_fold_and_the_map_as_cards_on_phones(
    browser: Browser, site_url: str, size: ViewportSize
) -> None:
    context, page = new_page(browser, size)
    visit(page, site_url + "/")
    start = page.get_by_role("link", name="Start the course")
    box = start.bounding_box()
    assert box and box["y"] + box["height"] <= size["height"]  # above the fold
    rows = page.locator(".cq-course-map tbody tr")
    display = rows.first.evaluate("r => getComputedStyle(r).display")
    assert display == ("block" if size is PHONE else "table-row")
    if size is PHONE:
        widths = rows.evaluate_all("rs => rs.map(r => r.getBoundingClientRect().right)")
        assert max(widths) <= size["width"]
    start.click()
    page.wait_for_url("**/modules/00-welcome/")
    visit(page, site_url + MODULE)
    visit(page, site_url + "/")
    resume = page.get_by_role("link", name="Continue: ")
    expect(resume).to_have_attribute("href", site_url + MODULE)
    assert bounds(resume)["y"] + bounds(resume)["height"] <= size["height"]
    context.close()


@pytest.mark.parametrize("size", SIZES, ids=["phone", "laptop"])
def test_glossary_terms_open_on_hover_focus_and_tap(browser: Browser, site_url: str, size: ViewportSize) -> None:
    context, page = new_page(browser, size)
    visit(page, site_url + MODULE)
    term = page.locator("article abbr.cq-term").first
    # Before the learner reaches it, the term describes itself with its title (no box made yet)
    assert "PESTEL analysis:" in (term.get_attribute("title") or "") and term.get_attribute("tabindex") == "0"
    term.scroll_into_view_if_needed()
    if size is PHONE:
        term.tap()
        tip = page.locator("#" + (term.get_attribute("aria-describedby") or "none"))
        expect(tip).to_be_visible()
        assert "PESTEL analysis:" in text_in(tip) and term.get_attribute("title") is None  # no second, native tooltip
        term.tap()
        expect(tip).to_be_hidden()
        term.tap()  # and again
        expect(tip).to_be_visible()
        page.locator("article h1").tap()  # a tap elsewhere closes it
        expect(tip).to_be_hidden()
    else:
        term.hover()
        tip = page.locator("#" + (term.get_attribute("aria-describedby") or "none"))
        expect(tip).to_be_visible()
        assert "PESTEL analysis:" in text_in(tip) and term.get_attribute("title") is None
        tip.hover()  # the pointer can move onto the definition (WCAG 1.4.13)
        expect(tip).to_be_visible()
        page.mouse.move(0, 0)
        expect(tip).to_be_hidden()
    # Keyboard: Tab reaches the term and shows its definition; Esc hides it.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cq-term')"):
            break
    focused = page.locator("abbr.cq-term:focus")
    expect(page.locator("#" + attribute(focused, "aria-describedby"))).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#" + attribute(focused, "aria-describedby"))).to_be_hidden()
    context.close()


def test_each_section_defines_a_term_at_its_first_use(real_site: Path) -> None:
    """The rule the home page promises: the first use of an abbreviation in each section carries its definition."""
    html = (real_site / "modules/03-choosing-markets/index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    checked = 0
    for section in re.split(r"(?=<h2\b)", article):
        section = re.sub(r"<h[1-6]\b.*?</h[1-6]>", "", section, flags=re.DOTALL)  # no definitions in headings
        uses = re.findall(r"<abbr(?: class=\"cq-term\" tabindex=\"0\")?( title=\"[^\"]+\")?>([^<]+)</abbr>", section)
        first: dict[str, bool] = {}
        for title, word in uses:
            if word not in first:
                first[word] = bool(title)
                assert title, f"first use of {word} in a section has no definition"
                checked += 1
            else:
                assert not title, f"{word} defined twice in one section"
    assert checked >= 5
