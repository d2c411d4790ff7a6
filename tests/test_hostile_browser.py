"""The learner's promise under hostile input, in a real browser: no text a learner typed is ever
lost (long answers, values that fail a check, two open tabs, full storage, older imports), and no
link from storage or an import leads off the course's own site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import serve, watch_errors
from conftest import make_course, run_course
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MODULE = "/modules/01-alpha/"
BOX = "Your answer to “Pick one market” (saved in this browser as you type)"
WORK = "work.01-alpha.exercise-pick-one-market"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    course = make_course(tmp_path_factory.mktemp("hostile") / "course")
    result = run_course(course, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(course / "site") as url:
        yield url


@pytest.fixture
def context(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    return watch_errors(context.new_page())


def go(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_selector("html[data-cq-ready]", state="attached")


def key(page, name: str) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("() => (window.__md_scope ? window.__md_scope.pathname : '/')") + ".__sic." + name


def stored(page, name: str):  # type: ignore[no-untyped-def]
    raw = page.evaluate("k => localStorage.getItem(k)", key(page, name))
    return None if raw is None else json.loads(raw)


HOSTILE_TEXTS = {
    "long": "Long answer. " * 12_000,  # 156,000 characters, over the old 100,000 limit
    "binary": "".join(chr(c) for c in range(1, 32)) + "\ufffe\U0001f600 end",
    "script": '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> end',
    "bidi": "abc \u202edcba\u202c \u200d\u200b\u2066x\u2069 end",
    "formula": '=HYPERLINK("https://evil.example","x") +cmd|calc @SUM(1) -1 end',
}


@pytest.mark.parametrize("kind", list(HOSTILE_TEXTS))
def test_every_hostile_answer_is_kept_and_nothing_runs(page, site, kind: str) -> None:  # type: ignore[no-untyped-def]
    text = HOSTILE_TEXTS[kind]
    go(page, site + MODULE)
    box = page.get_by_label(BOX)
    box.fill(text)
    expect(page.locator(".cq-work__status")).to_have_text("Saved in this browser.")
    go(page, site + MODULE)
    assert box.input_value() == text.replace("\r", "\n")
    go(page, site + "/workbook/")
    assert page.locator(".cq-workbook__answer").text_content() == text.replace("\r", "\n")
    assert page.evaluate("() => window.__pwned") is None
    assert page.console_errors == []


def test_a_value_failing_a_check_is_kept_aside_and_reported(page, site) -> None:  # type: ignore[no-untyped-def]
    go(page, site + MODULE)
    bad = '{"text": ["not", "a", "string"], "at": 1}'
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(page, WORK), bad])
    go(page, site + MODULE)
    status = page.locator(".cq-work__status")
    expect(status).to_contain_text("could not be read")
    kept = page.evaluate("() => Object.keys(localStorage).map(k => localStorage.getItem(k))")
    assert bad in kept  # not removed
    go(page, site + "/progress/")
    with page.expect_download() as exported:
        page.get_by_role("button", name="Export my progress and workbook").click()
    data = json.loads(Path(exported.value.path()).read_text(encoding="utf-8"))
    assert [v["raw"] for k, v in data["entries"].items() if k.startswith("aside.")] == [bad]
