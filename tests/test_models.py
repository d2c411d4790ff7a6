"""The course and quiz models, built from the fixture course."""

from __future__ import annotations

from conftest import FIXTURE

from coursekit.app import open_project
from coursekit.model.course import load_course
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import Option, load_bank
from coursekit.render.module_page import decorate, nav
from coursekit.render.pageparse import PageParser


def test_course_loads_modules_in_declared_order() -> None:
    report = Report(FIXTURE)
    course = load_course(FIXTURE, report)
    assert report.items == []
    assert [m.slug for m in course.modules] == ["01-alpha", "02-beta"]
    alpha = course.modules[0]
    assert (alpha.title, alpha.teaching, alpha.exercises, alpha.minutes) == ("Alpha basics", 20, 10, 30)
    assert [o.id for o in alpha.objectives] == ["pick-market", "explain-rule"]
    assert [p.name for p in alpha.pages] == ["index.md", "scoring.ipynb"]
    assert alpha.quiz_items > 0 and alpha.quiz > 0  # the quiz counts in the study time
    assert course.modules[1].draft and course.minutes == 30 + alpha.quiz  # drafts do not count in the course time


def test_nav_is_derived_with_or_without_drafts() -> None:
    course = load_course(FIXTURE)
    published = nav(course, include_drafts=False, project=open_project(FIXTURE))
    assert published == [
        {"Start": ["index.md", "progress.md", "review.md", "workbook.md", "certificate.md"]},
        {
            "Modules": [
                {"1. Alpha basics": [{"Overview": "modules/01-alpha/index.md"}, {"Scoring notebook": "modules/01-alpha/scoring.ipynb"}]}
            ]
        },
        {"Resources": ["glossary.md"]},
        {"Trainers": [{"The whole course (print)": "modules/print/index.md"}]},
    ]
    with_drafts = nav(course, include_drafts=True, project=open_project(FIXTURE))
    modules = with_drafts[1]
    assert isinstance(modules, dict)
    assert {"2. Beta draft (draft)": "modules/02-beta/index.md"} in modules["Modules"]


def test_bank_model() -> None:
    bank = load_bank(FIXTURE / "quizzes/01-alpha.yml", Report(FIXTURE))
    assert bank is not None and [i.id for i in bank.items] == ["alp-first", "alp-many", "alp-tf"]
    first = bank.items[0]
    assert (first.type, first.objective, first.skill, first.difficulty, first.line) == ("single", "pick-market", "recall", "easy", 3)
    assert [o.text for o in first.correct] == ["Knock-out rules"]
    assert first.explanation == "Cheap filters first, deep studies last."


def test_option_key_survives_reordering_and_whitespace_but_not_new_text() -> None:
    a = Option("Knock-out  rules", True, "", 1)
    assert a.key == Option("knock-out rules", False, "x", 9).key
    assert a.key != Option("Knock-out rules first", True, "", 1).key


def test_front_matter_text_is_escaped_when_decorating_a_page() -> None:
    course = load_course(FIXTURE)
    module = course.modules[0]
    module.title = "<script>alert(1)</script>"
    out = decorate("## Body\n\n## Sources\n\n- x\n", module, course)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.index("Key points") < out.index("## Sources")


def test_quiz_blocks_are_found_outside_code_fences() -> None:
    text = "/// quiz | a\n    items: x y\n///\n\n```\n/// quiz | b\n```\n"
    assert [(b.line, b.argument, str(b.options.get("items")).split()) for b in PageParser().parse(text).quizzes()] == [(1, "a", ["x", "y"])]
