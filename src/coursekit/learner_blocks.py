"""Markdown blocks for the learner's pages; the browser fills them from this browser's storage.

* ``/// review``: the Review page: due questions from every started module (the question pool is
  in the page, hidden; review.js shows the due ones);
* ``/// my-study``: on the home page, "Continue where you left off" and the questions due;
* ``/// workbook``: the learner's exercise answers in module order (workbook.js);
* ``/// certificate``: the self-issued certificate of completion (certificate.js).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.util import AtomicString

from .markdown_ext import _CourseBlock
from .render import quiz_parts


def _para(parent: etree.Element, text: str, attrs: dict[str, str] | None = None) -> etree.Element:
    p = etree.SubElement(parent, "p", attrs or {})
    p.text = AtomicString(text)
    return p


class ReviewBlock(_CourseBlock):
    NAME = "review"
    ARGUMENT = None

    TAG = "div"
    ATTRS = {"class": "cq-review", "data-cq-review": ""}  # noqa: RUF012 - pymdownx block API

    def fill(self, block: etree.Element) -> None:
        if self.recording:
            return
        project = self.project()
        course = project.course
        _para(
            block,
            "The review needs JavaScript and reads your answers from this browser only.",
            {"class": "cq-review__count", "data-cq-review-count": "", "role": "status"},
        )
        etree.SubElement(block, "ol", {"class": "cq-review__items", "data-cq-review-items": ""})
        pool = etree.SubElement(block, "ol", {"class": "cq-review__pool", "hidden": "hidden", "data-cq-review-pool": ""})
        for module in course.visible_modules(bool(self.config["include_drafts"])):
            bank = project.bank(module.slug)
            if bank is None:
                continue
            for attrs, inner in quiz_parts(bank).items:
                attrs = {**attrs, "data-cq-module": module.slug, "data-cq-module-title": f"{module.number}. {module.title}"}
                self.stash(etree.SubElement(pool, "li", attrs), inner)


class MyStudyBlock(_CourseBlock):
    NAME = "my-study"
    ARGUMENT = None

    TAG = "div"
    ATTRS = {"class": "cq-my-study", "data-cq-my-study": ""}  # noqa: RUF012 - pymdownx block API

    def fill(self, block: etree.Element) -> None:
        if self.recording:
            return
        _para(
            block,
            "Start with the first module, or pick one from the course map. Your place, your answers and your review questions are kept in this browser only.",
            {"data-cq-continue": ""},
        )
        para = etree.SubElement(block, "p", {"data-cq-due": ""})
        link = etree.SubElement(para, "a", {"href": "/review.md"})
        link.text = "Review questions"
        link.tail = AtomicString(" come back after 1, 3, 7 and 21 days.")


class _FilledBlock(_CourseBlock):
    """A container the browser fills in, with a note (a status line) for readers without JavaScript."""

    NOTE = ""
    NOTE_ATTR = ""

    def fill(self, block: etree.Element) -> None:
        if not self.recording:
            _para(block, self.NOTE, {self.NOTE_ATTR: "", "role": "status"})


class WorkbookBlock(_FilledBlock):
    NAME = "workbook"
    ARGUMENT = None

    TAG = "div"
    ATTRS = {"class": "cq-workbook", "data-cq-workbook": ""}  # noqa: RUF012 - pymdownx block API
    NOTE = "Your workbook is made from the answers you type in the exercise boxes of each module. It needs JavaScript and stays in this browser."
    NOTE_ATTR = "data-cq-workbook-note"

    def fill(self, block: etree.Element) -> None:
        super().fill(block)
        if not self.recording:
            etree.SubElement(block, "div", {"class": "cq-workbook__entries", "data-cq-workbook-entries": ""})


class CertificateBlock(_FilledBlock):
    NAME = "certificate"
    ARGUMENT = None

    TAG = "div"
    ATTRS = {"class": "cq-certificate-block", "data-cq-certificate": ""}  # noqa: RUF012 - pymdownx block API
    NOTE = "The certificate needs JavaScript: it is made in this browser from your quiz scores."
    NOTE_ATTR = "data-cq-certificate-note"


BLOCKS = (ReviewBlock, MyStudyBlock, WorkbookBlock, CertificateBlock)
