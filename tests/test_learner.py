"""The learner's side in a real browser: spaced review with a faked clock, progress, moving to
another device (export and import), the workbook and the certificate. Each step reloads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import console_errors, serve, text_in, watch_errors
from browser import ready as browser_ready
from playwright.sync_api import Browser, FilePayload, Page, expect

pytestmark = pytest.mark.browser

MODULE = "/modules/01-alpha/"
DAY = 24 * 60 * 60 * 1000
# The page's clock runs `offset` milliseconds ahead (kept in sessionStorage, so a reload keeps it).
CLOCK = """(() => { const real = Date.now.bind(Date);
  Date.now = () => real() + Number(sessionStorage.getItem('test-clock-offset') || 0); })();"""


@pytest.fixture(scope="module")
def site(fixture_build: Path) -> Iterator[str]:
    with serve(fixture_build / "site") as url:
        yield url


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(CLOCK)
    yield watch_errors(context.new_page())
    context.close()


def go(page: Page, url: str) -> None:
    page.goto(url)
    browser_ready(page)


def reload(page: Page) -> None:
    page.reload()
    browser_ready(page)


def advance(page: Page, days: float) -> None:
    page.evaluate(
        "d => sessionStorage.setItem('test-clock-offset', String(Number(sessionStorage.getItem('test-clock-offset') || 0) + d))", days * DAY
    )


def answer(page: Page, item_id: str, label: str) -> None:
    item = page.locator(f'[data-cq-item="{item_id}"]')
    item.get_by_label(label).check()
    item.get_by_role("button", name="Check answer").click()


def answer_all_right(page: Page, site: str) -> None:
    go(page, site + MODULE)
    answer(page, "alp-first", "Knock-out rules")
    many = page.locator('[data-cq-item="alp-many"]')
    many.get_by_label("The product cannot be certified there.").check()
    answer(page, "alp-many", "The market is under sanctions.")
    answer(page, "alp-tf", "False")


def test_review_brings_questions_back_on_the_spacing(page: Page, site: str) -> None:
    go(page, site + MODULE)
    answer(page, "alp-first", "Knock-out rules")  # right: back after 1 day
    answer(page, "alp-tf", "True")  # wrong: back after 1 day
    go(page, site + "/review/")
    count = page.locator("[data-cq-review-count]")
    assert text_in(count).startswith("Nothing is due now.")
    assert page.locator(".cq-badge").count() == 0
    advance(page, 1.1)
    reload(page)
    assert count.text_content() == "2 questions are due for review."
    assert page.locator(".md-nav .cq-badge").first.text_content() == "2 questions due"
    review = page.locator("[data-cq-review-items]")
    assert review.locator(".cq-item").count() == 2 and "From module 1. Alpha basics" in text_in(review)
    answer(page, "alp-first", "Knock-out rules")
    assert review.locator('[data-cq-item="alp-first"] .cq-verdict').text_content() == "Correct. It comes back in 3 days."
    answer(page, "alp-tf", "True")
    assert text_in(review.locator('[data-cq-item="alp-tf"] .cq-verdict')).startswith("Not correct. It comes back tomorrow")
    assert text_in(count).startswith("Nothing is due now.")
    reload(page)
    assert review.locator(".cq-item").count() == 0
    advance(page, 1.1)  # a day later: only the wrong one is due
    reload(page)
    assert count.text_content() == "1 question is due for review."
    assert review.locator(".cq-item").get_attribute("data-cq-item") == "alp-tf"
    go(page, site + "/")
    assert text_in(page.locator("[data-cq-due]")).startswith("1 review question is due")
    advance(page, 3)  # and after the 3-day spacing, the right one comes back too
    go(page, site + "/review/")
    assert count.text_content() == "2 questions are due for review."
    # review answers never change the quiz score
    go(page, site + MODULE)
    assert text_in(page.locator("[data-cq-score]")).startswith("Score: 1 of 3 correct on the first attempt")
    assert console_errors(page) == []


def test_progress_read_mastered_and_continue(page: Page, site: str) -> None:
    go(page, site + MODULE)
    toggle = page.locator(".cq-read__toggle")
    toggle.scroll_into_view_if_needed()  # reaching the end of the page counts as read
    expect(toggle).to_have_text("Mark this module as not read")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.locator(".cq-read__status").text_content() == "Marked as not read."
    reload(page)
    expect(toggle).to_have_text("Mark this module as read")  # the learner's choice stands
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    answer_all_right(page, site)
    go(page, site + "/progress/")
    row = page.locator('tr[data-cq-module="01-alpha"]')
    expect(row.locator("[data-cq-mastered]")).to_have_text("Yes")
    assert [row.locator(f"[data-cq-{c}]").text_content() for c in ("read", "score", "exercises", "status")] == [
        "Yes",
        "3 of 3 (100%)",
        "0 of 1",
        "Mastered",
    ]
    go(page, site + "/")
    assert page.locator("[data-cq-my-study] [data-cq-continue]").text_content() == "Continue where you left off: Alpha basics"
    page.locator("[data-cq-my-study] [data-cq-continue] a").click()
    page.wait_for_url("**" + MODULE)
    go(page, site + "/")
    expect(page.locator('.cq-course-map tr[data-cq-module="01-alpha"] .cq-done')).to_have_text(" ✓ (mastered)")
    assert console_errors(page) == []


def test_workbook_saves_as_you_type_and_downloads(page: Page, site: str, tmp_path: Path) -> None:
    go(page, site + MODULE)
    box = page.get_by_label("Your answer to “Pick one market” (saved in this browser as you type)")
    typed = "Chile: water reuse.\n\nKnock-out: no <b>certification</b> & R&amp;D.\nSecond line."
    box.fill(typed)
    expect(page.locator(".cq-work__status")).to_have_text("Saved in this browser.")
    reload(page)
    assert box.input_value() == typed
    go(page, site + "/workbook/")
    assert "Chile: water reuse." in text_in(page.locator(".cq-workbook__answer"))
    assert text_in(page.locator("[data-cq-workbook-note]")).startswith("1 of 1 exercise answered.")
    with page.expect_download() as md:
        page.get_by_role("button", name="Download as Markdown").click()
    text = Path(md.value.path()).read_text(encoding="utf-8")
    assert "## Module 1: Alpha basics" in text and "### Pick one market" in text and "Knock-out: no " in text
    # The learner's text stays text when the Markdown is rendered: a typed <b> is not bold.
    import markdown

    html = markdown.markdown(text)
    assert "<b>" not in html and "no &lt;b&gt;certification&lt;/b&gt; &amp; R&amp;amp;D." in html
    with page.expect_download() as doc:
        page.get_by_role("button", name="Download for Word").click()
    assert doc.value.suggested_filename == "my-workbook.docx"
    saved = tmp_path / "my-workbook.docx"
    doc.value.save_as(saved)
    assert_workbook_docx(saved, typed)


def assert_workbook_docx(path: Path, typed: str) -> None:
    """The Word download is a real .docx: python-docx opens it, headings are headings, the learner's
    text is there as typed; LibreOffice (when installed) converts it to text with the same words."""
    import shutil
    import subprocess

    import docx

    document = docx.Document(str(path))
    paragraphs = [(p.style.name if p.style else None, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "My workbook: Fixture course")
    assert ("Heading 1", "Module 1: Alpha basics") in paragraphs and ("Heading 2", "Pick one market") in paragraphs
    body = [t for style, t in paragraphs if style == "Normal"]
    assert body[1:3] == typed.split("\n\n")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        out = path.parent / "converted"
        result = subprocess.run(
            [
                office,
                "--headless",
                f"-env:UserInstallation=file://{path.parent}/lo-profile",
                "--convert-to",
                "txt:Text",
                "--outdir",
                str(out),
                str(path),
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=180,
        )
        converted = (out / "my-workbook.txt").read_text(encoding="utf-8-sig")
        assert "Module 1: Alpha basics" in converted and "no <b>certification</b> & R&amp;D." in converted, result.stderr


def test_export_then_import_on_another_device_and_bad_files_are_refused(browser: Browser, page: Page, site: str, tmp_path: Path) -> None:
    answer_all_right(page, site)
    page.get_by_label("Your answer to “Pick one market” (saved in this browser as you type)").fill("My market choice.")
    expect(page.locator(".cq-work__status")).to_have_text("Saved in this browser.")
    go(page, site + "/progress/")
    with page.expect_download() as exported:
        page.get_by_role("button", name="Export my progress and workbook").click()
    data = json.loads(Path(exported.value.path()).read_text(encoding="utf-8"))
    assert (
        data["format"] == "sic-learner-data"
        and "quiz.alp-first" in data["entries"]
        and "work.alpha.exercise-pick-one-market" in data["entries"]
    )
    # another device: a fresh browser context
    other = browser.new_context()
    tab = other.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    go(tab, site + "/progress/")
    picker = tab.get_by_label("Import progress from a file (exported on another device):")
    status = tab.locator(".cq-transfer__status")
    picker.set_input_files(files=[FilePayload(name="bad.json", mimeType="application/json", buffer=b"{not json")])
    expect(status).to_have_text("Import failed: the file is not readable JSON. Nothing was changed.")
    picker.set_input_files(files=[FilePayload(name="other.json", mimeType="application/json", buffer=b'{"format": "something-else"}')])
    expect(status).to_have_text("Import failed: This is not a progress file from this course. Nothing was changed.")
    hostile = dict(
        data, entries={**data["entries"], "last": {"path": "//evil.example/", "title": "x"}, "quiz.alp-zzz": {"chosen": "x"}, "unknown": 1}
    )
    picker.set_input_files(files=[FilePayload(name="p.json", mimeType="application/json", buffer=json.dumps(hostile).encode())])
    expect(status).to_contain_text("skipped 3 that were not valid")
    row = tab.locator('tr[data-cq-module="01-alpha"]')
    expect(row.locator("[data-cq-mastered]")).to_have_text("Yes")
    reload(tab)
    expect(row.locator("[data-cq-exercises]")).to_have_text("1 of 1")
    go(tab, site + MODULE)
    assert tab.get_by_label("Your answer to “Pick one market” (saved in this browser as you type)").input_value() == "My market choice."
    assert tab.locator('[data-cq-item="alp-first"] .cq-verdict').text_content() == "Correct."
    assert errors == [] and console_errors(page) == []
    other.close()


def test_certificate_only_when_every_module_is_mastered(page: Page, site: str) -> None:
    go(page, site + "/certificate/")
    assert text_in(page.locator("[data-cq-certificate-note]")).startswith("Not yet: you have mastered 0 of 1 modules.")
    answer_all_right(page, site)
    go(page, site + "/certificate/")
    page.get_by_label("Your name").fill("Ada Serra")
    page.get_by_role("button", name="Make my certificate").click()
    cert = page.get_by_role("region", name="Certificate of completion")
    expect(cert).to_contain_text("Ada Serra")
    assert "has completed the open course “Fixture course”" in text_in(cert)
    assert "self-issued record" in text_in(cert) and "not an accredited credential" in text_in(cert)
    assert cert.locator("td").first.text_content() == "100%"
    reload(page)
    assert page.get_by_label("Your name").input_value() == "Ada Serra"
    assert console_errors(page) == []


def test_saved_reading_answers_and_continue_survive_a_renumbering(page: Page, site: str) -> None:
    """A learner whose data was saved when this module was number 07 (before modules were split or
    inserted before it) keeps the reading mark and the exercise answer, and "Continue" leads to the
    module's current address."""
    go(page, site + "/")
    page.evaluate(
        """() => {
        localStorage.setItem('/.__sic.read.07-alpha', 'true');
        localStorage.setItem('/.__sic.work.07-alpha.exercise-pick-one-market', JSON.stringify({text: 'Saved before the renumbering.', at: 1}));
        localStorage.setItem('/.__sic.last', JSON.stringify({path: '/modules/07-alpha/', title: 'Alpha basics', at: 1}));
        }"""
    )
    reload(page)
    expect(page.locator("[data-cq-continue] a")).to_have_attribute("href", "/modules/01-alpha/")
    go(page, site + MODULE)
    box = page.get_by_label("Your answer to “Pick one market” (saved in this browser as you type)")
    assert box.input_value() == "Saved before the renumbering."
    expect(page.get_by_role("button", name="Mark this module as not read")).to_be_visible()
    go(page, site + "/progress/")
    expect(page.locator('tr[data-cq-module="01-alpha"] [data-cq-read]')).to_have_text("Yes")
    stored = page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('alpha')).sort()")
    assert stored == ["/.__sic.read.alpha", "/.__sic.work.alpha.exercise-pick-one-market"]  # moved, not copied


