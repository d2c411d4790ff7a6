"""What a page holds, read by the real Markdown parser: blocks, headings, anchors, links, trainer notes.

The course extension runs in *recording mode* (``CourseExtension(recorder=...)``): the same
Python-Markdown parse as the site, with the same block syntax, but instead of rendering quizzes it
notes what it met. The validator, the link checker and the trainer pages all read a page through
:func:`parse`, so none of them re-implements Markdown with regular expressions.

Python-Markdown does not track source lines. A recorded block, heading or link is located by
finding its own text in the page's lines, in document order (``_Locator``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor

from coursekit.model.pageinfo import BlockUse, Heading, Link, Note, PageInfo, RefusedHeader, fenced_code_lines
from coursekit.render import patches
from coursekit.render.headers import Refusal, watch

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HTML_ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")  # ids inside raw HTML blocks (HTML, not Markdown)
# The Markdown extensions of the site that change a page's structure (see mkdocs.yml).
RECORD_EXTENSIONS: list[str] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.blocks.admonition",
    "pymdownx.blocks.details",
    "pymdownx.details",
    "pymdownx.superfences",
]


class Recorder:
    """Collects what the course extension meets while a page is parsed (one page at a time)."""

    def __init__(self) -> None:
        self.info = PageInfo()
        self.opened: list[tuple[Any, str]] = []  # (pymdownx Block, name) in document order
        self.chunks: dict[int, list[str]] = {}  # id of a trainer <aside> -> the Markdown parsed into it
        self.refusals: list[Refusal] = []  # block headers pymdownx.blocks refused, in document order

    def reset(self) -> None:
        self.info = PageInfo()
        self.opened = []
        self.chunks = {}
        self.refusals = []

    def attach(self, md: markdown.Markdown, blocks: Any, arguments: dict[str, str] | None = None) -> None:
        """Hook this recorder into ``md`` (the course extension calls it in recording mode, so it
        needs no import of this module). ``arguments``: block name -> what its argument is (for hints)."""
        register(md, self, blocks, arguments)


class _Locator:
    """Finds recorded things in the source lines, in document order, skipping fenced code."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.code = fenced_code_lines(self.lines)
        self.cursor: dict[str, int] = {"block": 0, "heading": 0, "link": 0, "refused": 0}

    def find(self, kind: str, test: Callable[[str], bool]) -> int:
        start = self.cursor[kind]
        order: list[int] = [*range(start + 1, len(self.lines) + 1), *range(1, start + 1)]
        found = next((n for n in order if n not in self.code and test(self.lines[n - 1])), 0)
        if found:
            self.cursor[kind] = found
        return found


def _heading(level: int) -> Callable[[str], bool]:
    return lambda line: line.startswith("#" * level + " ")


def _contains(text: str) -> Callable[[str], bool]:
    return lambda line: text in line


def _block_header(name: str) -> Callable[[str], bool]:
    pattern = re.compile(r"^\s{0,3}/{3,}\s*" + re.escape(name) + r"\s*(\||$)", re.IGNORECASE)
    return lambda line: bool(pattern.match(line))


class _RecordTreeprocessor(Treeprocessor):
    """Runs after the toc has given headings their ids (priority 5) and before links are made safe."""

    def __init__(self, md: markdown.Markdown, recorder: Recorder, blocks: Any) -> None:
        super().__init__(md)
        self.recorder = recorder
        self.blocks = blocks

    def run(self, root: etree.Element) -> None:
        info = self.recorder.info
        open_blocks = {id(entry.block) for entry in self.blocks.stack}
        text = getattr(self.md, "coursekit_source", "")
        where = _Locator(text)
        for block, name in self.recorder.opened:
            info.blocks.append(
                BlockUse(
                    name,
                    str(block.argument or "").strip(),
                    dict(block.options),
                    where.find("block", _block_header(name)),
                    closed=id(block) not in open_blocks,
                )
            )
        seen: set[tuple[str, int]] = set()
        for refusal in self.recorder.refusals:
            line = where.find("refused", _contains(refusal.header))
            if (refusal.header, line) not in seen:  # (a chunk may be tested more than once)
                seen.add((refusal.header, line))
                info.refused.append(RefusedHeader(refusal.name, refusal.problem, line))
        section = ""
        for element in root.iter():
            tag = str(element.tag)
            ident = element.get("id")
            if ident:
                info.anchors.add(ident)
            if tag in HEADINGS:
                title = "".join(element.itertext()).strip()
                level = int(tag[1])
                line = where.find("heading", _heading(level))
                info.headings.append(Heading(level, title, ident or "", line))
                if level in (2, 3):
                    section = title
            elif tag == "aside" and "cq-trainer" in (element.get("class") or ""):
                note = "\n\n".join(self.recorder.chunks.get(id(element), [])).strip()
                info.notes.append(Note(section, note))
            elif tag in ("a", "img"):
                target = element.get("href" if tag == "a" else "src")
                if target and target in text:
                    line = where.find("link", _contains(target))
                    info.links.append(Link(target, tag == "img", line))
        for raw in self.md.htmlStash.rawHtmlBlocks:
            info.anchors.update(HTML_ID_RE.findall(str(raw)))


def register(md: markdown.Markdown, recorder: Recorder, blocks: Any, arguments: dict[str, str] | None = None) -> None:
    """Hook ``recorder`` into ``md`` (called by the course extension in recording mode)."""

    def opened(processor: Any) -> None:
        if processor.cached_block:
            block = processor.cached_block[0]
            recorder.opened.append((block, block.NAME))

    def chunk(text: str) -> None:
        # The Markdown a trainer block parses (its note, as written: for the trainer page).
        entry = blocks.working
        if entry is not None and entry.block.NAME == "trainer":
            recorder.chunks.setdefault(id(entry.el), []).append(text)

    patches.before_block_run(blocks, opened)
    patches.before_parse_chunk(md, chunk)
    watch(blocks, lambda refusal: recorder.refusals.append(refusal), arguments)  # (reset() makes a new list)
    md.treeprocessors.register(_RecordTreeprocessor(md, recorder, blocks), "coursekit_record", 0.5)


class PageParser:
    """One Markdown instance in recording mode, reused for every page of a project."""

    def __init__(self) -> None:
        from coursekit.render.markdown_ext import CourseExtension

        self.recorder = Recorder()
        self.md = markdown.Markdown(extensions=[*RECORD_EXTENSIONS, CourseExtension(recorder=self.recorder)])

    def parse(self, text: str) -> PageInfo:
        self.md.reset()
        self.recorder.reset()
        self.md.coursekit_source = text  # type: ignore[attr-defined]
        self.md.convert(text)
        return self.recorder.info
