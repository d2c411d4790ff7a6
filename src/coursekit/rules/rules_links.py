"""Links and images inside quiz banks and the glossary, checked like page links.

Quiz text (stems, options, feedback, explanations) is rendered into several pages at different
depths (the module page, the print page, the trainer's poll), and its HTML is stored as-is, so
MkDocs never rewrites a relative link in it. A link in a bank is therefore valid only when it is
a full ``https://`` address (or ``mailto:``); the renderer (:mod:`coursekit.render.safemd`) shows any
other link as plain text. An image in a bank names a file of its module folder (or of quizzes/):
the site embeds it in the page (so it shows at every depth) and `course export` attaches it.

Glossary definitions are shown as plain text (and as hover titles), so a Markdown link in one
would appear as ``[text](url)``: the address belongs under ``source:``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from coursekit.model.course import Course, read_text
from coursekit.model.diagnostics import Report
from coursekit.model.glossary import Term
from coursekit.model.languages import translation
from coursekit.model.quiz import Bank, Item, load_bank
from coursekit.model.sources import Sources
from coursekit.model.yamlsafe import MAX_BYTES
from coursekit.render.safemd import NoRawHtml, bank_link_allowed, has_scheme, image_file

TextOf = Callable[[Path, str, int], str | None]
"""Reads a source file's text (path, what it is, size limit); None when it cannot be read, which
the loaders have reported already. A project passes its own reader, so no file is read twice."""

EMPTY_TARGET_RE = re.compile(r"(!?)\[([^\[\]]*)\]\(\s*\)")


def _fields(item: Item) -> Iterator[tuple[str, str, int]]:
    """(label, Markdown text, line where the field starts) for each text field of an item."""
    yield "the stem", item.stem, item.key_lines.get("stem", item.line)
    for number, option in enumerate(item.options, 1):
        yield f"option {number}", option.text, option.line
        yield f"the feedback of option {number}", option.feedback, option.line
    if item.explanation:
        yield "the explanation", item.explanation, item.key_lines.get("explanation", item.line)


def _line_of(lines: list[str], start: int, needle: str) -> int:
    """The first line at or after ``start`` (1-based) that holds ``needle``, else ``start``."""
    for number in range(max(start, 1), len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return start


class _Collect(Treeprocessor):
    """Records the target of every link and image, after inline parsing and before the renderer's
    own check (priority 0) changes them."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[str, bool]] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                self.found.append((element.get("href", ""), False))
            elif element.tag == "img":
                self.found.append((element.get("src", ""), True))


class _Links(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Collect(md), "coursekit_collect_links", 1)


_md: markdown.Markdown | None = None


def link_targets(text: str) -> list[tuple[str, bool]]:
    """(target, is_image) for each link and image in quiz text, read by the same Markdown
    parser and settings that render it (raw HTML is text there, so it holds no links)."""
    global _md
    if _md is None:
        _md = markdown.Markdown(extensions=[NoRawHtml(), "sane_lists", "tables", _Links()])
    _md.reset()
    collect = _md.treeprocessors["coursekit_collect_links"]
    assert isinstance(collect, _Collect)
    collect.found = []
    _md.convert(text)
    return list(collect.found)


def problems_in(text: str, item: Item) -> list[tuple[str, str]]:
    """(needle to locate it, message) for each link or image in quiz text that the site cannot show."""
    found: list[tuple[str, str]] = []
    for target, image in link_targets(text):
        if not target.strip():
            kind = "image" if image else "link"
            match = EMPTY_TARGET_RE.search(text)
            shown = match.group(0) if match else "[...]()"
            found.append((shown, f"the {kind} '{shown}' has no target; put the full https:// address between the brackets, or remove it"))
        elif image and has_scheme(target):
            found.append(
                (
                    target,
                    (
                        f"the image '{target}' is not a file of the course, and the site never loads images from other "
                        f"sites; put the file in modules/{item.bank}/ and write its name, e.g. ![what it shows](diagram.svg)"
                    ),
                )
            )
        elif image and image_file(item, target) is None:
            found.append(
                (
                    target,
                    f"the image '{target}' was not found in modules/{item.bank}/ or quizzes/; fix the path (it is relative to the module folder)",
                )
            )
        elif image:
            continue  # a file of the module: the site embeds it, the Moodle export attaches it
        elif target.lower().startswith("http://"):
            found.append((target, f"the link '{target}' uses plain http; use https"))
        elif not bank_link_allowed(target):
            found.append(
                (
                    target,
                    (
                        f"the link '{target}' is not a full https:// address; quiz text appears on several pages, so a "
                        "relative link would break: write the page's full https:// address"
                    ),
                )
            )
    return found


def _silent_reader(root: Path) -> TextOf:
    return lambda path, what, limit: read_text(path, what, Report(root), limit)


def check_banks(banks: list[Bank], report: Report, text_of: TextOf | None = None) -> None:
    text_of = text_of or _silent_reader(report.root)
    for bank in banks:
        content = text_of(bank.path, "the quiz bank", MAX_BYTES)
        lines = content.splitlines() if content is not None else []
        for item in bank.items:
            for label, text, start in _fields(item):
                for needle, message in problems_in(text, item):
                    report.add(bank.path, _line_of(lines, start, needle), f"item '{item.id}', {label}: {message}", rule="bank-link")


def translated_banks(course: Course, banks: list[Bank], sources: Sources | None = None) -> list[Bank]:
    """The translations of ``banks`` (quizzes/01-x.es.yml), each item known by its English bank, so that its
    images are looked for in the same module folder. Their reading problems are the translation check's."""
    out = []
    for bank in banks:
        for lang in course.translated_languages:
            path = translation(bank.path, lang)
            loaded = load_bank(path, Report(course.root), sources) if path.is_file() else None
            if loaded is not None:
                out.append(replace(loaded, id=bank.id, items=[replace(item, bank=bank.id) for item in loaded.items]))
    return out


def check_glossary(course: Course, report: Report, terms: list[Term] | None = None, text_of: TextOf | None = None) -> None:
    from coursekit.model import glossary

    path: Path = glossary.path_of(course.root)
    if not path.is_file():
        return
    content = (text_of or _silent_reader(report.root))(path, "the glossary", MAX_BYTES)
    lines = content.splitlines() if content is not None else []
    if terms is None:
        terms = glossary.load(path, Report(course.root))  # its own problems are reported by glossary.check
    for term in terms:
        for target, image in link_targets(term.definition):
            kind = "image" if image else "link"
            report.add(
                path,
                _line_of(lines, term.line, target) if target else term.line,
                f"the definition of '{term.term}' contains the {kind} '{target}', which the glossary shows as plain "
                "Markdown text; remove it from the definition and put the https address under 'source:'",
                rule="glossary-link",
            )


def check_all(
    course: Course,
    banks: list[Bank],
    report: Report,
    *,
    terms: list[Term] | None = None,
    text_of: TextOf | None = None,
    sources: Sources | None = None,
) -> None:
    check_banks([*banks, *translated_banks(course, banks, sources)], report, text_of)  # every language's site shows its bank
    check_glossary(course, report, terms, text_of)
