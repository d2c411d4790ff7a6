"""Markdown the course adds to a module's first page: title, overview box and key points.

Front-matter text is escaped, so HTML in it is shown as text and never runs.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.i18n.catalogue import SOURCE, messages, page_language
from coursekit.i18n.keywords import is_keyword
from coursekit.model.course import Course, Module

if TYPE_CHECKING:
    from coursekit.model.project import Page, Project


def _esc(value: str) -> str:
    """Front-matter text as literal Markdown text: no HTML, no links, no images."""
    text = html.escape(" ".join(value.split()), quote=False)
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("`", "\\`")


def intro_markdown(module: Module, course: Course, lang: str = SOURCE) -> str:
    m = messages(lang)
    lines = [f"# {_esc(module.title)}", ""]
    lines += [f"/// admonition | {m.t('module.overview')}", "    type: abstract", ""]
    facts = [
        f"**{_esc(m.t('module.teaching'))}** {_esc(m.t('time.minutes', minutes=module.teaching))}",
        f"**{_esc(m.t('module.exercises'))}** {_esc(m.t('time.minutes', minutes=module.exercises))}",
    ]
    if module.quiz_items:
        facts.append(f"**{_esc(m.t('module.quiz'))}** {_esc(m.t('module.quiz_items', count=module.quiz_items, minutes=module.quiz))}")
    pres = [course.module(p) for p in module.prerequisites]
    links = [f"[{p.number}. {_esc(p.title)}](../{p.slug}/index.md)" for p in pres if p is not None]
    if links:
        facts.append(f"**{_esc(m.t('module.before'))}** " + ", ".join(links))
    lines += [" · ".join(facts), ""]
    if module.questions:
        lines += [f"**{_esc(m.t('module.questions'))}**", ""] + [f"- {_esc(q)}" for q in module.questions] + [""]
    if module.objectives:
        lines += [f"**{_esc(m.t('module.objectives'))}**", ""] + [f"- {_esc(o.text)}" for o in module.objectives] + [""]
    lines += ["///", ""]
    # Seen in the trainer view only (never in the learner view, on slides or in print).
    lines += ["/// trainer", f"[{_esc(m.t('module.trainer_link'))}](../{module.slug}/trainer-notes.md)", "///", ""]
    return "\n".join(lines)


def keypoints_markdown(module: Module, lang: str = SOURCE) -> str:
    if not module.keypoints:
        return ""
    lines = [f"/// admonition | {messages(lang).t('content.key_points')}", "    type: success", ""]
    lines += [f"- {_esc(k)}" for k in module.keypoints]
    lines += ["///", ""]
    return "\n".join(lines)


def decorate(markdown: str, module: Module, course: Course, page: Page | None = None, lang: str = "") -> str:
    """The module's first page with the overview at the top and key points before '## Sources'
    (the heading in the page's language, ``content.sources``).

    ``page`` is the parsed page (its headings say where 'Sources' starts); without it, ``markdown`` is parsed here.
    ``lang`` is the page's language (by default, by its file name: ``index.es.md`` is Spanish).
    """
    lang = lang or page_language(page.path if page is not None else module.index)
    points = keypoints_markdown(module, lang)
    if page is not None and page.body == markdown:
        headings = page.info.headings
    else:
        from coursekit.render.pageparse import PageParser

        headings = PageParser().parse(markdown).headings
    sources = next((h for h in headings if h.level == 2 and is_keyword(h.text, "content.sources", lang) and h.line), None)
    if sources is not None and points:
        lines = markdown.split("\n")
        body = "\n".join([*lines[: sources.line - 1], points, *lines[sources.line - 1 :]])
    elif points:
        body = markdown.rstrip() + "\n\n" + points
    else:
        body = markdown
    return intro_markdown(module, course, lang) + "\n" + body


def download_link(filename: str, lang: str = SOURCE) -> str:
    """The notebook's download link, shown at the top of its page."""
    name = html.escape(filename)
    m = messages(lang)
    return (
        f'<p class="cq-download"><a class="md-button" href="{name}" download>'
        f"{html.escape(m.t('module.download_notebook', name=filename))}</a>{html.escape(m.t('module.download_notebook_after'))}</p>\n"
    )


def _title(path: Path, project: Project) -> str:
    """A page's title for the nav: its front matter title, else its first level-1 heading (as parsed)."""
    from coursekit.model.course import page_title

    parsed = project.page(path) if path.suffix == ".md" else None
    if parsed is None:
        return page_title(path, project.sources)
    from coursekit.model import frontmatter

    meta = frontmatter.parse(parsed.text).meta
    if meta is not None and meta.is_map and "title" in meta.value:
        return str(meta.value["title"].value)
    first = next((h.text for h in parsed.info.headings if h.level == 1), "")
    return first or path.stem.replace("-", " ").capitalize()


GROUP_ABOVE = 12
GROUP_SIZE = 10


def nav(course: Course, include_drafts: bool, project: Project) -> list[object]:
    """MkDocs-style nav derived from course.yml: parts of docs pages plus the module list."""
    from coursekit.model.course import MODULES_MARKER, PRINT_MARKER, TRAINER_NOTES_MARKER

    m = messages(project.language or SOURCE)  # the nav's own words in the site's language
    modules: list[object] = []
    for module in course.visible_modules(include_drafts):
        # MkDocs prints nav titles as HTML: escape what comes from front matter.
        title = html.escape(f"{module.number}. {module.title}", quote=False) + (" (draft)" if module.draft else "")
        pages = [p for p in module.pages if p.suffix in (".md", ".ipynb")]
        if len(pages) <= 1:
            modules.append({title: module.src_uri(module.index)})
            continue
        entries: list[object] = []
        for page in pages:
            label = (
                html.escape(m.t("module.overview"), quote=False)
                if page.name == "index.md"
                else html.escape(_title(page, project), quote=False)
            )
            entries.append({label: module.src_uri(page)})
        modules.append({title: entries})
    visible = course.visible_modules(include_drafts)
    if len(modules) > GROUP_ABOVE:
        # A large course: groups of ten modules, so that (with navigation.prune) every page carries
        # the group titles and its own group only, not every module of the course.
        grouped: list[object] = []
        for start in range(0, len(modules), GROUP_SIZE):
            chunk = visible[start : start + GROUP_SIZE]
            grouped.append({f"Modules {chunk[0].number}–{chunk[-1].number}": modules[start : start + GROUP_SIZE]})
        modules = grouped
    if not course.nav:
        return [{"Modules": modules}]
    out: list[object] = []
    declared = {page for part in course.nav for page in part.pages}
    missing = [m for m in (TRAINER_NOTES_MARKER, PRINT_MARKER) if m not in declared]
    parts = [(p.title, p.pages) for p in course.nav] + ([(course.nav_titles.get("Trainers", "Trainers"), missing)] if missing else [])
    for part_title, part_pages in parts:
        if part_pages == [MODULES_MARKER]:
            out.append({part_title: modules})
            continue
        part_entries: list[object] = []
        for name in part_pages:
            if name == TRAINER_NOTES_MARKER:
                continue  # trainer notes pages stay out of the learners' nav: linked from the schedule and in trainer view
            elif name == PRINT_MARKER:
                part_entries.append({html.escape(m.t("nav.print"), quote=False): "modules/print/index.md"})
            elif name != MODULES_MARKER:
                part_entries.append(name)
        out.append({part_title: part_entries})
    return out
