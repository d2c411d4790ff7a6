"""``/// course-map``: the modules in order with what each teaches and its planned minutes."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from markdown.util import AtomicString

from coursekit.model.course import QUIZ_SECONDS_PER_ITEM
from coursekit.render.blocks import CourseBlock, declare


@declare(reads=("course",), slides="skip")
class CourseMapBlock(CourseBlock):
    NAME = "course-map"

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-course-map"}

    def fill(self, block: etree.Element) -> None:
        course = self.project().course
        modules = course.visible_modules(self.include_drafts)
        table = etree.SubElement(block, "table")
        caption = etree.SubElement(table, "caption")
        caption.text = f"Course map: modules in order, with planned minutes (the quiz counts {QUIZ_SECONDS_PER_ITEM} seconds an item)"
        head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        for label in ("Module", "What you will be able to do", "Teaching", "Exercises", "Quiz", "Total"):
            etree.SubElement(head, "th", {"scope": "col"}).text = label
        body = etree.SubElement(table, "tbody")
        for module in modules:
            row = etree.SubElement(body, "tr", {"data-cq-module": module.slug})
            cell = etree.SubElement(row, "th", {"scope": "row"})
            link = etree.SubElement(cell, "a", {"href": f"/modules/{module.slug}/index.md"})
            link.text = AtomicString(f"{module.number}. {module.title}")
            if module.draft:
                link.tail = " (draft)"
            etree.SubElement(row, "td").text = AtomicString(module.summary)
            etree.SubElement(row, "td").text = _minutes(module.teaching)
            etree.SubElement(row, "td").text = _minutes(module.exercises)
            etree.SubElement(row, "td").text = _minutes(module.quiz)
            etree.SubElement(row, "td").text = _minutes(module.study_minutes)
        foot = etree.SubElement(etree.SubElement(table, "tfoot"), "tr")
        etree.SubElement(foot, "th", {"scope": "row", "colspan": "2"}).text = "Whole course"
        etree.SubElement(foot, "td").text = _minutes(sum(m.teaching for m in modules))
        etree.SubElement(foot, "td").text = _minutes(sum(m.exercises for m in modules))
        etree.SubElement(foot, "td").text = _minutes(sum(m.quiz for m in modules))
        etree.SubElement(foot, "td").text = _hours(sum(m.study_minutes for m in modules))


def _minutes(value: int) -> str:
    return f"{value} min"


def _hours(value: int) -> str:
    hours, minutes = divmod(value, 60)
    return f"{value} min ({hours} h {minutes:02d})" if hours else f"{value} min"
