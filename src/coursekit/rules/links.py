"""Link checks: every link and image in every page points to a page, file or anchor that exists.

Links, headings and anchors come from the project's Markdown parse (:mod:`coursekit.render.pageparse`),
not from scanning the text.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING

from pathspec.gitignore import GitIgnoreSpec

from coursekit.model.course import MODULES_MARKER, NAV_MARKERS, Course
from coursekit.model.diagnostics import Report
from coursekit.model.glossary import Term
from coursekit.model.languages import split, translation
from coursekit.model.siteconfig import project_config
from coursekit.model.sitemap import GENERATED_PAGE, SCHEME_RE, SourceFile, all_files, resolve
from coursekit.translation.localize import glossary_in

PAGE_SUFFIXES = (".md", ".ipynb")
INVISIBLE = {
    "\u00ad": "a soft hyphen",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
    "\u2060": "a word joiner",
    "\ufeff": "a zero-width no-break space",
    "\u00a0": "a non-breaking space",
    **{chr(c): "a text-direction control" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
"""Characters that cannot be seen in an address but change where it points."""


class SiteRules:
    """What mkdocs.yml leaves out of the site (``exclude_docs``) and out of the navigation on purpose
    (``not_in_nav``), read with the same gitignore-style patterns MkDocs uses, so that validation
    refuses what the strict build would refuse."""

    def __init__(self, config: dict[str, object]) -> None:
        self.excluded = self._spec(config.get("exclude_docs"))
        self.not_in_nav = self._spec(config.get("not_in_nav"))

    @staticmethod
    def _spec(value: object) -> GitIgnoreSpec:
        lines = value.splitlines() if isinstance(value, str) else []
        return GitIgnoreSpec.from_lines(line for line in lines if line.strip())

    def is_excluded(self, uri: str) -> bool:
        return self.excluded.match_file(uri)


if TYPE_CHECKING:
    from coursekit.model.project import Page, Project


def anchors_of_page(source: SourceFile, project: Project, lang: str = "") -> frozenset[str] | None:
    """The anchors of a Markdown page in the site (None when they cannot be known here); with
    ``lang``, in that language's site: those of the page's translation, or of the English page that
    the site shows in its place (a fallback). A page with the glossary block also has an anchor
    per term, from the glossary of its language (a translated term keeps the English anchor)."""
    path = source.path
    if lang and translation(path, lang).is_file():
        path = translation(path, lang)
    if path.suffix != ".md" or not path.exists():
        return None  # a notebook, or a generated page: its headings are not known here
    page = project.page(path)
    if page is None:
        return None  # unreadable: reported once, by the project
    anchors = frozenset(page.info.anchors)
    if any(block.name == "glossary" for block in page.info.blocks):
        anchors |= {term.anchor for term in glossary_of(project, lang)}
    return anchors


def glossary_of(project: Project, lang: str) -> list[Term]:
    """The glossary a page of the ``lang`` site shows (the English terms where it has no entry)."""
    return glossary_in(project, lang) if lang else project.glossary


def check_all(course: Course, report: Report, project: Project) -> None:
    files = all_files(course)
    site = SiteRules(project_config(project.sources, course.root)[0])
    check_omitted(course, report, files, site)
    for uri, source in files.items():
        if not source.path.exists():
            continue  # a generated page: made from checked sources
        if source.path.suffix == ".ipynb":
            page = project.notebook_page(source.path)
        elif source.path.suffix == ".md":
            page = project.page(source.path)  # reading problems are reported once, by the project
        else:
            continue
        if page is not None:
            check_page(uri, source, page, files, report, project, site)


def check_omitted(course: Course, report: Report, files: dict[str, SourceFile], site: SiteRules) -> None:
    """A page that the site builds but the navigation never lists: the strict build refuses it
    ("pages exist in the docs directory, but are not included in the nav"), so validation does first."""
    listed = {page for part in course.nav for page in part.pages if page not in NAV_MARKERS}
    # A misspelt nav entry is reported by the nav rule; the page it meant is not reported again.
    misspelt = [page for page in listed if not (course.docs_dir / page).is_file()]
    listed |= {close for page in misspelt for close in difflib.get_close_matches(page, list(files), n=1, cutoff=0.8)}
    for uri, source in files.items():
        if not uri.endswith(PAGE_SUFFIXES) or not source.path.is_file() or site.is_excluded(uri):
            continue
        if site.not_in_nav.match_file(uri) or uri.endswith("/" + GENERATED_PAGE):
            continue
        module = source.module
        if module is not None:
            if module.draft or source.path in module.pages:
                continue  # drafts are left out of a published build; a module's own pages are in its nav
            where = source.path.relative_to(module.dir).as_posix()
            report.add(
                source.path,
                1,
                f"the page '{where}' is inside a subfolder of module '{module.slug}', so no navigation lists it "
                f"(the build refuses such a page); move it up into modules/{module.slug}/ to make it a page of the module, "
                "or delete it",
                rule="page-not-in-nav",
            )
        elif course.nav and any(MODULES_MARKER in part.pages for part in course.nav) and uri not in listed:
            report.add(
                source.path,
                1,
                f"the page docs/{uri} is in no part of the navigation; add '{uri}' to a part under 'nav:' in course.yml, "
                "or delete the page (no learner could reach it, and the build refuses such a page)",
                rule="page-not-in-nav",
            )


def check_languages(course: Course, report: Report, project: Project) -> None:
    """The links of every translated page (and notebook), resolved in its language's site (issue 19):
    a page there has the English page's path, shows its translation when there is one and the
    English page otherwise, so a link's target and anchor are looked up on what that site shows.
    Translated headings keep the English anchors (``## Título {#title}``), so links copied from
    the English page keep working."""
    files = all_files(course)
    site = SiteRules(project_config(project.sources, course.root)[0])
    for lang in course.translated_languages:
        for uri, source in files.items():
            path = translation(source.path, lang)
            if source.path.suffix not in PAGE_SUFFIXES or not path.is_file():
                continue
            page = project.notebook_page(path) if path.suffix == ".ipynb" else project.page(path)
            if page is not None:
                check_page(uri, SourceFile(uri, path, source.module), page, files, report, project, site, lang)


def _anchor_hint(close: list[str], known: frozenset[str]) -> str:
    """The hint of a broken anchor on a translated page: the anchor meant, else the page's anchors
    (a translated heading keeps its English anchor, so a translated slug is never one of them)."""
    if close:
        return f"; did you mean '#{close[0]}'?"
    shown = sorted(known)
    return f"; its anchors are the English ones: {', '.join(shown[:8])}{', …' if len(shown) > 8 else ''}"


def check_page(
    uri: str,
    source: SourceFile,
    page: Page,
    files: dict[str, SourceFile],
    report: Report,
    project: Project,
    site: SiteRules,
    lang: str = "",
) -> None:
    """The links of one page of the site (of the ``lang`` site, for a translated page)."""
    for link in page.info.links:
        target, line = link.target, page.line(link.line)
        hidden = next(((i, c) for i, c in enumerate(target) if c in INVISIBLE), None)
        if hidden is not None:
            index, char = hidden
            report.add(
                source.path,
                line,
                f"the link '{target}' holds an invisible character, {INVISIBLE[char]} (U+{ord(char):04X}), after "
                f"'{target[:index]}' (often pasted from Word or a web page); delete the address and type it again",
                rule="link-invisible",
            )
            continue
        if target.startswith("http://"):
            report.add(source.path, line, f"the link '{target}' uses plain http; use https", rule="link-http")
            continue
        if SCHEME_RE.match(target) or target.startswith("//"):
            continue
        path_part, _, anchor = target.partition("#")
        path_part = path_part.split("?")[0]
        if not path_part:
            if anchor and anchor not in page.info.anchors:
                report.add(
                    source.path,
                    line,
                    f"the link '#{anchor}' points to no heading on this page; check the heading's spelling",
                    rule="link-anchor",
                )
            continue
        resolved = resolve(uri, path_part)
        folder_index = (resolved.rstrip("/") + "/index.md").lstrip("/") if resolved != "index.md" else "index.md"
        if (path_part.endswith("/") or path_part in (".", "..") or resolved not in files) and folder_index in files:
            fixed = path_part.rstrip("/") + "/index.md" if path_part not in (".", "./") else "index.md"
            report.add(
                source.path,
                line,
                f"the link '{target}' points to a folder; the site links pages by their file, so the build refuses it: "
                f"write '{fixed}{'#' + anchor if anchor else ''}'",
                rule="link-folder",
            )
            continue
        found = files.get(resolved)
        if found is not None and site.is_excluded(found.uri):
            report.add(
                source.path,
                line,
                f"the link '{target}' points to {found.uri}, a file the site does not publish (mkdocs.yml 'exclude_docs' "
                "leaves it out), so the build refuses the link; link to the page that shows its content instead, or remove the link",
                rule="link-unpublished",
            )
            continue
        if found is None:
            english, its_lang = split(Path(resolved), project.course.languages)
            if lang and its_lang and english.as_posix() in files:
                fixed = path_part[: len(path_part) - len(Path(path_part).name)] + english.name
                report.add(
                    source.path,
                    line,
                    f"the link '{target}' names a translation's file, which no site has; link to the English file name, "
                    f"'{fixed}{'#' + anchor if anchor else ''}': each language's site shows its own translation of it",
                    rule="link-missing",
                )
                continue
            report.add(
                source.path,
                line,
                f"the link '{target}' points to '{resolved or target}', which does not exist; fix the path (links are relative to this page)",
                rule="link-missing",
            )
            continue
        known = anchors_of_page(found, project, lang) if anchor else None
        if known is not None and anchor not in known:
            shown = translation(found.path, lang)
            where = f"{found.uri} as the '{lang}' site shows it ({report.rel(shown) if shown.is_file() else 'the English page, not translated yet'})"
            close = difflib.get_close_matches(anchor, sorted(known), n=1)
            report.add(
                source.path,
                line,
                f"the link '{target}' names anchor '#{anchor}', which is not a heading in {where if lang else found.uri}"
                + (_anchor_hint(close, known) if lang else ""),
                rule="link-anchor",
            )
        if found.module is not None and found.module.draft and (source.module is None or not source.module.draft):
            report.add(
                source.path,
                line,
                f"the link '{target}' points into draft module '{found.module.slug}', which the published site leaves out; remove the link until that module is published",
                rule="link-draft",
            )
