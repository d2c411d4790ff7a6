"""The worksheets as a learner uses them in Chromium: keyboard edits, own rows, saved across a
reload, CSV out and back in, announcements, and no sideways panning at 360 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import ready as browser_ready
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

pytestmark = pytest.mark.browser

SCREENING = "/modules/03-choosing-markets/"
TRACKER = "/modules/09-measuring-results/"
DIAGNOSTICS = "/modules/02-diagnostics/"
CAPSTONE = "/modules/10-capstone/"


def _open(browser: Browser, site_url: str, path: str, width: int = 1366, height: int = 768) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + path)
    page.locator("[data-cq-worksheet]").first.scroll_into_view_if_needed()  # it starts as the learner reaches it
    page.wait_for_selector(".cq-worksheet .cq-ws__results table")
    return context, page, errors


def test_market_screening_by_keyboard_saved_and_exported(browser: Browser, site_url: str, tmp_path: Path) -> None:
    context, page, errors = _open(browser, site_url, SCREENING)
    sheet = page.locator("[data-cq-worksheet='market-screening']")
    robust = sheet.locator(".cq-ws__summary dd").nth(2)
    expect(robust).to_have_text("Market A")
    # Weighting B in whole percentages: move 15 points from closeness to market size.
    size_b = sheet.get_by_label("Weighting B: Market size (%)")
    size_b.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("25")
    closeness_b = sheet.get_by_label("Weighting B: Closeness (%)")
    closeness_b.fill("10")
    expect(sheet.locator(".cq-ws__weights tfoot td").nth(1)).to_have_text("100%")
    # The learner's own market, added with the button and typed in by keyboard.
    sheet.get_by_role("button", name="Add a market").click()
    page.keyboard.type("Market Z")
    for label, value in [
        ("Members interested", "9"),
        ("Market size (1–5)", "5"),
        ("Growth (1–5)", "5"),
        ("Market access (1–5)", "5"),
        ("Business climate (1–5)", "5"),
        ("Closeness (1–5)", "5"),
        ("Network (1–5)", "5"),
        ("Safely managed water (%)", "40"),
    ]:
        sheet.get_by_label(f"Market Z: {label}").fill(value)
    expect(robust).to_have_text(re.compile(r"Market Z"))
    status = sheet.locator(".cq-ws__status")
    expect(status).to_have_text(re.compile(r"^Updated\. Robust: .*Market Z"))
    # An impossible weighting is reported, not ranked.
    closeness_b.fill("50")
    expect(sheet.locator(".cq-ws__problems")).to_contain_text("Weighting B: the weights add up to 140%")
    closeness_b.fill("10")
    # Saved in this browser: a reload brings back the row and the weights.
    page.reload()
    page.wait_for_selector(".cq-worksheet .cq-ws__results table")
    expect(sheet.get_by_label("Market Z: Members interested")).to_have_value("9")
    expect(sheet.get_by_label("Weighting B: Market size (%)")).to_have_value("25")
    key = page.evaluate("Object.keys(localStorage).find(k => k.endsWith('.__sic.worksheet.market-screening'))")
    assert key == "/.__sic.worksheet.market-screening"
    saved = page.evaluate(f"JSON.parse(localStorage.getItem({key!r}))")
    assert saved["v"] == 1 and any(item["label"].startswith("Robust") and "Market Z" in item["value"] for item in saved["summary"])
    # CSV out, and the same file back in after a reset.
    with page.expect_download() as info:
        sheet.get_by_role("button", name="Download results (CSV)").click()
    csv_path = tmp_path / "markets.csv"
    info.value.save_as(csv_path)
    text = csv_path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("market,code,data_status,legal_barrier,members_interested")
    assert re.search(r"^Market Z,.*,yes\r?$", text, re.MULTILINE)
    page.once("dialog", lambda d: d.accept())
    sheet.get_by_role("button", name="Start again from the example").click()
    expect(sheet.get_by_label("Market Z: Members interested")).to_have_count(0)
    sheet.locator("input[type=file]").set_input_files(str(csv_path))
    expect(sheet.get_by_label("Market Z: Members interested")).to_have_value("9")
    expect(status).to_have_text(re.compile(r"11 rows loaded from markets.csv"))
    assert errors == []
    context.close()


def test_results_tracker_reports_problems_and_recomputes(browser: Browser, site_url: str) -> None:
    context, page, errors = _open(browser, site_url, TRACKER)
    sheet = page.locator("[data-cq-worksheet='results-tracker']")
    table = sheet.locator("table", has_text="Indicators")
    expect(table.locator("tr", has_text="Cost per qualified lead")).to_contain_text("EUR 1,143")
    sheet.get_by_label("Mission budget, full cost (EUR)").fill("35000")
    expect(table.locator("tr", has_text="Cost per qualified lead")).to_contain_text("EUR 1,000")
    sheet.get_by_label("SME-02: Meetings").fill("six")
    expect(sheet.locator(".cq-ws__problems")).to_contain_text("column 'meetings' has empty or non-numeric values (SME: SME-02)")
    expect(sheet.locator(".cq-ws__status")).to_have_text(re.compile(r"^Not calculated: 1 problem"))
    sheet.get_by_label("SME-02: Meetings").fill("6")
    report = sheet.locator("table", has_text="Report for funders")
    expect(report.locator("tr", has_text="Cost per qualified lead")).to_contain_text("met")
    with page.expect_download() as info:
        sheet.get_by_role("button", name="Download report (CSV)").click()
    assert info.value.suggested_filename == "funder-report.csv"
    assert errors == []
    context.close()


@pytest.mark.parametrize("path", [SCREENING, TRACKER])
def test_worksheet_fits_a_phone_and_its_tables_scroll_inside(browser: Browser, site_url: str, path: str) -> None:
    context, page, _ = _open(browser, site_url, path, 360, 740)
    sheet = page.locator(".cq-worksheet")
    box = sheet.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    # Nothing inside the worksheet reaches past its box, except inside the tables' own scroll boxes.
    outside = page.evaluate(
        """() => { const ws = document.querySelector('.cq-worksheet').getBoundingClientRect();
          return Array.from(document.querySelectorAll('.cq-worksheet *')).filter(e => !e.closest('.cq-ws__scroll'))
            .filter(e => e.getBoundingClientRect().right > ws.right + 1).map(e => e.tagName + '.' + e.className); }"""
    )
    assert outside == []
    wide = sheet.locator(".cq-ws__table--wide").first
    expect(wide.locator(".cq-ws__cue")).to_be_visible()
    scroll = wide.locator(".cq-ws__scroll")
    assert scroll.get_attribute("tabindex") == "0" and scroll.get_attribute("role") == "region"
    scroll.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be smooth (asynchronous): wait until the box has moved, not a fixed time.
    page.wait_for_function("el => el.scrollLeft > 0", arg=scroll.element_handle(), timeout=10_000)
    context.close()


def test_saved_worksheet_moves_with_the_progress_file_and_bad_values_never_break_it(browser: Browser, site_url: str) -> None:
    context, page, errors = _open(browser, site_url, SCREENING)
    sheet = page.locator("[data-cq-worksheet='market-screening']")
    sheet.get_by_label("Market A: Members interested").fill("2")  # knocked out now
    expect(sheet.locator("table", has_text="Knocked out")).to_contain_text("Market A")
    exported = page.evaluate("async () => (await import('/assets/transfer.js')).exportData()")
    saved = exported["entries"]["worksheet.market-screening"]
    assert saved["rows"][0]["members_interested"] == "2"
    # An imported or old value of the wrong shape is ignored, setting by setting; the rest is kept.
    saved["settings"]["weights_b"] = "heavy on closeness"
    saved["settings"]["MIN_MEMBERS"] = 4
    page.evaluate(
        "async (data) => { const t = await import('/assets/transfer.js'); return t.applyImport(t.planImport(data), true); }",
        {**exported, "entries": {"worksheet.market-screening": saved}},
    )
    page.reload()
    page.wait_for_selector(".cq-worksheet .cq-ws__results table")
    expect(sheet.get_by_label("Knock-out: minimum members interested")).to_have_value("4")
    expect(sheet.get_by_label("Weighting B: Closeness (%)")).to_have_value("25")
    expect(sheet.get_by_label("Market A: Members interested")).to_have_value("2")
    assert errors == []
    context.close()


def _pairs(dl: Locator) -> dict[str, str]:
    """A description list's label -> value pairs, as shown."""
    labels = [t.strip() for t in dl.locator("dt").all_text_contents()]
    values = [t.strip() for t in dl.locator("dd").all_text_contents()]
    assert len(labels) == len(values) and labels
    return dict(zip(labels, values, strict=True))


