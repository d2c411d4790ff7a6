"""The course used to the end by a learner (phone and laptop) and a trainer (shared screens): the
slide diagrams, the Word workbook, the first attempt, How to study, the presenter's answers, the run
sheet, the glossary tooltip, the market worksheet and the small things. One built site (the real
course, built once per run), one browser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from browser import attribute, text_in
from browser import ready as browser_ready
from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = Path(__import__("os").environ.get("COURSE_SCREENSHOTS", "")) if __import__("os").environ.get("COURSE_SCREENSHOTS") else None
DIAGRAMS = sorted(p for p in (ROOT / "modules").glob("*/*.svg") if p.name.count(".") == 1)
LOCALISED = sorted(p for p in (ROOT / "modules").glob("*/*.*.svg"))  # funnel.es.svg: the Spanish pages' funnel.svg
"""Every diagram as its pages show it: (site folder, the file, the name the page uses)."""
ALL_DIAGRAMS = [("", p, p.name) for p in DIAGRAMS] + [(f"{p.name.split('.')[1]}/", p, p.name.split(".")[0] + p.suffix) for p in LOCALISED]


def shot(page: Page, name: str) -> None:
    """A screenshot for a person to look at, when COURSE_SCREENSHOTS names a folder."""
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def go(page: Page, url: str) -> None:
    """Open a page and wait until the course's scripts have enhanced it."""
    page.goto(url)
    browser_ready(page)


def open_presentation(page: Page, url: str) -> int:
    page.goto(url)
    page.locator(".cq-present[data-cq-ready]").wait_for()
    return int(attribute(page.locator(".cq-present"), "data-cq-slides"))


def svg_facts(path: Path) -> tuple[float, float, float]:
    """A diagram's viewBox width and height and its smallest label (font size in viewBox units)."""
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    box = [float(v) for v in root.get("viewBox", "").split()]
    sizes = [float(m) for m in re.findall(r'font-size="([\d.]+)"', path.read_text(encoding="utf-8"))]
    return box[2], box[3], min(sizes)


# ---------- 1. Slide diagrams fill their slide ----------


def test_diagram_files_carry_their_size() -> None:
    for _, path, _ in ALL_DIAGRAMS:
        root = ET.fromstring(path.read_text(encoding="utf-8"))
        width, height, _ = svg_facts(path)
        assert (root.get("width"), root.get("height")) == (f"{width:g}", f"{height:g}"), path


DIAGRAM_ON_SLIDE = """() => {
  const canvas = document.querySelector('.cq-present__stage .cq-canvas');
  const img = canvas.querySelector('.cq-slide__body img');
  if (!img) return null;
  const body = canvas.querySelector('.cq-slide__body').getBoundingClientRect();
  const box = img.getBoundingClientRect();
  return { src: img.getAttribute('src'), scale: parseFloat(canvas.getAttribute('data-scale')),
           w: box.width, h: box.height, bodyW: body.width, bodyH: body.height, complete: img.complete && img.naturalWidth > 0 };
}"""


