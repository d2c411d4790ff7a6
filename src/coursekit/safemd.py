"""Safe Markdown for quiz text: raw HTML is shown as text, URLs are limited to safe schemes,
and the result is passed through a whitelist sanitiser (nh3, the ammonia library) as well."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"http", "https", "mailto"}
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "i", "img", "kbd", "li", "ol", "p",
    "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}


class _DropUnsafeUrls(Treeprocessor):
    """Quiz text appears on several pages and is never rewritten by MkDocs, so only full https
    (and mailto) links can work there: any other link becomes its plain text, and an image its
    alt text (the validator reports both; see :mod:`coursekit.rules_links`)."""

    def run(self, root: etree.Element) -> None:
        from .rules_links import bank_link_allowed

        for parent in list(root.iter()):
            for element in list(parent):
                if element.tag == "a" and not bank_link_allowed(element.get("href", "")):
                    element.tag = "span"
                    element.attrib.clear()
                elif element.tag == "img":
                    _replace_with_text(parent, element, element.get("alt", ""))


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


def render(text: str) -> str:
    """Markdown to sanitised HTML (block level)."""
    md = _md()
    md.reset()
    html = md.convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def render_inline(text: str) -> str:
    """Markdown to sanitised HTML without a wrapping paragraph (for option texts)."""
    html = render(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
