"""Source rules (issue 14): where a course may point learners for its facts.

* ``source-copy-site`` (error): a link to a site of unofficial copies of papers, a temporary
  mirror or web-archive copy, or an essay/homework site, anywhere in module pages (Markdown and
  notebooks), quiz banks, the glossary and the docs pages.
* ``source-doi`` (warning): an entry of a module's Sources section that looks like a journal
  article (an italic journal name with volume/pages, or the word "Journal") but has no DOI and no
  explicit "(no DOI)" marker.

The list of hosts lives here, in one place (:data:`BLOCKED_SITES`); docs/editor-guide.md explains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from coursekit.i18n.catalogue import SOURCE, page_language
from coursekit.i18n.keywords import keyword_pattern
from coursekit.model import glossary
from coursekit.model.course import Course, page_text
from coursekit.model.diagnostics import Report
from coursekit.model.pageinfo import lines_outside_code
from coursekit.model.sources import Sources

if TYPE_CHECKING:
    from coursekit.model.project import Project


@dataclass(frozen=True)
class BlockedSite:
    """A host to refuse. ``name`` matches the last labels of the host (``scribd.com`` matches
    ``www.scribd.com``); a name without a dot (``fdocuments``) matches that label under any
    top-level domain (``fdocuments.us``, ``fdocuments.in``)."""

    name: str
    kind: str  # "copy", "mirror" or "essay"


COPY, MIRROR, ESSAY = "copy", "mirror", "essay"

BLOCKED_SITES: tuple[BlockedSite, ...] = (
    # Unofficial copies and re-uploads of papers, books and slides.
    BlockedSite("scribd.com", COPY),
    BlockedSite("studylib", COPY),
    BlockedSite("kupdf", COPY),
    BlockedSite("dokumen.tips", COPY),
    BlockedSite("dokumen.pub", COPY),
    BlockedSite("fdocuments", COPY),
    BlockedSite("vdocuments", COPY),
    BlockedSite("documents.pub", COPY),
    BlockedSite("docslib.org", COPY),
    BlockedSite("paperzz.com", COPY),
    BlockedSite("pdfcoffee.com", COPY),
    BlockedSite("slideshare.net", COPY),
    BlockedSite("readbag.com", COPY),
    BlockedSite("paperexplained.cn", COPY),
    BlockedSite("issuu.com", COPY),
    BlockedSite("studocu.com", COPY),
    BlockedSite("coursehero.com", COPY),
    # Temporary mirrors, proxies and web-archive copies of pages.
    BlockedSite("hosted-temp.com", MIRROR),
    BlockedSite("web.archive.org", MIRROR),
    BlockedSite("archive.ph", MIRROR),
    BlockedSite("archive.today", MIRROR),
    BlockedSite("zoppoz.workers.dev", MIRROR),
    # Essay-writing and homework sites.
    BlockedSite("studymode.com", ESSAY),
    BlockedSite("pointerwriters.com", ESSAY),
    BlockedSite("ukessays.com", ESSAY),
    BlockedSite("ivypanda.com", ESSAY),
    BlockedSite("bartleby.com", ESSAY),
    BlockedSite("123helpme.com", ESSAY),
)

FIXES = {
    COPY: "a site of unofficial copies; cite the published work with its DOI or the publisher's page, or cite it without a link",
    MIRROR: "a temporary mirror or archive copy; link the original page (ECCP pages at clustercollaboration.eu), or cite it without a link",
    ESSAY: "an essay or homework site, which is never a source; cite the published work with its DOI or the publisher's page instead",
}

URL_RE = re.compile(r"(?:https?:)?//[^\s<>()\[\]\"'`]+", re.IGNORECASE)
NO_DOI_RE = re.compile(r"\bno DOI\b", re.IGNORECASE)
DOI_RE = re.compile(r"\b10\.\d{4,9}/\S+")
JOURNAL_WORD_RE = re.compile(r"(?<!Official )\bJournal\b")
# An italic journal name followed by volume(issue) or volume: pages, e.g. "*Strategic Change* 13(5): 283–292".
VOLUME_RE = re.compile(r"\*[^*\n]+\*[.,]?\s+(?:vol\.\s*)?\d+(?:\s*\(\d+(?:[-–/]\d+)?\)|\s*[:,]\s*(?:pp?\.\s*)?\d+)")
HEADING_RE = re.compile(r"^#{1,2}\s")
ENTRY_RE = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")


def blocked_site(url: str) -> BlockedSite | None:
    """The blocked site a URL points to, also when a proxy wraps it (``proxy.dev/https/www.scribd.com/...``)."""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    inner = parts.path.lower()  # a proxied copy names the blocked host inside its path
    for site in BLOCKED_SITES:
        if _host_matches(host, site.name):
            return site
        if "." in site.name and re.search(rf"[/.]{re.escape(site.name)}\.?(?:/|$)", inner):
            return site
    return None


def _host_matches(host: str, name: str) -> bool:
    if "." in name:
        return host == name or host.endswith("." + name)
    labels = host.split(".")
    return len(labels) >= 2 and labels[-2] == name


def check_all(course: Course, report: Report, project: Project) -> None:
    sources = project.sources
    for path in _files(course):
        check_links(path, report, sources)
    for module in course.modules:
        for page in module.pages:
            if page.suffix == ".md":
                check_dois(page, report, sources)


def _files(course: Course) -> list[Path]:
    files: list[Path] = []
    for module in course.modules:
        files += [p for p in module.pages if p.suffix in (".md", ".ipynb")]
        files += sorted(p for p in module.dir.glob("*.yml") if p.is_file()) if module.dir.is_dir() else []
    if course.quizzes_dir.is_dir():
        files += sorted(p for p in course.quizzes_dir.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
    if course.docs_dir.is_dir():
        files += sorted(course.docs_dir.rglob("*.md"))
    gloss = glossary.path_of(course.root)
    if gloss.is_file():
        files.append(gloss)
    return files


def check_links(path: Path, report: Report, sources: Sources | None = None) -> None:
    """Every link in the file to a blocked site is an error at its line."""
    content = page_text(path, sources)
    if content is None:
        return  # unreadable files are reported by the loaders
    lines = lines_outside_code(content) if path.suffix == ".md" else list(enumerate(content.splitlines(), 1))
    for number, line in lines:
        for match in URL_RE.finditer(line):
            url = match.group(0).rstrip(".,;:")
            site = blocked_site(url)
            if site is not None:
                report.add(path, number, f"the link '{url}' points to {site.name}, {FIXES[site.kind]}", rule="source-copy-site")


def sources_heading_re(lang: str = SOURCE) -> re.Pattern[str]:
    """The '## Sources' heading, with the keyword in the page's language ('## Fuentes' on a Spanish page)."""
    return re.compile(rf"^##\s+{keyword_pattern('content.sources', lang)}\s*$", re.IGNORECASE)