def test_slide_diagrams_fill_the_slide_and_labels_read_at_1280x720(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    seen: dict[str, float] = {}
    for folder, svg, name in ALL_DIAGRAMS:  # the English diagrams, and the localised ones on their language's slides
        module = svg.parent.name
        total = open_presentation(page, f"{site_url}/{folder}modules/{module}/?present")
        width, height, label = svg_facts(svg)
        for number in range(total):
            found = page.evaluate(DIAGRAM_ON_SLIDE)
            if found and found["src"].endswith(name):
                assert found["complete"], svg
                # The drawing inside the image box (object-fit: contain) on screen, in slide units.
                drawn = min(found["w"] / width, found["h"] / height)
                assert drawn * width >= found["bodyW"] - 2 or drawn * height >= found["bodyH"] - 2, f"{svg.name} does not fill its slide"
                seen[svg.name] = label * drawn / found["scale"]  # the smallest label, in the slide's px (1920x1000 canvas)
                shot(page, f"slide-diagram-{folder.strip('/') or 'en'}-{module}")
                break
            page.keyboard.press("ArrowRight")
            page.locator(".cq-present__count").filter(
                has_text=re.compile(rf"^\D*\b{number + 2}\b")
            ).wait_for()  # "Slide 2 of", "Diapositiva 2 de"
    page.close()
    assert sorted(seen) == sorted(p.name for _, p, _ in ALL_DIAGRAMS)
    # Every label of every diagram at least the slide text size (24 px on the slide canvas, 16 px on a 1280x720 screen).
    small = {name: round(px, 1) for name, px in seen.items() if px < 24}
    assert small == {}


LABELS_OUTSIDE_THEIR_BOX = """() => {
  const svg = document.querySelector('svg'), view = svg.viewBox.baseVal;
  const inside = (shape, x, y) => { const p = svg.createSVGPoint(); p.x = x; p.y = y; return shape.isPointInFill(p) || shape.isPointInStroke(p); };
  const area = (el) => { const b = el.getBBox(); return b.width * b.height; };
  const boxes = [...svg.querySelectorAll('rect, polygon, circle, ellipse')]
    .filter((s) => !s.closest('defs') && area(s) < view.width * view.height * 0.95);  // not the background
  const found = [];
  for (const text of svg.querySelectorAll('text')) {
    const b = text.getBBox(), pad = 2;
    const corners = [[b.x + pad, b.y + pad], [b.x + b.width - pad, b.y + pad], [b.x + pad, b.y + b.height - pad], [b.x + b.width - pad, b.y + b.height - pad]];
    const box = boxes.filter((s) => inside(s, b.x + b.width / 2, b.y + b.height / 2)).sort((a, c) => area(a) - area(c))[0];
    const fits = box ? corners.every(([x, y]) => inside(box, x, y)) : b.x >= view.x && b.x + b.width <= view.x + view.width;
    if (!fits) found.push(text.textContent.trim());
  }
  return found;
}"""


def test_every_label_of_every_diagram_stays_inside_its_box(browser: Browser) -> None:
    """A translated label is longer than the English one: it is shortened or wrapped, never left to overflow (Chromium's own text metrics)."""
    page = browser.new_page()
    outside = {}
    for _, svg, _ in ALL_DIAGRAMS:
        page.set_content(f"<!doctype html><body style='margin:0'>{svg.read_text(encoding='utf-8')}</body>")
        labels = page.evaluate(LABELS_OUTSIDE_THEIR_BOX)
        if labels:
            outside[svg.name] = labels
    page.close()
    assert outside == {}


# ---------- 4. How to study says what the course does ----------

STALE = (
    "Keep your notes in one document",
    "Nothing else is stored",
    "your progress does not follow you",
    "download the `.ipynb`",
    ".ipynb file",
    "its quiz works without a connection",
)


def check_answer_box(page: Page, url: str, site: Path) -> None:
    go(page, f"{url}/modules/03-choosing-markets/")
    page.locator(".cq-work textarea").first.wait_for()
    assert "saved in this browser as you type" in text_in(page.locator(".cq-work__label").first)


def check_first_attempt(page: Page, url: str, site: Path) -> None:
    go(page, f"{url}/modules/03-choosing-markets/")
    item = page.locator(".cq-quiz .cq-item").first
    wrong = item.evaluate("i => [...i.querySelectorAll('.cq-answer .cq-fb')].findIndex(f => !f.classList.contains('cq-fb--correct'))")
    right = item.evaluate("i => [...i.querySelectorAll('.cq-answer .cq-fb')].findIndex(f => f.classList.contains('cq-fb--correct'))")
    keys = item.evaluate("i => [...i.querySelectorAll('.cq-options input')].map(x => x.value)")
    for key in (keys[wrong], None, keys[right]):
        if key is None:
            page.get_by_role("button", name="Clear this quiz").click()
            continue
        item.locator(f'.cq-options input[value="{key}"]').check()
        item.get_by_role("button", name="Check answer").click()
    assert text_in(page.locator("[data-cq-score]")).startswith("Score: 0 of ")


def check_review(page: Page, url: str, site: Path) -> None:
    go(page, f"{url}/review/")
    page.locator("[data-cq-review-count]").wait_for()


def check_workbook(page: Page, url: str, site: Path) -> None:
    go(page, f"{url}/workbook/")
    for name in ("Print", "Download for Word", "Download as Markdown"):
        page.get_by_role("button", name=name).wait_for()


def check_notebook_zip(page: Page, url: str, site: Path) -> None:
    import zipfile

    for notebook in ("03-choosing-markets/screening", "09-measuring-results/results-tracker"):
        go(page, f"{url}/modules/{notebook}/")
        link = page.get_by_role("link", name=re.compile(r"^Download to run"))
        href = link.get_attribute("href")
        assert href and href.endswith("-notebook.zip")
        names = zipfile.ZipFile(site / "modules" / notebook.split("/")[0] / href.rsplit("/", 1)[-1]).namelist()
        assert any(n.endswith(".ipynb") for n in names) and any(n.endswith("requirements.txt") for n in names)
        assert any("/data/" in n and n.endswith(".csv") for n in names), names


def check_worksheet(page: Page, url: str, site: Path) -> None:
    for module in ("03-choosing-markets", "09-measuring-results"):
        go(page, f"{url}/modules/{module}/")
        page.locator(".cq-worksheet").first.wait_for()


def check_stored(page: Page, url: str, site: Path) -> None:
    check_first_attempt(page, url, site)
    page.locator(".cq-work textarea").first.fill("My answer.")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.includes('.__sic.work.'))")
    kinds = page.evaluate("Object.keys(localStorage).filter(k => k.includes('.__sic.')).map(k => k.split('.__sic.')[1].split('.')[0])")
    assert {"quiz", "first", "review", "work"} <= set(kinds), kinds
    exported = page.evaluate("import('/assets/transfer.js').then(t => Object.keys(t.exportData().entries).map(k => k.split('.')[0]))")
    assert set(kinds) - {"probe"} <= set(exported)  # everything kept is in the export


