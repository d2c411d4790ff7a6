"""The quiz and progress page in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from playwright.sync_api import expect

from browser import serve
from conftest import make_course, replace_in, run_course

pytestmark = pytest.mark.browser

MODULE = "/modules/01-alpha/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    course = make_course(tmp_path_factory.mktemp("browser") / "course")
    result = run_course(course, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(course / "site") as url:
        yield course, url



@pytest.fixture
def page(browser, built):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    tab = context.new_page()
    tab.console_errors = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    yield tab
    context.close()


def ready(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the quiz module has enhanced every quiz (the modules load asynchronously)."""
    page.wait_for_selector("html[data-cq-ready]", state="attached")


def item(page, item_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-cq-item="{item_id}"]')


def test_answer_with_the_keyboard_only_and_hear_the_feedback(page, built) -> None:  # type: ignore[no-untyped-def]
    page.goto(built[1] + MODULE)
    ready(page)
    first = item(page, "alp-first")
    first.locator("input").first.focus()
    page.keyboard.press("Space")  # select the focused option
    page.keyboard.press("Tab")  # to "Check answer"
    assert page.evaluate("document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")
    status = first.locator('[role="status"][aria-live="polite"]')
    assert status.text_content() == "Correct. Yes: they are cheap and remove impossible markets."
    assert page.evaluate("document.activeElement.classList.contains('cq-check')")  # focus did not move
    assert first.locator(".cq-option--right").count() == 1
    assert "Cheap filters first" in first.locator(".cq-item__explanation").text_content()
    assert page.console_errors == []


def test_wrong_answer_shows_why_and_retry_clears(page, built) -> None:  # type: ignore[no-untyped-def]
    page.goto(built[1] + MODULE)
    ready(page)
    first = item(page, "alp-first")
    first.get_by_label("Trade fairs").check()
    first.get_by_role("button", name="Check answer").click()
    assert first.locator(".cq-option--wrong .cq-option__feedback").text_content() == "Wrong choice. No: that is action before choice."
    assert first.locator(".cq-status").text_content().startswith("Not correct")
    first.get_by_role("button", name="Try again").click()
    assert first.locator("input:checked").count() == 0
    assert first.locator(".cq-option__feedback").count() == 0
    assert page.evaluate("document.activeElement.name") == "q-alp-first"  # back on the first option


def test_multiple_choice_marks_missed_options(page, built) -> None:  # type: ignore[no-untyped-def]
    page.goto(built[1] + MODULE)
    ready(page)
    many = item(page, "alp-many")
    many.get_by_label("The market is under sanctions.").check()
    many.get_by_role("button", name="Check answer").click()
    assert many.locator(".cq-option--right").count() == 1
    assert many.locator(".cq-option--missed").count() == 1
    assert many.locator(".cq-verdict").text_content().startswith("Not quite")


def test_reload_keeps_answers_and_score(page, built) -> None:  # type: ignore[no-untyped-def]
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
    assert item(page, "alp-tf").locator(".cq-verdict").text_content().startswith("Not correct")
    assert page.locator("[data-cq-score]").text_content() == "Score: 1 of 3 correct (2 answered)."
    assert item(page, "alp-first").locator(".cq-status").text_content() == ""  # nothing announced on load
    keys = page.evaluate("Object.keys(localStorage)")
    assert sorted(keys) == ["/.__palette", "/.__sic.quiz.alp-first", "/.__sic.quiz.alp-tf"]  # one documented prefix


def test_progress_page_shows_score_and_done(page, built) -> None:  # type: ignore[no-untyped-def]
    page.goto(built[1] + MODULE)
    ready(page)
    for item_id, label in (("alp-first", "Knock-out rules"), ("alp-many", "The market is under sanctions."), ("alp-tf", "False")):
        item(page, item_id).get_by_label(label).check()
        item(page, item_id).get_by_role("button", name="Check answer").click()
    page.goto(built[1] + "/progress/")
    row = page.locator('tr[data-cq-module="01-alpha"]')
    expect(row.locator("[data-cq-score]")).to_have_text("2 of 3 correct")  # filled in once progress.js loads
    expect(row.locator("[data-cq-status]")).to_have_text("Done")
    assert "Modules done: 1 of 1" in page.locator("[data-cq-progress-note]").text_content()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Clear all my answers").click()
    expect(row.locator("[data-cq-status]")).to_have_text("Not started")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('.__sic.quiz.'))") == []


def test_corrupted_storage_is_ignored(page, built) -> None:  # type: ignore[no-untyped-def]
    page.goto(built[1] + MODULE)
    ready(page)
    page.evaluate("""() => {
        localStorage.setItem('/.__sic.quiz.alp-first', '{not json');
        localStorage.setItem('/.__sic.quiz.alp-many', JSON.stringify({chosen: 'x', correct: 'yes'}));
        localStorage.setItem('/.__sic.quiz.alp-tf', JSON.stringify({v: 1, chosen: ['00000000'], correct: true}));
    }""")
    page.reload()
    ready(page)
    assert page.console_errors == []
    assert page.locator(".cq-quiz input:checked").count() == 0
    assert page.locator("[data-cq-score]").text_content() == "Score: no answers yet."
    item(page, "alp-first").get_by_label("Knock-out rules").check()
    item(page, "alp-first").get_by_role("button", name="Check answer").click()
    assert item(page, "alp-first").locator(".cq-verdict").text_content() == "Correct."


def test_without_javascript_answers_are_in_closed_details(browser, built) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(built[1] + MODULE)
    details = item(page, "alp-first").locator("details.cq-answer")
    assert details.is_visible() and details.get_attribute("open") is None
    assert item(page, "alp-first").get_by_role("button").count() == 0
    details.locator("summary").click()
    assert "Correct answer:" in details.text_content() and "they are cheap" in details.text_content()
    context.close()


def test_pages_make_no_third_party_requests_and_set_no_cookies(page, built) -> None:  # type: ignore[no-untyped-def]
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    for path in ("/", MODULE, MODULE + "scoring/", "/progress/", "/glossary/"):
        page.goto(built[1] + path)
        page.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}
    assert page.context.cookies() == []


def test_progress_survives_a_rebuild_that_reorders_adds_and_removes_items(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
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
        page.reload()
        ready(page)
        order = page.locator(".cq-item").evaluate_all("els => els.map(e => e.dataset.cqItem)")
        assert order == ["alp-tf", "alp-new"]
        assert item(page, "alp-tf").get_by_label("False").is_checked()
        assert item(page, "alp-tf").locator(".cq-verdict").text_content() == "Correct."
        assert page.locator("[data-cq-score]").text_content() == "Score: 1 of 2 correct (1 answered)."
        context.close()


def test_quizzes_work_after_instant_navigation(page, built) -> None:  # type: ignore[no-untyped-def]
    page.goto(built[1] + "/")
    page.locator("article").get_by_role("link", name="alpha", exact=True).click()  # Material's instant navigation
    page.wait_for_url("**/modules/01-alpha/")
    check = item(page, "alp-first").get_by_role("button", name="Check answer")
    check.wait_for()
    item(page, "alp-first").get_by_label("Knock-out rules").check()
    check.click()
    assert item(page, "alp-first").locator(".cq-verdict").text_content() == "Correct."
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no full page load
    assert page.console_errors == []
