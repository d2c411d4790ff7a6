"""Link checks: every link and image in every page points to a page, file or anchor that exists.

Links, headings and anchors come from the project's Markdown parse (:mod:`coursekit.render.pageparse`),
not from scanning the text.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import TYPE_CHECKING

from pathspec.gitignore import GitIgnoreSpec

from coursekit.model.course import MODULES_MARKER, NAV_MARKERS, Course
from coursekit.model.diagnostics import Report
from coursekit.model.languages import translation
from coursekit.model.siteconfig import project_config
from coursekit.model.sitemap import GENERATED_PAGE, SCHEME_RE, SourceFile, all_files, resolve

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


def anchors_of_page(source: SourceFile, project: Project, lang: str | None = None) -> frozenset[str] | None:
    """The anchors of a Markdown page in the site of ``lang`` (the source language's when None):
    its translation's when it has one (None when they cannot be known here)."""
    if source.path.suffix != ".md" or not source.path.exists():
        return None  # a notebook, or a generated page: its headings are not known here
    translated = translation(source.path, lang) if lang else None
    page = project.page(translated if translated is not None and translated.is_file() else source.path)
    return frozenset(page.info.anchors) if page is not None else None  # unreadable: reported once, by the project


def check_all(course: Course, report: Report, project: Project) -> None:
    files = all_files(course)
    site = SiteRules(project_config(project.sources, course.root)[0])
    check_omitted(course, report, files, site)
    for uri, source in files.items():
        if not source.path.exists() or source.path.suffix not in PAGE_SUFFIXES:
            continue  # a generated page (made from checked sources), or a file that is not a page
        # The page, then its translations: each language's site is built (strictly) from the same tree.
        for lang, path in [(None, source.path), *project.translations_of(source.path)]:
            # reading problems are reported once, by the project
            page = project.notebook_page(path) if path.suffix == ".ipynb" else project.page(path)
            if page is not None:
                check_page(uri, replace(source, path=path), page, files, report, project, site, lang)


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


def check_page(
    uri: str,
    source: SourceFile,
    page: Page,
    files: dict[str, SourceFile],
    report: Report,
    project: Project,
    site: SiteRules,
    lang: str | None = None,
) -> None:
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
            report.add(
                source.path,
                line,
                f"the link '{target}' points to '{resolved or target}', which does not exist; fix the path (links are relative to this page)",
                rule="link-missing",
            )
            continue
        known = anchors_of_page(found, project, lang) if anchor else None
        if known is not None and anchor not in known:
            report.add(
                source.path,
                line,
                f"the link '{target}' names anchor '#{anchor}', which is not a heading in {found.uri}",
                rule="link-anchor",
            )
        if found.module is not None and found.module.draft and (source.module is None or not source.module.draft):
            report.add(
                source.path,
                line,
                f"the link '{target}' points into draft module '{found.module.slug}', which the published site leaves out; remove the link until that module is published",
                rule="link-draft",
            )
