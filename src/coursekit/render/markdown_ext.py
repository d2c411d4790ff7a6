"""Python-Markdown extension for course pages (no MkDocs import, so it also works under Zensical).

Blocks (pymdownx.blocks syntax):

* ``/// quiz | bank-id`` with an optional ``items: id1 id2`` option: a quiz rendered from the YAML bank;
* ``/// trainer``: trainer-only notes, hidden in the learner view;
* ``/// slide``: an explicit slide break for the presentation view;
* ``/// schedule``: module times with a half-day and a full-day programme;
* ``/// progress``: the learner's progress table (filled in by the browser);
* ``/// course-map``: the modules with their times and the total;
* ``/// glossary``: the glossary page from docs/glossary.yml.
* ``/// offline``: the home page's offline-copy box (left out when the site has no offline copy).

It also gives every abbreviation in the glossary a hover definition (with the ``abbr`` extension).
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_string

from coursekit.model.sitemap import SCHEME_RE
from coursekit.render.exercises import element_title, exercise_id, is_exercise
from coursekit.render.hovers import definition_line
from coursekit.render.quizhtml import quiz_parts

if TYPE_CHECKING:
    from coursekit.model.course import Course
    from coursekit.model.project import Project

# A logger under "mkdocs." so that `mkdocs build --strict` counts these warnings.
log = logging.getLogger("mkdocs.coursekit")


class _RawBlock(Block):
    """A block whose own content is ignored: it makes one element (``TAG`` with ``ATTRS``) and
    fills it in ``fill``."""

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {}

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, self.TAG, dict(self.ATTRS))

    def on_end(self, block: etree.Element) -> None:
        block.text = None
        self.fill(block)

    def fill(self, block: etree.Element) -> None:
        """Put the block's content into ``block`` (nothing by default)."""


class _CourseBlock(_RawBlock):
    def project(self) -> Project:
        """The live project (handed over by the plugin, or loaded once by this extension)."""
        return self.config["project"]()  # type: ignore[no-any-return]

    @property
    def recording(self) -> bool:
        return self.config["recorder"] is not None

    def stash(self, element: etree.Element, html: str) -> None:
        element.text = self.md.htmlStash.store(html)


class QuizBlock(_CourseBlock):
    NAME = "quiz"
    ARGUMENT = True
    OPTIONS: ClassVar[dict[str, list[Any]]] = {"items": ["", type_string]}

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-block"}

    def fill(self, block: etree.Element) -> None:
        if self.recording:
            return  # recorded by pageparse; nothing to render
        bank_id = (self.argument or "").strip()
        project = self.project()
        bank = project.bank(bank_id) if bank_id else None
        if bank is None:
            log.warning("quiz block: no readable quiz bank 'quizzes/%s.yml'; run `course validate` for details", bank_id)
            block.text = AtomicString(f"(Quiz '{bank_id}' is missing.)")
            return
        wanted = self.options["items"].split()
        missing = [i for i in wanted if bank.item(i) is None]
        if missing:
            log.warning("quiz block: items %s are not in quizzes/%s.yml", ", ".join(missing), bank_id)
        module = project.course.module(bank_id)
        label = f"Quiz: {module.title}" if module and module.title else f"Quiz: {bank_id}"
        parts = quiz_parts(bank, wanted or None, label)
        course = project.course
        attrs = {**parts.attrs, "data-cq-module": bank_id, "data-cq-mastery": str(course.mastery)}
        section = etree.SubElement(block, "section", attrs)
        self.stash(section, parts.intro_html)
        items = etree.SubElement(section, "ol", {"class": "cq-items"})
        for attrs, inner in parts.items:
            self.stash(etree.SubElement(items, "li", attrs), inner)
        _next_module_link(section, course, bank_id, bool(self.config["include_drafts"]))


