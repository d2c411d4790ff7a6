"""A worksheet in two open tabs, and stored values that fail a check, in a real browser (issue 20,
items 2 and 3): a tab follows the worksheet saved in another tab; a save never replaces a newer
saved version the tab has not seen; when both tabs changed it, the newer is kept, the page says so
in a live region and the other version can be brought back; and the progress export keeps every
stored entry, setting apart (not dropping) the ones that fail their check, and says which."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import console_errors, serve, watch_errors
from browser import ready as browser_ready
from browser import storage_key as key
from conftest import ROOT, make_course, run_course
from playwright.sync_api import Browser, BrowserContext, FilePayload, Locator, Page, expect
from test_accessibility import axe

pytestmark = pytest.mark.browser

PAGE = "/modules/01-alpha/scan/"
NAME = "export-readiness"
SHEET = f"worksheet.{NAME}"
NOTE = ".cq-ws__tabs [role='status']"
BRING_BACK = "Bring back the other version"

# A stale tab: one that misses the other tabs' `storage` events (as a tab the browser froze in the
# background does).
STALE = "window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true)"
# A tab whose saves fail while window.__full is set (its storage is full).
FULL = """(() => { const set = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (window.__full) throw new DOMException('full', 'QuotaExceededError');
    return set.call(this, k, v); }; })()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture course with the real export-readiness scorecard on a page of module 01."""
    course = make_course(tmp_path_factory.mktemp("tabs") / "course")
    module = course / "modules" / "01-alpha"
    shutil.copy(ROOT / "modules" / "02-diagnostics" / "data" / f"{NAME}.yml", module / "data" / f"{NAME}.yml")
    (module / "worksheets.yml").write_text(
        f"{NAME}:\n  title: 'Worksheet: export-readiness scan'\n  definition: data/{NAME}.yml\n", encoding="utf-8"
    )
    (module / "scan.md").write_text(f"# Scan\n\n/// worksheet | {NAME}\n///\n", encoding="utf-8")
    result = run_course(course, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(course / "site") as url:
        yield url


def tab(context: BrowserContext, site: str, *scripts: str) -> Page:
    page = watch_errors(context.new_page())
    for script in scripts:
        page.add_init_script(script)
    page.goto(site + PAGE)
    browser_ready(page)
    page.locator("[data-cq-worksheet]").scroll_into_view_if_needed()
    page.wait_for_selector(".cq-sc input[type=radio]")
    return page


def answers(page: Page) -> dict[str, str]:
    """The answers saved in this browser: {item: points}."""
    raw = page.evaluate("k => localStorage.getItem(k)", key(page, SHEET))
    return {} if raw is None else {r["item"]: r["answer"] for r in json.loads(raw)["rows"] if r["answer"] != ""}


def radio(page: Page, item: str, points: int) -> Locator:
    return page.locator(f"input[name='cq-sc-{NAME}-{item}'][value='{points}']")


def wait_saved(page: Page, expected: dict[str, str]) -> None:
    page.wait_for_function(
        """([k, want]) => { const v = JSON.parse(localStorage.getItem(k) || '{"rows": []}');
           const got = Object.fromEntries(v.rows.filter((r) => r.answer !== '').map((r) => [r.item, r.answer]));
           return JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(want).sort()); }""",
        arg=[key(page, SHEET), expected],
    )


def test_a_tab_follows_the_worksheet_saved_in_another_tab(context: BrowserContext, site: str) -> None:
    a, b = tab(context, site), tab(context, site)
    radio(a, "goal", 2).check()
    wait_saved(a, {"goal": "2"})
    expect(radio(b, "goal", 2)).to_be_checked()  # the other tab follows, without a reload
    expect(b.locator(NOTE)).to_have_text("Updated with the changes saved in another tab.")
    radio(b, "person", 1).check()  # and it goes on from there: nothing of tab A's is lost
    wait_saved(b, {"goal": "2", "person": "1"})
    expect(radio(a, "person", 1)).to_be_checked()
    expect(radio(a, "goal", 2)).to_be_checked()
    a.once("dialog", lambda d: d.accept())
    a.get_by_role("button", name="Clear my answers").click()  # the learner's own choice, confirmed
    expect(radio(b, "goal", 2)).not_to_be_checked()
    expect(b.locator(NOTE)).to_have_text("This worksheet was started again in another tab.")
    assert console_errors(a) == console_errors(b) == []


def test_a_stale_tab_never_silently_replaces_a_newer_worksheet(context: BrowserContext, site: str) -> None:
    a = tab(context, site)
    stale = tab(context, site, STALE)
    radio(a, "goal", 2).check()
    wait_saved(a, {"goal": "2"})
    radio(stale, "person", 1).check()  # the stale tab never saw tab A's save
    wait_saved(stale, {"person": "1"})  # both changed: the newer (the stale tab's, just now) is kept
    note = stale.locator(NOTE)
    expect(note).to_contain_text("also changed in another tab")
    # Tab A's version is not lost: kept aside in this browser (and in the progress export) ...
    kept = stale.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.includes('.__sic.aside.worksheet.')).map((k) => JSON.parse(localStorage.getItem(k)))"
    )
    assert [json.loads(k["raw"])["rows"] for k in kept] == [[{"item": "goal", "answer": "2", "note": ""}]]
    assert axe(stale, "default") == []  # the note and its button pass WCAG 2.1 AA
    expect(radio(a, "person", 1)).to_be_checked()  # tab A follows the kept version
    expect(radio(a, "goal", 2)).not_to_be_checked()
    # ... and one button brings it back.
    stale.get_by_role("button", name=BRING_BACK).click()
    wait_saved(stale, {"goal": "2"})
    expect(radio(stale, "goal", 2)).to_be_checked()
    expect(radio(stale, "person", 1)).not_to_be_checked()
    expect(note).to_contain_text("The other version is back")
    expect(radio(a, "goal", 2)).to_be_checked()
    assert console_errors(a) == console_errors(stale) == []


def test_unsaved_changes_are_not_thrown_away_when_another_tab_saves(context: BrowserContext, site: str) -> None:
    a = tab(context, site)
    b = tab(context, site, FULL)
    b.evaluate("() => { window.__full = true; }")
    radio(b, "person", 1).check()  # not saved: this tab's storage is full
    expect(b.locator(".cq-ws__unsaved")).to_contain_text("Not saved")
    radio(a, "goal", 2).check()  # later, the other tab saves
    wait_saved(a, {"goal": "2"})
    # Both changed; the other tab's is newer, so it is shown, and the page says so ...
    expect(radio(b, "goal", 2)).to_be_checked()
    expect(radio(b, "person", 1)).not_to_be_checked()
    expect(b.locator(NOTE)).to_contain_text("also changed in another tab")
    # ... with the changes made here one button away (once there is room to save them).
    b.evaluate("() => { window.__full = false; }")
    b.get_by_role("button", name=BRING_BACK).click()
    wait_saved(b, {"person": "1"})
    expect(radio(b, "person", 1)).to_be_checked()
    expect(radio(a, "person", 1)).to_be_checked()
    assert console_errors(a) == []


def test_a_saved_worksheet_that_fails_its_check_is_kept_aside_and_reported(context: BrowserContext, site: str) -> None:
    page = tab(context, site)
    bad = '{"v": 2, "rows": "from an older version"}'
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(page, SHEET), bad])
    page = tab(context, site)
    expect(page.locator(NOTE)).to_contain_text("could not be read")
    assert page.evaluate("k => localStorage.getItem(k)", key(page, SHEET)) == bad  # opening the page removes nothing
    radio(page, "goal", 1).check()
    wait_saved(page, {"goal": "1"})
    kept = page.evaluate("() => Object.keys(localStorage).map((k) => localStorage.getItem(k))")
    assert any(json.loads(v).get("raw") == bad for v in kept if v.startswith("{")), kept  # the old value, kept aside


def test_the_export_keeps_entries_that_fail_their_check_apart_and_names_them(context: BrowserContext, site: str) -> None:
    page = watch_errors(context.new_page())
    page.goto(site + "/progress/")
    browser_ready(page)
    big = {"v": 1, "saved": "2026-01-01T00:00:00.000Z", "settings": {}, "rows": [{"item": "x"}] * 2001, "summary": []}
    odd = {
        "quiz.legacy-item": "{not json",  # corrupted
        "work.alpha.exercise-pick-one-market": json.dumps({"text": ["not", "a", "string"], "at": 1}),  # wrong shape
        "worksheet.big-sheet": json.dumps(big),  # more rows than the export's check allows
        "settings.from-an-older-version": json.dumps({"theme": 1}),  # a kind this version does not know
    }
    good = {"read.alpha": "true", "view": "learner"}  # (the view is a display setting, not progress: not exported)
    for name, raw in {**odd, **good}.items():
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(page, name), raw])
    page.reload()
    browser_ready(page)
    with page.expect_download() as exported:
        page.get_by_role("button", name="Export my progress and workbook").click()
    data = json.loads(Path(exported.value.path()).read_text(encoding="utf-8"))
    assert data["entries"]["read.alpha"] is True and "view" not in data["entries"]
    assert data["setAside"] == odd  # each as it was stored, under its name
    assert not set(odd) & set(data["entries"])
    status = page.locator(".cq-transfer__export-status")
    expect(status).to_contain_text("4 stored entries did not pass their check")
    for name in odd:
        expect(status).to_contain_text(name)
    for name, raw in odd.items():  # nothing removed
        assert page.evaluate("k => localStorage.getItem(k)", key(page, name)) == raw
    assert console_errors(page) == []


def test_entries_a_progress_file_sets_apart_are_kept_aside_on_import(browser: Browser, site: str) -> None:
    """On another device the entries a file sets apart are never read as progress, and never lost."""
    context = browser.new_context()
    page = watch_errors(context.new_page())
    page.goto(site + "/progress/")
    browser_ready(page)
    apart = {"quiz.legacy-item": "{not json", "aside.Old-Name": '{"raw": 1}'}
    data = {"format": "sic-learner-data", "version": 1, "entries": {"read.alpha": True}, "setAside": apart}
    picker = page.get_by_label("Import progress from a file (exported on another device):")
    files = [FilePayload(name="p.json", mimeType="application/json", buffer=json.dumps(data).encode())]
    picker.set_input_files(files=files)
    status = page.locator(".cq-transfer__status")
    expect(status).to_contain_text("Imported 1 entry; kept aside 2 entries that the file sets apart")
    kept = page.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.includes('.__sic.aside.')).map((k) => JSON.parse(localStorage.getItem(k)))"
    )
    assert sorted(k["raw"] for k in kept) == sorted(apart.values())
    assert page.evaluate("k => localStorage.getItem(k)", key(page, "quiz.legacy-item")) is None  # not read as progress
    picker.set_input_files(files=files)  # the same file again keeps no second copy
    expect(status).not_to_contain_text("kept aside")
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.includes('.__sic.aside.')).length") == 2
    assert console_errors(page) == []
    context.close()
