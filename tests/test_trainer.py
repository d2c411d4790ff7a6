"""Trainer mode in the browser: trainer view, presentation, presenter window, timer, polls, print."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import attribute, bounds, text_in
from playwright.sync_api import Browser, BrowserContext

from coursekit.model.course import load_course

pytestmark = pytest.mark.browser
MODULE = "/modules/03-choosing-markets/"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    yield ctx
    ctx.close()


def test_trainer_notes_are_hidden_for_learners_and_shown_in_the_trainer_view(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + MODULE)
    notes = page.locator("article .cq-trainer")
    assert notes.count() >= 2 and not notes.first.is_visible()
    assert not page.get_by_role("button", name="Show as poll").first.is_visible()
    toggle = page.get_by_role("button", name="Trainer view")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true" and notes.first.is_visible()
    poll = page.get_by_role("button", name="Show as poll").first
    poll.scroll_into_view_if_needed()  # quiz questions are laid out as they come near the screen
    assert poll.is_visible()
    page.goto(site_url + "/modules/04-instruments/")  # remembered across pages
    assert page.locator("article .cq-trainer").first.is_visible()
    page.get_by_role("button", name="Trainer view").click()
    page.reload()
    assert not page.locator("article .cq-trainer").first.is_visible()


def test_trainer_view_can_be_linked_to(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + MODULE + "?view=trainer")
    assert page.locator("article .cq-trainer").first.is_visible()
    page.goto(site_url + "/modules/06-alliances/")
    assert page.locator("article .cq-trainer").first.is_visible()
    page.goto(site_url + MODULE + "?view=learner")
    assert not page.locator("article .cq-trainer").first.is_visible()


def test_presentation_keyboard_navigation_and_exit(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + MODULE)
    page.get_by_role("button", name="Present").click()
    dialog = page.get_by_role("dialog", name="Presentation")
    count = dialog.locator(".cq-present__count")
    total = int(text_in(count).split()[-1])
    assert count.text_content() == f"Slide 1 of {total}" and total >= 8
    assert "Choice: selecting markets" in text_in(dialog.locator(".cq-slide"))
    for key, expected in (
        ("ArrowRight", 2),
        ("Space", 3),
        ("PageDown", 4),
        ("ArrowDown", 5),
        ("ArrowLeft", 4),
        ("PageUp", 3),
        ("ArrowUp", 2),
        ("End", total),
        ("Home", 1),
    ):
        page.keyboard.press(key)
        assert count.text_content() == f"Slide {expected} of {total}", key
    page.keyboard.press("ArrowRight")
    assert dialog.locator(".cq-present__live").text_content() == f"Slide 2 of {total}: From diagnostics to choice"
    assert dialog.get_by_role("progressbar").get_attribute("aria-valuenow") == "2"
    for _ in range(total):
        assert dialog.locator(".cq-trainer").count() == 0  # notes never on the shared screen
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    assert page.locator(".cq-overlay").count() == 0  # (Material's search box is also a dialog)
    assert page.evaluate("document.activeElement.textContent") == "Present"


def test_present_in_the_address_opens_the_presentation(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + MODULE + "?present=3")
    assert text_in(page.get_by_role("dialog", name="Presentation").locator(".cq-present__count")).startswith("Slide 3 of")
    page.keyboard.press("Escape")
    assert "present" not in page.url


def test_countdown_timer(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.clock.install()
    page.goto(site_url + MODULE + "?present")
    dialog = page.get_by_role("dialog", name="Presentation")
    dialog.get_by_role("button", name="Timer").click()
    dialog.get_by_label("Minutes").fill("2")
    dialog.get_by_role("button", name="Start timer").click()
    timer = dialog.get_by_role("timer")
    page.clock.run_for(1000)
    assert timer.text_content() == "01:59"
    page.clock.run_for(60_000)
    assert timer.text_content() == "00:59"
    page.clock.run_for(60_000)
    assert timer.text_content() == "00:00"
    assert dialog.locator(".cq-present__live").text_content() == "Time is up."


def test_presenter_window_shows_notes_and_stays_in_step(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + MODULE + "?present")
    with context.expect_page() as popup_info:
        page.get_by_role("button", name="Presenter window").click()
    presenter = popup_info.value
    panel = presenter.get_by_role("dialog", name="Presenter window")
    panel.locator(".cq-presenter__now .cq-slide__title").wait_for()
    main_count = page.locator(".cq-present__count")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    panel.locator(".cq-present__count").filter(has_text="Slide 3 of").wait_for()
    # The funnel section runs over several slides ("(1/N)", "(2/N)"): the presenter shows this one and the next.
    now = panel.locator(".cq-presenter__now .cq-slide__title").text_content() or ""
    parts = re.fullmatch(r"The screening funnel \(1/(\d)\)", now)
    assert parts, now
    assert panel.locator(".cq-present__next-title").text_content() == f"Next: The screening funnel (2/{parts.group(1)})"
    assert panel.locator(".cq-present__notes").text_content()
    for expected in range(4, 20):
        presenter.keyboard.press("ArrowRight")  # moving in the presenter window moves the shared screen
        main_count.filter(has_text=f"Slide {expected} of").wait_for()
        if "Trainer note" in text_in(panel.locator(".cq-present__notes")):
            break
    assert "Trainer note" in text_in(panel.locator(".cq-present__notes"))
    assert page.locator(".cq-present .cq-trainer").count() == 0
    presenter.close()


def test_poll_hides_the_answer_until_revealed(context: BrowserContext, site_url: str) -> None:
    # Every check waits for the state it expects (Playwright's expect retries until it holds), so a
    # slow machine makes the test slower, never red. The timeout only bounds a real failure.
    from playwright.sync_api import expect

    wait = 30_000
    page = context.new_page()
    page.goto(site_url + MODULE + "?view=trainer")
    opener = page.locator("#q-mkt-funnel-order").get_by_role("button", name="Show as poll")
    opener.click()
    poll = page.get_by_role("dialog", name="Poll")
    poll.locator(".cq-poll__option").first.wait_for()  # trainer.js is imported on demand
    assert poll.locator(".cq-poll__option").count() == 3
    assert poll.locator(".cq-poll__option--correct, .cq-poll__feedback").count() == 0
    poll.get_by_label("Votes for A").fill("6")
    poll.get_by_label("Votes for B").fill("2")
    assert poll.locator(".cq-poll__share").all_text_contents() == ["75%", "25%", "0%"]
    # The poll lists the options in the published order (data-cq-order), whatever the learner's own shuffle.
    right = text_in(page.locator("#q-mkt-funnel-order .cq-fb--correct .cq-fb__option")).strip()
    order = attribute(page.locator("#q-mkt-funnel-order"), "data-cq-order").split()
    values = page.evaluate(
        "[...document.querySelectorAll('#q-mkt-funnel-order .cq-option')].map(o => [o.querySelector('input').value, o.textContent.trim()])"
    )
    texts = dict(values)
    letter = "ABC"[[texts[key] for key in order].index(right)]
    assert [t.strip() for t in poll.locator(".cq-poll__text").all_text_contents()] == [
        f"{'ABC'[i]} {texts[k]}" for i, k in enumerate(order)
    ]
    poll.get_by_role("button", name="Reveal the answer").click()
    assert text_in(poll.locator(".cq-poll__option--correct .cq-poll__letter")).strip() == letter
    assert poll.locator(".cq-poll__feedback").count() == 3
    assert poll.get_by_role("status").text_content() == f"Answer revealed: {letter}."
    page.keyboard.press("Escape")
    expect(page.locator(".cq-overlay")).to_have_count(0, timeout=wait)  # (Material's search box is also a dialog)
    expect(page.locator(":focus")).to_have_text("Show as poll", timeout=wait)


def test_print_view_is_a_clean_handout(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + MODULE + "?view=trainer")
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        ".cq-present-open",
        ".cq-poll-open",
        "article .cq-trainer",
        ".cq-actions",
    ):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article .admonition.example").first.is_visible()
    room = page.evaluate("getComputedStyle(document.querySelector('article .admonition.example'), '::after').height")
    assert float(room.removesuffix("px")) > 150  # lined room to write
    assert page.get_by_text("After this module you can").is_visible()
    assert page.locator("article .admonition.success", has_text="Key points").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_whole_course_print_page(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + "/modules/print/")
    modules = len(load_course(Path(__file__).resolve().parents[1]).modules)
    assert page.locator(".cq-print-module").count() == modules  # every module of course.yml
    assert page.locator("article h1").count() == modules + 1  # and the page's own title
    page.emulate_media(media="print")
    breaks = page.evaluate("[...document.querySelectorAll('.cq-print-module')].map(m => getComputedStyle(m).breakBefore)")
    assert breaks[0] != "page" and set(breaks[1:]) == {"page"}


def test_printed_module_is_a_handout_whatever_the_browser_stored(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    page.goto(site_url + MODULE)
    item = page.locator("#q-mkt-funnel-order")
    item.locator("input").first.check()
    item.get_by_role("button", name="Check answer").click()
    item.locator(".cq-verdict, [role='status']").first.wait_for(state="attached")
    page.reload()
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")  # as Material does before printing
    page.emulate_media(media="print")
    assert page.locator("article details").count() >= 1
    assert not any(page.locator("article details").nth(i).is_visible() for i in range(page.locator("article details").count()))
    assert not page.get_by_text("2.90").first.is_visible()  # the model answer
    for selector in (".cq-verdict", ".cq-option__feedback", ".cq-item__explanation", ".cq-quiz__score"):
        assert all(not page.locator(selector).nth(i).is_visible() for i in range(page.locator(selector).count())), selector
    assert page.evaluate("getComputedStyle(document.querySelector('#q-mkt-funnel-order input')).appearance") == "none"  # no ticked box
    table = page.locator("article .admonition.example table").first
    width = page.evaluate("document.querySelector('article').getBoundingClientRect().right")
    headers = table.locator("th")
    assert headers.count() == 9
    assert all(bounds(headers.nth(i))["x"] + bounds(headers.nth(i))["width"] <= width + 1 for i in range(9))
