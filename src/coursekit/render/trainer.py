"""Trainer mode, the course side: per-module trainer pages, the whole-course print page, and
the half-day and full-day programmes. Everything here returns Markdown; nothing imports MkDocs."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from coursekit.i18n.catalogue import SOURCE, messages, page_language
from coursekit.i18n.keywords import keyword_pattern, keywords
from coursekit.model.course import Course, Module
from coursekit.model.pageinfo import Note, lines_outside_code
from coursekit.model.quiz import Bank, Item, display_order
from coursekit.model.session import Session
from coursekit.model.sitemap import GENERATED_PAGE as TRAINER_PAGE
from coursekit.model.sitemap import PRINT_URI as PRINT_PAGE
from coursekit.render.exercises import page_exercises
from coursekit.render.module_page import _esc, decorate

if TYPE_CHECKING:
    from coursekit.model.project import Page, Project

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
    page = content_page(module, project)
    return page.body if page is not None else ""


def content_page(module: Module, project: Project) -> Page | None:
    """The module page as this view's readers read it: in a language's view, its translation where
    there is one (the Spanish trainer notes, model answers and course book), else the English page."""
    return project.page(project.translated.get(module.index, module.index))


def in_english(module: Module, project: Project, lang: str) -> bool:
    """Is the module's text shown in English on a translated site (no translation yet)?"""
    return lang != SOURCE and module.index not in project.translated


def session_of(module: Module, project: Project) -> Session | None:
    return project.session(module)


def _poll_ids(session: Session | None) -> list[str]:
    if session is None:
        return []
    return [m[5:] for seg in session.segments for m in seg.materials if m.startswith("quiz:")]


def _question_label(bank: Bank, item_id: str, lang: str = SOURCE) -> str:
    """'Question 6: What should a cluster do first?', numbered as on the module page."""
    for number, item in enumerate(bank.items, 1):
        if item.id == item_id:
            return messages(lang).t("quiz.question_link", number=number, stem=_plain(item.stem))
    return item_id


def _plain(markdown_text: str, limit: int = 90) -> str:
    """The first line of a quiz stem as short plain text (no Markdown emphasis)."""
    line = markdown_text.strip().splitlines()[0] if markdown_text.strip() else ""
    line = re.sub(r"[*_`]+", "", line)
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + " …"


def _material(material: str, bank: Bank | None, titles: dict[str, str] | None = None, lang: str = SOURCE) -> str:
    if material.startswith("quiz:"):
        item_id = material[5:]
        if bank and bank.item(item_id):
            return f"{_esc(messages(lang).t('trainer.poll'))} [{_esc(_question_label(bank, item_id, lang))}](index.md#q-{item_id})"
        return _esc(material)
    target = material.partition("#")[0]
    if target.endswith((".md", ".ipynb")) and "://" not in material:
        label = (titles or {}).get(material) or material
        return f"[{_esc(label)}]({material})"
    return _esc(material)


def exercise_re(lang: str = SOURCE) -> re.Pattern[str]:
    """An exercise block's first line ('/// admonition | Exercise: ...'), with the page language's keyword."""
    return re.compile(rf"^/{{3,}}\s*admonition\s*\|\s*({keyword_pattern('content.exercise', lang)}.*?)\s*$")


def section_titles(module: Module, project: Project) -> dict[str, str]:
    """Labels for run-sheet materials: 'index.md#anchor' to the section or exercise title,
    'page.md' or 'notebook.ipynb' to the page title."""
    from coursekit.model.course import page_title

    shown = project.translated.get(module.index, module.index)  # the page in the project's language
    m = messages(page_language(shown))
    titles: dict[str, str] = {"index.md": m.t("trainer.module_page", title=module.title)}
    page = content_page(module, project)
    for heading in page.info.headings if page is not None else []:
        if heading.level in (2, 3) and heading.id:
            titles[f"index.md#{heading.id}"] = m.t("trainer.section", title=heading.text)
    for anchor, text in page_exercises(page, page_language(shown)):  # a translated exercise keeps its English anchor
        titles.setdefault(f"index.md#{anchor}", text)
    for other in module.pages:
        if other.name != "index.md":
            titles[other.name] = page_title(other, project.sources)
    return titles


