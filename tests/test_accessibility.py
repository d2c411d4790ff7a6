"""WCAG 2.1 A and AA: axe-core on every kind of built page in every language (light and dark, learner
and trainer view; see page_types for how the pages are chosen), the states a learner and a trainer
reach, and a keyboard-only journey with visible focus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import ready as browser_ready
from page_types import covering_pages
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect
from tools import node_package

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = ("default", "slate")


PALETTE = {
    "default": '{"index":1,"color":{"media":"(prefers-color-scheme: light)","scheme":"default","primary":"indigo","accent":"indigo"}}',
    "slate": '{"index":2,"color":{"media":"(prefers-color-scheme: dark)","scheme":"slate","primary":"indigo","accent":"indigo"}}',
}


def palette_script(scheme: str) -> str:
    """The reader's palette choice, as Material keeps it: one key per site, and each language's site
    (/es/, /ca/, /fr/) is a site of its own for Material."""
    return "".join(f"localStorage.setItem('{scope}.__palette', {PALETTE[scheme]!r});" for scope in ("/", "/es/", "/ca/", "/fr/"))


def context_for(browser: Browser, scheme: str) -> BrowserContext:
    """A browser context whose pages open in the given palette, as after the reader's toggle."""
    context = browser.new_context()
    context.add_init_script(palette_script(scheme))
    return context


def axe(page: Page, scheme: str) -> list[str]:
    page.wait_for_load_state("load")
    browser_ready(page)  # every feature the loader started has settled
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    page.mouse.move(0, 0)  # no hover state ...
    # ... and Material's colour transitions (125 ms) finished: contrast is measured on the final colours.
    # (getAnimations() brings styles up to date first, so a transition the move starts is seen.)
    page.wait_for_function("() => document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== 'running')")
    page.evaluate(node_package("axe-core/axe.min.js").read_text(encoding="utf-8"))  # not a <script>: the page's CSP refuses inline script
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))",
        WCAG,
    )
    return list(violations)


@pytest.mark.parametrize("view", ["learner", "trainer"])
def test_every_kind_of_page_passes_axe_in_both_palettes(browser: Browser, site_url: str, real_site: Path, view: str) -> None:
    found = {}
    for scheme in SCHEMES:
        context = context_for(browser, scheme)
        page = context.new_page()
        for path in covering_pages(real_site):
            page.goto(f"{site_url}{path}?view={view}")
            if view == "trainer" and "/modules/0" in path:
                assert page.locator("article .cq-trainer").first.is_visible() or not page.locator("article .cq-trainer").count()
            violations = axe(page, scheme)
            if violations:
                found[f"{path} [{scheme}]"] = violations
        context.close()
    assert found == {}


def test_presentation_presenter_window_and_poll_pass_axe(browser: Browser, site_url: str) -> None:
    found = {}
    for scheme in SCHEMES:
        context = context_for(browser, scheme)
        page = context.new_page()
        page.goto(site_url + "/modules/04-instruments/?present")
        page.locator(".cq-present[data-cq-ready]").wait_for()  # slides are measured after layout
        found[f"presentation, first slide [{scheme}]"] = axe(page, scheme)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.get_by_role("button", name="Timer").click()
        found[f"presentation, slide 3 with timer [{scheme}]"] = axe(page, scheme)
        page.goto(site_url + "/modules/04-instruments/?presenter=3")
        page.locator(".cq-presenter__plan[data-cq-schedule]").wait_for()
        found[f"presenter window [{scheme}]"] = axe(page, scheme)
        page.goto(site_url + "/modules/04-instruments/?present")
        page.locator(".cq-present[data-cq-ready]").wait_for()
        page.keyboard.press("End")
        while not page.locator(".cq-slide--quiz").count():
            page.keyboard.press("ArrowLeft")
        page.get_by_role("button", name="Reveal answer").click()
        found[f"presentation, quiz slide revealed [{scheme}]"] = axe(page, scheme)
        page.goto(site_url + "/modules/04-instruments/?view=trainer")
        page.get_by_role("button", name="Show as poll").first.click()
        page.get_by_label("Votes for A").fill("3")
        page.get_by_role("button", name="Copy as text").click()
        page.get_by_role("button", name="Reveal the answer").click()
        found[f"poll, revealed [{scheme}]"] = axe(page, scheme)
        context.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_an_answered_quiz_passes_axe(browser: Browser, site_url: str) -> None:
    found = {}
    for scheme in SCHEMES:
        context = context_for(browser, scheme)
        page = context.new_page()
        page.goto(site_url + "/modules/03-choosing-markets/")
        items = page.locator(".cq-item")
        for index in range(items.count()):
            item = items.nth(index)
            item.locator("input").nth(index % 2).check()
            item.get_by_role("button", name="Check answer").click()
        found[scheme] = axe(page, scheme)
        context.close()
    assert found == {"default": [], "slate": []}


