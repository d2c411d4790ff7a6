"""Trainer mode, the course side: per-module trainer pages, the whole-course print page, and
the half-day and full-day programmes. Everything here returns Markdown; nothing imports MkDocs."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coursekit.model.course import Course, Module
from coursekit.model.pageinfo import Note, lines_outside_code
from coursekit.model.quiz import Bank, Item, display_order
from coursekit.model.session import Session
from coursekit.model.sitemap import GENERATED_PAGE as TRAINER_PAGE
from coursekit.model.sitemap import PRINT_URI as PRINT_PAGE
from coursekit.render.exercises import exercise_id, plain_title
from coursekit.render.module_page import _esc, decorate

if TYPE_CHECKING:
    from coursekit.model.project import Project

__all__ = [
    "PRINT_PAGE",
    "TRAINER_PAGE",
    "Answer",
    "Note",
    "model_answers",
    "poll_text",
    "print_page",
    "programme",
    "runsheet_data",
    "schedule_markdown",
    "trainer_page",
]


def module_body(module: Module, project: Project) -> str:
    page = project.page(module.index)
    return page.body if page is not None else ""


def session_of(module: Module, project: Project) -> Session | None:
    return project.session(module)


def _poll_ids(session: Session | None) -> list[str]:
    if session is None:
        return []
    return [m[5:] for seg in session.segments for m in seg.materials if m.startswith("quiz:")]


def _question_label(bank: Bank, item_id: str) -> str:
    """'Question 6: What should a cluster do first?', numbered as on the module page."""
    for number, item in enumerate(bank.items, 1):
        if item.id == item_id:
            return f"Question {number}: {_plain(item.stem)}"
    return item_id


def _plain(markdown_text: str, limit: int = 90) -> str:
    """The first line of a quiz stem as short plain text (no Markdown emphasis)."""
    line = markdown_text.strip().splitlines()[0] if markdown_text.strip() else ""
    line = re.sub(r"[*_`]+", "", line)
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + " …"


def _material(material: str, bank: Bank | None, titles: dict[str, str] | None = None) -> str:
    if material.startswith("quiz:"):
        item_id = material[5:]
        if bank and bank.item(item_id):
            return f"poll [{_esc(_question_label(bank, item_id))}](index.md#q-{item_id})"
        return _esc(material)
    target = material.partition("#")[0]
    if target.endswith((".md", ".ipynb")) and "://" not in material:
        label = (titles or {}).get(material) or material
        return f"[{_esc(label)}]({material})"
    return _esc(material)


EXERCISE_RE = re.compile(r"^/{3,}\s*admonition\s*\|\s*(Exercise.*?)\s*$")


def section_titles(module: Module, project: Project) -> dict[str, str]:
    """Labels for run-sheet materials: 'index.md#anchor' to the section or exercise title,
    'page.md' or 'notebook.ipynb' to the page title."""
    from coursekit.model.course import page_title

    titles: dict[str, str] = {"index.md": f"Module page: {module.title}"}
    page = project.page(module.index)
    for heading in page.info.headings if page is not None else []:
        if heading.level in (2, 3) and heading.id:
            titles[f"index.md#{heading.id}"] = f"Section: {heading.text}"
    for _, line in lines_outside_code(module_body(module, project), drop_inline_code=False):
        exercise = EXERCISE_RE.match(line)
        if exercise:
            text = plain_title(exercise.group(1))
            titles.setdefault(f"index.md#{exercise_id(text)}", text)
    for other in module.pages:
        if other.name != "index.md":
            titles[other.name] = page_title(other, project.sources)
    return titles


def named_questions(text: str, bank: Bank | None) -> str:
    """A run-sheet instruction with each quiz item id replaced by its question, as the trainer sees
    it on the page ("Run poll item mkt-funnel-order" becomes "Run poll “Question 1: ...”")."""
    if bank is None or not bank.items:
        return text
    ids = sorted((item.id for item in bank.items), key=len, reverse=True)
    alternation = "|".join(re.escape(i) for i in ids)
    text = re.sub(rf"\b(?:poll )?items? (?=(?:{alternation})\b)", lambda m: "poll " if m.group(0).startswith("poll") else "", text)
    return re.sub(rf"(?<![\w-])({alternation})(?![\w-])", lambda m: f"“{_question_label(bank, m.group(1))}”", text)


def _session_links(module: Module, course: Course) -> list[str]:
    """The links a trainer needs around the session; trainer-side.js shows them in the page's empty
    sidebar (without JavaScript they stay at the top of the page)."""
    guides = (("Schedule of all sessions", "schedule.md"), ("Trainer guide", "trainer-guide.md"))
    return [
        '<nav class="cq-trainer-side" aria-label="This session" markdown>',
        "",
        f'<p class="cq-trainer-side__title">Module {module.number}: this session</p>',
        "",
        "- [Module page](index.md)",
        "- [Present the module](index.md?present)",
        "- [Presenter window](index.md?presenter)",
        *[f"- [{title}](../../{name})" for title, name in guides if (course.docs_dir / name).is_file()],
        "",
        "</nav>",
        "",
    ]


def runsheet_data(session: Session | None) -> list[dict[str, object]]:
    """The run sheet for the presenter window: start, minutes, title and the anchors it covers."""
    out: list[dict[str, object]] = []
    start = 0
    for seg in session.segments if session else []:
        anchors: list[str] = []
        for material in seg.materials:
            if material.startswith("quiz:"):
                anchors += [material, f"q-{material[5:]}"]
            elif "#" in material:
                anchors.append(material.split("#", 1)[1])
        out.append({"start": start, "minutes": seg.minutes, "title": seg.title, "anchors": anchors})
        start += seg.minutes
    return out


def trainer_page(module: Module, course: Course, project: Project) -> str:
    """The trainer page of one module: run sheet, polls and every trainer note, in page order."""
    session = session_of(module, project)
    bank = project.bank(module.slug)
    titles = section_titles(module, project)
    # Out of the learners' search index; never presented (see trainer-slides.js).
    lines = ["---", "search:", "  exclude: true", "---", ""]
    lines += [f"# Trainer notes: {module.number}. {_esc(module.title)}", ""]
    data = html.escape(json.dumps({"segments": runsheet_data(session)}, ensure_ascii=False), quote=True)
    lines += [f'<div class="cq-private" data-cq-no-present data-cq-runsheet="{data}" hidden></div>', ""]
    # Material puts the contents toggle in the nav entry of the page; this page has none (not in the nav).
    lines += ['<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">', ""]
    lines += [
        (
            f"For the live session of [module {module.number}](index.md): the trainer pack with the run sheet, the polls, "
            "your notes, the model answers and the quiz answer key. Learners do not see this page; "
            "it is not in the site's search or navigation."
        ),
        "",
    ]
    lines += _session_links(module, course)
    lines += ["## Run sheet", ""]
    if session is None or not session.segments:
        lines += ["This module has no run sheet yet (`session.yml`).", ""]
    else:
        lines += [f"A session of **{session.length} minutes**.", ""]
        # Narrow time columns, wide instruction columns (course.css and print.css size them).
        lines += ['<div class="cq-runsheet" markdown>', ""]
        lines += ["| Start | Minutes | Segment | Trainer | Participants | Materials |", "| --- | --- | --- | --- | --- | --- |"]
        start = 0
        for seg in session.segments:
            materials = ", ".join(_material(m, bank, titles) for m in seg.materials)
            trainer = _cell(named_questions(seg.trainer, bank))
            lines.append(
                f"| {start // 60}:{start % 60:02d} | {seg.minutes} | {_cell(seg.title)} | {trainer} | {_cell(seg.participants)} | {materials} |"
            )
            start += seg.minutes
        lines += ["", "</div>", ""]
    polls = [bank.item(i) for i in _poll_ids(session)] if bank else []
    if bank and any(polls):
        lines += [
            "## Polls",
            "",
            (
                "Open the module page in the trainer view and select **Show as poll** on these questions, "
                "or paste the text into your webinar tool's poll editor:"
            ),
            "",
        ]
        for item in polls:
            if item is not None:
                lines += [f"### [{_esc(_question_label(bank, item.id))}](index.md#q-{item.id})", ""]
                lines += ["```text", poll_text(item), "```", ""]
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
    answers = model_answers(module_body(module, project))
    lines += ["## Model answers", ""]
    if not answers:
        lines += ["This module has no model answers.", ""]
    for answer in answers:
        lines += [f"### {_esc(answer.section)}", "", answer.markdown, ""]
    lines += answer_key(bank)
    return "\n".join(lines)


@dataclass(frozen=True)
class Answer:
    section: str  # the exercise (or heading) the model answer belongs to
    markdown: str


SECTION_RE = re.compile(r"^(#{2,3})\s+(.*?)\s*$")
DETAILS_RE = re.compile(r"^(/{3,})\s*details\s*\|\s*(.*?)\s*$")
OPTION_LINE_RE = re.compile(r"^ {4}[a-z_]+:")


def model_answers(body: str) -> list[Answer]:
    """The `/// details | Model answer` blocks of a page, with the exercise each belongs to."""
    out: list[Answer] = []
    lines = body.splitlines()
    outside = {n for n, _ in lines_outside_code(body, drop_inline_code=False)}
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if index + 1 in outside:
            heading = SECTION_RE.match(line)
            exercise = EXERCISE_RE.match(line)
            if heading:
                section = heading.group(2)
            elif exercise:
                section = exercise.group(1)
            details = DETAILS_RE.match(line)
            if details and "answer" in details.group(2).lower():
                fence = details.group(1)
                end = index + 1
                while end < len(lines) and OPTION_LINE_RE.match(lines[end]):
                    end += 1
                start = end
                while end < len(lines) and lines[end].strip() != fence:
                    end += 1
                out.append(Answer(section or details.group(2), "\n".join(lines[start:end]).strip()))
                index = end
        index += 1
    return out


LETTERS = "ABCDEFGHIJ"


def poll_text(item: Item) -> str:
    """A quiz item as plain text for a webinar tool's poll editor: the question and its options."""
    lines = [re.sub(r"\*\*|__|`", "", " ".join(item.stem.split()))]
    if item.type == "multiple":
        lines.append("(Select all that apply.)")
    lines += [f"{LETTERS[i]}. {' '.join(o.text.split())}" for i, o in enumerate(display_order(item))]
    return "\n".join(lines)


