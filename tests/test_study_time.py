"""Study times include the quiz, computed in one place (coursekit.model.course.quiz_minutes).
(tests/test_content.py checks that the welcome module states the course map's total.)"""

from __future__ import annotations

from pathlib import Path

from coursekit.model.course import QUIZ_SECONDS_PER_ITEM, quiz_minutes
from coursekit.model.project import Project

ROOT = Path(__file__).resolve().parents[1]


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