def check_export_import(page: Page, url: str, site: Path) -> None:
    go(page, f"{url}/progress/")
    page.get_by_role("button", name="Export my progress and workbook").wait_for()
    page.get_by_label(re.compile("^Import progress from a file")).wait_for(state="attached")


def check_offline(page: Page, url: str, site: Path) -> None:
    go(page, f"{url}/offline/")
    page.get_by_role("button", name="Make this course available offline").wait_for()


CLAIMS = {
    "answer-box": check_answer_box,
    "first-attempt": check_first_attempt,
    "review": check_review,
    "workbook": check_workbook,
    "notebook-zip": check_notebook_zip,
    "worksheet": check_worksheet,
    "stored": check_stored,
    "export-import": check_export_import,
    "offline": check_offline,
}


def test_how_to_study_claims_each_match_a_feature_of_the_built_site(browser: Browser, site_url: str, real_site: Path) -> None:
    source = (ROOT / "docs" / "how-to-study.md").read_text(encoding="utf-8")
    assert [s for s in STALE if s.lower() in source.lower()] == []
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    go(page, f"{site_url}/how-to-study/")
    claims = page.eval_on_selector_all("article [data-cq-claim]", "ns => ns.map(n => n.getAttribute('data-cq-claim'))")
    # Every claim about a feature is marked, and every marked claim has a check (paragraphs without a
    # marker name no feature: the page's text and the checks below change together).
    assert sorted(claims) == sorted(CLAIMS)
    for name in claims:
        CLAIMS[name](page, site_url, real_site)
    context.close()


