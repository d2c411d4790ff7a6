"""The real course meets its content standards (course issue: every module has ...)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from coursekit.model.course import Module, load_course
from coursekit.model.diagnostics import Report
from coursekit.model.frontmatter import split
from coursekit.model.quiz import load_bank
from coursekit.model.session import load as load_session
from coursekit.render.worksheets import catalogue, load_definition, method, starting_data

COURSE = load_course(ROOT, Report(ROOT))
MODULES = COURSE.modules
TEACHING = MODULES[1:-1]  # between the welcome and the capstone (module 09 included since module 04 was split)
ids = [m.slug for m in MODULES]


def body(module: Module) -> str:
    return split(module.index.read_text(encoding="utf-8"))[1]


def teaching_words(text: str) -> int:
    """Words of teaching prose: without the quiz, exercises, trainer notes, sources and code."""
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"^/{4}.*?^/{4}\s*$", "", text, flags=re.DOTALL | re.MULTILINE)  # exercises (outer blocks)
    text = re.sub(r"^/{3} (?:trainer|quiz|details).*?^/{3}\s*$", "", text, flags=re.DOTALL | re.MULTILINE)
    text = text.split("\n## Sources")[0]
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|<[^>]+>|https?://\S+", "", text)
    return len(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))


PAGE_WORDS = 6000
WORKSHEETS = catalogue(ROOT)


def page_words(text: str) -> int:
    """Words of a module page as written, trainer notes and model answers included.

    The whole source counts, front matter too (it shows as questions, objectives and key points);
    a token counts when it has a letter or a digit, so table rules and block fences do not, and a
    link counts once. The quiz bank placed on the page is not counted; its worksheets are (see
    :func:`worksheet_words`).
    """
    return sum(1 for token in text.split() if re.search(r"[^\W_]", token))


OFF_PAGE_LABELS = ("confirm", "fallback")  # a browser dialog; the paper version the interactive form replaces


def worksheet_words(text: str) -> int:
    """Words the worksheets placed on a page (``/// worksheet | name``) show there: each one's title
    and intro, and for a scorecard every text of its definition once (scale, questions, areas and
    their actions, bands with their ranges and actions, the labels shown on the page, the method with its
    numbers)."""
    total = 0
    for name in re.findall(r"^/{3} worksheet \| (\S+)\s*$", text, re.MULTILINE):
        sheet = WORKSHEETS[name]
        shown = [sheet.title, sheet.intro]
        if sheet.definition:
            definition = starting_data(sheet, ROOT)["definition"]
            shown += [s["label"] for s in definition["scale"]] + [definition.get("note", "")]
            for area in definition["areas"]:
                shown += [area["title"], area["action"], *(item["text"] for item in area["items"])]
            shown += [f"{b['range']} {b['name']} {b['action']}" for b in definition["bands"]]
            labels = {k: v for k, v in definition["labels"].items() if k not in OFF_PAGE_LABELS}
            shown += [method(definition) if key == "method" else str(v) for key, v in labels.items()]
        total += sum(page_words(s) for s in shown)
    return total


def module_page_words(module: Module) -> int:
    text = module.index.read_text(encoding="utf-8")
    return page_words(text) + worksheet_words(text)


@pytest.mark.parametrize("module", MODULES, ids=ids)
def test_no_module_page_is_over_6000_words(module: Module) -> None:
    # Course issue 21: a module page a learner can read in one go; split a module that grows past it.
    # The worksheets' questions, bands and labels are read on the page, so they count with it.
    words = module_page_words(module)
    assert words <= PAGE_WORDS, f"{module.slug}: {words} words; cut it or split the module (keep objective and item ids)"


def test_page_words_counts_words_not_markup() -> None:
    # Risk, Score, Ask, why., the link: table rules, pipes and block fences are not words.
    assert page_words("| Risk | Score |\n|---|---|\n///\nAsk why. <https://example.org/a-b>\n///") == 5


def test_a_scorecard_on_the_page_counts_with_its_words() -> None:
    # Module 02 places the export-readiness scan: its fifteen questions alone are over 150 words,
    # and none of them is in the page source.
    definition = load_definition(ROOT / WORKSHEETS["export-readiness"].definition, ROOT)
    questions = sum(page_words(item["text"]) for area in definition["areas"] for item in area["items"])
    placed = worksheet_words("Intro.\n\n/// worksheet | export-readiness\n///\n")
    assert questions > 150 and placed > questions + page_words(WORKSHEETS["export-readiness"].intro)
    assert worksheet_words("Intro.\n\nNo worksheet here.\n") == 0


def test_ten_modules_in_order() -> None:
    assert [m.number for m in MODULES] == list(range(11))
    assert all(not m.draft for m in MODULES)


@pytest.mark.parametrize("module", TEACHING, ids=[m.slug for m in TEACHING])
def test_teaching_modules_have_at_least_1200_words(module: Module) -> None:
    assert teaching_words(body(module)) >= 1200


@pytest.mark.parametrize("module", MODULES, ids=ids)
def test_module_structure(module: Module) -> None:
    text = body(module)
    assert module.objectives and module.teaching > 0 and module.exercises > 0
    assert len(module.questions) >= 2 and len(module.keypoints) >= 3
    assert re.search(r"^/{4} admonition \| Exercise", text, re.MULTILINE), "an exercise block"
    assert re.search(r"^/{3} details \| Model answer", text, re.MULTILINE), "a hidden model answer"
    assert re.search(r"^## Case|^## .*[Cc]ase", text, re.MULTILINE) or module.number in (0, 9), "a case-study section"
    assert "\n## Sources" in text and re.search(r"https://\S+", text.split("\n## Sources")[1])
    assert re.search(r"^/{3} trainer", text, re.MULTILINE), "trainer notes"
    assert re.search(rf"^/{{3}} quiz \| {module.slug}$", text, re.MULTILINE), "the module's quiz is placed"
    assert not re.search(r"\b(TODO|TBD|FIXME)\b|lorem ipsum|\[FILL IN", text, re.IGNORECASE)


@pytest.mark.parametrize("module", MODULES, ids=ids)
def test_quiz_bank_standards(module: Module) -> None:
    bank = load_bank(COURSE.bank_path(module.slug), Report(ROOT))
    assert bank is not None and len(bank.items) >= 8
    per_objective = Counter(i.objective for i in bank.items)
    assert all(per_objective[o.id] >= 2 for o in module.objectives), per_objective
    assert {i.skill for i in bank.items} >= {"recall", "application", "judgement"}
    for item in bank.items:
        assert all(len(o.feedback.split()) >= 4 for o in item.options), f"{item.id}: feedback explains why"


@pytest.mark.parametrize("module", MODULES, ids=ids)
def test_session_plan_fits(module: Module) -> None:
    session = load_session(module, Report(ROOT))
    assert session is not None and 60 <= session.length <= 90 and session.total == session.length


ALTERNATIVE = {
    "en": "*Text alternative:*",
    "es": "*Texto alternativo:*",
    "ca": "*Text alternatiu:*",
    "fr": "*Texte de remplacement\u202f:*",
}


@pytest.mark.parametrize("path", sorted((ROOT / "modules").glob("*/*.svg")), ids=lambda p: p.name)
def test_diagrams_have_a_text_alternative(path: Path) -> None:
    """Every diagram, and every localised one (funnel.es.svg) on its language's page, which names it funnel.svg."""
    svg = path.read_text(encoding="utf-8")
    assert "<title" in svg and "<desc" in svg and "http://www.w3.org/2000/svg" in svg
    assert not re.search(r"(href|src)=\"https?://", svg), "no external resources in a diagram"
    stem, _, lang = path.stem.partition(".")
    page = (path.parent / (f"index.{lang}.md" if lang else "index.md")).read_text(encoding="utf-8")
    after = page.split(f"({stem}{path.suffix})", 1)[1][:400]
    assert ALTERNATIVE[lang or "en"] in after


WELLIANCE_SOURCE = "catalonia.com/w/9-catalan-clusters-raise-over-half-a-million-euros-from-the-european-commission"


def test_welliance_is_stated_as_its_source_says() -> None:
    # Catalonia Trade & Investment (9 November 2020): CENFIM leads Welliance with the Catalan Water
    # Partnership and clusters from Belgium, Germany and France, for the United States, Mexico and
    # South Africa. An earlier text called the project unsourced; no page may repeat that caveat.
    mentioning = [m for m in MODULES if "Welliance" in body(m)]
    assert mentioning, "the CWP cases name Welliance as the third COSME partnership"
    for module in mentioning:
        text = body(module)
        assert WELLIANCE_SOURCE in text, f"{module.slug}: cite the 9 November 2020 announcement in Sources"
        for paragraph in text.split("\n\n"):
            if "Welliance" in paragraph:
                assert not re.search(r"no public source|not (been )?(found|confirmed)|could not", paragraph, re.IGNORECASE), paragraph
    described = [p for m in mentioning for p in body(m).split("\n\n") if "Welliance" in p and "CENFIM" in p]
    assert described, "at least one page says who leads Welliance"
    for paragraph in described:
        for market in ("Mexico", "South Africa"):
            assert market in paragraph, paragraph
        assert re.search(r"United States|USA", paragraph), paragraph


WORD_HOURS = {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16}


def test_course_total_matches_the_hours_module_0_promises() -> None:
    # Module 0's key points and quiz item wel-total-time tell learners how long the course takes;
    # that promise must match the planned minutes the course map adds up (to the nearest hour).
    welcome = MODULES[0]
    stated = re.search(r"about (\w+) hours", " ".join(welcome.keypoints))
    assert stated, "module 0's key points state the total time"
    hours = WORD_HOURS[stated.group(1)]
    assert round(COURSE.minutes / 60) == hours, (COURSE.minutes, hours)
    bank = (ROOT / "quizzes" / f"{welcome.slug}.yml").read_text(encoding="utf-8")
    assert f"About {stated.group(1)} hours" in bank


@pytest.mark.parametrize("module", TEACHING, ids=[m.slug for m in TEACHING])
def test_teaching_minutes_allow_a_calm_reading_pace(module: Module) -> None:
    # Many learners read in a second language: plan at most about 100 words of teaching a minute.
    assert teaching_words(body(module)) <= 100 * module.teaching