def test_clearing_a_quiz_keeps_the_first_attempt(page: Page, site: str) -> None:
    go(page, site + MODULE)
    answer(page, "alp-first", "Trade fairs")  # wrong on the first attempt
    many = page.locator('[data-cq-item="alp-many"]')
    many.get_by_label("The product cannot be certified there.").check()
    answer(page, "alp-many", "The market is under sanctions.")
    answer(page, "alp-tf", "False")
    score = page.locator("[data-cq-score]")
    assert text_in(score).startswith("Score: 2 of 3 correct on the first attempt")
    page.get_by_role("button", name="Clear this quiz").click()
    answer_all_right(page, site)  # practising again, all right this time
    assert text_in(score).startswith("Score: 2 of 3 correct on the first attempt")
    assert "Your first-attempt score: 2 of 3 (66%)" in text_in(page.locator(".cq-summary"))
    go(page, site + "/progress/")
    row = page.locator('tr[data-cq-module="01-alpha"]')
    assert row.locator("[data-cq-score]").text_content() == "2 of 3 (66%)"
    assert row.locator("[data-cq-mastered]").text_content() != "Yes"
    go(page, site + "/certificate/")
    assert text_in(page.locator("[data-cq-certificate-note]")).startswith("Not yet: you have mastered 0 of 1 modules.")
    assert console_errors(page) == []


