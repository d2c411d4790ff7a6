"""Source rules (issue 14): where a course may point learners for its facts.

* ``source-copy-site`` (error): a link to a site of unofficial copies of papers, a temporary
  mirror or web-archive copy, or an essay/homework site, anywhere in module pages (Markdown and
  notebooks), quiz banks, the glossary and the docs pages.
* ``source-doi`` (warning): an entry of a module's Sources section that looks like a journal
  article (an italic journal name with volume/pages, or the word "Journal") but has no DOI and no
  explicit "(no DOI)" marker.

The list of hosts is course data, in one place: ``blocked-sites.yml`` at the course root (a host
name per line, under its kind: copy, mirror or essay); docs/editor-guide.md explains it. A bad
entry is an error at its line (rule ``blocked-sites``).
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
from coursekit.model.yamlsafe import read_file, suggest

if TYPE_CHECKING:
    from coursekit.model.project import Project


@dataclass(frozen=True)
class BlockedSite:
    """A host to refuse. ``name`` matches the last labels of the host (``copies.example`` matches
    ``www.copies.example``); a name without a dot (``copysite``) matches that label under any
    top-level domain (``copysite.us``, ``copysite.in``)."""

    name: str
    kind: str  # "copy", "mirror" or "essay"


COPY, MIRROR, ESSAY = "copy", "mirror", "essay"

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


BLOCKED_FILE = "blocked-sites.yml"
HOST_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$")
Problem = tuple[Path, int, str]


def _entry_problem(value: object) -> str | None:
    """What is wrong with one entry of the list, and how to fix it (None: it is a host name)."""
    if not isinstance(value, str) or not value.strip():
        return f"an entry must be a host name such as copies.example.org, not {value!r}"
    name = value.strip().lower()
    if HOST_RE.match(name):
        return None
    bare = urlsplit(name if "//" in name else "//" + name).hostname or ""
    if bare and bare != name and HOST_RE.match(bare):
        return f"'{value}' is not a host name; write the host only: {bare}"
    return f"'{value}' is not a host name; write letters, digits, hyphens and dots only, e.g. copies.example.org (or a name without a dot, for any country domain)"


def load_blocked(root: Path, sources: Sources | None = None) -> tuple[tuple[BlockedSite, ...], list[Problem]]:
    """The blocked sites the course lists in ``blocked-sites.yml`` (none when it has no such file), and
    the problems with the file as (file, line, message): a bad entry is left out and named."""
    path = root / BLOCKED_FILE
    if not path.is_file():
        return (), []
    node, found, _ = read_file(path, BLOCKED_FILE, (lambda p, limit: sources.read(p, limit)) if sources is not None else None)
    problems: list[Problem] = [(path, f.line, f.message) for f in found]
    kinds = tuple(FIXES)
    if node is None or not node.is_map:
        if node is not None:
            problems.append((path, node.line, f"{BLOCKED_FILE} must map each kind ({', '.join(kinds)}) to a list of host names"))
        return (), problems
    sites: list[BlockedSite] = []
    for kind, entries in node.value.items():
        line = node.key_lines.get(kind, entries.line)
        if kind not in kinds:
            problems.append((path, line, f"unknown kind '{kind}'{suggest(str(kind), kinds)}; use one of: {', '.join(kinds)}"))
            continue
        if not entries.is_list:
            problems.append((path, line, f"'{kind}' must be a list of host names, one '- name' per line"))
            continue
        for entry in entries.value:
            problem = _entry_problem(entry.value)
            if problem is not None:
                problems.append((path, entry.line, problem))
                continue
            name = str(entry.value).strip().lower()
            if any(site.name == name for site in sites):
                problems.append((path, entry.line, f"'{name}' is listed twice; keep one line"))
                continue
            sites.append(BlockedSite(name, str(kind)))
    return tuple(sites), problems


def blocked_site(url: str, sites: tuple[BlockedSite, ...]) -> BlockedSite | None:
    """The blocked site a URL points to, also when a proxy wraps it (``proxy.dev/https/www.copies.example/...``)."""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    inner = parts.path.lower()  # a proxied copy names the blocked host inside its path
    for site in sites:
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
    sites, problems = load_blocked(course.root, sources)
    for path, line, message in problems:
        report.add(path, line, message, rule="blocked-sites")
    for path in _files(course):
        check_links(path, report, sites, sources)
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


def check_links(path: Path, report: Report, sites: tuple[BlockedSite, ...], sources: Sources | None = None) -> None:
    """Every link in the file to a blocked site is an error at its line."""
    content = page_text(path, sources)
    if content is None:
        return  # unreadable files are reported by the loaders
    lines = lines_outside_code(content) if path.suffix == ".md" else list(enumerate(content.splitlines(), 1))
    for number, line in lines:
        for match in URL_RE.finditer(line):
            url = match.group(0).rstrip(".,;:")
            site = blocked_site(url, sites)
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
