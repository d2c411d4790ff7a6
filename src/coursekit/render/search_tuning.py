"""A leaner, learner-first search index (Material's search plugin reads what this module marks).

* The whole-course print page, the review page and each module's trainer notes page are left out of
  the index (they repeat the modules and their quizzes, and trainer notes are not for learners), and
  so are the trainer and editor guides: the index is for learners, and every byte of it is loaded on
  a learner's first visit.
* A page's Sources section (the reference list under its "Sources" heading) is skipped: a learner
  searches the course's ideas, not its bibliography, and the list is a tenth of the index.
* Inside pages, trainer notes, quiz items and notebook code cells are marked
  ``data-search-exclude``: Material's indexer skips them, then strips the attribute from the page.
  (Its parser tells elements apart by tag name only, so a skipped element must not contain another
  element with the same tag: a notebook code cell, a ``div`` full of ``div``s, becomes a ``figure``.)
* Module pages rank above notebook pages (``search.boost`` in the page's metadata).
"""

from __future__ import annotations

import json
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify

from coursekit.i18n.catalogue import SOURCE, page_language
from coursekit.i18n.keywords import keywords
from coursekit.model.sitemap import GENERATED_PAGE, PRINT_URI

REVIEW_PAGE = "review.md"  # the spaced-review page repeats every quiz item of the course
STAFF_PAGES = ("trainer-guide.md", "editor-guide.md")  # for trainers and editors, who find them in the nav
MODULE_BOOST = 2.0
NOTEBOOK_BOOST = 0.5

_MODULE_PAGE = re.compile(r"^modules/[^/]+/index\.md$")
# The elements a learner never needs to find: trainer notes, quiz answer lists, notebook code cells
# (their input and output: the Markdown cells around them explain what the code does).
_SKIPPED = re.compile(r'<(aside|details|ol)( [^>]*?)?class="(cq-trainer|cq-answer|cq-items)([" ])')
_CODE_CELL = '<div class="jp-Cell jp-CodeCell'
_DIV = re.compile(r"<div\b|</div>")


def excluded(src_uri: str) -> bool:
    """Whether the page is left out of the search index altogether."""
    return src_uri in (PRINT_URI, REVIEW_PAGE, *STAFF_PAGES) or src_uri.endswith("/" + GENERATED_PAGE)


def boost(src_uri: str) -> float | None:
    if src_uri.endswith(".ipynb"):
        return NOTEBOOK_BOOST
    if _MODULE_PAGE.match(src_uri):
        return MODULE_BOOST
    return None


def tune(html: str, src_uri: str, meta: MutableMapping[str, Any]) -> str:
    """Set the page's search metadata and mark the parts the index skips; returns the page HTML."""
    search = meta.get("search")
    search = dict(search) if isinstance(search, dict) else {}
    if excluded(src_uri):
        search["exclude"] = True
    elif (value := boost(src_uri)) is not None:
        search.setdefault("boost", value)
    if search:
        meta["search"] = search
    if search.get("exclude"):
        return html  # not indexed at all: nothing to mark
    html = _sources_skipped(_code_cells_as_figures(html), page_language(src_uri))
    return _SKIPPED.sub(lambda m: f'<{m.group(1)} data-search-exclude="1"{m.group(2) or ""}class="{m.group(3)}{m.group(4)}', html)


def _sources_heading(lang: str) -> re.Pattern[str]:
    """The Sources heading by its id, the keyword's slug in the page's language ('fuentes') or in English."""
    ids = "|".join(re.escape(slugify(word, "-")) for word in keywords("content.sources", lang))
    return re.compile(rf'<h2 id="(?:{ids})"[^>]*>.*?</h2>', re.DOTALL)


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def _section_end(html: str, start: int) -> int:
    """Where the section that starts at ``start`` ends: the next h1 or h2 at the same depth, or the
    end of the element that holds it (so a wrapper never crosses a closing tag)."""
    depth = 0
    for tag in _TAG.finditer(html, start):
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _VOID or tag.group(3):
            continue
        if not closing:
            if depth == 0 and name in ("h1", "h2"):
                return tag.start()
            depth += 1
        elif depth == 0:
            return tag.start()
        else:
            depth -= 1
    return len(html)


def _sources_skipped(html: str, lang: str = SOURCE) -> str:
    """Wrap what follows the "Sources" heading, up to the next section, in a ``section`` the index skips."""
    heading = _sources_heading(lang).search(html)
    if heading is None:
        return html
    end = _section_end(html, heading.end())
    body = html[heading.end() : end]
    if not body.strip() or "<section" in body:
        return html  # nothing to skip, or a section the tag-name rule above cannot skip safely
    return f'{html[: heading.end()]}<section data-search-exclude="1" class="cq-sources">{body}</section>{html[end:]}'


def _code_cells_as_figures(html: str) -> str:
    """Turn each notebook code cell (input and output) into a ``figure`` the index skips."""
    out = []
    at = 0
    while (start := html.find(_CODE_CELL, at)) >= 0:
        depth = 0
        end = -1
        for match in _DIV.finditer(html, start):
            depth += 1 if match.group() == "<div" else -1
            if depth == 0:
                end = match.start()
                break
        if end < 0:  # not well formed: leave the rest alone
            break
        out += [
            html[at:start],
            '<figure data-search-exclude="1" class="jp-Cell jp-CodeCell',
            html[start + len(_CODE_CELL) : end],
            "</figure>",
        ]
        at = end + len("</div>")
    out.append(html[at:])
    return "".join(out)


GLOSSARY_LOCATION = "glossary/"
_TERM = re.compile(r'<dt id="([^"]+)">(.*?)</dt>\s*<dd>(.*?)</dd>', re.DOTALL)
_MARKUP = re.compile(r"<[^>]+>")


def glossary_sections(index: dict[str, Any], glossary_html: str) -> dict[str, Any]:
    """The search index with one entry per glossary term (``glossary/#term``), so that a hit on a
    term opens the term, not the top of the glossary. The page's own entry keeps its introduction.
    (Material's indexer makes sections from headings; the glossary's terms are a definition list.)"""
    terms = _TERM.findall(glossary_html)
    docs = index.get("docs")
    if not terms or not isinstance(docs, list):
        return index
    out: list[Any] = []
    for doc in docs:
        if isinstance(doc, dict) and doc.get("location") == GLOSSARY_LOCATION:
            text = str(doc.get("text", ""))
            intro = text.split("</p>", 1)[0] + "</p>" if "</p>" in text else ""
            out.append(dict(doc, text=intro))
            for anchor, term, definition in terms:
                clean = _MARKUP.sub("", definition).replace("Source", "").strip()
                out.append({"location": f"{GLOSSARY_LOCATION}#{anchor}", "title": _MARKUP.sub("", term).strip(), "text": clean})
        else:
            out.append(doc)
    return dict(index, docs=out)


def split_glossary_in_site(site: Path) -> None:
    """Rewrite a built site's search index with the glossary's terms as entries of their own."""
    index_file = site / "search" / "search_index.json"
    page = site / "glossary" / "index.html"
    if not index_file.is_file() or not page.is_file():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    if isinstance(index, dict):
        index_file.write_text(
            json.dumps(glossary_sections(index, page.read_text(encoding="utf-8")), ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