def test_phone_learner_finds_the_offline_button_in_the_menu(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    go(page, f"{site_url}/")
    page.locator("label.md-header__button[for='__drawer']").click()
    link = page.locator(".md-nav--primary").get_by_role("link", name="Keep the course in your browser")
    link.click()
    page.wait_for_url("**/offline/")
    button = page.get_by_role("button", name="Make this course available offline")
    box = button.bounding_box()
    assert box and box["y"] + box["height"] <= 740, box  # on the first screen, no scrolling
    go(page, f"{site_url}/how-to-study/")
    assert page.locator("article a[href$='offline/']").count() >= 1
    context.close()


# ---------- 5. The presenter has the answers; pacing follows the run sheet ----------


def test_presenter_sees_answers_and_run_sheet_segments_audience_never_does(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    total = open_presentation(page, f"{site_url}/modules/03-choosing-markets/?present")
    with context.expect_page() as popup:
        page.get_by_role("button", name="Presenter window").click()
    presenter = popup.value
    presenter.set_viewport_size({"width": 1366, "height": 768})
    presenter.locator(".cq-present[data-cq-ready]").wait_for()
    presenter.locator(".cq-presenter__plan[data-cq-schedule]").wait_for()
    seen: dict[str, str] = {}
    model_answer = False
    for number in range(1, total + 1):
        title = presenter.locator(".cq-presenter__now .cq-slide__title").text_content() or ""
        notes = presenter.locator(".cq-present__notes").inner_text()
        plan = presenter.locator(".cq-presenter__plan").text_content() or ""
        audience = page.locator(".cq-present").inner_text()
        if title.startswith("Quiz: "):
            answer = presenter.locator(".cq-presenter__answer")
            item = answer.get_attribute("data-cq-answer") or ""
            correct = answer.locator(".cq-presenter__correct").first.inner_text()
            assert re.match(r"Correct: [A-E]\. \S", correct), correct
            why = answer.locator("p").nth(1).inner_text()  # the correct option's feedback (and the explanation, if any)
            assert len(why) > 20
            assert correct.split(". ", 1)[1] in audience  # the option is on the slide ...
            assert "Correct:" not in audience and why not in audience  # ... the answer is not
            if not seen:
                shot(presenter, "presenter-quiz-answer")
            seen[item] = plan
        if "Model answer" in notes and "2.90" in notes:
            model_answer = True
            assert "2.90" not in audience and "Model answer" not in audience
        if number < total:
            presenter.keyboard.press("ArrowRight")
            page.locator(".cq-present__count").filter(has_text=f"Slide {number + 1} of").wait_for()
            presenter.locator(".cq-present__count").filter(has_text=f"Slide {number + 1} of").wait_for()
    assert model_answer, "no model answer in the presenter's notes"
    # Each quiz slide is paced by the run-sheet segment that holds its question (or its section).
    assert seen["mkt-funnel-order"].startswith("Segment 1 of 8: Welcome and opening poll")
    assert seen["mkt-sensitivity"].startswith("Segment 8 of 8: Quiz and wrap-up")
    assert all(plan.startswith("Segment 8 of 8") for item, plan in seen.items() if item != "mkt-funnel-order"), seen
    context.close()


# ---------- 6. The run sheet ----------

RUNSHEET = """() => {
  const table = document.querySelector('.cq-runsheet table');
  const widths = [...table.querySelectorAll('thead th')].map(th => th.getBoundingClientRect().width);
  const wrap = table.closest('.md-typeset__scrollwrap') || table.parentElement;
  return { widths, table: table.getBoundingClientRect().width, wrap: [wrap.scrollWidth, wrap.clientWidth],
           page: [document.documentElement.scrollWidth, innerWidth],
           trainer: [...table.querySelectorAll('tbody tr')].map(tr => tr.children[3].textContent) };
}"""


def test_run_sheet_names_questions_fits_1280_and_a4_and_fills_the_sidebar(browser: Browser, site_url: str, real_site: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    for module in ("03-choosing-markets", "01-why-international", "09-measuring-results"):
        go(page, f"{site_url}/modules/{module}/trainer-notes/")
        seen = page.evaluate(RUNSHEET)
        ids = re.findall(r"\b[a-z]{2,5}-[a-z0-9]+(?:-[a-z0-9]+)+\b", " ".join(seen["trainer"]))
        assert ids == [], f"{module}: item ids in the Trainer column: {ids}"
        assert seen["page"][0] <= seen["page"][1] and seen["wrap"][0] <= seen["wrap"][1] + 1, f"{module}: sideways scroll {seen}"
        start, minutes, trainer = seen["widths"][0], seen["widths"][1], seen["widths"][3]
        assert max(start, minutes) < trainer / 2.5, seen["widths"]
        side = page.locator(".md-sidebar--primary .cq-trainer-side")
        assert side.is_visible() and side.get_by_role("link", name="Present the module").is_visible()
    go(page, f"{site_url}/modules/03-choosing-markets/trainer-notes/")
    assert "Run poll “Question 1: " in " ".join(page.evaluate(RUNSHEET)["trainer"])
    shot(page, "runsheet-1280x720")
    # Printed on A4 (the trainer pack PDF prints the page with the print stylesheet).
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less the margins, at 96 px per inch
    seen = page.evaluate(RUNSHEET)
    start, minutes, trainer = seen["widths"][0], seen["widths"][1], seen["widths"][3]
    assert seen["table"] <= 718 and max(start, minutes) < 70 and trainer > 2.5 * max(start, minutes), seen["widths"]
    assert trainer == max(seen["widths"])
    if SHOTS:
        page.pdf(path=str(SHOTS / "trainer-pack-03.pdf"), format="A4")
    page.close()


# ---------- 7. The glossary tooltip ----------


def test_glossary_tooltip_is_opaque_in_both_palettes(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    for scheme in ("default", "slate"):
        go(page, f"{site_url}/modules/03-choosing-markets/")
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        term = page.locator("article abbr.cq-term").first
        term.focus()
        tip = page.locator(".cq-term__tip:not([hidden])")
        tip.wait_for()
        colours = tip.evaluate("t => [getComputedStyle(t).backgroundColor, getComputedStyle(t).color]")
        background = [float(v) for v in re.findall(r"[\d.]+", colours[0])]
        assert len(background) == 3 or background[3] == 1, f"{scheme}: see-through tooltip {colours}"
    page.close()


# ---------- 8. The market worksheet reads the notebook's own data files ----------


def test_market_worksheet_accepts_and_joins_the_notebooks_data_files(browser: Browser, site_url: str) -> None:
    data = ROOT / "modules" / "03-choosing-markets" / "data"
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    go(page, f"{site_url}/modules/03-choosing-markets/")
    sheet = page.locator("[data-cq-worksheet='market-screening']")
    sheet.scroll_into_view_if_needed()
    results = sheet.locator(".cq-ws__results")
    results.locator("table").first.wait_for()
    example = results.inner_text()  # the notebook's own result, from its two files
    status = sheet.locator(".cq-ws__status")
    # Change one water value, so that loading the files visibly puts the notebook's value back.
    water = sheet.get_by_label("Market A: Safely managed water (%)")
    water.fill("10")
    assert results.inner_text() != example
    sheet.locator("input[type=file]").set_input_files(str(data / "markets-illustrative.csv"))
    page.wait_for_function(
        "() => /rows loaded from markets-illustrative.csv/.test(document.querySelector('[data-cq-worksheet=market-screening] .cq-ws__status').textContent)"
    )
    assert "missing column" not in text_in(status)
    assert "joined on the code for 10 of 10 markets" in text_in(status)
    assert water.input_value() == "91.2" and results.inner_text() == example
    # The World Bank file of the notebook, as it is (metadata lines, then the header row), joined on the code.
    water.fill("10")
    sheet.locator("input[type=file]").set_input_files(str(data / "wdi-example.csv"))
    page.wait_for_function(
        "() => /from wdi-example.csv/.test(document.querySelector('[data-cq-worksheet=market-screening] .cq-ws__status').textContent)"
    )
    assert "joined on the code for 10 of 10 markets" in text_in(status), text_in(status)
    assert water.input_value() == "91.2" and results.inner_text() == example
    assert errors == []
    page.close()


# ---------- 9. Phones and small things ----------

PHONE: ViewportSize = {"width": 360, "height": 740}


def test_phone_progress_caption_reads_as_a_line(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport=PHONE)
    go(page, f"{site_url}/progress/")
    caption = page.locator(".cq-progress__table caption").bounding_box()
    line = float(page.locator(".cq-progress__table caption").evaluate("c => parseFloat(getComputedStyle(c).lineHeight)"))
    assert caption and caption["width"] >= 280 and caption["height"] <= 4 * line, caption  # was one word a line
    page.close()


def master_module_zero(page: Page, site_url: str) -> None:
    data = page.evaluate("fetch('/assets/course-data.json').then(r => r.json())")
    items = data["modules"][0]["items"]
    assert items, "module 0 has a quiz"
    page.evaluate(
        "ids => ids.forEach(id => localStorage.setItem('/.__sic.first.' + id, JSON.stringify({chosen: [], correct: true, at: Date.now()})))",
        items,
    )


def test_modules_tab_is_not_marked_mastered_after_module_zero(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    go(page, f"{site_url}/")
    master_module_zero(page, site_url)
    go(page, f"{site_url}/modules/01-why-international/")
    own = page.locator(".md-nav--primary .md-nav__link[href$='00-welcome/']").first
    assert own.locator(".cq-done").count() == 1  # module 0's own link is marked
    tab = page.locator(".md-tabs__link", has_text="Modules")
    assert tab.locator(".cq-done").count() == 0 and "✓" not in tab.inner_text()
    page.close()


def test_phone_learner_is_not_offered_present_but_trainer_is(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport=PHONE)
    go(page, f"{site_url}/modules/03-choosing-markets/")
    assert page.locator(".cq-present-open").count() == 1 and not page.locator(".cq-present-open").is_visible()
    go(page, f"{site_url}/modules/03-choosing-markets/?view=trainer")
    assert page.locator(".cq-present-open").is_visible()
    page.evaluate("localStorage.clear()")
    page.close()
    desk = browser.new_page(viewport={"width": 1366, "height": 768})
    go(desk, f"{site_url}/modules/03-choosing-markets/")
    assert desk.locator(".cq-present-open").is_visible()
    desk.close()


PRINTED_TABLES = """() => [...document.querySelectorAll('article .admonition table')].map(t => {
  const box = t.closest('.admonition'); const b = box.getBoundingClientRect(); const cs = getComputedStyle(box);
  return t.getBoundingClientRect().right - (b.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth));
})"""


def test_print_has_no_web_only_text_and_tables_fit_their_box(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 718, "height": 1000})  # A4 less the margins
    for module in ("03-choosing-markets", "09-measuring-results"):
        go(page, f"{site_url}/modules/{module}/")
        page.locator("[data-cq-worksheet]").first.scroll_into_view_if_needed()
        page.emulate_media(media="print")
        text = page.locator("article").inner_text()
        for web in ("saved in this browser", "needs JavaScript", "works offline"):
            assert web not in text, f"{module}: {web!r} printed"
        assert max(page.evaluate(PRINTED_TABLES)) <= 1, module  # the exercise table stays in its box
        page.emulate_media(media="screen")
    go(page, f"{site_url}/modules/print/")
    page.emulate_media(media="print")
    cover = page.locator(".cq-cover").inner_text()
    assert "course pdf" not in cover and "Print" not in cover, cover  # the book does not name an editor command
    page.close()


def test_review_page_says_each_thing_once_and_the_badge_follows(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    go(page, f"{site_url}/")
    page.evaluate("localStorage.setItem('/.__sic.review.mkt-funnel-order', JSON.stringify({step: 0, due: Date.now() - 1000}))")
    go(page, f"{site_url}/review/")
    badge = page.locator(".md-tabs .cq-badge, .md-nav--primary .cq-badge")
    assert badge.first.inner_text().startswith("1")
    item = page.locator("[data-cq-review-items] .cq-item").first
    wrong = item.evaluate("i => [...i.querySelectorAll('.cq-answer .cq-fb')].findIndex(f => !f.classList.contains('cq-fb--correct'))")
    item.locator(".cq-options input").nth(wrong).check()  # the options are in the published order here
    item.get_by_role("button", name="Check answer").click()
    # The spoken status is for screen readers only (as in a quiz): on screen, each thing shows once.
    status = item.locator(".cq-status").bounding_box()
    assert status and status["width"] <= 1 and status["height"] <= 1, status
    shown = item.evaluate(
        "i => { const c = i.cloneNode(true); c.querySelector('.cq-status').remove(); document.body.append(c); const t = c.innerText; c.remove(); return t; }"
    )
    verdict = item.locator(".cq-verdict").inner_text()
    assert shown.count(verdict) == 1 and "below" not in verdict, verdict
    feedback = item.locator(".cq-option__feedback").first.inner_text()
    assert shown.count(feedback.split(". ", 1)[1][:40]) == 1
    # The Review badge in the navigation counts again at once (no reload).
    badge.first.wait_for(state="detached")
    # Graded: "Try again" is the primary button, "Check answer" no longer.
    assert "md-button--primary" not in (item.locator(".cq-check").get_attribute("class") or "")
    assert "md-button--primary" in (item.locator(".cq-retry").get_attribute("class") or "")
    page.evaluate("localStorage.clear()")
    page.close()


def test_check_answer_gives_way_to_try_again_after_grading(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    go(page, f"{site_url}/modules/03-choosing-markets/")
    item = page.locator(".cq-quiz .cq-item").first
    check, retry = item.locator(".cq-check"), item.locator(".cq-retry")
    assert "md-button--primary" in (check.get_attribute("class") or "")
    item.locator(".cq-options input").first.check()
    check.click()
    assert "md-button--primary" not in (check.get_attribute("class") or "") and "md-button--primary" in (retry.get_attribute("class") or "")
    retry.click()
    assert "md-button--primary" in (check.get_attribute("class") or "")
    page.evaluate("localStorage.clear()")
    page.close()


def test_notebook_page_title_first_and_quiet_permalinks(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    go(page, f"{site_url}/modules/03-choosing-markets/screening/")
    h1 = page.locator("article h1").first.bounding_box()
    download = page.get_by_role("link", name=re.compile("^Download to run")).bounding_box()
    assert h1 and download and download["y"] >= h1["y"] + h1["height"], (h1, download)
    link = page.locator("article h2 .anchor-link").first
    style = link.evaluate("a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).opacity]")
    assert style == ["none", "0"], style
    shot(page, "notebook-page-1366")
    page.close()


def test_search_hit_on_a_glossary_term_opens_the_term_with_a_clean_link(browser: Browser, site_url: str) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    go(page, f"{site_url}/modules/01-why-international/")
    page.locator(".md-search__input").click()
    page.wait_for_function("() => /type to start/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')")
    page.locator("input.md-search__input").press_sequentially("Access2Markets")  # typed, as Material reads key presses
    page.locator(".md-search-result__item").first.wait_for()
    hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
    assert [h for h in hrefs if re.search(r"\?h=(#|$)", h)] == [], hrefs  # no empty highlight parameter
    term = [h for h in hrefs if "glossary/" in h and h.endswith("#access2markets")]
    assert term, hrefs  # the hit is the term itself, not the top of the glossary
    go(page, site_url + "/" + term[0].split("/", 1)[-1].lstrip("./") if not term[0].startswith("http") else term[0])
    box = page.locator("#access2markets").bounding_box()
    assert box and 0 <= box["y"] < 768, box  # the term is on screen
    page.close()
