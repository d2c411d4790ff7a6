"""Safe Markdown for quiz text: raw HTML is shown as text, URLs are limited to safe schemes,
and the result is passed through a whitelist sanitiser (nh3, the ammonia library) as well."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from coursekit.model.quiz import Item

SAFE_SCHEMES = {"http", "https", "mailto"}
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


BANK_LINK_SCHEMES = ("https://", "mailto:")
"""The only link targets quiz text may use (the renderer drops every other link)."""


IMAGE_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def has_scheme(target: str) -> bool:
    """True for 'https://...', 'data:...', 'javascript:...' and the like (not a file path)."""
    head = target.strip().split("/", 1)[0]
    return ":" in head or target.strip().startswith("//")


def image_file(item: Item, src: str) -> Path | None:
    """The image file that quiz text names: relative to the item's module folder, else to
    quizzes/ (the same places `course export` looks); None when there is no such image."""
    if not src or has_scheme(src):
        return None
    rel = unquote(src.split("#", 1)[0].split("?", 1)[0])
    quizzes = item.path.parent
    root = quizzes.parent.resolve()
    for base in (root / "modules" / item.bank, quizzes):
        candidate = (base / rel).resolve()
        if candidate.is_file() and candidate.suffix.lower() in IMAGE_TYPES and candidate.is_relative_to(root):
            return candidate
    return None


def bank_link_allowed(target: str) -> bool:
    """True when quiz text may link to ``target`` (shared with the renderer)."""
    return target.strip().lower().startswith(BANK_LINK_SCHEMES)


ImageSource = Callable[[str], "str | None"]
"""Maps an image path written in quiz text to the URL to show (None: show the alt text instead)."""


class _DropUnsafeUrls(Treeprocessor):
    """Quiz text appears on several pages and is never rewritten by MkDocs, so only full https
    (and mailto) links can work there: any other link becomes its plain text. An image keeps a
    relative path only (a file of the module; ``image_src`` may turn it into a URL that works on
    every page); any other image becomes its alt text. The validator reports both
    (see :mod:`coursekit.rules.rules_links`)."""

    image_src: ImageSource | None = None

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for element in list(parent):
                if element.tag == "a" and not bank_link_allowed(element.get("href", "")):
                    element.tag = "span"
                    element.attrib.clear()
                elif element.tag == "img":
                    src = element.get("src", "")
                    shown = None if not src or has_scheme(src) else (self.image_src(src) if self.image_src else src)
                    if shown is None:
                        _replace_with_text(parent, element, element.get("alt", ""))
                    else:
                        element.set("src", shown)


def _replace_with_text(parent: etree.Element, element: etree.Element, text: str) -> None:
    """Remove ``element`` from ``parent``, leaving ``text`` (and the element's tail) in its place."""
    index = list(parent).index(element)
    joined = text + (element.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + joined
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + joined
    parent.remove(element)


class NoRawHtml(Extension):
    """Treat raw HTML in Markdown as literal text."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DropUnsafeUrls(md), "drop_unsafe_urls", 0)


_local = threading.local()


def _md() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=[NoRawHtml(), "sane_lists", "tables"])
        _local.md = md
    return md


def render(text: str, image_src: ImageSource | None = None) -> str:
    """Markdown to sanitised HTML (block level)."""
    md = _md()
    md.reset()
    drop = md.treeprocessors["drop_unsafe_urls"]
    assert isinstance(drop, _DropUnsafeUrls)
    drop.image_src = image_src
    try:
        html = md.convert(text)
    finally:
        drop.image_src = None
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES | ({"data"} if image_src else set()),  # data: only for images the resolver made
        link_rel="noopener noreferrer",
    ).strip()


def render_inline(text: str, image_src: ImageSource | None = None) -> str:
    """Markdown to sanitised HTML without a wrapping paragraph (for option texts)."""
    html = render(text, image_src)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