def _next_module_link(section: etree.Element, course: Course, slug: str, include_drafts: bool) -> None:
    """'Next module: ...' at the end of a module's quiz (the quiz summary repeats it)."""
    modules = course.visible_modules(include_drafts)
    index = next((n for n, m in enumerate(modules) if m.slug == slug), None)
    if index is None or index + 1 >= len(modules):
        return
    following = modules[index + 1]
    para = etree.SubElement(section, "p", {"class": "cq-quiz__next"})
    para.text = "Next module: "
    link = etree.SubElement(para, "a", {"href": f"/modules/{following.slug}/index.md"})
    link.text = AtomicString(f"{following.number}. {following.title}")


class TrainerBlock(Block):
    NAME = "trainer"
    ARGUMENT = None

    def on_create(self, parent: etree.Element) -> etree.Element:
        if self.config.get("recorder") is not None:
            return etree.SubElement(parent, "aside", {"class": "cq-trainer"})
        aside = etree.SubElement(parent, "aside", {"class": "cq-trainer", "aria-label": "Trainer note"})
        title = etree.SubElement(aside, "p", {"class": "cq-trainer__title"})
        title.text = "Trainer note"
        return aside


class SlideBlock(_RawBlock):
    """`/// slide`: an explicit slide break for the presentation view (invisible when reading)."""

    NAME = "slide"
    ARGUMENT = None

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-slide-break", "aria-hidden": "true"}


class ProgressBlock(_CourseBlock):
    NAME = "progress"
    ARGUMENT = None

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-progress", "data-cq-progress": ""}

    def fill(self, block: etree.Element) -> None:
        if self.recording:
            return
        project = self.project()
        course = project.course
        note = etree.SubElement(block, "p", {"class": "cq-progress__note", "data-cq-progress-note": ""})
        note.text = "Your progress is read from this browser's storage. It needs JavaScript, and it is not sent anywhere."
        table = etree.SubElement(block, "table", {"class": "cq-progress__table"})
        caption = etree.SubElement(table, "caption")
        caption.text = "Reading, first-attempt quiz score, mastery and exercises for each module"
        head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        for label in ("Module", "Read", "Quiz score (first attempt)", "Mastered", "Exercises done", "Status"):
            etree.SubElement(head, "th", {"scope": "col"}).text = label
        body = etree.SubElement(table, "tbody")
        for module in course.visible_modules(bool(self.config["include_drafts"])):
            bank = project.bank(module.slug)
            ids = " ".join(i.id for i in bank.items) if bank else ""
            row = etree.SubElement(
                body, "tr", {"data-cq-module": module.slug, "data-cq-items": ids, "data-cq-mastery": str(course.mastery)}
            )
            cell = etree.SubElement(row, "th", {"scope": "row"})
            link = etree.SubElement(cell, "a", {"href": f"/modules/{module.slug}/index.md"})
            link.text = AtomicString(f"{module.number}. {module.title}")
            etree.SubElement(row, "td", {"data-cq-read": ""}).text = "–"
            etree.SubElement(row, "td", {"data-cq-score": ""}).text = "–" if ids else "No quiz"
            etree.SubElement(row, "td", {"data-cq-mastered": ""}).text = "–"
            etree.SubElement(row, "td", {"data-cq-exercises": ""}).text = "–"
            etree.SubElement(row, "td", {"data-cq-status": ""}).text = "Not started"


class CourseMapBlock(_CourseBlock):
    NAME = "course-map"
    ARGUMENT = None

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-course-map"}

    def fill(self, block: etree.Element) -> None:
        if self.recording:
            return
        course = self.project().course
        modules = course.visible_modules(bool(self.config["include_drafts"]))
        table = etree.SubElement(block, "table")
        caption = etree.SubElement(table, "caption")
        caption.text = "Course map: modules in order, with planned minutes"
        head = etree.SubElement(etree.SubElement(table, "thead"), "tr")
        for label in ("Module", "What you will be able to do", "Teaching", "Exercises", "Total"):
            etree.SubElement(head, "th", {"scope": "col"}).text = label
        body = etree.SubElement(table, "tbody")
        for module in modules:
            row = etree.SubElement(body, "tr", {"data-cq-module": module.slug})
            cell = etree.SubElement(row, "th", {"scope": "row"})
            link = etree.SubElement(cell, "a", {"href": f"/modules/{module.slug}/index.md"})
            link.text = AtomicString(f"{module.number}. {module.title}")
            if module.draft:
                link.tail = " (draft)"
            etree.SubElement(row, "td").text = AtomicString(module.summary)
            etree.SubElement(row, "td").text = _minutes(module.teaching)
            etree.SubElement(row, "td").text = _minutes(module.exercises)
            etree.SubElement(row, "td").text = _minutes(module.minutes)
        foot = etree.SubElement(etree.SubElement(table, "tfoot"), "tr")
        etree.SubElement(foot, "th", {"scope": "row", "colspan": "2"}).text = "Whole course"
        etree.SubElement(foot, "td").text = _minutes(sum(m.teaching for m in modules))
        etree.SubElement(foot, "td").text = _minutes(sum(m.exercises for m in modules))
        etree.SubElement(foot, "td").text = _hours(sum(m.minutes for m in modules))


