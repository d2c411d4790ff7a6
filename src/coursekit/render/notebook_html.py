"""Tidy the HTML that mkdocs-jupyter produces for a notebook page.

mkdocs-jupyter writes about 0.6 MB of JupyterLab CSS inline into every notebook page, an empty
MathJax ``<script src="">`` and a module script that would import Mermaid from a CDN. This
module drops all three: the course's own stylesheet lays out the static cells in a few rules
(docs/assets/course.css), so a notebook page weighs about what a Markdown page does.
Only the page's ``<article>`` is touched.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

STYLE_RE = re.compile(r"<style\b[^>]*>.*?</style>\s*", re.DOTALL | re.IGNORECASE)
EMPTY_SCRIPT_RE = re.compile(r"<script src=\"\">\s*</script>\s*", re.IGNORECASE)
MATHJAX_CONFIG_RE = re.compile(r"<script type=\"text/x-mathjax-config\">.*?</script>\s*", re.DOTALL | re.IGNORECASE)
MODULE_SCRIPT_RE = re.compile(r"<script type=\"module\">(.*?)</script>\s*", re.DOTALL | re.IGNORECASE)
CLIPBOARD_TEXT_RE = re.compile(r"<div class=\"clipboard-copy-txt\"[^>]*>.*?</div>\s*", re.DOTALL)
CLIPBOARD_BUTTON_RE = re.compile(r"<div class=\"zeroclipboard-container\">\s*<clipboard-copy\b.*?</clipboard-copy>\s*</div>\s*", re.DOTALL)
INLINE_SCRIPT_RE = re.compile(r"<script>(.*?)</script>\s*", re.DOTALL)
TABLE_BORDER_RE = re.compile(r"<table border=\"1\" class=\"dataframe\"", re.IGNORECASE)


def clean(html: str) -> str:
    """Return the page without JupyterLab's inline styles, its copy button and third-party scripts."""
    start = html.find("<article")
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return html
    head, body, tail = html[:start], html[start:end], html[end:]
    body = STYLE_RE.sub("", body)
    body = EMPTY_SCRIPT_RE.sub("", body)
    body = MATHJAX_CONFIG_RE.sub("", body)
    body = MODULE_SCRIPT_RE.sub(lambda m: "" if "https://" in m.group(1) else m.group(0), body)
    body = TABLE_BORDER_RE.sub('<table class="dataframe"', body)
    # Jupyter's copy-to-clipboard button: a hidden copy of every cell's source, a custom element
    # and a 4 KB script per page. Readers copy from the code itself or download the notebook.
    body = CLIPBOARD_TEXT_RE.sub("", body)
    body = CLIPBOARD_BUTTON_RE.sub("", body)
    # Its two inline scripts go with it (the element and the listener that shows "Copied"): a script
    # on the notebook pages only would also need its own hash in every page's policy, since
    # Material's instant navigation runs it under the policy of the page the learner came from.
    body = INLINE_SCRIPT_RE.sub(
        lambda m: "" if "ClipboardCopyElement" in m.group(1) or "clipboard-copy" in m.group(1) else m.group(0), body
    )
    return head + body + tail


HREF_MD_RE = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|/|#)([^"#?]+\.md)(#[^"]*)?"', re.IGNORECASE)


def rewrite_md_links(html: str, src_uri: str, url_of: Callable[[str], str | None]) -> str:
    """Point a notebook's links to Markdown pages ('index.md') at the pages' URLs.

    mkdocs-jupyter leaves them as they are, so they would not resolve in the site.
    """

    def swap(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), match.group(1)))
        url = url_of(target)
        return f'href="{url}{match.group(2) or ""}"' if url is not None else match.group(0)

    return HREF_MD_RE.sub(swap, html)