def named_questions(text: str, bank: Bank | None, lang: str = SOURCE) -> str:
    """A run-sheet instruction with each quiz item id replaced by its question, as the trainer sees
    it on the page ("Run poll item mkt-funnel-order" becomes "Run poll “Question 1: ...”")."""
    if bank is None or not bank.items:
        return text
    ids = sorted((item.id for item in bank.items), key=len, reverse=True)
    alternation = "|".join(re.escape(i) for i in ids)
    text = re.sub(rf"\b(?:poll )?items? (?=(?:{alternation})\b)", lambda m: "poll " if m.group(0).startswith("poll") else "", text)
    return re.sub(rf"(?<![\w-])({alternation})(?![\w-])", lambda m: f"“{_question_label(bank, m.group(1), lang)}”", text)


def _session_links(module: Module, course: Course, lang: str = SOURCE) -> list[str]:
    """The links a trainer needs around the session; trainer-side.js shows them in the page's empty
    sidebar (without JavaScript they stay at the top of the page)."""
    m = messages(lang)
    guides = ((m.t("trainer.side_schedule"), "schedule.md"), (m.t("trainer.side_guide"), "trainer-guide.md"))
    return [
        f'<nav class="cq-trainer-side" aria-label="{html.escape(m.t("trainer.side_label"), quote=True)}" markdown>',
        "",
        f'<p class="cq-trainer-side__title">{html.escape(m.t("trainer.side_title", number=module.number))}</p>',
        "",
        f"- [{_esc(m.t('trainer.side_module_page'))}](index.md)",
        f"- [{_esc(m.t('trainer.side_present'))}](index.md?present)",
        f"- [{_esc(m.t('present.presenter_window'))}](index.md?presenter)",
        *[f"- [{_esc(title)}](../../{name})" for title, name in guides if (course.docs_dir / name).is_file()],
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


def trainer_page(module: Module, course: Course, project: Project, lang: str = "") -> str:
    """The trainer page of one module: run sheet, polls and every trainer note, in page order, with
    its headings and notes in ``lang`` (by default the module page's language)."""
    lang = lang or page_language(module.index)
    m = messages(lang)
    session = session_of(module, project)
    bank = project.bank(module.slug)
    titles = section_titles(module, project)
    # Out of the learners' search index; never presented (see trainer-slides.js).
    lines = ["---", "search:", "  exclude: true", "---", ""]
    lines += [f"# {_esc(m.t('trainer.page_title', number=module.number, title=module.title))}", ""]
    data = html.escape(json.dumps({"segments": runsheet_data(session)}, ensure_ascii=False), quote=True)
    lines += [f'<div class="cq-private" data-cq-no-present data-cq-runsheet="{data}" hidden></div>', ""]
    # Material puts the contents toggle in the nav entry of the page; this page has none (not in the nav).
    lines += ['<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">', ""]
    lines += [m.t("trainer.page_intro", number=module.number), ""]
    lines += _session_links(module, course, lang)
    lines += [f"## {m.t('trainer.run_sheet')}", ""]
    if session is None or not session.segments:
        lines += [m.t("trainer.no_run_sheet"), ""]
    else:
        lines += [m.t("trainer.session_length", count=session.length), ""]
        # Narrow time columns, wide instruction columns (course.css and print.css size them).
        lines += ['<div class="cq-runsheet" markdown>', ""]
        columns = ("start", "minutes", "segment", "trainer", "participants", "materials")
        lines += ["| " + " | ".join(_cell(m.t(f"trainer.col_{c}")) for c in columns) + " |", "| --- | --- | --- | --- | --- | --- |"]
        start = 0
        for seg in session.segments:
            materials = ", ".join(_material(x, bank, titles, lang) for x in seg.materials)
            trainer = _cell(named_questions(seg.trainer, bank, lang))
            lines.append(
                f"| {start // 60}:{start % 60:02d} | {seg.minutes} | {_cell(seg.title)} | {trainer} | {_cell(seg.participants)} | {materials} |"
            )
            start += seg.minutes
        lines += ["", "</div>", ""]
    polls = [bank.item(i) for i in _poll_ids(session)] if bank else []
    if bank and any(polls):
        lines += [f"## {m.t('trainer.polls')}", "", m.t("trainer.polls_intro", button=m.t("view.show_as_poll")), ""]
        for item in polls:
            if item is not None:
                lines += [f"### [{_esc(_question_label(bank, item.id, lang))}](index.md#q-{item.id})", ""]
                lines += ["```text", poll_text(item, lang), "```", ""]
    page = content_page(module, project)
    notes = page.info.notes if page is not None else []
    # A module not translated yet: its notes and model answers are the English page's, marked as English.
    english = in_english(module, project, lang)
    opening, closing = ([f'<div lang="{SOURCE}" data-cq-fallback="{SOURCE}" markdown>', ""], ["</div>", ""]) if english else ([], [])
    lines += [f"## {m.t('trainer.notes')}", ""]
    if not notes:
        lines += [m.t("trainer.no_notes"), ""]
    current = None
    lines += opening if notes else []
    for note in notes:
        if note.section != current:
            current = note.section
            lines += [f"### {_esc(note.section) or _esc(m.t('trainer.before_first_section'))}", ""]
        lines += [note.markdown, ""]
    lines += closing if notes else []
    answers = model_answers(page.body if page is not None else "", lang)
    lines += [f"## {m.t('trainer.model_answers')}", ""]
    if not answers:
        lines += [m.t("trainer.no_model_answers"), ""]
    lines += opening if answers else []
    for answer in answers:
        lines += [f"### {_esc(answer.section)}", "", answer.markdown, ""]
    lines += closing if answers else []
    lines += answer_key(bank, lang)
    return "\n".join(lines)


@dataclass(frozen=True)
class Answer:
    section: str  # the exercise (or heading) the model answer belongs to
    markdown: str


SECTION_RE = re.compile(r"^(#{2,3})\s+(.*?)\s*$")
HEADING_ID_RE = re.compile(r"^(#{2,6}\s.*?)\s*\{\s*#[A-Za-z0-9_:.-]+\s*\}[ \t]*$", re.MULTILINE)
"""A heading with an explicit anchor: '## Fuentes {#sources}'."""
DETAILS_RE = re.compile(r"^(/{3,})\s*details\s*\|\s*(.*?)\s*$")
OPTION_LINE_RE = re.compile(r"^ {4}[a-z_]+:")


def model_answers(body: str, lang: str = SOURCE) -> list[Answer]:
    """The `/// details | Model answer` blocks of a page (or 'Solution', an answer block: the
    keywords in the page's language), with the exercise each belongs to."""
    exercise_line = exercise_re(lang)
    out: list[Answer] = []
    lines = body.splitlines()
    outside = {n for n, _ in lines_outside_code(body, drop_inline_code=False)}
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if index + 1 in outside:
            heading = SECTION_RE.match(line)
            exercise = exercise_line.match(line)
            if heading:
                section = heading.group(2)
            elif exercise:
                section = exercise.group(1)
            details = DETAILS_RE.match(line)
            if details and _is_answer(details.group(2), lang):
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


def _is_answer(title: str, lang: str) -> bool:
    words = (*keywords("content.model_answer", lang), *keywords("content.solution", lang))
    return any(w.casefold() in title.casefold() for w in words) or "answer" in title.lower()


LETTERS = "ABCDEFGHIJ"


def poll_text(item: Item, lang: str = SOURCE) -> str:
    """A quiz item as plain text for a webinar tool's poll editor: the question and its options."""
    lines = [re.sub(r"\*\*|__|`", "", " ".join(item.stem.split()))]
    if item.type == "multiple":
        lines.append(messages(lang).t("poll.select_all_text"))
    lines += [f"{LETTERS[i]}. {' '.join(o.text.split())}" for i, o in enumerate(display_order(item))]
    return "\n".join(lines)


def answer_key(bank: Bank | None, lang: str = SOURCE) -> list[str]:
    """The quiz answer key: every question with its correct options and the explanation."""
    m = messages(lang)
    lines = [f"## {m.t('trainer.answer_key')}", ""]
    if bank is None or not bank.items:
        return [*lines, m.t("trainer.no_quiz"), ""]
    head = (m.t("trainer.col_question"), m.t("trainer.col_correct"), m.t("trainer.col_why"))
    lines += ["| " + " | ".join(_cell(h) for h in head) + " |", "| --- | --- | --- |"]
    for number, item in enumerate(bank.items, 1):
        right = "; ".join(f"{LETTERS[i]}. {_cell(o.text)}" for i, o in enumerate(display_order(item)) if o.correct)
        why = _cell(" ".join((item.explanation or next((o.feedback for o in item.options if o.correct), "")).split()))
        lines.append(f"| {number}. {_cell(_plain(item.stem, 120))} | {right} | {why} |")
    lines.append("")
    lines += [m.t("trainer.letters_note"), ""]
    return lines


def _cell(text: str) -> str:
    return _esc(text).replace("|", "\\|")


def print_page(course: Course, include_drafts: bool = False, *, project: Project, lang: str = SOURCE) -> str:
    """One printable page with every module: overview, teaching, exercises and key points.

    Each module sits in a ``data-cq-base`` block: the course extension points its relative links
    at the module's folder (modules/print/ is at the same depth)."""
    from markdown.extensions.toc import slugify

    m = messages(lang)
    modules = course.visible_modules(include_drafts)
    parts = [
        '<div class="cq-cover" markdown="1">',
        "",
        f"# {_esc(m.t('print.title', title=course.title))}",
        "",
        m.t("print.modules", count=len(modules)),
        "",
        m.t("print.book"),
        "",
        # For the reader of the page on screen only: the printed book does not tell how to print itself.
        f'<p class="cq-web-only">{m.markup("print.web_how", command=Markup("<em>%s</em>") % m.t("print.command"))}</p>',
        "",
        "</div>",
        "",
        f'<nav class="cq-toc" aria-label="{html.escape(m.t("print.contents"))}" markdown="1">',
        "",
        f"**{_esc(m.t('print.contents'))}**",
        "",
    ]
    parts += [f"- [{m.number}\\. {_esc(m.title)}](#{slugify(m.title, '-')})" for m in modules]
    parts += ["", "</nav>", ""]
    for module in modules:
        page = content_page(module, project)
        english = ' lang="en"' if in_english(module, project, lang) else ""  # a module not translated yet prints in English
        body = page.body if page is not None else ""
        if page is not None and page.path != module.index:
            # A translation gives its headings the English anchors ({#sources}); on one page with every
            # module they would repeat (the English headings get numbered ones: sources, sources_1).
            body = HEADING_ID_RE.sub(r"\1", body)
        parts.append(
            f'<div class="cq-print-module" data-cq-base="../{module.slug}/"{english} markdown="1">\n\n'
            f"{decorate(body, module, course, page, lang)}\n\n</div>\n"
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
            current.append(Slot(clock, pause, "Lunch" if pause == 60 else "Break"))  # schedule.lunch / schedule.break in a page
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


def schedule_markdown(course: Course, include_drafts: bool = False, *, project: Project, lang: str = SOURCE) -> str:
    """The schedule page body: module times and a half-day and a full-day programme."""
    m = messages(lang)
    modules = course.visible_modules(include_drafts)
    head = [m.t(f"schedule.col_{c}") for c in ("module", "teaching", "exercises", "quiz", "live", "pack")]
    lines = ["| " + " | ".join(_cell(h) for h in head) + " |", "| --- | ---: | ---: | ---: | ---: | --- |"]

    def minutes(value: int) -> str:
        return _cell(m.t("time.minutes", minutes=value))

    live_total = 0
    for module in modules:
        session = session_of(module, project)
        live = session.length if session and session.segments else module.minutes
        live_total += live
        lines.append(
            f"| [{module.number}. {_esc(module.title)}](/modules/{module.slug}/index.md) | {minutes(module.teaching)} | {minutes(module.exercises)} | {minutes(module.quiz)} | {minutes(live)} "
            f"| [{_esc(m.t('schedule.pack_link', number=module.number))}](/modules/{module.slug}/{TRAINER_PAGE}) |"
        )
    teaching = sum(x.teaching for x in modules)
    exercises = sum(x.exercises for x in modules)
    quiz = sum(x.quiz for x in modules)
    whole = _cell(m.t("map.whole_course"))
    lines.append(
        f"| **{whole}** | **{minutes(teaching)}** | **{minutes(exercises)}** | **{minutes(quiz)}** | **{minutes(live_total)}** | |"
    )
    lines.append("")
    plans = (("half_day", 210, None), ("full_day", 480, 180))
    for plan, block, lunch in plans:
        blocks = programme(course, block, lunch_after=lunch, include_drafts=include_drafts, project=project)
        lines += [f"## {_esc(m.t(f'schedule.{plan}'))}", ""]
        lines += [m.t(f"schedule.{plan}_intro", count=len(blocks)), ""]
        for number, slots in enumerate(blocks, 1):
            head = [m.t("schedule.col_time"), m.t("trainer.col_minutes"), m.t("schedule.col_session")]
            lines += [
                f"### {_esc(m.t(f'schedule.{plan}_unit', number=number))}",
                "",
                "| " + " | ".join(_cell(h) for h in head) + " |",
                "| --- | ---: | --- |",
            ]
            start = 9
            for slot in slots:
                label = (
                    f"[{_esc(slot.label)}](/modules/{slot.module.slug}/index.md)"
                    if slot.module
                    else _cell(m.t(f"schedule.{slot.label.lower()}"))
                )
                lines.append(f"| {_clock(start, slot.start)}–{_clock(start, slot.start + slot.minutes)} | {slot.minutes} | {label} |")
            lines.append("")
    return "\n".join(lines)