def _minutes(value: int) -> str:
    return f"{value} min"


def _hours(value: int) -> str:
    hours, minutes = divmod(value, 60)
    return f"{value} min ({hours} h {minutes:02d})" if hours else f"{value} min"


class GlossaryBlock(_CourseBlock):
    NAME = "glossary"
    ARGUMENT = None

    TAG = "dl"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-glossary"}

    def fill(self, block: etree.Element) -> None:
        if self.recording:
            return
        for term in self.project().glossary:
            dt = etree.SubElement(block, "dt", {"id": term.anchor})
            dt.text = AtomicString(term.term + (f" ({term.abbr})" if term.abbr else ""))
            dd = etree.SubElement(block, "dd")
            dd.text = AtomicString(term.definition + (" " if term.source else ""))
            if term.source:
                link = etree.SubElement(dd, "a", {"href": term.source})
                link.text = "Source"


UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


class ScheduleBlock(_CourseBlock):
    """The course schedule: module times and the half-day and full-day programmes."""

    NAME = "schedule"
    ARGUMENT = None

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {"class": "cq-schedule"}

    def fill(self, block: etree.Element) -> None:
        from coursekit.render.trainer import schedule_markdown

        if self.recording:
            return
        project = self.project()
        # The schedule is Markdown made from course data (escaped); parse it into this block.
        self.md.parser.parseChunk(block, schedule_markdown(project.course, bool(self.config["include_drafts"]), project=project))


class _UnsafeUrlTreeprocessor(Treeprocessor):
    """Turn links and images whose URL would run code (javascript:, vbscript:, data: links) into
    plain text on every page. (MkDocs expects every <a> and <img> to keep its URL, so the element
    becomes a <span> instead of losing the attribute.)"""

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            attr = {"a": "href", "img": "src"}.get(str(element.tag))
            value = element.get(attr) if attr else None
            if value is None:
                continue
            squashed = "".join(value.split()).lower()
            if squashed.startswith(UNSAFE_SCHEMES) and not (element.tag == "img" and squashed.startswith("data:image/")):
                alt = element.get("alt", "")
                element.attrib.clear()
                element.tag = "span"
                if alt and not element.text:
                    element.text = alt


