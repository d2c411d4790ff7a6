"""Python-Markdown extension for course pages (no MkDocs import, so it also works under Zensical).

Its blocks (pymdownx.blocks syntax: ``/// quiz | bank-id``, ``/// trainer``...) are the ones
declared in the block registry, each in its own module of :mod:`coursekit.render.blocks`; a block
header that makes no block is logged (or, while the page parser records, recorded) with its reason
(:mod:`coursekit.render.headers`). It also gives every abbreviation in the glossary a hover
definition (with the ``abbr`` extension), and makes links safe.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension

from coursekit.i18n.catalogue import SOURCE
from coursekit.model.sitemap import SCHEME_RE
from coursekit.render import blocks, headers
from coursekit.render.exercises import element_title, exercise_id, is_exercise
from coursekit.render.hovers import definition_line

if TYPE_CHECKING:
    from coursekit.model.project import Project

# A logger under "mkdocs." so that `mkdocs build --strict` counts these warnings.
log = logging.getLogger("mkdocs.coursekit")


UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def _refused(refusal: headers.Refusal) -> None:
    """A block header pymdownx.blocks did not take, on a page rendered without the page parser."""
    log.warning("%s: %s (its lines stay on the page as text); run `course validate` for the line", refusal.header, refusal.problem)


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
    (the same rule as the course data: coursekit.render.exercises). The word 'Exercise' is the
    page language's ``content.exercise`` keyword ('Exercice : ...' on a French page)."""

    def __init__(self, md: markdown.Markdown, lang: str) -> None:
        super().__init__(md)
        self.lang = lang

    def run(self, root: etree.Element) -> None:
        used = {el.get("id") for el in root.iter() if el.get("id")}
        for element in root.iter("div"):
            if "admonition" not in (element.get("class") or "").split():
                continue
            title = element.find("p")
            text = element_title(title, self.md) if title is not None and "admonition-title" in (title.get("class") or "") else ""
            if is_exercise(text, self.lang):
                # A translated exercise keeps the English one's identity with an explicit id
                # (`attrs: {id: exercise-...}`): the same workbook answer in every language.
                anchor = element.get("id") or exercise_id(text)
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
            "include_drafts": [False, "show draft modules in course maps and progress tables"],
            "abbreviations": [True, "give glossary abbreviations hover definitions"],
            "notebook_pages": [False, "links to .ipynb files point at their rendered .md pages (Zensical)"],
            "recorder": ["", "record the page's structure instead of rendering it (coursekit.render.pageparse.Recorder)"],
            "offline": [True, "the site has an offline copy: place the `/// offline` box (false: leave it out)"],
            "lang": [SOURCE, "the page's language: its interface strings and content keywords (coursekit.i18n)"],
        }
        super().__init__(*args, **kwargs)

    def project(self) -> Project:
        # (Option defaults are "", not None: Python-Markdown turns None-defaulted options into booleans.)
        live = self.getConfig("project")
        if not live:
            raise ValueError(
                "the course extension needs the course project: build with `course build` (the MkDocs plugin hands it over), "
                "or name the extension `coursekit.app` with a `root` option (it opens the project there)"
            )
        return live  # type: ignore[no-any-return]

    def extendMarkdownBlocks(self, md: markdown.Markdown, block_mgr: Any) -> None:
        config = self.getConfigs()
        recorder = config["recorder"] or None
        block_config = {
            "project": self.project,
            "include_drafts": bool(config["include_drafts"]),
            "recorder": recorder,
            "offline": bool(config["offline"]),
            "lang": str(config["lang"] or SOURCE),
        }
        specs = blocks.registered()  # every declared block (coursekit.render.blocks)
        for spec in specs.values():
            block_mgr.register(spec.cls, block_config)
        arguments = {name: spec.argument for name, spec in specs.items() if spec.argument}
        # After pymdownx.tasklist's own treeprocessor (priority 25).
        md.treeprocessors.register(_TaskListTreeprocessor(md), "coursekit_tasklist", 1)
        md.treeprocessors.register(_FirstAbbreviationTreeprocessor(md), "coursekit_first_abbr", 3)  # after abbr (7)
        md.treeprocessors.register(_UnsafeUrlTreeprocessor(md), "coursekit_unsafe_urls", 0)
        # Before the toc adds heading permalinks (priority 5), which stay on the print page.
        md.treeprocessors.register(_PrintBaseTreeprocessor(md), "coursekit_print_base", 5.5)
        # Before MkDocs collects the page's anchors (priority 5), after the blocks are built.
        md.treeprocessors.register(_ExerciseAnchorTreeprocessor(md, str(config["lang"] or SOURCE)), "coursekit_exercise_anchors", 6)
        if config["notebook_pages"]:
            md.treeprocessors.register(_NotebookLinkTreeprocessor(md), "coursekit_notebook_links", 4)
        if recorder is not None:
            recorder.attach(md, block_mgr, arguments)  # the page parser's hooks (coursekit.render.pageparse.Recorder)
            return
        headers.watch(block_mgr, _refused, arguments)
        if config["abbreviations"]:
            if "abbr" not in md.treeprocessors and "abbr" not in md.parser.blockprocessors:
                md.registerExtensions(["abbr"], {})
            # Before normalize_whitespace (30) and the block parser.
            md.preprocessors.register(_AbbreviationsPreprocessor(md, self.project), "coursekit_abbr", 35)


def makeExtension(**kwargs: Any) -> CourseExtension:
    return CourseExtension(**kwargs)
