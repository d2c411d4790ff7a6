"""``/// progress``: the learner's progress table, one row per module (progress.js fills it in
from this browser's storage)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from markdown.util import AtomicString

from coursekit.render.blocks import CourseBlock, declare


@declare(reads=("course",), slides="skip")
class ProgressBlock(CourseBlock):
    NAME = "progress"

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-progress", "data-cq-progress": ""}

    def fill(self, block: etree.Element) -> None:
        project = self.project()
        course = project.course
        note = etree.SubElement(block, "p", {"class": "cq-progress__note", "data-cq-progress-note": ""})
        m = self.m
        note.text = m.t("progress.note")
        table = etree.SubElement(block, "table", {"class": "cq-progress__table"})
        caption = etree.SubElement(table, "caption")
        caption.text = m.t("progress.caption")
        head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        for label in ("module", "read", "score", "mastered", "exercises", "status"):
            etree.SubElement(head, "th", {"scope": "col"}).text = m.t(f"progress.col_{label}")
        body = etree.SubElement(table, "tbody")
        for module in course.visible_modules(self.include_drafts):
            bank = project.bank(module.slug)
            ids = " ".join(i.id for i in bank.items) if bank else ""
            row = etree.SubElement(
                body, "tr", {"data-cq-module": module.slug, "data-cq-items": ids, "data-cq-mastery": str(course.mastery)}
            )
            cell = etree.SubElement(row, "th", {"scope": "row"})
            link = etree.SubElement(cell, "a", {"href": f"/modules/{module.slug}/index.md"})
            link.text = AtomicString(f"{module.number}. {module.title}")
            etree.SubElement(row, "td", {"data-cq-read": ""}).text = "–"
            etree.SubElement(row, "td", {"data-cq-score": ""}).text = "–" if ids else m.t("progress.no_quiz")
            etree.SubElement(row, "td", {"data-cq-mastered": ""}).text = "–"
            etree.SubElement(row, "td", {"data-cq-exercises": ""}).text = "–"
            etree.SubElement(row, "td", {"data-cq-status": ""}).text = m.t("progress.not_started")
