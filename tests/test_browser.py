"""The quiz and progress page in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import attribute, console_errors, serve, text_in, watch_errors
from browser import ready as browser_ready
from conftest import make_course, replace_in, run_course
from playwright.sync_api import Browser, Locator, Page, Route, expect

pytestmark = pytest.mark.browser

MODULE = "/modules/01-alpha/"


@pytest.fixture(scope="module")
def built(fixture_build: Path) -> Iterator[tuple[Path, str]]:
    with serve(fixture_build / "site") as url:
        yield fixture_build, url


@pytest.fixture
def page(browser: Browser, built: tuple[Path, str]) -> Iterator[Page]:
    context = browser.new_context()
    tab = watch_errors(context.new_page())
    yield tab
    context.close()


def ready(page: Page) -> None:
    """Wait until the quiz module has enhanced every quiz (the modules load asynchronously)."""
    browser_ready(page)


def item(page: Page, item_id: str) -> Locator:
    return page.locator(f'[data-cq-item="{item_id}"]')


def test_answer_with_the_keyboard_only_and_hear_the_feedback(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    first = item(page, "alp-first")
    first.get_by_label("Knock-out rules").focus()
    page.keyboard.press("Space")  # select the focused option
    page.keyboard.press("Tab")  # to "Check answer"
    assert page.evaluate("document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")
    status = first.locator('[role="status"][aria-live="polite"]')
    assert status.text_content() == "Correct. Yes: they are cheap and remove impossible markets."
    assert page.evaluate("document.activeElement.classList.contains('cq-check')")  # focus did not move
    assert first.locator(".cq-option--right").count() == 1
    assert "Cheap filters first" in text_in(first.locator(".cq-item__explanation"))
    assert console_errors(page) == []


def test_wrong_answer_shows_why_and_retry_clears(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    first = item(page, "alp-first")
    first.get_by_label("Trade fairs").check()
    first.get_by_role("button", name="Check answer").click()
    assert first.locator(".cq-option--wrong .cq-option__feedback").text_content() == "Wrong choice. No: that is action before choice."
    assert text_in(first.locator(".cq-status")).startswith("Not correct")
    first.get_by_role("button", name="Try again").click()
    assert first.locator("input:checked").count() == 0
    assert first.locator(".cq-option__feedback").count() == 0
    assert page.evaluate("document.activeElement.name") == "q-alp-first"  # back on the first option


def test_multiple_choice_marks_missed_options(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    many = item(page, "alp-many")
    many.get_by_label("The market is under sanctions.").check()
    many.get_by_role("button", name="Check answer").click()
    # a first wrong attempt says how many are right or wrong, not which
    assert text_in(many.locator(".cq-verdict")).startswith(
        "Not quite: of your choices, 1 is right and 0 are wrong; 2 options are right in all."
    )
    assert many.locator(".cq-option--right, .cq-option--missed, .cq-option__feedback").count() == 0
    many.get_by_label("The market is slightly smaller.").check()
    many.get_by_role("button", name="Check answer").click()  # a second wrong attempt shows which
    assert many.locator(".cq-option--right").count() == 1
    assert many.locator(".cq-option--wrong").count() == 1
    assert many.locator(".cq-option--missed").count() == 1
    assert text_in(many.locator(".cq-verdict")).startswith("Not quite")
    page.reload()
    ready(page)
    assert item(page, "alp-many").locator(".cq-option--missed").count() == 1


def test_reload_keeps_answers_and_score(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    item(page, "alp-first").get_by_label("Knock-out rules").check()
    item(page, "alp-first").get_by_role("button", name="Check answer").click()
    item(page, "alp-tf").get_by_label("True").check()
    item(page, "alp-tf").get_by_role("button", name="Check answer").click()
    page.reload()
    ready(page)
    assert item(page, "alp-first").get_by_label("Knock-out rules").is_checked()
    assert item(page, "alp-first").locator(".cq-verdict").text_content() == "Correct."
    assert text_in(item(page, "alp-tf").locator(".cq-verdict")).startswith("Not correct")
    assert text_in(page.locator("[data-cq-score]")).startswith("Score: 1 of 3 correct on the first attempt (2 answered).")
    assert item(page, "alp-first").locator(".cq-status").text_content() == ""  # nothing announced on load
    keys = page.evaluate("Object.keys(localStorage)")
    assert sorted(k for k in keys if ".__sic.quiz." in k) == ["/.__sic.quiz.alp-first", "/.__sic.quiz.alp-tf"]
    assert all(k == "/.__palette" or k.startswith("/.__sic.") for k in keys)  # one documented prefix


def test_progress_page_shows_score_and_done(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    for item_id, label in (("alp-first", "Knock-out rules"), ("alp-many", "The market is under sanctions."), ("alp-tf", "False")):
        item(page, item_id).get_by_label(label).check()
        item(page, item_id).get_by_role("button", name="Check answer").click()
    page.goto(built[1] + "/progress/")
    row = page.locator('tr[data-cq-module="01-alpha"]')
    expect(row.locator("[data-cq-score]")).to_have_text(
        "2 of 3 (66%)"
    )  # filled in once progress.js loads; rounded down (docs/assets/grading.js)
    expect(row.locator("[data-cq-mastered]")).to_have_text("Not yet")  # below the 80% mastery level
    expect(row.locator("[data-cq-status]")).to_have_text("In progress")
    assert "Modules mastered: 0 of 1" in text_in(page.locator("[data-cq-progress-note]"))
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Clear all my progress").click()
    expect(row.locator("[data-cq-status]")).to_have_text("Not started")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('.__sic.quiz.'))") == []


def test_corrupted_storage_is_ignored(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    page.evaluate("""() => {
        localStorage.setItem('/.__sic.quiz.alp-first', '{not json');
        localStorage.setItem('/.__sic.quiz.alp-many', JSON.stringify({chosen: 'x', correct: 'yes'}));
        localStorage.setItem('/.__sic.quiz.alp-tf', JSON.stringify({v: 1, chosen: ['00000000'], correct: true}));
    }""")
    page.reload()
    ready(page)
    assert console_errors(page) == []
    assert page.locator(".cq-quiz input:checked").count() == 0
    assert text_in(page.locator("[data-cq-score]")).startswith("Score: no answers yet.")
    item(page, "alp-first").get_by_label("Knock-out rules").check()
    item(page, "alp-first").get_by_role("button", name="Check answer").click()
    assert item(page, "alp-first").locator(".cq-verdict").text_content() == "Correct."


def test_without_javascript_answers_are_in_closed_details(browser: Browser, built: tuple[Path, str]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(built[1] + MODULE)
    details = item(page, "alp-first").locator("details.cq-answer")
    assert details.is_visible() and details.get_attribute("open") is None
    assert item(page, "alp-first").get_by_role("button").count() == 0
    details.locator("summary").click()
    assert "Correct answer:" in text_in(details) and "they are cheap" in text_in(details)
    context.close()


def test_pages_make_no_third_party_requests_and_set_no_cookies(page: Page, built: tuple[Path, str]) -> None:
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    for path in ("/", MODULE, MODULE + "scoring/", "/progress/", "/glossary/"):
        page.goto(built[1] + path)
        page.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}
    assert page.context.cookies() == []


def test_progress_survives_a_rebuild_that_reorders_adds_and_removes_items(browser: Browser, tmp_path: Path) -> None:
    course = make_course(tmp_path / "course")
    assert run_course(course, "build").returncode == 0
    with serve(course / "site") as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + MODULE)
        ready(page)
        item(page, "alp-tf").get_by_label("False").check()
        item(page, "alp-tf").get_by_role("button", name="Check answer").click()
        bank = course / "quizzes/01-alpha.yml"
        text = bank.read_text()
        first, tf = text.index("  - id: alp-first"), text.index("  - id: alp-tf")
        many = text.index("  - id: alp-many")
        new_item = text[first:many].replace("alp-first", "alp-new")
        bank.write_text(text[:first] + text[tf:] + new_item)  # alp-tf first, alp-many removed, alp-new added
        replace_in(course / "modules/01-alpha/session.yml", "quiz:alp-first", "quiz:alp-new")
        shutil.rmtree(course / "site")
        assert run_course(course, "build").returncode == 0
        shown = option_order(page, "alp-tf")
        page.reload()
        ready(page)
        assert option_order(page, "alp-tf") == shown
        order = page.locator(".cq-item").evaluate_all("els => els.map(e => e.dataset.cqItem)")
        assert order == ["alp-tf", "alp-new"]
        assert item(page, "alp-tf").get_by_label("False").is_checked()
        assert item(page, "alp-tf").locator(".cq-verdict").text_content() == "Correct."
        assert text_in(page.locator("[data-cq-score]")).startswith("Score: 1 of 2 correct on the first attempt (1 answered).")
        context.close()


def test_quizzes_work_after_instant_navigation(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + "/")
    page.locator("article").get_by_role("link", name="alpha", exact=True).click()  # Material's instant navigation
    page.wait_for_url("**/modules/01-alpha/")
    browser_ready(page)  # the quiz starts as the learner comes near it, on a page reached by instant navigation too
    check = item(page, "alp-first").get_by_role("button", name="Check answer")
    check.wait_for()
    item(page, "alp-first").get_by_label("Knock-out rules").check()
    check.click()
    assert item(page, "alp-first").locator(".cq-verdict").text_content() == "Correct."
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no full page load
    assert console_errors(page) == []


def option_order(page: Page, item_id: str) -> list[str]:
    values: list[str] = item(page, item_id).locator(".cq-options input").evaluate_all("els => els.map(e => e.value)")
    return values


def test_each_learner_keeps_a_shuffled_order_of_their_own(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    published = attribute(item(page, "alp-first"), "data-cq-order").split()
    shown = option_order(page, "alp-first")
    assert sorted(shown) == sorted(published)
    assert page.evaluate("JSON.parse(localStorage.getItem('/.__sic.order.alp-first'))") == shown
    # feedback entries follow the options, so the right feedback shows for the right option
    item(page, "alp-first").get_by_label("Trade fairs").check()
    item(page, "alp-first").get_by_role("button", name="Check answer").click()
    assert "action before choice" in text_in(item(page, "alp-first").locator(".cq-option--wrong"))
    page.reload()
    ready(page)
    assert option_order(page, "alp-first") == shown
    # a stored order is followed; an option that no longer exists is dropped, a new one added
    wanted = list(reversed(published))
    page.evaluate("o => localStorage.setItem('/.__sic.order.alp-first', JSON.stringify(o))", ["deadbeef", *wanted])
    page.reload()
    ready(page)
    assert option_order(page, "alp-first") == wanted
    # true-false items keep True, False
    page.evaluate("localStorage.setItem('/.__sic.order.alp-tf', JSON.stringify(['00000000']))")
    page.reload()
    ready(page)
    assert item(page, "alp-tf").locator(".cq-option__text").all_text_contents() == ["True", "False"]
    assert console_errors(page) == []


def test_without_javascript_the_published_order_is_shown(browser: Browser, built: tuple[Path, str]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(built[1] + MODULE)
    for item_id in ("alp-first", "alp-many", "alp-tf"):
        assert option_order(page, item_id) == attribute(item(page, item_id), "data-cq-order").split()
    context.close()


def answer(page: Page, item_id: str, label: str) -> None:
    item(page, item_id).get_by_label(label).check()
    item(page, item_id).get_by_role("button", name="Check answer").click()


def test_the_score_is_the_first_attempt_and_a_retry_is_for_learning(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    first = item(page, "alp-first")
    first.get_by_role("button", name="Check answer").click()  # nothing chosen
    prompt = first.locator(".cq-verdict--prompt")
    assert prompt.is_visible() and prompt.text_content() == "Choose an answer first, then select Check answer."
    answer(page, "alp-first", "Trade fairs")
    assert "a retry is for learning" in text_in(first.locator(".cq-status"))
    first.get_by_role("button", name="Try again").click()
    answer(page, "alp-first", "Knock-out rules")
    assert text_in(first.locator(".cq-verdict")).startswith("Correct this time.")
    score = page.locator("[data-cq-score]")
    assert text_in(score).startswith("Score: 0 of 3 correct on the first attempt (1 answered).")
    page.reload()
    ready(page)
    assert text_in(score).startswith("Score: 0 of 3 correct on the first attempt")
    assert item(page, "alp-first").get_by_label("Knock-out rules").is_checked()
    # "Show answer" before answering counts as a wrong first answer and shows the right one
    tf = item(page, "alp-tf")
    tf.get_by_role("button", name="Show answer").click()
    assert text_in(tf.locator(".cq-option--missed")).startswith("False") or "Correct answer" in text_in(tf.locator(".cq-option--missed"))
    assert page.evaluate("document.activeElement.textContent") == "Try again"
    # every question answered: the summary lists the ones to review
    answer(page, "alp-many", "The market is under sanctions.")
    summary = page.get_by_role("region", name="Quiz summary")
    expect(summary).to_contain_text("Your first-attempt score: 0 of 3 (0%).")
    assert summary.get_by_role("link").count() == 3
    summary.get_by_role("link").first.click()
    assert page.url.endswith("#q-alp-first")
    assert console_errors(page) == []


def test_clear_this_quiz_can_be_undone(page: Page, built: tuple[Path, str]) -> None:
    page.goto(built[1] + MODULE)
    ready(page)
    answer(page, "alp-first", "Knock-out rules")
    page.get_by_role("button", name="Clear this quiz").click()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('.__sic.quiz.'))") == []
    assert page.evaluate("document.activeElement.textContent") == "Undo"
    page.get_by_role("button", name="Undo").click()
    assert item(page, "alp-first").locator(".cq-verdict").text_content() == "Correct."
    assert text_in(page.locator("[data-cq-score]")).startswith("Score: 1 of 3 correct on the first attempt")
    page.reload()
    ready(page)
    assert item(page, "alp-first").get_by_label("Knock-out rules").is_checked()


def test_a_choice_made_before_the_quiz_has_started_is_kept(browser: Browser, built: tuple[Path, str]) -> None:
    """The quiz starts when the learner comes near it: an option chosen on the page as it arrived,
    before the quiz's module has loaded, is still chosen once it has, and is the one checked."""
    context = browser.new_context(service_workers="block")  # requests the offline worker would answer are not held
    page = watch_errors(context.new_page())
    held: list[Route] = []
    page.route("**/assets/quiz.js", lambda route: held.append(route))  # the quiz's module waits until the choice is made
    page.goto(built[1] + MODULE)
    browser_ready(page, near=False)
    first = item(page, "alp-first")
    with page.expect_request("**/assets/quiz.js"):
        first.get_by_label("Knock-out rules").check()  # reaching into the quiz asks for its module
    while not held:  # Playwright hands the held request over as it next talks to the browser
        page.evaluate("0")
    assert first.locator(".cq-check").count() == 0  # not started yet
    held[0].continue_()
    check = first.get_by_role("button", name="Check answer")
    check.wait_for()
    assert first.get_by_label("Knock-out rules").is_checked()
    check.click()
    assert first.locator(".cq-verdict").text_content() == "Correct."
    # Again, with that answer saved: another option chosen before the quiz starts wins over it.
    held.clear()
    page.evaluate("window.scrollTo(0, 0)")  # the reload opens at the top, far from the quiz
    page.reload()
    browser_ready(page, near=False)
    other = first.locator(".cq-option input:not(:checked)").first
    other_value = other.get_attribute("value")
    with page.expect_request("**/assets/quiz.js"):
        other.check()
    while not held:
        page.evaluate("0")
    held[0].continue_()
    first.get_by_role("button", name="Check answer").wait_for()
    assert first.locator(".cq-options input:checked").evaluate_all("els => els.map(e => e.value)") == [other_value]
    assert first.locator(".cq-verdict, .cq-option--right").count() == 0  # ready to check the new choice
    assert console_errors(page) == []
    context.close()
