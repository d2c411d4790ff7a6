"""Study times include the quiz, computed in one place (coursekit.course.quiz_minutes), and the
welcome module states the same total as the course map."""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.course import QUIZ_SECONDS_PER_ITEM, quiz_minutes
from coursekit.project import Project

ROOT = Path(__file__).resolve().parents[1]
WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}


def test_quiz_minutes_follow_the_item_count() -> None:
    assert quiz_minutes(0) == 0
    assert quiz_minutes(1) == 1  # rounded up to a whole minute
    assert quiz_minutes(80) == 80 * QUIZ_SECONDS_PER_ITEM // 60


def test_the_course_total_includes_every_quiz() -> None:
    project = Project.load(ROOT)
    course = project.course
    items = sum(len(b.items) for b in project.banks if course.module(b.id) is not None)
    assert sum(m.quiz_items for m in course.modules) == items > 0
    assert course.minutes == sum(m.teaching + m.exercises + quiz_minutes(m.quiz_items) for m in course.modules if not m.draft)


def test_the_welcome_module_states_the_course_map_total() -> None:
    """'Plan about N hours' (key point and quiz) must match the course map's total, to the nearest hour."""
    course = Project.load(ROOT).course
    hours = round(course.minutes / 60)
    texts = [
        (ROOT / "modules/00-welcome/index.md").read_text(encoding="utf-8"),
        (ROOT / "quizzes/00-welcome.yml").read_text(encoding="utf-8"),
    ]
    stated = [
        WORDS[w.lower()]
        for text in texts
        for w in re.findall(r"\babout (\w+) hours\b", text, re.IGNORECASE)
        if w.lower() in WORDS and WORDS[w.lower()] > 5
    ]
    assert stated, "the welcome module no longer states the total study time"
    assert set(stated) == {hours}, (
        f"the welcome module says {sorted(set(stated))} hours; the course map adds up to {course.minutes} min (about {hours} h)"
    )