def test_certificate_gives_the_mastery_date_and_names_imported_scores(browser: Browser, page: Page, site: str, tmp_path: Path) -> None:
    go(page, site + "/")
    advance(page, -40)  # mastered 40 days ago
    answer_all_right(page, site)
    advance(page, 40)
    go(page, site + "/certificate/")
    page.get_by_label("Your name").fill("Ada Serra")
    page.get_by_role("button", name="Make my certificate").click()
    cert = page.get_by_role("region", name="Certificate of completion")
    # Dates in the page's language (i18n.js formatDate): an English page writes them as the EU does (en-GB).
    then = page.evaluate(
        "new Date(Date.now() - 40 * 864e5).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })"
    )
    today = page.evaluate("new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })")
    assert [c.text_content() for c in cert.locator("tbody td").all()] == ["100%", then]
    assert today not in text_in(cert) and "imported" not in text_in(cert)
    # Moved to another browser with a progress file: the scores are back, and say where they came from.
    go(page, site + "/progress/")
    with page.expect_download() as exported:
        page.get_by_role("button", name="Export my progress and workbook").click()
    saved = tmp_path / "progress.json"
    exported.value.save_as(saved)
    other = browser.new_context()
    tab = watch_errors(other.new_page())
    go(tab, site + "/progress/")
    tab.locator("#cq-import-file").set_input_files(str(saved))
    expect(tab.locator(".cq-transfer__status")).to_contain_text("Imported")
    go(tab, site + "/certificate/")
    tab.get_by_label("Your name").fill("Ada Serra")
    tab.get_by_role("button", name="Make my certificate").click()
    moved = tab.get_by_role("region", name="Certificate of completion")
    assert [c.text_content() for c in moved.locator("tbody td").all()] == ["100% (imported)", then]
    assert "came from a progress file imported into this browser" in text_in(moved)
    assert console_errors(tab) == [] and console_errors(page) == []
    other.close()
