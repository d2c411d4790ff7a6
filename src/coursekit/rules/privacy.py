"""The privacy promise: the site makes no request to any other website, and runs only its own scripts.

A page may *link* to another site (the learner chooses to follow it), but nothing in a page may
*load* from one when the page opens: no image, frame, video, audio, script, stylesheet, object or
CSS ``url()`` whose address has another origin (``https://...``, ``//host/...``). And content holds
no raw ``<script>``: the course's behaviour lives in ``docs/assets/`` as ES modules.

Markdown images are read from the page's parse; raw HTML is read from the page's text outside code
(fenced blocks, inline code and HTML comments are not published as HTML). Notebook outputs are
checked by the notebook rules; quiz banks and the glossary never publish raw HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from coursekit.model.diagnostics import Report
from coursekit.model.pageinfo import INLINE_CODE_RE, fenced_code_lines
from coursekit.model.sitemap import SCHEME_RE

if TYPE_CHECKING:
    from coursekit.model.project import Page, Project

# The attributes through which each HTML element loads something when the page opens.
LOADING_ATTRS: dict[str, tuple[str, ...]] = {
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "script": ("src",),
    "link": ("href",),
    "object": ("data",),
    "embed": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=...> values that only name a relation and load nothing.
NAMING_RELS = {"canonical", "alternate", "author", "license", "help", "next", "prev", "me", "bookmark", "external"}
TAG_RE = re.compile(r"""<([a-zA-Z][a-zA-Z0-9:-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>""")
ATTR_RE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
CSS_URL_RE = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""", re.IGNORECASE)
STYLE_BLOCK_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
WHY = "the course promises that its pages make no request to any other website (the learner's visit would be seen there)"
FIX = "save the file in the module folder (or docs/assets/) and point to it by its relative path, or make it a plain link"


def is_remote(url: str) -> bool:
    """True when loading ``url`` would ask another origin (or run script): any scheme but data:,
    and protocol-relative addresses. Browsers drop tabs and newlines inside a URL, so this does too."""
    value = re.sub(r"[\t\n\r ]", "", html.unescape(url)).lower()
    if value.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    return bool(SCHEME_RE.match(value)) and not value.startswith(("data:", "blob:"))


def _blank(match: re.Match[str]) -> str:
    """The matched text with every character but newlines made a space (offsets and lines stay)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def published_html(text: str) -> str:
    """``text`` with fenced code, inline code and HTML comments blanked out, same length and lines."""
    lines = text.split("\n")
    code = fenced_code_lines(lines)
    kept = ["" if n in code else INLINE_CODE_RE.sub(_blank, line) for n, line in enumerate(lines, 1)]
    return COMMENT_RE.sub(_blank, "\n".join(kept))


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None) for m in ATTR_RE.finditer(raw)}


def _urls(attribute: str, value: str) -> list[str]:
    if attribute == "srcset":
        return [part.split()[0] for part in value.split(",") if part.split()]
    return [value]


def _css_urls(css: str) -> Iterator[tuple[int, str]]:
    """(offset in ``css``, address) of each url() and @import in CSS."""
    for match in CSS_URL_RE.finditer(css):
        yield match.start(), html.unescape(match.group(1) or match.group(2))


def problems(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line in ``text``, message) for each raw script and each load from another origin
    in the raw HTML of ``text``."""
    shown = published_html(text)

    def line_of(offset: int) -> int:
        return shown.count("\n", 0, offset) + 1

    for match in TAG_RE.finditer(shown):
        tag, attrs = match.group(1).lower(), _attrs(match.group(2))
        line = line_of(match.start())
        if tag == "script":
            source = attrs.get("src", "")
            loads = f" and loads '{source}' from another website" if source and is_remote(source) else ""
            message = (
                f"a raw <script> in content{loads}: pages run only the course's own scripts (docs/assets/), so that nothing "
                "injected runs and no other website is asked; remove the script, or ask a developer for a course feature"
            )
            yield line, message
            continue
        if tag == "link" and set(attrs.get("rel", "").lower().split()) <= NAMING_RELS and attrs.get("rel"):
            continue
        for attribute in LOADING_ATTRS.get(tag, ()):
            for url in _urls(attribute, attrs.get(attribute, "")):
                if is_remote(url):
                    yield line, f'<{tag} {attribute}="{url}"> loads from another website; {WHY}: {FIX}'
        for _offset, url in _css_urls(attrs.get("style", "")):
            if is_remote(url):
                yield line, f"the style attribute of <{tag}> loads '{url}' from another website; {WHY}: {FIX}"
    for match in STYLE_BLOCK_RE.finditer(shown):
        for offset, url in _css_urls(match.group(1)):
            if is_remote(url):
                yield line_of(match.start(1) + offset), f"a <style> block loads '{url}' from another website; {WHY}: {FIX}"


def image_message(target: str) -> str:
    return (
        f"the image '{target}' is loaded from another website; {WHY}: download it (if its licence allows), save it in "
        "the module folder and write its file name, e.g. ![what it shows](photo.jpg); or make it a plain link"
    )


def _pages(project: Project) -> Iterator[Page]:
    """Every Markdown page of the course, each followed by its translations (every language's site is published)."""
    for english in project.pages():
        yield english
        for _lang, path in project.translations_of(english.path):
            page = project.page(path)  # reading problems are reported once, by the project
            if page is not None:
                yield page


def check_all(project: Project, report: Report) -> None:
    for page in _pages(project):
        for link in page.info.links:
            if link.image and is_remote(link.target):
                report.add(page.path, page.line(link.line), image_message(link.target), rule="privacy-embed")
        for line, message in problems(page.body):
            rule = "privacy-script" if message.startswith("a raw <script>") else "privacy-embed"
            report.add(page.path, page.line(line), message, rule=rule)
    for module in project.course.modules:
        notebooks = [path for path in module.pages if path.suffix == ".ipynb"]
        for path in [*notebooks, *(t for n in notebooks for _lang, t in project.translations_of(n))]:
            data = project.notebook(path)
            cells = data.get("cells") if data is not None else None
            for number, cell in enumerate(cells if isinstance(cells, list) else [], 1):
                if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
                    continue
                source = cell.get("source", "")
                text = "".join(source) if isinstance(source, list) else str(source)
                found = [
                    (m.group(1), image_message(m.group(1))) for m in MD_IMAGE_RE.finditer(published_html(text)) if is_remote(m.group(1))
                ]
                found += [("", message) for _line, message in problems(text)]
                for _target, message in found:
                    rule = "privacy-script" if message.startswith("a raw <script>") else "privacy-embed"
                    report.add(path, 0, f"Markdown cell {number}: {message}", rule=rule)
