"""Trainer mode, the course side: notes, run sheets, schedule and programmes, the print page."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE
from coursekit import trainer
from coursekit.course import load_course


def test_trainer_notes_are_gathered_with_their_section() -> None:
    body = "## One\n\n/// trainer\nAsk **why**.\n///\n\n```\n/// trainer\nnot a note\n///\n```\n\n## Two\n\n/// trainer\nTime: 10 min.\n///\n"
    assert trainer.trainer_notes(body) == [trainer.Note("One", "Ask **why**."), trainer.Note("Two", "Time: 10 min.")]


def test_trainer_page_has_run_sheet_polls_and_notes() -> None:
    course = load_course(FIXTURE)
    page = trainer.trainer_page(course.modules[0], course)
    assert page.startswith("# Trainer notes: 1. Alpha basics")
    assert "| 0:00 | 10 | Opening poll | Run the poll. | Vote in the chat. | [index.md](index.md), poll [alp-first](index.md#q-alp-first) |" in page
    assert "| 0:10 | 20 | Exercise |" in page
    assert "### The rule\n\nAsk the group for one knock-out rule." in page


def test_programmes_pack_sessions_in_order_with_breaks_and_lunch() -> None:
    course = load_course(Path(__file__).resolve().parents[1])
    half = trainer.programme(course, 210)
    full = trainer.programme(course, 480, lunch_after=180)
    for blocks, limit in ((half, 210), (full, 480)):
        sessions = [s.module.slug for b in blocks for s in b if s.module]
        assert sessions == [m.slug for m in course.modules]  # every module once, in order
        assert all(b[-1].start + b[-1].minutes <= limit for b in blocks)
        assert all(s.module is None for b in blocks for s in b[1::2])  # sessions alternate with pauses
    assert [s.label for b in full for s in b].count("Lunch") == len([b for b in full if b[-1].start + b[-1].minutes > 240])


def test_schedule_sums_the_times() -> None:
    course = load_course(FIXTURE)
    text = trainer.schedule_markdown(course)
    assert "| **Whole course** | **20 min** | **10 min** | **30 min** |" in text
    assert "## Half-day programme" in text and "## Full-day programme" in text
    assert "| 09:00–09:30 | 30 | [1. Alpha basics](/modules/01-alpha/index.md) |" in text


def test_print_page_rebases_module_links() -> None:
    """The print page (modules/print/) keeps each module's relative links working, through the real Markdown path."""
    import markdown

    from coursekit.markdown_ext import CourseExtension

    source = (
        '<div class="cq-print-module" data-cq-base="../01-alpha/" markdown="1">\n\n'
        "[nb](scoring.ipynb) ![f](funnel.svg) [s](#sources) [m](../02-beta/index.md) [x](https://example.org)\n"
        "```\n[code](x.md)\n```\n\n</div>"
    )
    html = markdown.markdown(source, extensions=["md_in_html", "pymdownx.superfences", CourseExtension(root=str(FIXTURE))])
    assert (
        '<a href="../01-alpha/scoring.ipynb">nb</a> <img alt="f" src="../01-alpha/funnel.svg" /> '
        '<a href="../01-alpha/index.md#sources">s</a> <a href="../02-beta/index.md">m</a> <a href="https://example.org">x</a>'
    ) in html
    assert "[code](x.md)" in html
    assert "data-cq-base" not in html
    page = trainer.print_page(load_course(FIXTURE))
    assert '<div class="cq-print-module" data-cq-base="../01-alpha/" markdown="1">' in page
