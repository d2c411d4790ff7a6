"""``/// schedule``: module times with the half-day and full-day programmes (Markdown made from
course data). A page with a schedule is never presented (trainer-slides.js)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from coursekit.render.blocks import CourseBlock, declare
from coursekit.render.trainer import schedule_markdown


@declare(reads=("course", "sessions"), slides="skip")
class ScheduleBlock(CourseBlock):
    """The course schedule: module times and the half-day and full-day programmes."""

    NAME = "schedule"

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-schedule"}

    def fill(self, block: etree.Element) -> None:
        project = self.project()
        # The schedule is Markdown made from course data (escaped); parse it into this block.
        self.md.parser.parseChunk(block, schedule_markdown(project.course, self.include_drafts, project=project, lang=self.m.lang))
