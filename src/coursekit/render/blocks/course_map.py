"""``/// course-map``: the modules in order with what each teaches and its planned minutes."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from markdown.util import AtomicString

from coursekit.i18n.catalogue import Messages
from coursekit.model.course import QUIZ_SECONDS_PER_ITEM
from coursekit.render.blocks import CourseBlock, declare


@declare(reads=("course",), slides="skip")
class CourseMapBlock(CourseBlock):
    NAME = "course-map"

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-course-map"}

    def fill(self, block: etree.Element) -> None:
        m = self.m
        course = self.project().course
        modules = course.visible_modules(self.include_drafts)
        table = etree.SubElement(block, "table")
        caption = etree.SubElement(table, "caption")
        caption.text = m.t("map.caption", seconds=QUIZ_SECONDS_PER_ITEM)
        head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        for label in ("module", "outcome", "teaching", "exercises", "quiz", "total"):
            etree.SubElement(head, "th", {"scope": "col"}).text = m.t(f"map.col_{label}")
        body = etree.SubElement(table, "tbody")
        for module in modules:
            row = etree.SubElement(body, "tr", {"data-cq-module": module.slug})
            cell = etree.SubElement(row, "th", {"scope": "row"})
            link = etree.SubElement(cell, "a", {"href": f"/modules/{module.slug}/index.md"})
            link.text = AtomicString(f"{module.number}. {module.title}")
            if module.draft:
                link.tail = " " + m.t("map.draft")
            etree.SubElement(row, "td").text = AtomicString(module.summary)
            etree.SubElement(row, "td").text = _minutes(module.teaching, m)
            etree.SubElement(row, "td").text = _minutes(module.exercises, m)
            etree.SubElement(row, "td").text = _minutes(module.quiz, m)
            etree.SubElement(row, "td").text = _minutes(module.study_minutes, m)
        foot = etree.SubElement(etree.SubElement(table, "tfoot"), "tr")
        etree.SubElement(foot, "th", {"scope": "row", "colspan": "2"}).text = m.t("map.whole_course")
        etree.SubElement(foot, "td").text = _minutes(sum(x.teaching for x in modules), m)
        etree.SubElement(foot, "td").text = _minutes(sum(x.exercises for x in modules), m)
        etree.SubElement(foot, "td").text = _minutes(sum(x.quiz for x in modules), m)
        etree.SubElement(foot, "td").text = _hours(sum(x.study_minutes for x in modules), m)


def _minutes(value: int, m: Messages) -> str:
    return m.t("time.minutes", minutes=value)


def _hours(value: int, m: Messages) -> str:
    hours, minutes = divmod(value, 60)
    return m.t("time.minutes_hours", minutes=value, hours=hours, rest=f"{minutes:02d}") if hours else _minutes(value, m)