@pytest.mark.parametrize("size", [(1366, 768), (360, 740)], ids=["laptop", "phone"])
def test_saved_worksheet_feeds_the_workbook_downloads_print_and_progress(browser: Browser, site_url: str, size: tuple[int, int]) -> None:
    from test_accessibility import _tab_until

    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + "/workbook/")
    sheet_box = page.locator("[data-cq-workbook-sheet='market-screening']")
    # Nothing saved yet: opening the workbook, or the worksheet's page, is not work.
    expect(sheet_box).to_contain_text("Not saved yet.")
    page.goto(site_url + SCREENING)
    page.locator("[data-cq-worksheet]").first.scroll_into_view_if_needed()  # it starts as the learner reaches it
    page.wait_for_selector(".cq-worksheet .cq-ws__results table")
    page.goto(site_url + "/workbook/")
    expect(sheet_box).to_contain_text("Not saved yet.")
    expect(sheet_box.get_by_role("link", name="Open the worksheet in module 3")).to_have_attribute(
        "href", re.compile(r"/modules/03-choosing-markets/#worksheet-market-screening$")
    )
    expect(page.locator("[data-cq-workbook-note]")).to_contain_text("0 of 4 worksheets saved.")
    # The learner changes a row: Market A is knocked out, and the short lists change.
    page.goto(site_url + SCREENING)
    sheet = page.locator("[data-cq-worksheet='market-screening']")
    sheet.scroll_into_view_if_needed()
    sheet.get_by_label("Market A: Members interested").fill("2")
    expect(sheet.locator("table", has_text="Knocked out")).to_contain_text("Market A")
    shown = _pairs(sheet.locator(".cq-ws__summary"))
    assert "Market A" not in shown["Short list with A"]
    page.goto(site_url + "/workbook/")
    expect(sheet_box.locator("dl")).to_be_visible()
    kept = _pairs(sheet_box.locator("dl"))
    assert {k: kept[k] for k in shown} == shown  # the worksheet's result, as the worksheet shows it
    assert kept["Knocked out"].startswith("Market A (fewer than 3 members interested)")
    expect(sheet_box).to_contain_text(re.compile(r"Your result, saved on .*2\d{3}"))
    expect(page.locator("[data-cq-workbook-note]")).to_contain_text(
        re.compile(r"^\d+ of \d+ exercises answered\. 1 of 4 worksheets saved\.")
    )
    expect(page.locator("[data-cq-workbook-sheet='results-tracker']")).to_contain_text("Not saved yet.")
    # No sideways panning, whatever the width.
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    # Downloads: Markdown and Word carry the same lines.
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "### Worksheet: market screening scorer" in text
    assert all(f"- **{label}:** {value}" in text for label, value in kept.items())
    assert re.search(
        r"\[Change it in the worksheet \(module 3\)\]\(http://[^)]+/modules/03-choosing-markets/#worksheet-market-screening\)", text
    )
    assert "### Worksheet: mission results tracker\n\nNot saved yet." in text
    with page.expect_download() as info:
        page.get_by_role("button", name="Download for Word").click()
    import docx  # the Word download is a real .docx

    paragraphs = [(p.style.name if p.style else None, p.text) for p in docx.Document(str(info.value.path())).paragraphs]
    assert ("Heading 2", "Worksheet: market screening scorer") in paragraphs
    assert ("List Bullet", f"Robust (top 3 under both): {kept['Robust (top 3 under both)']}") in paragraphs
    robust = next(p for p in docx.Document(str(info.value.path())).paragraphs if p.text.startswith("Robust (top 3"))
    assert robust.runs[0].bold and robust.runs[0].text == "Robust (top 3 under both): "
    # Print: the result prints, the buttons do not.
    page.emulate_media(media="print")
    expect(sheet_box.locator("dl")).to_be_visible()
    expect(page.locator(".cq-workbook__tools")).to_be_hidden()
    page.emulate_media(media="screen")
    # By keyboard, from the workbook back to the worksheet to change it.
    _tab_until(page, "el.textContent === 'Change it in the worksheet (module 3)'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/modules/03-choosing-markets/#worksheet-market-screening")
    expect(page.locator("[data-cq-worksheet='market-screening']").get_by_label("Market A: Members interested")).to_have_value("2")
    # My progress counts the worksheet apart from the exercises.
    page.goto(site_url + "/progress/")
    expect(page.locator('tr[data-cq-module="03-choosing-markets"] [data-cq-exercises]')).to_have_text(
        re.compile(r"^\d+ of \d+; worksheet saved$")
    )
    expect(page.locator('tr[data-cq-module="09-measuring-results"] [data-cq-exercises]')).to_have_text(
        re.compile(r"; worksheet not saved$")
    )
    # The capstone's strategy draft starts from the earlier answers, the worksheet's result among them.
    page.goto(site_url + "/modules/10-capstone/")
    browser_ready(page)  # the workbook starts when the learner comes near it (a "near" feature)
    draft = page.locator("textarea.cq-work__text").first
    expect(draft).to_have_value(re.compile(r"### Worksheet: market screening scorer\n\n- Short list with A: "))
    assert f"- Robust (top 3 under both): {kept['Robust (top 3 under both)']}\n" in draft.input_value()
    assert errors == []
    context.close()


