"""An exercise's identity, computed once: the workbook key of an exercise block
('/// admonition | Exercise: ...') comes from the plain text of its title, whether the title is
read from the page's Markdown (the course data) or from the rendered page (the block's anchor)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from xml.etree import ElementTree as etree

import markdown
from markdown.extensions.toc import slugify

from coursekit.i18n.catalogue import SOURCE
from coursekit.i18n.keywords import keyword_match

if TYPE_CHECKING:
    from coursekit.model.project import Page

_TAG = re.compile(r"<[^>]+>")
_PLACEHOLDER = re.compile(re.escape(markdown.util.HTML_PLACEHOLDER).replace("%s", r"(\d+)"))


def _text_of_html(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def plain_title(markdown_title: str) -> str:
    """The text a reader sees of a title written in Markdown (code, links and emphasis unwrapped)."""
    return " ".join(_text_of_html(markdown.markdown(markdown_title.strip())).split())


def element_title(element: etree.Element, md: markdown.Markdown) -> str:
    """The text a reader sees of a rendered title element, with the Markdown stash's placeholders
    (inline code, raw HTML) put back as their text."""
    text = "".join(element.itertext())
    stash = md.htmlStash.rawHtmlBlocks

    def unstash(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return _text_of_html(str(stash[index])) if index < len(stash) else ""

    text = _PLACEHOLDER.sub(unstash, text)
    return " ".join(html.unescape(text).split())


def is_exercise(title: str, lang: str = SOURCE) -> bool:
    """Does the title start with the word that makes an admonition an exercise, in the page's
    language ('Exercise', 'Ejercicio', 'Exercice' ...: ``content.exercise``; English counts too)?"""
    return keyword_match(title, "content.exercise", lang)


def exercise_id(title: str) -> str:
    """The workbook key (and the block's anchor) of an exercise, from its plain title."""
    return slugify(title, "-")


def short_title(title: str) -> str:
    """The title without its 'Exercise:' label, capitalised, as the workbook lists it."""
    short = title.split(":", 1)[-1].strip() or title
    return short[:1].upper() + short[1:]


def page_exercises(page: Page | None, lang: str = SOURCE) -> list[tuple[str, str]]:
    """(anchor, title) of each exercise block of ``page`` ('/// admonition | Exercise: ...', the
    keyword in ``lang``), in page order, as the parser recorded them. A translated exercise keeps
    the English anchor its ``attrs: {id: ...}`` gives (the workbook's key, the run sheet's link)."""
    found: list[tuple[str, str]] = []
    for block in page.info.blocks if page is not None else []:
        title = plain_title(block.argument)
        if block.name != "admonition" or not is_exercise(title, lang):
            continue
        attrs = block.options.get("attrs")
        given = attrs.get("id") if isinstance(attrs, dict) else None
        anchor = given if isinstance(given, str) and given else exercise_id(title)
        if all(a != anchor for a, _ in found):
            found.append((anchor, title))
    return found
