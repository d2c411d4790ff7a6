"""The learner's side of the site: the course data the browser reads (assets/course-data.json),
and the exercises each module asks the learner to write (the workbook).

Nothing here imports MkDocs; the plugin writes the data file after a build, and the Markdown
blocks in :mod:`coursekit.learner_blocks` place the pages' containers."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify

from .course import Course, Module, page_text
from .links import lines_outside_code
from .quiz import Bank, load_bank

EXERCISE_RE = re.compile(r"^/{3,}\s*admonition\s*\|\s*(Exercise\b.*?)\s*$")
DATA_FILE = "assets/course-data.json"


@dataclass(frozen=True)
class Exercise:
    id: str
    """The exercise block's anchor (as the Markdown extension gives it): the workbook's key."""
    title: str


def exercises(module: Module) -> list[Exercise]:
    """The module page's exercise blocks ('/// admonition | Exercise: ...'), in page order."""
    content = page_text(module.index) if module.index.is_file() else None
    found: list[Exercise] = []
    for _, line in lines_outside_code(content or ""):
        match = EXERCISE_RE.match(line)
        if match:
            title = match.group(1)
            anchor = slugify(title, "-")
            if all(e.id != anchor for e in found):
                short = title.split(":", 1)[-1].strip() or title
                found.append(Exercise(anchor, short[:1].upper() + short[1:]))
    return found


def course_data(course: Course, include_drafts: bool, banks: dict[str, Bank] | None = None) -> dict[str, object]:
    """What the learner pages need to know about the course, as JSON-ready data."""
    modules = []
    for module in course.visible_modules(include_drafts):
        bank = (banks or {}).get(module.slug)
        if bank is None and banks is None and course.bank_path(module.slug).is_file():
            from .diagnostics import Report

            bank = load_bank(course.bank_path(module.slug), Report(course.root))
        modules.append({
            "slug": module.slug,
            "number": module.number,
            "title": module.title,
            "url": f"modules/{module.slug}/",
            "items": [i.id for i in bank.items] if bank else [],
            "exercises": [{"id": e.id, "title": e.title} for e in exercises(module)],
        })
    return {"title": course.title, "mastery": course.mastery, "modules": modules}


def write_course_data(site_dir: Path, course: Course, include_drafts: bool) -> Path:
    """Write assets/course-data.json into the built site."""
    path = site_dir / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(course_data(course, include_drafts), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path
