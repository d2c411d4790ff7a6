"""The learner's promise under hostile input, in a real browser: no text a learner typed is ever
lost (long answers, values that fail a check, two open tabs, full storage, older imports), and no
link from storage or an import leads off the course's own site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import console_errors, serve, watch_errors
from browser import ready as browser_ready
from browser import storage_key as key
from conftest import make_course, run_course
from playwright.sync_api import BrowserContext, FilePayload, Page, expect
from test_hostile import add_hostile_outputs

pytestmark = pytest.mark.browser

MODULE = "/modules/01-alpha/"
BOX = "Your answer to “Pick one market” (saved in this browser as you type)"
WORK = "work.alpha.exercise-pick-one-market"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    course = make_course(tmp_path_factory.mktemp("hostile") / "course")
    add_hostile_outputs(course)  # notebook outputs that would run script (test_notebook_outputs_never_run)
    result = run_course(course, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(course / "site") as url:
        yield url


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return watch_errors(context.new_page())


def go(page: Page, url: str) -> None:
    page.goto(url)
    browser_ready(page)


def stored(page: Page, name: str) -> Any:
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
def test_every_hostile_answer_is_kept_and_nothing_runs(page: Page, site: str, kind: str) -> None:
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
    assert console_errors(page) == []


def test_a_value_failing_a_check_is_kept_aside_and_reported(page: Page, site: str) -> None:
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


def wait_stored(page: Page, name: str, text: str) -> None:
    page.wait_for_function("([k, t]) => (JSON.parse(localStorage.getItem(k) || '{}').text || '').includes(t)", arg=[key(page, name), text])


def test_two_tabs_follow_each_other_and_a_stale_tab_never_overwrites(context: BrowserContext, site: str) -> None:
    a, b = watch_errors(context.new_page()), watch_errors(context.new_page())
    go(a, site + MODULE)
    go(b, site + MODULE)
    a.get_by_label(BOX).fill("Written in tab A.")
    expect(a.locator(".cq-work__status")).to_have_text("Saved in this browser.")
    expect(b.get_by_label(BOX)).to_have_value("Written in tab A.")  # the other tab follows
    # A stale tab: one that missed the other tab's change (as a tab the browser froze in the background).
    stale = watch_errors(context.new_page())
    stale.add_init_script("window.addEventListener('storage', (e) => e.stopImmediatePropagation(), true)")
    go(stale, site + MODULE)
    a.get_by_label(BOX).fill("Newer text from tab A.")
    wait_stored(a, WORK, "Newer text from tab A.")
    stale.get_by_label(BOX).fill("Typed in the stale tab.")
    wait_stored(stale, WORK, "Typed in the stale tab.")
    final = stored(stale, WORK)["text"]
    assert "Newer text from tab A." in final and "Typed in the stale tab." in final
    assert stale.get_by_label(BOX).input_value() == final
    expect(b.get_by_label(BOX)).to_have_value(final)
    assert console_errors(a) == console_errors(b) == console_errors(stale) == []


OFF_SITE = ["/\t/evil.example/", "/\n/evil.example/", "/\\evil.example/", "//evil.example/", "https://evil.example/", "javascript:alert(1)"]


@pytest.mark.parametrize("path", OFF_SITE, ids=range(len(OFF_SITE)))
def test_continue_where_you_left_off_stays_on_the_course(page: Page, site: str, path: str) -> None:
    go(page, site + "/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(page, "last"), json.dumps({"path": path, "title": "Evil", "at": 1})])
    go(page, site + "/")
    links = page.locator("[data-cq-continue] a")
    hrefs = [links.nth(i).evaluate("a => a.href") for i in range(links.count())]
    assert all(h.startswith(site + "/") for h in hrefs), hrefs


def test_an_imported_last_page_stays_on_the_course(page: Page, site: str) -> None:
    go(page, site + "/progress/")
    data = {"format": "sic-learner-data", "version": 1, "entries": {"last": {"path": "/\t/evil.example/", "title": "Evil", "at": 1}}}
    page.get_by_label("Import progress from a file (exported on another device):").set_input_files(
        files=[FilePayload(name="p.json", mimeType="application/json", buffer=json.dumps(data).encode())]
    )
    expect(page.locator(".cq-transfer__status")).to_contain_text("Import")
    go(page, site + "/")
    links = page.locator("[data-cq-continue] a")
    assert all(links.nth(i).evaluate("a => a.href").startswith(site + "/") for i in range(links.count()))


FILL_STORAGE = """() => {
  let i = 0;
  for (let n = 1 << 20; n >= 1; ) {
    try { localStorage.setItem('filler-' + (i++), 'x'.repeat(n)); } catch (e) { n = n >> 1; }
  }
}"""


def test_full_storage_still_reads_and_says_what_was_not_saved(page: Page, site: str) -> None:
    go(page, site + MODULE)
    box, status = page.get_by_label(BOX), page.locator(".cq-work__status")
    box.fill("Saved before the storage filled up.")
    expect(status).to_have_text("Saved in this browser.")
    page.evaluate(FILL_STORAGE)
    go(page, site + MODULE)
    assert box.input_value() == "Saved before the storage filled up."  # reading needs no free space
    box.fill("A new answer that does not fit: it is longer than the one saved before the storage filled up.")
    expect(status).to_contain_text("storage for the course is full")
    expect(status).to_contain_text("export your progress")
    assert box.input_value() == "A new answer that does not fit: it is longer than the one saved before the storage filled up."
    go(page, site + "/progress/")
    expect(page.locator('tr[data-cq-module="01-alpha"] [data-cq-exercises]')).to_contain_text("1 of 1")


def test_an_older_import_asks_before_replacing_newer_work_and_can_be_undone(page: Page, site: str) -> None:
    go(page, site + "/progress/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key(page, WORK), json.dumps({"text": "Newer work.", "at": 2_000_000_000_000})])
    older = {
        "format": "sic-learner-data",
        "version": 1,
        "entries": {WORK: {"text": "Older work.", "at": 1_000_000_000_000}, "read.alpha": True},
    }
    picker = page.get_by_label("Import progress from a file (exported on another device):")
    status = page.locator(".cq-transfer__status")
    files = [FilePayload(name="old.json", mimeType="application/json", buffer=json.dumps(older).encode())]
    picker.set_input_files(files=files)
    expect(status).to_contain_text("1 entry in this browser is newer than in the file")
    assert stored(page, WORK)["text"] == "Newer work."  # nothing replaced before the learner answers
    page.get_by_role("button", name="Keep the newer ones").click()
    expect(status).to_contain_text("kept 1 newer")
    assert stored(page, WORK)["text"] == "Newer work." and stored(page, "read.alpha") is True
    picker.set_input_files(files=files)
    page.get_by_role("button", name="Replace them with the file's").click()
    expect(status).to_contain_text("replaced 1 newer")
    assert stored(page, WORK)["text"] == "Older work."
    page.get_by_role("button", name="Undo the import").click()
    expect(status).to_contain_text("Undone")
    assert stored(page, WORK)["text"] == "Newer work."
    assert console_errors(page) == []


def test_notebook_outputs_never_run(page: Page, site: str) -> None:
    go(page, site + "/modules/01-alpha/scoring/")
    expect(page.locator("article")).to_contain_text("table")
    assert page.evaluate("() => window.__pwned") is None
    for link in page.locator("article a").all():
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    assert [e for e in console_errors(page) if "404" not in e] == []  # (the hostile <img src="x"> stays, without its handler)


def test_csv_cells_that_start_like_formulas_are_inert_and_round_trip(page: Page, site: str) -> None:
    go(page, site + "/")
    kit = site + "/assets/worksheet-kit.js"
    rows = [
        ["sme_id", "note", "deals"],
        ["#7", '=HYPERLINK("https://evil.example","x")', "-5"],
        ["s2", "+cmd|' /C calc'!A0", "3"],
        ["s3", "@SUM(1)", "-1.5"],
    ]
    result = page.evaluate(
        """async ([kit, rows]) => { const m = await import(kit); const text = m.toCsv(rows);
           return { text, back: m.csvObjects(text, true).rows }; }""",
        [kit, rows],
    )
    lines = result["text"].split("\r\n")
    assert not any(cell.startswith(("=", "+", "@")) for line in lines[1:] for cell in line.split(",")), lines
    assert ",-5" in lines[1] and ",-1.5" in lines[3]  # numbers stay numbers
    assert [[r["sme_id"], r["note"], r["deals"]] for r in result["back"]] == rows[1:]  # the row with id '#7' too


def test_a_huge_csv_import_is_limited_and_says_what_was_left_out(page: Page, site: str) -> None:
    go(page, site + "/")
    kit = site + "/assets/worksheet-kit.js"
    said = page.evaluate(
        """async (kit) => { const m = await import(kit); const rows = []; const live = { sayNow: (t) => { live.text = t; } };
           const actions = m.rowActions({ name: "x", addLabel: "Add", blank: {}, rows, editor: { render() {}, focusLast() {} },
             update() {}, live, required: ["id"], comments: false, remount() {} });
           const input = document.createElement("div"); input.append(...actions);
           document.body.append(input);
           const file = input.querySelector("input[type=file]");
           const text = "id\\n" + Array.from({ length: 150000 }, (_, i) => "r" + i).join("\\n");
           const dt = new DataTransfer(); dt.items.add(new File([text], "big.csv", { type: "text/csv" })); file.files = dt.files;
           file.dispatchEvent(new Event("change"));
           await new Promise((resolve) => { const t = setInterval(() => { if (live.text) { clearInterval(t); resolve(); } }, 20); });
           return { text: live.text, rows: rows.length }; }""",
        kit,
    )
    assert said["rows"] == 2000, said
    assert "Left out 148000 rows" in said["text"], said


@pytest.mark.parametrize("value", ["{not json", '{"index": 0, "color": {"media": 5}}', '{"color": 5}'])
def test_a_corrupted_theme_setting_breaks_no_page(context: BrowserContext, site: str, value: str) -> None:
    page = watch_errors(context.new_page())
    go(page, site + "/")
    page.evaluate("v => localStorage.setItem(new URL('.', location).pathname + '.__palette', v)", value)
    for url in (site + "/", site + MODULE):
        go(page, url)
        expect(page.locator("h1").first).to_be_visible()
    assert console_errors(page) == []


def test_a_huge_import_is_limited_and_says_what_was_left_out(page: Page, site: str) -> None:
    go(page, site + "/progress/")
    entries = {f"quiz.bulk-{i}": {"chosen": ["a"], "correct": True} for i in range(60_000)}
    data = {"format": "sic-learner-data", "version": 1, "entries": entries}
    page.get_by_label("Import progress from a file (exported on another device):").set_input_files(
        files=[FilePayload(name="big.json", mimeType="application/json", buffer=json.dumps(data).encode())]
    )
    status = page.locator(".cq-transfer__status")
    expect(status).to_contain_text("Imported 5000 entries")
    expect(status).to_contain_text("left out 55000 past the limit of 5000 entries")
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.includes('.__sic.quiz.bulk-')).length") == 5000