def sources_entries(content: str, lang: str = SOURCE) -> list[tuple[int, str]]:
    """(line, text) for each list entry of the page's '## Sources' section, continuation lines joined."""
    entries: list[tuple[int, str]] = []
    inside = False
    heading = sources_heading_re(lang)
    for number, line in lines_outside_code(content):
        if heading.match(line):
            inside = True
            continue
        if not inside:
            continue
        if HEADING_RE.match(line):
            break
        entry = ENTRY_RE.match(line)
        if entry:
            entries.append((number, entry.group(1)))
        elif entries and line.strip() and line.startswith((" ", "\t")):
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + line.strip())
    return entries


def looks_like_article(entry: str) -> bool:
    return bool(JOURNAL_WORD_RE.search(entry) or VOLUME_RE.search(entry))


def _lead(entry: str, limit: int = 40) -> str:
    """The start of an entry (its authors and year), to name it in a message."""
    text = re.sub(r"[*_`]", "", entry).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_dois(path: Path, report: Report, sources: Sources | None = None) -> None:
    content = page_text(path, sources)
    if content is None:
        return
    for number, entry in sources_entries(content, page_language(path)):
        if looks_like_article(entry) and not DOI_RE.search(entry) and not NO_DOI_RE.search(entry):
            report.add(
                path,
                number,
                f"the Sources entry '{_lead(entry)}' looks like a journal article but has no DOI; add it as 'doi:[10.xxxx/...](https://doi.org/10.xxxx/...)' "
                "(the publisher's page or doi.org shows it), or write '(no DOI)' if the article has none",
                rule="source-doi",
                severity="warning",
            )
