"""Markdown blocks for the learner's pages; the browser fills them from this browser's storage.

* ``/// review``: the Review page: due questions from every started module (the question pool is
  in the page, hidden; review.js shows the due ones);
* ``/// my-study``: on the home page, "Continue where you left off" and the questions due;
* ``/// workbook``: the learner's exercise answers in module order (workbook.js);
* ``/// certificate``: the self-issued certificate of completion (certificate.js).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from markdown.util import AtomicString

from coursekit.render.blocks import CourseBlock, declare
from coursekit.render.quizhtml import quiz_parts


def _para(parent: etree.Element, text: str, attrs: dict[str, str]) -> etree.Element:
    p = etree.SubElement(parent, "p", attrs)
    p.text = AtomicString(text)
    return p


class _LearnerBlock(CourseBlock):
    """A learner-page block the browser fills in: a ``div`` with class ``cq-NAME`` (or ``CLASS``) and
    ``data-cq-NAME``, holding a note (what a reader without JavaScript sees, ``NOTE`` with
    ``NOTE_ATTRS``), then the block's own parts (:meth:`fill_parts`). Nothing is made while recording."""

    CLASS = ""
    NOTE = ""
    """The key of the note in the message catalogue (coursekit/i18n/messages)."""
    NOTE_ATTRS: ClassVar[dict[str, str]] = {}

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": self.CLASS or f"cq-{self.NAME}", f"data-cq-{self.NAME}": ""})

    def fill(self, block: etree.Element) -> None:
        _para(block, self.m.t(self.NOTE), dict(self.NOTE_ATTRS))
        self.fill_parts(block)

    def fill_parts(self, block: etree.Element) -> None:
        """What follows the note (nothing by default)."""

    def part(self, block: etree.Element, tag: str, name: str, **attrs: str) -> etree.Element:
        """A part the browser script finds: class ``cq-NAME__name`` and ``data-cq-NAME-name``."""
        return etree.SubElement(block, tag, {"class": f"cq-{self.NAME}__{name}", f"data-cq-{self.NAME}-{name}": "", **attrs})


@declare(reads=("banks", "course"), slides="skip")
class ReviewBlock(_LearnerBlock):
    NAME = "review"
    NOTE = "review.note"
    NOTE_ATTRS: ClassVar[dict[str, str]] = {"class": "cq-review__count", "data-cq-review-count": "", "role": "status"}

    def fill_parts(self, block: etree.Element) -> None:
        self.part(block, "ol", "items")
        pool = self.part(block, "ol", "pool", hidden="hidden")  # the question pool; review.js shows the due ones
        project = self.project()
        course = project.course
        for module in course.visible_modules(self.include_drafts):
            bank = project.bank(module.slug)
            if bank is None:
                continue
            for attrs, inner in quiz_parts(bank, sources=project.sources, lang=self.m.lang).items:
                attrs = {
                    **attrs,
                    "data-cq-module": module.slug,
                    "data-cq-module-title": self.m.t("review.module_title", number=module.number, title=module.title),
                }
                self.stash(etree.SubElement(pool, "li", attrs), inner)


@declare(slides="skip")
class MyStudyBlock(_LearnerBlock):
    NAME = "my-study"
    NOTE = "study.note"
    NOTE_ATTRS: ClassVar[dict[str, str]] = {"data-cq-continue": ""}

    def fill_parts(self, block: etree.Element) -> None:
        para = etree.SubElement(block, "p", {"data-cq-due": ""})
        link = etree.SubElement(para, "a", {"href": "/review.md"})
        link.text = self.m.t("study.review_link")
        link.tail = AtomicString(self.m.t("study.review_after"))


@declare(slides="skip")
class WorkbookBlock(_LearnerBlock):
    NAME = "workbook"
    NOTE = "workbook.note"
    NOTE_ATTRS: ClassVar[dict[str, str]] = {"data-cq-workbook-note": "", "role": "status"}

    def fill_parts(self, block: etree.Element) -> None:
        self.part(block, "div", "entries")


@declare(slides="skip", selector=".cq-certificate-block")
class CertificateBlock(_LearnerBlock):
    NAME = "certificate"
    CLASS = "cq-certificate-block"
    NOTE = "certificate.note"
    NOTE_ATTRS: ClassVar[dict[str, str]] = {"data-cq-certificate-note": "", "role": "status"}
