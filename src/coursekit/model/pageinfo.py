"""What a page holds, as plain data: blocks, headings, anchors, links and trainer notes. The
page parser (coursekit.render.pageparse, the real Markdown path) fills it in; the project keeps
one per page version and the rules, outputs and trainer views read it. Also the line walk that
skips fenced code, which several rules share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class BlockUse:
    name: str
    argument: str
    options: dict[str, Any]
    line: int  # 1-based, in the text given to parse (0 when it cannot be located)
    closed: bool = True


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str
    line: int


@dataclass(frozen=True)
class Link:
    target: str
    image: bool
    line: int


@dataclass(frozen=True)
class Note:
    section: str  # the heading the note sits under ("" before the first heading)
    markdown: str


@dataclass(frozen=True)
class RefusedHeader:
    """A ``///`` header that made no block (its lines stay on the page as text)."""

    name: str
    problem: str  # what is wrong and how to fix it (coursekit.render.headers)
    line: int


@dataclass
class PageInfo:
    """The structure of one page's Markdown body."""

    blocks: list[BlockUse] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    refused: list[RefusedHeader] = field(default_factory=list)  # block headers pymdownx.blocks did not take

    @property
    def unclosed(self) -> list[BlockUse]:
        return [b for b in self.blocks if not b.closed]

    def quizzes(self) -> list[BlockUse]:
        return [b for b in self.blocks if b.name == "quiz"]


class Parser(Protocol):
    """What the project needs to read a page's structure (coursekit.render.pageparse.PageParser)."""

    def parse(self, body: str) -> PageInfo: ...


FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
INLINE_CODE_RE = re.compile(r"`+[^`]*`+")


def fenced_code_lines(lines: list[str]) -> set[int]:
    """The 1-based numbers of the lines in fenced code blocks, their fences included. A fence
    closes on a fence of the same character at least as long as the one that opened it."""
    code: set[int] = set()
    fence = ""
    for number, line in enumerate(lines, 1):
        match = FENCE_RE.match(line)
        if fence:
            code.add(number)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
        elif match:
            code.add(number)
            fence = match.group(1)
    return code


def lines_outside_code(text: str, drop_inline_code: bool = True) -> list[tuple[int, str]]:
    """(1-based line number, text) of each line of ``text`` outside fenced code blocks, with inline
    code removed unless ``drop_inline_code`` is False. The one walk of a page's lines for the rules
    and pages that read lines (the rest read the parse)."""
    lines = text.split("\n")
    code = fenced_code_lines(lines)
    return [(n, INLINE_CODE_RE.sub("", line) if drop_inline_code else line) for n, line in enumerate(lines, 1) if n not in code]
