"""Trainer mode, the course side: per-module trainer pages, the whole-course print page, and
the half-day and full-day programmes. Everything here returns Markdown; nothing imports MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .course import Course, Module
from .module_page import _esc, decorate
from .pageparse import Note, PageParser
from .quiz import Bank
from .session import Session
from .sitemap import GENERATED_PAGE as TRAINER_PAGE
from .sitemap import PRINT_URI as PRINT_PAGE

if TYPE_CHECKING:
    from .project import Project

__all__ = ["PRINT_PAGE", "TRAINER_PAGE", "Note", "print_page", "programme", "schedule_markdown", "trainer_notes", "trainer_page"]

def trainer_notes(body: str) -> list[Note]:
    """The `/// trainer` blocks of a page's Markdown body, with the section each belongs to."""
    return PageParser().parse(body).notes


def _project(course: Course, project: Project | None) -> Project:
    """The caller's live project; a stand-alone call (no project) loads one."""
    if project is not None:
        return project
    from .project import Project

    return Project.load(course.root)


def module_body(module: Module, project: Project) -> str:
    page = project.page(module.index)
    return page.body if page is not None else ""


def session_of(module: Module, project: Project) -> Session | None:
    return project.session(module)


def _poll_ids(session: Session | None) -> list[str]:
    if session is None:
        return []
    return [m[5:] for seg in session.segments for m in seg.materials if m.startswith("quiz:")]


def _material(material: str, bank: Bank | None) -> str:
    if material.startswith("quiz:"):
        item_id = material[5:]
        return f"poll [{_esc(item_id)}](index.md#q-{item_id})" if bank and bank.item(item_id) else _esc(material)
    target = material.split("#")[0]
    if target.endswith((".md", ".ipynb")) and "://" not in material:
        return f"[{_esc(material)}]({material})"
    return _esc(material)