def _tab_until(page: Page, condition: str, limit: int = 400) -> None:
    """Press Tab until the JavaScript ``condition`` about document.activeElement (as ``el``) holds,
    checking on the way that every focused element shows a visible focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => { const el = document.activeElement; if (!el || el === document.body) return null;
                const s = getComputedStyle(el);
                const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
                const r = el.getBoundingClientRect();
                return {ring, visible: r.width > 0 && r.height > 0, html: el.outerHTML.slice(0, 120)}; }"""
        )
        if focus is not None and focus["visible"]:
            assert focus["ring"], f"no visible focus indicator on {focus['html']}"
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"):
            return
    raise AssertionError(f"Tab never reached: {condition}")


def test_keyboard_only_journey_through_a_module_its_quiz_and_progress(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/")
    _tab_until(page, "el.textContent.trim() === '3. Choice: selecting markets' && el.closest('article')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/modules/03-choosing-markets/")
    _tab_until(page, "el.name === 'q-mkt-funnel-order'")
    page.keyboard.press("Space")
    # Focus on an option starts the quiz (a "near" feature); its buttons appear when it has started,
    # and the learner tabs on to them then (before, Tab would skip to the next question).
    page.wait_for_function("(document.documentElement.getAttribute('data-cq-started') || '').split(',').includes('quiz')")
    expect(page.locator("#q-mkt-funnel-order .cq-check")).to_be_attached()
    _tab_until(page, "el.textContent === 'Check answer'")
    page.keyboard.press("Enter")
    status = page.locator("#q-mkt-funnel-order [role='status']")
    expect(status).to_have_text(re.compile(r"^(Correct\.|Not correct)"))  # graded when the quiz's grading module has loaded
    assert page.evaluate("document.activeElement.textContent") == "Check answer"
    _tab_until(page, "el.textContent.trim() === 'Start' && el.closest('.md-tabs')")
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + "/")
    _tab_until(page, "el.textContent.trim() === 'My progress'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/progress/")
    row = page.locator('tr[data-cq-module="03-choosing-markets"]')
    expect(row.locator("[data-cq-status]")).to_have_text(re.compile(r"^In progress"))
    context.close()


FILL_EVERYTHING = """async () => {
  const data = await (await fetch('/assets/course-data.json')).json();
  for (const m of data.modules) {
    localStorage.setItem('/.__sic.read.' + m.slug, 'true');
    for (const id of m.items) {
      localStorage.setItem('/.__sic.quiz.' + id, JSON.stringify({v: 2, first: {chosen: [], correct: true}, chosen: [], correct: true, wrong: 0, revealed: true}));
      /* The first-attempt record outlives "Clear this quiz" (attempts.js): a mastered learner's is right. */
      localStorage.setItem('/.__sic.first.' + id, JSON.stringify({chosen: [], correct: true, at: Date.now()}));
      localStorage.setItem('/.__sic.review.' + id, JSON.stringify({step: 0, due: Date.now() - 1000}));
    }
    for (const e of m.exercises) localStorage.setItem('/.__sic.work.' + m.slug + '.' + e.id, JSON.stringify({text: 'My answer\\n\\nwith two paragraphs.', at: 1}));
  }
  /* The first worksheet saved with a result, the others left unsaved: both states on My workbook. */
  const sheets = data.modules.flatMap((m) => m.worksheets || []);
  if (sheets.length) localStorage.setItem('/.__sic.worksheet.' + sheets[0].name, JSON.stringify({v: 1, saved: new Date().toISOString(), settings: {}, rows: [], summary: [{label: 'Robust', value: 'Market E, Market H'}]}));
}"""