# ---------- the scorecards of module 02: SME export-readiness scan and cluster self-benchmark ----------

SCAN_PICKS = [2, 2, 2, 1, 1, 0, 0, 1, 0, 2, 2, 2, 2, 1, 2]  # 20 of 30 points: 66%, market knowledge 1 of 6
BENCH_PICKS = [3, 2, 3, 3, 1, 0, 2, 2, 3, 1, 2, 3]  # 25 of 36 points: 69%, financing 1 of 6, five at 3


def _answer_by_keyboard(page: Page, picks: list[int], evidence: str = "") -> None:
    """From the first answer of the first question: each question's answer with the arrow keys (Space
    for the first answer), then Tab to the evidence field if there is one, then Tab to the next question."""
    for n, pick in enumerate(picks):
        assert page.evaluate("document.activeElement.type") == "radio"
        if pick == 0:
            page.keyboard.press("Space")
        for _ in range(pick):
            page.keyboard.press("ArrowRight")
        if evidence:
            page.keyboard.press("Tab")
            page.keyboard.type(f"{evidence} {n + 1}")
        if n < len(picks) - 1:
            page.keyboard.press("Tab")


def _axe_worksheets(page: Page) -> list[str]:
    """axe-core (WCAG 2.1 A and AA) on the page's worksheets, as filled in."""
    from test_accessibility import WCAG
    from tools import node_package

    page.mouse.move(0, 0)
    page.evaluate(node_package("axe-core/axe.min.js").read_text(encoding="utf-8"))  # not a <script>: the page's CSP refuses inline script
    violations = page.evaluate(
        "async (tags) => (await axe.run({include: [['.cq-worksheet']]}, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))",
        WCAG,
    )
    return list(violations)


