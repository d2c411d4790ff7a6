"""A project seen in one language (issue 19): what the site of that language is built from.

``localized(project, "es")`` is a shallow copy of the project (sources, parsed pages, downloads
and the validation stay shared, so nothing is read, converted or checked twice) whose course,
quiz banks, glossary and run sheets are the Spanish ones where a translation exists and the
English ones elsewhere, and which says which file each page is read from and the state of its
translation (:mod:`coursekit.translation.status`). The compiled tree (:mod:`coursekit.outputs.compile`)
reads the pages through it; the course plugin shows the notices.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

from coursekit.model import glossary as glossary_mod
from coursekit.model.course import MODULE_FIELDS, Course, Module, load_course_texts, read_module_meta
from coursekit.model.diagnostics import Report
from coursekit.model.glossary import Term
from coursekit.model.languages import translation
from coursekit.model.project import Project
from coursekit.model.quiz import Bank, load_bank
from coursekit.model.schema import SOURCE_COMMIT
from coursekit.model.session import load as load_session
from coursekit.translation import status as status_mod

TRANSLATED_MODULE_FIELDS = (*MODULE_FIELDS, SOURCE_COMMIT)


def localized(project: Project, lang: str, git: status_mod.Git | None = None) -> Project:
    """The project in ``lang`` (the project itself for the source language)."""
    course = project.course
    if lang == course.source_language or lang not in course.languages:
        return project
    git = git or status_mod.Git(project.root)
    scratch = Report(project.root)  # a translation's reading problems are validation's to report
    view = copy.copy(project)
    view.origin = project.origin or project
    view.language = lang
    view.translated = {}
    view.translation_states = {}
    for source in status_mod.sources(project):
        state = status_mod.status_of(project, source, lang, git)
        view.translation_states[source] = (state.state, state.paragraphs_changed)
        if state.state != status_mod.MISSING:
            view.translated[source] = translation(source, lang)
    view.course = _course(project, course, lang, scratch)
    view.course.modules = [_module(project, m, lang, scratch) for m in course.modules]
    view.banks = [_bank(project, b, lang, scratch) for b in project.banks]
    view.glossary = glossary_in(project, lang, scratch)
    view.sessions = {}
    for module in view.course.modules:
        session = project.sessions.get(module.slug)
        path = translation(module.dir / "session.yml", lang)
        if session is not None and path.is_file():
            session = load_session(module, scratch, project.sources, path) or session
        if session is not None:
            view.sessions[module.slug] = session
    return view


def glossary_in(project: Project, lang: str, report: Report | None = None) -> list[Term]:
    """The glossary in a language: the English terms in the English order, each as its entry in
    docs/glossary.<lang>.yml (paired by anchor: see coursekit.translation.checks); a term with no
    entry yet is the English one, marked as English. An entry that names no English term comes last
    (validation reports it), so nothing is lost. Without that file, the English glossary."""
    path = translation(glossary_mod.path_of(project.root), lang)
    if lang == project.course.source_language or not path.is_file():
        return project.glossary
    translated = glossary_mod.load(path, report or Report(project.root), project.sources)
    mine = {t.anchor: t for t in translated}
    known = {t.anchor for t in project.glossary}
    out = [mine.get(t.anchor) or replace(t, lang=project.course.source_language) for t in project.glossary]
    return out + [t for t in translated if t.anchor not in known]


def _course(project: Project, course: Course, lang: str, report: Report) -> Course:
    """The course with its title, description and navigation part titles from ``course.<lang>.yml``
    (the module order, settings and anything not translated stay course.yml's)."""
    out = copy.copy(course)
    path = translation(course.manifest, lang)
    texts = load_course_texts(path, report, project.sources) if path.is_file() else None
    if texts is None:
        return out
    out.title = texts.title or course.title
    out.description = texts.description or course.description
    out.copyright = texts.copyright or course.copyright
    out.nav = [replace(part, title=texts.nav.get(part.title, part.title)) for part in course.nav]
    out.nav_titles = dict(texts.nav)
    return out


def _module(project: Project, module: Module, lang: str, report: Report) -> Module:
    """The module with its title, summary, objectives and key points from the translated page
    (what is not text, such as its status and minutes, stays the English page's)."""
    path = translation(module.index, lang)
    if not module.loaded or not path.is_file():
        return module
    out = replace(module, objectives=[], questions=[], keypoints=[], prerequisites=[], lines=dict(module.lines))
    if not read_module_meta(out, path, report, project.sources, TRANSLATED_MODULE_FIELDS):
        return module
    out.status, out.teaching, out.exercises = module.status, module.teaching, module.exercises
    return out


def _bank(project: Project, bank: Bank, lang: str, report: Report) -> Bank:
    path = translation(bank.path, lang)
    if not path.is_file():
        return bank
    loaded = load_bank(path, report, project.sources)
    if loaded is None:
        return bank
    translated = {item.id: item for item in loaded.items}
    items = []
    for english in bank.items:
        # The English items in the English order: an item the translation does not have yet (or whose
        # options no longer match, after an English edit) is shown in English, so it is graded as in English.
        item = translated.get(english.id)
        if item is None or [o.correct for o in item.options] != [o.correct for o in english.options]:
            items.append(english)
            continue
        # The same options in the same order (validation checks it): the English keys.
        options = tuple(replace(o, source_key=e.key) for o, e in zip(item.options, english.options, strict=True))
        items.append(replace(item, bank=bank.id, options=options, slot=english.slot))
    return replace(loaded, id=bank.id, items=items)


def source_of(project: Project, path: Path) -> Path:
    """The file a page of ``project`` is read from: its translation in the project's language, if any."""
    return project.translated.get(path, path)
