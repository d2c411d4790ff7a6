"""Safe Markdown for quiz text: raw HTML is shown as text, URLs are limited to safe schemes,
and the result is passed through a whitelist sanitiser (nh3, the ammonia library) as well."""

from __future__ import annotations

import threading

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
    def run(self, root):  # type: ignore[no-untyped-def]
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is None:
                    continue
                scheme = value.split(":", 1)[0].strip().lower() if ":" in value.split("/", 1)[0] else ""
                if scheme and scheme not in SAFE_SCHEMES:
                    del element.attrib[attr]


class NoRawHtml(Extension):
    """Treat raw HTML in Markdown as literal text."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown API name
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