def answer_key(bank: Bank | None) -> list[str]:
    """The quiz answer key: every question with its correct options and the explanation."""
    lines = ["## Quiz answer key", ""]
    if bank is None or not bank.items:
        return [*lines, "This module has no quiz.", ""]
    lines += ["| Question | Correct answer | Why |", "| --- | --- | --- |"]
    for number, item in enumerate(bank.items, 1):
        right = "; ".join(f"{LETTERS[i]}. {_cell(o.text)}" for i, o in enumerate(display_order(item)) if o.correct)
        why = _cell(" ".join((item.explanation or next((o.feedback for o in item.options if o.correct), "")).split()))
        lines.append(f"| {number}. {_cell(_plain(item.stem, 120))} | {right} | {why} |")
    lines.append("")
    lines += ["Letters follow the order of polls, slides and printed handouts (a learner's own screen may shuffle them).", ""]
    return lines


def _cell(text: str) -> str:
    return _esc(text).replace("|", "\\|")


def print_page(course: Course, include_drafts: bool = False, *, project: Project) -> str:
    """One printable page with every module: overview, teaching, exercises and key points.

    Each module sits in a ``data-cq-base`` block: the course extension points its relative links
    at the module's folder (modules/print/ is at the same depth)."""
    from markdown.extensions.toc import slugify

    modules = course.visible_modules(include_drafts)
    parts = [
        '<div class="cq-cover" markdown="1">',
        "",
        f"# {_esc(course.title)}: the whole course",
        "",
        f"A course in {len(modules)} modules, for cluster managers and the export staff of their members.",
        "",
        "Every module in one book. Quizzes print blank; model answers are left out.",
        "",
        # For the reader of the page on screen only: the printed book does not tell how to print itself.
        '<p class="cq-web-only">To print this page or save it as PDF, use your browser\'s <em>Print</em> command.</p>',
        "",
        "</div>",
        "",
        '<nav class="cq-toc" aria-label="Contents" markdown="1">',
        "",
        "**Contents**",
        "",
    ]
    parts += [f"- [{m.number}\\. {_esc(m.title)}](#{slugify(m.title, '-')})" for m in modules]
    parts += ["", "</nav>", ""]
    for module in modules:
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
    *,
    project: Project,
) -> list[list[Slot]]:
    """Pack the modules' live sessions, in course order, into blocks of at most ``block_minutes``
    with a break between sessions; with ``lunch_after``, the first break after that many minutes
    is a one-hour lunch (or an earlier break, if the next session would end more than an hour
    after ``lunch_after``, so that no day runs on without lunch)."""
    blocks: list[list[Slot]] = []
    current: list[Slot] = []
    clock = 0
    lunch_taken = False
    for module in course.visible_modules(include_drafts):
        session = session_of(module, project)
        length = session.length if session and session.segments else module.minutes
        # Lunch at the first break after ``lunch_after`` minutes, or earlier if the next session
        # would otherwise run past lunch_after + 60 minutes with no lunch at all.
        lunch_due = lunch_after is not None and (clock >= lunch_after or clock + break_minutes + length > lunch_after + 60)
        pause = 60 if lunch_due and not lunch_taken else break_minutes
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


def schedule_markdown(course: Course, include_drafts: bool = False, *, project: Project) -> str:
    """The schedule page body: module times and a half-day and a full-day programme."""
    modules = course.visible_modules(include_drafts)
    lines = ["| Module | Teaching | Exercises | Quiz | Live session | Trainer pack |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    live_total = 0
    for module in modules:
        session = session_of(module, project)
        live = session.length if session and session.segments else module.minutes
        live_total += live
        lines.append(
            f"| [{module.number}. {_esc(module.title)}](/modules/{module.slug}/index.md) | {module.teaching} min | {module.exercises} min | {module.quiz} min | {live} min "
            f"| [Trainer notes {module.number}](/modules/{module.slug}/{TRAINER_PAGE}) |"
        )
    teaching = sum(m.teaching for m in modules)
    exercises = sum(m.exercises for m in modules)
    quiz = sum(m.quiz for m in modules)
    lines.append(f"| **Whole course** | **{teaching} min** | **{exercises} min** | **{quiz} min** | **{live_total} min** | |")
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
