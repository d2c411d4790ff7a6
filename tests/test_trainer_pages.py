"""Trainer mode, the course side: notes, run sheets, schedule and programmes, the print page."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE

from coursekit.app import open_project
from coursekit.model.course import load_course
from coursekit.model.pageinfo import Note
from coursekit.render import trainer
from coursekit.render.pageparse import PageParser


def test_trainer_notes_are_gathered_with_their_section() -> None:
    body = (
        "## One\n\n/// trainer\nAsk **why**.\n///\n\n```\n/// trainer\nnot a note\n///\n```\n\n## Two\n\n/// trainer\nTime: 10 min.\n///\n"
    )
    assert PageParser().parse(body).notes == [Note("One", "Ask **why**."), Note("Two", "Time: 10 min.")]


def test_trainer_page_is_a_trainer_pack() -> None:
    course = load_course(FIXTURE)
    page = trainer.trainer_page(course.modules[0], course, open_project(FIXTURE))
    assert page.startswith("---\nsearch:\n  exclude: true\n---\n")  # out of the learners' search index
    assert "\n# Trainer notes: 1. Alpha basics\n" in page
    assert "data-cq-no-present" in page  # never presented to an audience
    # Run sheet with human labels: the question and the section, not ids and anchors.
    assert (
        "| 0:00 | 10 | Opening poll | Run the poll. | Vote in the chat. | [Module page: Alpha basics](index.md), "
        "poll [Question 1: What comes first in market selection?](index.md#q-alp-first) |"
    ) in page
    assert "| 0:10 | 20 | Exercise | Put people in pairs. | Pick one market. | [Section: The rule](index.md#the-rule) |" in page
    assert "alp-first]" not in page and "[index.md" not in page
    # Polls as plain text for a webinar tool.
    from coursekit.model.quiz import display_order

    bank = open_project(FIXTURE).bank("01-alpha")
    assert bank is not None
    shown = [o.text for o in display_order(bank.items[0])]  # the order of the page, the slides and the poll
    assert sorted(shown) == ["Knock-out rules", "Opportunity studies", "Trade fairs"]
    options = "\n".join(f"{letter}. {text}" for letter, text in zip("ABC", shown))
    assert f"```text\nWhat comes first in market selection?\n{options}\n```" in page
    assert "### The rule\n\nAsk the group for one knock-out rule." in page
    assert "## Model answers\n\n### Exercise: pick one market\n\nMarket A." in page
    assert "| 3. Knock-out rules are applied after the weighted score. | B. False | Yes: they come first. |" in page


def test_run_sheet_data_for_the_presenter_window() -> None:
    course = load_course(FIXTURE)

    data = trainer.runsheet_data(trainer.session_of(course.modules[0], open_project(FIXTURE)))
    assert data == [
        {"start": 0, "minutes": 10, "title": "Opening poll", "anchors": ["quiz:alp-first", "q-alp-first"]},
        {"start": 10, "minutes": 20, "title": "Exercise", "anchors": ["the-rule"]},
    ]


def test_model_answers_are_found_with_their_exercise_and_not_in_code() -> None:
    body = (
        "## Exercises\n\n//// admonition | Exercise: rank markets\n    type: example\n\nDo it.\n\n"
        "/// details | Model answer\n    type: success\n\nQ first.\n///\n\n////\n\n"
        "```\n/// details | Model answer\nnot one\n///\n```\n"
    )
    assert trainer.model_answers(body) == [trainer.Answer("Exercise: rank markets", "Q first.")]


def test_poll_text_is_plain() -> None:
    course = load_course(FIXTURE)
    from coursekit.model.diagnostics import Report
    from coursekit.model.quiz import load_bank

    bank = load_bank(course.bank_path("01-alpha"), Report(FIXTURE))
    assert bank is not None
    text = trainer.poll_text(bank.items[1])
    assert text.splitlines()[1] == "(Select all that apply.)" and text.splitlines()[2].startswith("A. ")


def test_programmes_pack_sessions_in_order_with_breaks_and_lunch() -> None:
    course = load_course(Path(__file__).resolve().parents[1])
    half = trainer.programme(course, 210, project=open_project(Path(__file__).resolve().parents[1]))
    full = trainer.programme(course, 480, lunch_after=180, project=open_project(Path(__file__).resolve().parents[1]))
    for blocks, limit in ((half, 210), (full, 480)):
        sessions = [s.module.slug for b in blocks for s in b if s.module]
        assert sessions == [m.slug for m in course.modules]  # every module once, in order
        assert all(b[-1].start + b[-1].minutes <= limit for b in blocks)
        assert all(s.module is None for b in blocks for s in b[1::2])  # sessions alternate with pauses
    assert [s.label for b in full for s in b].count("Lunch") == len([b for b in full if b[-1].start + b[-1].minutes > 240])


def test_schedule_sums_the_times() -> None:
    from coursekit.model.course import QUIZ_SECONDS_PER_ITEM

    project = open_project(FIXTURE)
    course = project.course
    items = course.modules[0].quiz_items
    assert items > 0 and course.modules[0].quiz == -(-items * QUIZ_SECONDS_PER_ITEM // 60)  # the quiz's time, from its items
    assert course.minutes == 30 + course.modules[0].quiz  # the study time includes the quiz
    text = trainer.schedule_markdown(course, project=project)
    assert f"| **Whole course** | **20 min** | **10 min** | **{course.modules[0].quiz} min** | **30 min** | |" in text
    assert "[Trainer notes 1](/modules/01-alpha/trainer-notes.md)" in text  # trainer packs reachable from the schedule
    assert "## Half-day programme" in text and "## Full-day programme" in text
    assert "| 09:00–09:30 | 30 | [1. Alpha basics](/modules/01-alpha/index.md) |" in text


def test_print_page_rebases_module_links() -> None:
    """The print page (modules/print/) keeps each module's relative links working, through the real Markdown path."""
    import markdown

    from coursekit.render.markdown_ext import CourseExtension

    source = (
        '<div class="cq-print-module" data-cq-base="../01-alpha/" markdown="1">\n\n'
        "[nb](scoring.ipynb) ![f](funnel.svg) [s](#sources) [m](../02-beta/index.md) [x](https://example.org)\n"
        "```\n[code](x.md)\n```\n\n</div>"
    )
    html = markdown.markdown(source, extensions=["md_in_html", "pymdownx.superfences", CourseExtension(project=open_project(FIXTURE))])
    assert (
        '<a href="../01-alpha/scoring.ipynb">nb</a> <img alt="f" src="../01-alpha/funnel.svg" /> '
        '<a href="../01-alpha/index.md#sources">s</a> <a href="../02-beta/index.md">m</a> <a href="https://example.org">x</a>'
    ) in html
    assert "[code](x.md)" in html
    assert "data-cq-base" not in html
    page = trainer.print_page(load_course(FIXTURE), project=open_project(FIXTURE))
    assert '<div class="cq-print-module" data-cq-base="../01-alpha/" markdown="1">' in page


def test_trainer_notes_are_out_of_search_and_nav_but_linked_for_trainers(real_site: Path) -> None:
    import json
    import re

    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert locations and not [loc for loc in locations if "/trainer-notes/" in loc]
    page = (real_site / "modules" / "03-choosing-markets" / "index.html").read_text(encoding="utf-8")
    nav = "".join(re.findall(r'<nav class="md-nav.*?</nav>', page, flags=re.DOTALL))
    assert nav and "trainer-notes" not in nav
    # Reachable: from the schedule, and from the module page inside a trainer-only note.
    schedule = (real_site / "schedule" / "index.html").read_text(encoding="utf-8")
    assert 'href="../modules/03-choosing-markets/trainer-notes/"' in schedule
    asides = re.findall(r'<aside[^>]*class="cq-trainer"[^>]*>.*?</aside>', page, flags=re.DOTALL)
    assert any('href="trainer-notes/"' in a for a in asides)