def trainer_page(module: Module, course: Course, project: Project | None = None) -> str:
    """The trainer page of one module: run sheet, polls and every trainer note, in page order."""
    project = _project(course, project)
    session = session_of(module, project)
    bank = project.bank(module.slug)
    lines = [f"# Trainer notes: {module.number}. {_esc(module.title)}", ""]
    lines += [f"For the live session of [module {module.number}](index.md). Learners do not see these notes.", ""]
    lines += ["## Run sheet", ""]
    if session is None or not session.segments:
        lines += ["This module has no run sheet yet (`session.yml`).", ""]
    else:
        lines += [f"A session of **{session.length} minutes**.", ""]
        lines += ["| Start | Minutes | Segment | Trainer | Participants | Materials |", "| --- | --- | --- | --- | --- | --- |"]
        start = 0
        for seg in session.segments:
            materials = ", ".join(_material(m, bank) for m in seg.materials)
            lines.append(
                f"| {start // 60}:{start % 60:02d} | {seg.minutes} | {_cell(seg.title)} | {_cell(seg.trainer)} | {_cell(seg.participants)} | {materials} |"
            )
            start += seg.minutes
        lines.append("")
    polls = [bank.item(i) for i in _poll_ids(session)] if bank else []
    if any(polls):
        lines += ["## Polls", "", "Open the module page in the trainer view and select **Show as poll** on these questions:", ""]
        for item in polls:
            if item is not None:
                lines.append(f"- [{_esc(item.id)}](index.md#q-{item.id}): {_esc(item.stem.splitlines()[0])}")
        lines.append("")
    page = project.page(module.index)
    notes = page.info.notes if page is not None else []
    lines += ["## Notes in the module", ""]
    if not notes:
        lines += ["This module has no trainer notes.", ""]
    current = None
    for note in notes:
        if note.section != current:
            current = note.section
            lines += [f"### {_esc(note.section) or 'Before the first section'}", ""]
        lines += [note.markdown, ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return _esc(text).replace("|", "\\|")


def print_page(course: Course, include_drafts: bool = False, project: Project | None = None) -> str:
    """One printable page with every module: overview, teaching, exercises and key points.

    Each module sits in a ``data-cq-base`` block: the course extension points its relative links
    at the module's folder (modules/print/ is at the same depth)."""
    project = _project(course, project)
    parts = [
        f"# {_esc(course.title)}: the whole course",
        "",
        "Every module on one page, to print or save as PDF with your browser's *Print* command.",
        "Quizzes print with their questions; answers stay folded.",
        "",
    ]
    for module in course.visible_modules(include_drafts):
        body = module_body(module, project)
        parts.append(
            f'<div class="cq-print-module" data-cq-base="../{module.slug}/" markdown="1">\n\n'
            f"{decorate(body, module, course, project.page(module.index))}\n\n</div>\n"
        )
    return "\n".join(parts)


@dataclass(frozen=True)
class Slot:
    start: int  # minutes after the day's start
    minutes: int
    label: str
    module: Module | None = None


def programme(
    course: Course,
    block_minutes: int,
    break_minutes: int = 15,
    lunch_after: int | None = None,
    include_drafts: bool = False,
    project: Project | None = None,
) -> list[list[Slot]]:
    """Pack the modules' live sessions, in course order, into blocks of at most ``block_minutes``
    with a break between sessions; with ``lunch_after``, the first break after that many minutes
    is a one-hour lunch."""
    blocks: list[list[Slot]] = []
    current: list[Slot] = []
    clock = 0
    lunch_taken = False
    project = _project(course, project)
    for module in course.visible_modules(include_drafts):
        session = session_of(module, project)
        length = session.length if session and session.segments else module.minutes
        pause = 60 if lunch_after is not None and not lunch_taken and clock >= lunch_after else break_minutes
        if current and clock + pause + length > block_minutes:
            blocks.append(current)
            current, clock, lunch_taken = [], 0, False
            pause = break_minutes
        if current:
            current.append(Slot(clock, pause, "Lunch" if pause == 60 else "Break"))
            lunch_taken = lunch_taken or pause == 60
            clock += pause
        current.append(Slot(clock, length, f"{module.number}. {module.title}", module))
        clock += length
    if current:
        blocks.append(current)
    return blocks


def _clock(start_hour: int, minutes: int) -> str:
    total = start_hour * 60 + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


def schedule_markdown(course: Course, include_drafts: bool = False, project: Project | None = None) -> str:
    """The schedule page body: module times and a half-day and a full-day programme."""
    project = _project(course, project)
    modules = course.visible_modules(include_drafts)
    lines = ["| Module | Teaching | Exercises | Live session |", "| --- | ---: | ---: | ---: |"]
    live_total = 0
    for module in modules:
        session = session_of(module, project)
        live = session.length if session and session.segments else module.minutes
        live_total += live
        lines.append(f"| [{module.number}. {_esc(module.title)}](/modules/{module.slug}/index.md) | {module.teaching} min | {module.exercises} min | {live} min |")
    teaching = sum(m.teaching for m in modules)
    exercises = sum(m.exercises for m in modules)
    lines.append(f"| **Whole course** | **{teaching} min** | **{exercises} min** | **{live_total} min** |")
    lines.append("")
    plans = (
        ("Half-day programme", 210, None, "Half day", "half days of at most 3 h 30 (09:00 to 12:30)"),
        ("Full-day programme", 480, 180, "Day", "days of at most 8 hours (09:00 to 17:00) with a one-hour lunch"),
    )
    for title, block, lunch, unit, what in plans:
        blocks = programme(course, block, lunch_after=lunch, include_drafts=include_drafts, project=project)
        lines += [f"## {title}", ""]
        lines += [
            (
                f"The live sessions in course order, packed into {what} and a 15-minute break between sessions: "
                f"{len(blocks)} {unit.lower()}{'s' * (len(blocks) != 1)}."
            ),
            "",
        ]
        for number, slots in enumerate(blocks, 1):
            lines += [f"### {unit} {number}", "", "| Time | Minutes | Session |", "| --- | ---: | --- |"]
            start = 9
            for slot in slots:
                label = f"[{_esc(slot.label)}](/modules/{slot.module.slug}/index.md)" if slot.module else slot.label
                lines.append(f"| {_clock(start, slot.start)}–{_clock(start, slot.start + slot.minutes)} | {slot.minutes} | {label} |")
            lines.append("")
    return "\n".join(lines)
