"""Glossary hover definitions in built pages, updated in place while serving.

Every page that uses an abbreviation of the glossary shows the term's definition as the hover
title of its first use in each section (``<abbr … title="Term: definition">``). When only
definitions change, the pages are otherwise the same: `course serve` rewrites those titles in
the built pages instead of rendering every page that uses the term again (all ten module
pages use "CWP"). A page is rendered again when the abbreviations it uses are added or removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coursekit.model.glossary import Term

ABBR_TAG = re.compile(r"<abbr\b[^>]*>")
TITLE_ATTR = re.compile(r'(?<=\stitle=")[^"]*(?=")')


def title(term: Term) -> str:
    """The hover title of a glossary abbreviation: ``Term: definition``."""
    return f"{term.term}: {term.definition}"


def definition_line(term: Term) -> str:
    """The abbreviation definition the course's Markdown extension adds to each page (see
    ``coursekit.render.markdown_ext``): ``*[ABBR]: Term: definition``."""
    return f"*[{term.abbr}]: {title(term)}"


def abbr_title(term: Term, md: Any = None) -> str | None:
    """The ``title`` attribute (as written in the HTML) of the ``<abbr>`` that a page shows for
    ``term``, made by the same Markdown path (the ``abbr`` extension and its escaping); None if the
    term makes none."""
    import markdown

    md = md or markdown.Markdown(extensions=["abbr"])
    html = md.reset().convert(f"{term.abbr}\n\n{definition_line(term)}")
    tag = ABBR_TAG.search(html)
    value = TITLE_ATTR.search(tag.group(0)) if tag else None
    return value.group(0) if value else None


def changed_titles(before: Iterable[Term], after: Iterable[Term]) -> dict[str, str] | None:
    """``{old title: new title}`` (as written in the HTML) for the abbreviations whose hover title changed between two versions
    of the glossary; None when rewriting the titles cannot make the change (two terms with one
    title, or titles that swap places). An added or removed abbreviation is not a title change:
    the pages that use it are rendered again."""
    import markdown

    old = {t.abbr: t for t in before if t.abbr}
    new = {t.abbr: t for t in after if t.abbr}
    changed = [a for a, t in new.items() if a in old and title(t) != title(old[a])]
    if not changed:
        return {}
    titles_after = [title(t) for t in new.values()]
    titles_before = [title(t) for t in old.values()]
    if len(set(titles_after)) != len(titles_after) or len(set(titles_before)) != len(titles_before):
        return None  # two terms with one title
    if {title(old[a]) for a in changed} & set(titles_after):
        return None  # a title that pages still show after the change (titles swapped places)
    md = markdown.Markdown(extensions=["abbr"])
    changes: dict[str, str] = {}
    for abbr in changed:
        old_title, new_title = abbr_title(old[abbr], md), abbr_title(new[abbr], md)
        if old_title is None or new_title is None:
            return None
        changes[old_title] = new_title
    return changes


def retitle(site_dir: Path, changes: dict[str, str]) -> list[Path]:
    """Rewrite the changed hover titles of the ``<abbr>`` elements in the built HTML pages; returns
    the pages rewritten."""
    if not changes:
        return []

    def new_tag(tag: re.Match[str]) -> str:
        return TITLE_ATTR.sub(lambda value: changes.get(value.group(0), value.group(0)), tag.group(0))

    written = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if not any(f'title="{title}"' in text for title in changes):
            continue
        new = ABBR_TAG.sub(new_tag, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            written.append(page)
    return written