class _NotebookLinkTreeprocessor(Treeprocessor):
    """Links to a notebook ('scoring.ipynb') point at its page ('scoring.md'), for an engine that
    gets notebooks as rendered pages (Zensical; see coursekit.outputs.compile)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href") or ""
            path, hash_, anchor = href.partition("#")
            if path.endswith(".ipynb") and not SCHEME_RE.match(path) and element.get("download") is None:
                element.set("href", path[: -len(".ipynb")] + ".md" + hash_ + anchor)


class _PrintBaseTreeprocessor(Treeprocessor):
    """Inside a ``data-cq-base="../slug/"`` block (the print page), point relative links and images
    at the module's folder, as they were written for the module's own page."""

    def run(self, root: etree.Element) -> None:
        for block in list(root.iter()):
            base = block.get("data-cq-base")
            if base is None:
                continue
            del block.attrib["data-cq-base"]
            for element in block.iter():
                attr = {"a": "href", "img": "src"}.get(str(element.tag))
                target = element.get(attr) if attr else None
                if attr is None or not target or SCHEME_RE.match(target) or target.startswith(("/", "../")):
                    continue
                if "footnote" in (element.get("class") or ""):
                    continue  # footnote links stay on the print page
                element.set(attr, f"{base}index.md{target}" if target.startswith("#") else base + target)


class _ExerciseAnchorTreeprocessor(Treeprocessor):
    """Give each exercise block ('/// admonition | Exercise: ...') an id made from its title, as a
    heading would get, so run sheets and other pages can link to it; it is also the workbook's key
    (the same rule as the course data: coursekit.render.exercises)."""

    def run(self, root: etree.Element) -> None:
        used = {el.get("id") for el in root.iter() if el.get("id")}
        for element in root.iter("div"):
            if "admonition" not in (element.get("class") or "").split() or element.get("id"):
                continue
            title = element.find("p")
            text = element_title(title, self.md) if title is not None and "admonition-title" in (title.get("class") or "") else ""
            if is_exercise(text):
                anchor = exercise_id(text)
                element.set("data-cq-exercise", anchor)
                if anchor not in used:
                    element.set("id", anchor)
                    used.add(anchor)


class _FirstAbbreviationTreeprocessor(Treeprocessor):
    """Keep the definition on the first occurrence of each abbreviation in each section (from one
    h2 heading to the next; WCAG 3.1.4), so that a learner who jumps to a section finds it there;
    later occurrences in the section stay <abbr> without repeating a long title. An abbreviation
    inside a heading never carries it (the heading is a link target, not a place to read a definition).
    One that keeps it is a focusable ``cq-term`` (docs/assets/glossary.js shows the definition on
    hover, focus and tap), marked here so that a page's script does no work on terms at load."""

    SECTION = ("h1", "h2")

    def run(self, root: etree.Element) -> None:
        seen: set[str] = set()
        in_heading: set[etree.Element] = set()
        in_link = {abbr for link in root.iter("a") for abbr in link.iter("abbr")}  # a link is focusable already
        for element in root.iter():
            if element.tag in self.SECTION:
                seen = set()
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                in_heading.update(element.iter("abbr"))
            if element.tag != "abbr":
                continue
            key = element.text or ""
            if key in seen or element in in_heading:
                element.attrib.pop("title", None)
            else:
                seen.add(key)
                if element.get("title") and element not in in_link:
                    element.set("class", "cq-term")
                    element.set("tabindex", "0")


class _TaskListTreeprocessor(Treeprocessor):
    """Checklist boxes (pymdownx.tasklist) are disabled, unlabelled inputs: printed-checklist
    decoration. Hide them from assistive technology; the item's text carries the meaning.

    pymdownx.tasklist stores the box as raw HTML in the stash, so the stored fragment is edited.
    """

    PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")

    def run(self, root: etree.Element) -> None:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for item in root.iter("li"):
            if "task-list-item" not in (item.get("class") or ""):
                continue
            texts = [item.text or ""] + [child.text or "" for child in item[:1]]
            for match in self.PLACEHOLDER.finditer("".join(texts)):
                index = int(match.group(1))
                raw = blocks[index] if index < len(blocks) else None
                if isinstance(raw, str) and "<input" in raw:
                    blocks[index] = raw.replace('<input type="checkbox" ', '<input type="checkbox" aria-hidden="true" ', 1)


class _AbbreviationsPreprocessor(Preprocessor):
    def __init__(self, md: markdown.Markdown, project: Callable[[], Project]) -> None:
        super().__init__(md)
        self.project = project

    def run(self, lines: list[str]) -> list[str]:
        terms = self.project().glossary
        extra = [definition_line(t) for t in terms if t.abbr]
        return lines + [""] + extra if extra else lines


