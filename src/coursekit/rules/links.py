"""Link checks: every link and image in every page points to a page, file or anchor that exists.

Links, headings and anchors come from the project's Markdown parse (:mod:`coursekit.render.pageparse`),
not from scanning the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit.model.course import Course
from coursekit.model.diagnostics import Report
from coursekit.model.sitemap import SCHEME_RE, SourceFile, all_files, resolve

if TYPE_CHECKING:
    from coursekit.model.project import Page, Project


def anchors_of_page(source: SourceFile, project: Project) -> frozenset[str] | None:
    """The anchors of a Markdown page in the site (None when they cannot be known here)."""
    if source.path.suffix != ".md" or not source.path.exists():
        return None  # a notebook, or a generated page: its headings are not known here
    page = project.page(source.path)
    return frozenset(page.info.anchors) if page is not None else None  # unreadable: reported once, by the project


def check_all(course: Course, report: Report, project: Project) -> None:
    files = all_files(course)
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
            check_page(uri, source, page, files, report, project)


def check_page(uri: str, source: SourceFile, page: Page, files: dict[str, SourceFile], report: Report, project: Project) -> None:
    for link in page.info.links:
        target, line = link.target, page.line(link.line)
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
        found = files.get(resolved) or files.get(resolved.rstrip("/") + "/index.md")
        if found is None:
            report.add(
                source.path,
                line,
                f"the link '{target}' points to '{resolved or target}', which does not exist; fix the path (links are relative to this page)",
                rule="link-missing",
            )
            continue
        known = anchors_of_page(found, project) if anchor else None
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