@pytest.mark.parametrize("size", [(1366, 768), (360, 740)], ids=["laptop", "phone"])
def test_scorecards_by_keyboard_scored_saved_and_in_the_workbook_and_capstone(
    browser: Browser, site_url: str, size: tuple[int, int]
) -> None:
    from test_accessibility import _tab_until

    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + "/workbook/")
    expect(page.locator("[data-cq-workbook-sheet='export-readiness']")).to_contain_text("Not saved yet.")

    # The scan, reached from its link and filled in with the keyboard only.
    page.goto(site_url + DIAGNOSTICS + "#worksheet-export-readiness")
    scan = page.locator("[data-cq-worksheet='export-readiness']")
    scan.locator(".cq-ws__results table").first.wait_for()
    expect(scan.locator(".cq-sc__method")).to_contain_text("highest possible (30)")
    expect(scan.locator(".cq-sc__progress")).to_have_text("0 of 15 questions answered.")
    _tab_until(page, "el.name === 'cq-sc-export-readiness-goal'", limit=60)
    _answer_by_keyboard(page, SCAN_PICKS[:14])
    expect(scan.locator(".cq-sc__incomplete")).to_have_text("Still to answer before your score shows: 1.")
    page.keyboard.press("Tab")
    _answer_by_keyboard(page, SCAN_PICKS[14:])
    expect(scan.locator(".cq-sc__progress")).to_have_text("15 of 15 questions answered.")
    shown = _pairs(scan.locator(".cq-ws__summary"))
    assert shown["Score"] == "20 of 30 points (66%)" and shown["Band"] == "Ready with support"
    assert shown["Area to work on first"].startswith("Market knowledge (1 of 6 points): Choose one to three target markets")
    expect(scan.locator(".cq-ws__status")).to_have_text("Updated. Score 66%: Ready with support.")
    # How the score is made: the points by area, and the bands with the learner's own marked.
    points = scan.locator("table", has_text="Points by area")
    expect(points.locator("tr", has_text="Market knowledge")).to_contain_text("1")
    expect(points.locator("tr", has_text="Total")).to_contain_text("66%")
    expect(scan.locator(".cq-sc__bands .cq-sc__current")).to_contain_text("Ready with support")

    # The benchmark, with evidence notes, reached from My workbook's link.
    page.goto(site_url + "/workbook/")
    page.locator("[data-cq-workbook-sheet='cluster-benchmark']").get_by_role("link", name="Open the worksheet in module 2").click()
    page.wait_for_url("**/modules/02-diagnostics/#worksheet-cluster-benchmark")
    bench = page.locator("[data-cq-worksheet='cluster-benchmark']")
    bench.locator(".cq-ws__results table").first.wait_for()
    _tab_until(page, "el.name === 'cq-sc-cluster-benchmark-exporters'", limit=60)
    _answer_by_keyboard(page, BENCH_PICKS, evidence="Board minutes")
    kept_bench = _pairs(bench.locator(".cq-ws__summary"))
    assert kept_bench["Score"] == "25 of 36 points (69%)" and kept_bench["Band"] == "Ready to be benchmarked"
    assert kept_bench["Area to work on first"].startswith("Financing of the cluster management (1 of 6 points)")
    assert kept_bench["Indicators with documented evidence (3)"] == "5 of 12"
    # No sideways panning; nothing reaches past the worksheets except inside the tables' scroll boxes.
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    outside = page.evaluate(
        """() => Array.from(document.querySelectorAll('.cq-sc')).flatMap(ws => { const box = ws.getBoundingClientRect();
          return Array.from(ws.querySelectorAll('*')).filter(e => !e.closest('.cq-ws__scroll'))
            .filter(e => e.getBoundingClientRect().right > box.right + 1).map(e => e.tagName + '.' + e.className); })"""
    )
    assert outside == []
    assert _axe_worksheets(page) == []

    # Saved in this browser: a reload keeps the answers, the notes and the result.
    saved = page.evaluate("JSON.parse(localStorage.getItem('/.__sic.worksheet.export-readiness'))")
    assert saved["v"] == 1 and {"label": "Band", "value": "Ready with support"} in saved["summary"]
    page.reload()
    bench.scroll_into_view_if_needed()
    bench.locator(".cq-ws__summary").wait_for()
    expect(bench.get_by_label("Evidence (document and date)").nth(2)).to_have_value("Board minutes 3")
    assert _pairs(bench.locator(".cq-ws__summary")) == kept_bench
    scan.scroll_into_view_if_needed()
    expect(scan.locator("input[name='cq-sc-export-readiness-goal'][value='2']")).to_be_checked()
    assert _pairs(scan.locator(".cq-ws__summary")) == shown

    # My workbook: both results, in the page, the downloads and print.
    page.goto(site_url + "/workbook/")
    box = page.locator("[data-cq-workbook-sheet='export-readiness']")
    expect(box.locator("dl")).to_be_visible()
    in_book = _pairs(box.locator("dl"))
    assert {k: in_book[k] for k in shown} == shown and in_book["People and experience"] == "5 of 6 points (83%)"
    assert _pairs(page.locator("[data-cq-workbook-sheet='cluster-benchmark'] dl"))["Band"] == "Ready to be benchmarked"
    expect(page.locator("[data-cq-workbook-note]")).to_contain_text("2 of 4 worksheets saved.")
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "### Worksheet: SME export-readiness scan" in text and "- **Band:** Ready with support" in text
    assert "### Worksheet: cluster self-benchmark (international work)" in text and "- **Score:** 25 of 36 points (69%)" in text
    with page.expect_download() as info:
        page.get_by_role("button", name="Download for Word").click()
    import docx  # the Word download is a real .docx

    texts = [p.text for p in docx.Document(str(info.value.path())).paragraphs]
    assert "Band: Ready to be benchmarked" in texts and "Worksheet: SME export-readiness scan" in texts
    page.emulate_media(media="print")
    expect(page.locator("[data-cq-workbook-sheet='cluster-benchmark'] dl")).to_be_visible()
    page.emulate_media(media="screen")

    # The capstone's first draft carries the benchmark's result.
    page.goto(site_url + CAPSTONE)
    browser_ready(page)  # the workbook starts when the learner comes near it (a "near" feature)
    draft = page.locator("textarea.cq-work__text").first
    draft.wait_for()
    expect(draft).to_have_value(
        re.compile(
            r"### Worksheet: cluster self-benchmark \(international work\)\n\n- Score: 25 of 36 points \(69%\)\n- Band: Ready to be benchmarked\n"
        )
    )
    assert errors == []
    context.close()


def test_clearing_a_scorecard_forgets_it(browser: Browser, site_url: str) -> None:
    context, page, errors = _open(browser, site_url, DIAGNOSTICS)
    scan = page.locator("[data-cq-worksheet='export-readiness']")
    scan.locator("input[name='cq-sc-export-readiness-goal'][value='1']").check()
    expect(scan.locator(".cq-sc__progress")).to_have_text("1 of 15 questions answered.")
    saved = page.evaluate("JSON.parse(localStorage.getItem('/.__sic.worksheet.export-readiness'))")
    assert saved["rows"] == [{"item": "goal", "answer": "1", "note": ""}]
    assert saved["summary"] == [{"label": "Questions answered", "value": "1 of 15"}]
    page.once("dialog", lambda d: d.accept())
    scan.get_by_role("button", name="Clear my answers").click()
    expect(scan.locator(".cq-ws__status")).to_have_text("Your answers are cleared.")
    expect(scan.locator("input[type=radio]:checked")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('/.__sic.worksheet.export-readiness')") is None
    page.reload()
    scan.locator(".cq-ws__results table").first.wait_for()
    expect(scan.locator(".cq-sc__progress")).to_have_text("0 of 15 questions answered.")
    assert errors == []
    context.close()
