"""``/// quiz | bank-id``: a quiz rendered from the YAML bank (the single source of its questions),
with an optional ``items: id1 id2`` option (the chosen items, in that order). The quiz is cut into
one slide per question, prints blank (print.css) and ends with a link to the next module."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING, Any, ClassVar

from markdown.util import AtomicString
from pymdownx.blocks.block import type_string

from coursekit.render.blocks import CourseBlock, declare
from coursekit.render.quizhtml import quiz_parts

if TYPE_CHECKING:
    from coursekit.i18n.catalogue import Messages
    from coursekit.model.course import Course

log = logging.getLogger("mkdocs.coursekit")


@declare(reads=("bank",), slides="show", prints=True, selector=".cq-block", argument="bank id")
class QuizBlock(CourseBlock):
    NAME = "quiz"
    OPTIONS: ClassVar[dict[str, list[Any]]] = {"items": ["", type_string]}

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-block"}

    def fill(self, block: etree.Element) -> None:
        bank_id = (self.argument or "").strip()
        project = self.project()
        bank = project.bank(bank_id) if bank_id else None
        if bank is None:
            log.warning("quiz block: no readable quiz bank 'quizzes/%s.yml'; run `course validate` for details", bank_id)
            block.text = AtomicString(self.m.t("quiz.missing", id=bank_id))
            return
        wanted = self.options["items"].split()
        missing = [i for i in wanted if bank.item(i) is None]
        if missing:
            log.warning("quiz block: items %s are not in quizzes/%s.yml", ", ".join(missing), bank_id)
        module = project.course.module(bank_id)
        label = self.m.t("quiz.label", title=module.title if module and module.title else bank_id)
        parts = quiz_parts(bank, wanted or None, label, project.sources, self.m.lang)
        course = project.course
        attrs = {**parts.attrs, "data-cq-module": bank_id, "data-cq-mastery": str(course.mastery)}
        section = etree.SubElement(block, "section", attrs)
        self.stash(section, parts.intro_html)
        items = etree.SubElement(section, "ol", {"class": "cq-items"})
        for attrs, inner in parts.items:
            self.stash(etree.SubElement(items, "li", attrs), inner)
        _next_module_link(section, course, bank_id, self.include_drafts, self.m)


def _next_module_link(section: etree.Element, course: Course, slug: str, include_drafts: bool, m: Messages) -> None:
    """'Next module: ...' at the end of a module's quiz (the quiz summary repeats it)."""
    modules = course.visible_modules(include_drafts)
    index = next((n for n, m in enumerate(modules) if m.slug == slug), None)
    if index is None or index + 1 >= len(modules):
        return
    following = modules[index + 1]
    para = etree.SubElement(section, "p", {"class": "cq-quiz__next"})
    para.text = m.t("quiz.next_module") + " "
    link = etree.SubElement(para, "a", {"href": f"/modules/{following.slug}/index.md"})
    link.text = AtomicString(f"{following.number}. {following.title}")