class CourseExtension(BlocksExtension):
    """The course's Markdown extension.

    Its ``project`` option takes the live :class:`~coursekit.model.project.Project` (the MkDocs plugin
    hands it over, as mkdocstrings hands its extension live handlers). Without one (Zensical, or a
    plain ``markdown.Markdown``), the extension loads the project at ``root`` once, when a page
    first needs it. With ``recorder``, it records a page's structure instead of rendering
    (see :mod:`coursekit.render.pageparse`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.config = {
            "project": ["", "the live course project (coursekit.model.project.Project)"],
            "root": [".", "the course folder, when no live project is given"],
            "include_drafts": [False, "show draft modules in course maps and progress tables"],
            "abbreviations": [True, "give glossary abbreviations hover definitions"],
            "notebook_pages": [False, "links to .ipynb files point at their rendered .md pages (Zensical)"],
            "recorder": ["", "record the page's structure instead of rendering it (coursekit.render.pageparse.Recorder)"],
            "offline": [True, "the site has an offline copy: place the `/// offline` box (false: leave it out)"],
        }
        super().__init__(*args, **kwargs)
        self._loaded: Project | None = None

    def project(self) -> Project:
        # (Option defaults are "", not None: Python-Markdown turns None-defaulted options into booleans.)
        live = self.getConfig("project")
        if live:
            return live  # type: ignore[no-any-return]
        if self._loaded is None:  # run by another engine (Zensical), which can hand over no live object
            from coursekit.model.project import Project
            from coursekit.render.pageparse import PageParser

            self._loaded = Project.load(Path(self.getConfig("root") or ".").resolve(), parser=PageParser())
        return self._loaded

    def extendMarkdownBlocks(self, md: markdown.Markdown, block_mgr: Any) -> None:
        config = self.getConfigs()
        recorder = config["recorder"] or None
        block_config = {"project": self.project, "include_drafts": config["include_drafts"], "recorder": recorder}
        for block in (QuizBlock, ProgressBlock, CourseMapBlock, GlossaryBlock, ScheduleBlock):
            block_mgr.register(block, block_config)
        from coursekit.render.learner_blocks import (
            BLOCKS as LEARNER_BLOCKS,  # review, my-study, workbook, certificate
        )

        for learner_block in LEARNER_BLOCKS:
            block_mgr.register(learner_block, block_config)
        block_mgr.register(TrainerBlock, {"recorder": recorder})
        from coursekit.render.worksheets import (
            register as register_worksheets,  # `/// worksheet | name`, `/// template | id`
        )

        register_worksheets(block_mgr, block_config)
        from coursekit.render.offline_box import register as register_offline  # `/// offline`

        register_offline(block_mgr, bool(config["offline"]))
        block_mgr.register(SlideBlock, {})
        # After pymdownx.tasklist's own treeprocessor (priority 25).
        md.treeprocessors.register(_TaskListTreeprocessor(md), "coursekit_tasklist", 1)
        md.treeprocessors.register(_FirstAbbreviationTreeprocessor(md), "coursekit_first_abbr", 3)  # after abbr (7)
        md.treeprocessors.register(_UnsafeUrlTreeprocessor(md), "coursekit_unsafe_urls", 0)
        # Before the toc adds heading permalinks (priority 5), which stay on the print page.
        md.treeprocessors.register(_PrintBaseTreeprocessor(md), "coursekit_print_base", 5.5)
        # Before MkDocs collects the page's anchors (priority 5), after the blocks are built.
        md.treeprocessors.register(_ExerciseAnchorTreeprocessor(md), "coursekit_exercise_anchors", 6)
        if config["notebook_pages"]:
            md.treeprocessors.register(_NotebookLinkTreeprocessor(md), "coursekit_notebook_links", 4)
        if recorder is not None:
            from coursekit.render.pageparse import register

            register(md, recorder, block_mgr)
            return
        if config["abbreviations"]:
            if "abbr" not in md.treeprocessors and "abbr" not in md.parser.blockprocessors:
                md.registerExtensions(["abbr"], {})
            # Before normalize_whitespace (30) and the block parser.
            md.preprocessors.register(_AbbreviationsPreprocessor(md, self.project), "coursekit_abbr", 35)


def makeExtension(**kwargs: Any) -> CourseExtension:
    return CourseExtension(**kwargs)
