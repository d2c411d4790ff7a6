"""Internal link check over the virtual docs tree: files and #anchors must exist."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markdown.extensions.toc import slugify

from .course import Course, page_text, read_text
from .diagnostics import Report
from .frontmatter import split
from .sitemap import SourceFile, all_files, resolve

LINK_RE = re.compile(r"(!?)\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTR_ID_RE = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
HTML_ID_RE = re.compile(r"""\bid=["']([^"']+)["']""")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
EXERCISE_BLOCK_RE = re.compile(r"^/{3,}\s*admonition\s*\|\s*(Exercise\b.*?)\s*$")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
INLINE_CODE_RE = re.compile(r"`+[^`]*`+")
AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")


def lines_outside_code(body: str) -> list[tuple[int, str]]:
    out, fence = [], ""
    for number, line in enumerate(body.splitlines(), 1):
        match = FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            if not fence:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = ""
            continue
        if not fence:
            out.append((number, INLINE_CODE_RE.sub("", line)))
    return out


def anchors(body: str) -> set[str]:
    """The ids that headings and explicit attributes give a page (Python-Markdown toc rules)."""
    ids: set[str] = set()
    counts: dict[str, int] = {}
    for _, line in lines_outside_code(body):
        for found in HTML_ID_RE.findall(line):
            ids.add(found)
        exercise = EXERCISE_BLOCK_RE.match(line)
        if exercise:  # exercise blocks get an id from their title (see markdown_ext)
            ids.add(slugify(exercise.group(1), "-"))
        match = HEADING_RE.match(line)
        if not match:
            continue
        title = match.group(2)
        explicit = ATTR_ID_RE.search(title)
        if explicit:
            ids.add(explicit.group(1))
            continue
        title = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", title)
        slug = slugify(title, "-")
        if slug in counts:
            counts[slug] += 1
            slug = f"{slug}_{counts[slug]}"
        else:
            counts[slug] = 0
        ids.add(slug)
    return ids


@lru_cache(maxsize=2048)
def _anchors_of(path: str, stamp: float) -> frozenset[str] | None:
    text = page_text(Path(path))
    return frozenset(anchors(split(text)[1])) if text is not None else None  # unreadable: reported once


def anchors_of_page(source: SourceFile) -> frozenset[str] | None:
    """The anchors of a Markdown page in the site (None when they cannot be known here)."""
    return _anchor_set(source) if source.path.suffix == ".md" else None


def _anchor_set(source: SourceFile) -> frozenset[str] | None:
    if not source.path.exists():
        return None  # a generated page: its headings are not known here
    return _anchors_of(str(source.path), source.path.stat().st_mtime)


def check_all(course: Course, report: Report) -> None:
    files = all_files(course)
    for uri, source in files.items():
        if not source.path.exists():
            continue  # a generated page: made from checked sources
        if source.path.suffix == ".ipynb":
            body = _notebook_markdown(source.path)
            if body is not None:
                check_page(uri, source, body, 0, files, report)
            continue
        if source.path.suffix != ".md":
            continue
        if source.module is not None and source.path == source.module.index:
            content = page_text(source.path)  # encoding problems already reported by the module loader
        else:
            content = read_text(source.path, "the page", report)
        if content is None:
            continue
        _, body, first_line, _ = split(content)
        check_page(uri, source, body, first_line - 1, files, report)


def _notebook_markdown(path) -> str | None:  # type: ignore[no-untyped-def]
    """The Markdown cells of a notebook as one text (line numbers then count within it)."""
    import json

    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return None  # reported by the notebook check
    parts = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            parts.append("".join(source) if isinstance(source, list) else str(source))
    return "\n\n".join(parts)


def targets(body: str) -> list[tuple[int, str, bool]]:
    """(line in body, target, is_image) for every link and image."""
    out = []
    for number, line in lines_outside_code(body):
        for match in LINK_RE.finditer(line):
            out.append((number, match.group(2), match.group(1) == "!"))
        for match in AUTOLINK_RE.finditer(line):
            out.append((number, match.group(1), False))
        ref = REF_RE.match(line)
        if ref:
            out.append((number, ref.group(1), False))
    return out


def check_page(uri: str, source: SourceFile, body: str, offset: int, files: dict[str, SourceFile], report: Report) -> None:
    own = None
    for number, target, _image in targets(body):
        line = number + offset
        if target.startswith("http://"):
            report.add(source.path, line, f"the link '{target}' uses plain http; use https", rule="link-http")
            continue
        if SCHEME_RE.match(target) or target.startswith("//"):
            continue
        path_part, _, anchor = target.partition("#")
        path_part = path_part.split("?")[0]
        if not path_part:
            own = own if own is not None else frozenset(anchors(body))
            if anchor and anchor not in own:
                report.add(source.path, line, f"the link '#{anchor}' points to no heading on this page; check the heading's spelling", rule="link-anchor")
            continue
        resolved = resolve(uri, path_part)
        found = files.get(resolved) or files.get(resolved.rstrip("/") + "/index.md")
        if found is None:
            report.add(source.path, line, f"the link '{target}' points to '{resolved or target}', which does not exist; fix the path (links are relative to this page)", rule="link-missing")
            continue
        known = _anchor_set(found) if anchor and found.path.suffix == ".md" else None
        if known is not None and anchor not in known:
            report.add(source.path, line, f"the link '{target}' names anchor '#{anchor}', which is not a heading in {found.uri}", rule="link-anchor")
        if found.module is not None and found.module.draft and (source.module is None or not source.module.draft):
            report.add(source.path, line, f"the link '{target}' points into draft module '{found.module.slug}', which the published site leaves out; remove the link until that module is published", rule="link-draft")