def test_learner_pages_and_states_pass_axe(browser: Browser, site_url: str) -> None:
    """Quiz states (prompt, first wrong multiple-answer attempt, summary, undo), and the review,
    progress, workbook, home and certificate pages filled in, in both palettes."""
    found = {}
    for scheme in SCHEMES:
        context = context_for(browser, scheme)
        page = context.new_page()
        page.goto(site_url + "/modules/01-why-international/")
        browser_ready(page)
        items = page.locator(".cq-quiz .cq-item")
        items.first.get_by_role("button", name="Check answer").click()  # nothing chosen: the prompt
        multiple = page.locator('.cq-quiz .cq-item[data-cq-type="multiple"]')
        if multiple.count():
            multiple.first.locator("input").first.check()
            multiple.first.get_by_role("button", name="Check answer").click()
        found[f"quiz prompt and first wrong attempt [{scheme}]"] = axe(page, scheme)
        for index in range(items.count()):
            item = items.nth(index)
            if item.locator(".cq-verdict:not(.cq-verdict--prompt)").count():
                continue
            item.locator("input").first.check()
            item.get_by_role("button", name="Check answer").click()
        page.get_by_role("region", name="Quiz summary").wait_for()
        found[f"quiz summary [{scheme}]"] = axe(page, scheme)
        page.get_by_role("button", name="Clear this quiz").click()
        found[f"quiz cleared, undo offered [{scheme}]"] = axe(page, scheme)
        page.evaluate(FILL_EVERYTHING)
        for path in ("/", "/review/", "/progress/", "/workbook/", "/modules/10-capstone/"):
            page.goto(site_url + path)
            browser_ready(page)
            if path == "/review/":
                page.locator("[data-cq-review-items] .cq-item").first.locator("input").first.check()
                page.locator("[data-cq-review-items] .cq-item").first.get_by_role("button", name="Check answer").click()
            found[f"{path} filled in [{scheme}]"] = axe(page, scheme)
        page.goto(site_url + "/certificate/")
        page.get_by_label("Your name").fill("Ada Serra")
        page.get_by_role("button", name="Make my certificate").click()
        page.get_by_role("region", name="Certificate of completion").wait_for()
        found[f"certificate made [{scheme}]"] = axe(page, scheme)
        context.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_worksheets_in_use_pass_axe(browser: Browser, site_url: str) -> None:
    """The worksheets after edits: a new row, an invalid cell with its problem list, an invalid weighting."""
    found = {}
    for scheme in SCHEMES:
        context = context_for(browser, scheme)
        page = context.new_page()
        page.goto(site_url + "/modules/03-choosing-markets/")
        sheet = page.locator("[data-cq-worksheet='market-screening']")
        sheet.scroll_into_view_if_needed()  # a worksheet starts as the learner reaches it
        sheet.locator(".cq-ws__results table").first.wait_for()
        sheet.get_by_role("button", name="Add a market").click()
        sheet.get_by_label("Weighting A: Need (%)").fill("40")
        expect(sheet.locator(".cq-ws__problems")).to_be_visible()
        found[f"market screening, edited [{scheme}]"] = axe(page, scheme)
        page.goto(site_url + "/modules/09-measuring-results/")
        sheet = page.locator("[data-cq-worksheet='results-tracker']")
        sheet.scroll_into_view_if_needed()
        sheet.locator(".cq-ws__results table").first.wait_for()
        found[f"results tracker [{scheme}]"] = axe(page, scheme)
        sheet.get_by_label("SME-01: Meetings").fill("-1")
        expect(sheet.locator(".cq-ws__problems")).to_be_visible()
        found[f"results tracker, with a problem [{scheme}]"] = axe(page, scheme)
        page.goto(site_url + "/modules/02-diagnostics/")
        for name in ("export-readiness", "cluster-benchmark"):  # the scorecards, every question answered
            sheet = page.locator(f"[data-cq-worksheet='{name}']")
            sheet.scroll_into_view_if_needed()
            sheet.locator(".cq-ws__results table").first.wait_for()
            for group in sheet.locator(".cq-sc__choices").all():
                group.locator("input[type=radio]").nth(1).check()
            expect(sheet.locator(".cq-sc__current")).to_have_count(1)
        found[f"scorecards, scored [{scheme}]"] = axe(page, scheme)
        context.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_reading_controls_pass_axe_on_a_phone_and_a_laptop(browser: Browser, site_url: str) -> None:
    """The offline control, the phone header's menu, a diagram opened full screen, an open glossary
    definition and a wide table's scroll cue (issue 12)."""
    found = {}
    for scheme in SCHEMES:
        sizes: tuple[ViewportSize, ...] = ({"width": 360, "height": 740}, {"width": 1366, "height": 768})
        for size in sizes:
            tag = f"{scheme} {size['width']}"
            context = browser.new_context(viewport=size)
            context.add_init_script(palette_script(scheme))
            page = context.new_page()
            page.goto(site_url + "/")
            expect(page.locator(".cq-offline__intro")).to_contain_text("Download size")
            if size["width"] < 600:
                page.get_by_role("button", name="More: trainer view and colours").click()
                expect(page.locator("#cq-more-panel")).to_be_visible()
            found[f"home: offline control and menu [{tag}]"] = axe(page, scheme)
            page.goto(site_url + "/modules/03-choosing-markets/")
            browser_ready(page)
            term = page.locator("article abbr.cq-term").first
            term.focus()
            expect(term).to_have_attribute("aria-describedby", re.compile(r"^cq-term-\d+$"))  # its box, made on focus
            expect(page.locator("#" + (term.get_attribute("aria-describedby") or "none"))).to_be_visible()
            found[f"module: glossary definition open, scroll cues [{tag}]"] = axe(page, scheme)
            page.locator(".cq-zoom-open-button").first.click()
            expect(page.locator("dialog.cq-zoom")).to_be_visible()
            found[f"module: diagram full screen [{tag}]"] = axe(page, scheme)
            context.close()
    assert {k: v for k, v in found.items() if v} == {}
