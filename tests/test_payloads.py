"""Script and HTML payloads in every text field of a quiz bank, in page front matter and in the
glossary never execute in the browser (and never become markup)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from browser import serve
from conftest import make_course, replace_in, run_course
from playwright.sync_api import Browser, Dialog

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "<svg onload=\"window.__pwned = 'svg'\"></svg>",
    "[click me](javascript:window.__pwned='link')",
    '"><iframe srcdoc="<script>parent.__pwned=\'iframe\'</script>"></iframe>',
]
P = " ".join(PAYLOADS)


def yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    course = make_course(tmp_path_factory.mktemp("payloads") / "course")
    q = yaml_quote(P)
    bank = course / "quizzes/01-alpha.yml"
    text = bank.read_text()
    for old in ("What comes **first** in market selection?", "Which are knock-out rules? Select all that apply."):
        text = text.replace(old, old + " " + P.replace("\n", " ") if "stem: |" in text else old)
    text = text.replace("      - text: Opportunity studies", f"      - text: {q}")
    text = text.replace('feedback: "No: that is action before choice."', f"feedback: {q}")
    text = text.replace("    explanation: Cheap filters first, deep studies last.", f"    explanation: {q}")
    bank.write_text(text)
    page = course / "modules/01-alpha/index.md"
    replace_in(page, "title: Alpha basics", f"title: {yaml_quote('Alpha ' + PAYLOADS[0] + PAYLOADS[1])}")
    replace_in(page, "summary: Choose a market with a simple rule.", f"summary: {q}")
    replace_in(page, "  - How do we pick one market?", f"  - {q}")
    replace_in(page, "    text: Choose one market with a knock-out rule.", f"    text: {yaml_quote('Choose ' + P)}")
    replace_in(page, "  - Knock-out rules come before scoring.", f"  - {q}")
    replace_in(course / "docs/glossary.yml", "definition: A company below set limits of staff and turnover.", f"definition: {q}")
    replace_in(course / "docs/glossary.yml", "  - term: Cluster organisation", f"  - term: {yaml_quote('Cluster ' + PAYLOADS[1])}")
    # The validator refuses a `javascript:` link in quiz text and the glossary (only https:// links
    # are allowed there), so `course build` stops before building ...
    checked = run_course(course, "validate")
    assert checked.returncode == 1 and "the link 'javascript:window.__pwned=" in checked.stdout, checked.stdout
    # ... and the renderer must still be safe on its own: build with MkDocs directly, past the validator.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(course / "site")],
        cwd=course,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(course / "site") as url:
        yield url


def test_payloads_never_run_and_never_become_markup(browser: Browser, poisoned: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(d: Dialog) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    for path in ("/", "/modules/01-alpha/", "/modules/01-alpha/scoring/", "/glossary/", "/progress/"):
        page.goto(poisoned + path)
        page.wait_for_load_state("networkidle")
        for item in page.locator(".cq-item").all():
            for box in item.locator("input").all():
                box.check()
            item.get_by_role("button", name="Check answer").click()
        for link in page.locator("article a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith("javascript:"), href
        assert page.evaluate("typeof window.__pwned") == "undefined", (path, page.evaluate("window.__pwned"))
        assert page.locator("article script:not([type])").count() == 0 or path.endswith("scoring/")
        assert page.locator("article iframe, article svg[onload], article img[onerror]").count() == 0
        assert "window.__pwned" in page.locator("body").inner_text() or path in ("/modules/01-alpha/scoring/", "/progress/")
    context.close()
    assert dialogs == []
