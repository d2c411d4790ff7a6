"""`course validate` for the translations (issue 19): each translated file is read as its English
source is, and must keep the English ids: objective ids, quiz item ids with their options, heading
anchors, glossary terms. A translation records the English commit it translates; an outdated one
is a warning only when course.yml says ``translations: {strict_outdated: true}`` (so that
`course validate --strict` fails on it); `course translations` always lists them.
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as ET
from pathlib import Path

from coursekit.model import glossary as glossary_mod
from coursekit.model.course import Module, load_course_texts, read_module_meta
from coursekit.model.glossary import Term
from coursekit.model.languages import IMAGES, split, translation
from coursekit.model.project import Project
from coursekit.model.quiz import Bank, load_bank
from coursekit.model.session import SESSION_FILE
from coursekit.model.session import load as load_session
from coursekit.translation import status as status_mod
from coursekit.translation.localize import TRANSLATED_MODULE_FIELDS

RULE = "translation"


def translations(project: Project) -> list[tuple[Path, Path, str]]:
    """Every translated file of the course: (translation, English source, language)."""
    languages = project.course.languages
    out = []
    for path in sorted(project.listing()):
        source, lang = split(path, languages)
        if lang is not None:
            out.append((path, source, lang))
    return out


def check_all(project: Project) -> None:
    course, report = project.course, project.report
    if not course.translated_languages:
        return
    git = status_mod.Git(project.root)
    for path, source, lang in translations(project):
        rel = source.relative_to(project.root).as_posix()
        if not source.is_file():
            report.add(path, 0, _no_source(path, source, lang, rel, course.languages), rule=RULE)
            continue
        if source.suffix.lower() in status_mod.RASTER:
            continue  # no words to read: its status comes from git (coursekit.translation.status)
        text = project.text(path, "the translation", project_limit(path))
        if text is None:
            continue
        commit = status_mod.recorded_commit(text, path.suffix)
        if commit is None:
            where = {
                ".md": "the front matter",
                ".ipynb": "metadata.coursekit",
                ".svg": "the top of the SVG, just after its <svg ...> tag",
            }.get(path.suffix, "the top of the file")
            commit_note = "<!-- source_commit: <commit> -->" if path.suffix == ".svg" else "source_commit: <commit>"
            report.add(
                path,
                1,
                f"the translation does not say which English version it translates; add '{commit_note}' to {where} "
                f"(the English file's last commit: git log -1 --format=%H -- {rel})",
                rule=RULE,
                severity="warning",
            )
        elif git.available() and (not status_mod.COMMIT_RE.match(commit) or not git.has_commit(commit)):
            report.add(
                path,
                1,
                f"source_commit '{commit}' is not a commit of this repository; write the 40-character commit of the English "
                f"file you translated (git log -1 --format=%H -- {rel})",
                rule=RULE,
            )
        elif course.strict_outdated:
            state = status_mod.status_of(project, source, lang, git)
            if state.state == status_mod.OUTDATED:
                report.add(
                    path,
                    1,
                    f"the translation is outdated: {state.paragraphs_changed} paragraph{'s' * (state.paragraphs_changed != 1)} of {rel} "
                    f"changed since it was translated (git diff {commit[:12]} -- {rel} shows them); translate them, then set "
                    f"source_commit to the English file's last commit (git log -1 --format=%H -- {rel})",
                    rule=RULE,
                    severity="warning",
                )
        state = status_mod.status_of(project, source, lang, git)
        if state.state != status_mod.OUTDATED or state.source_commit is None:  # no source_commit: held to the ids all the same
            # An outdated translation lags its English file by design (an English edit never waits for the
            # translators): `course translations` lists it, and its site shows the English where they differ.
            _same_ids(project, path, source, lang)
        elif source == glossary_mod.path_of(project.root):
            glossary_mod.check_terms(path, glossary_mod.load(path, report, project.sources), report)  # its site's hovers


def _no_source(path: Path, source: Path, lang: str, rel: str, languages: tuple[str, ...]) -> str:
    """What to say of a translation whose English file does not exist (a typo in its name, most often)."""
    renamed = next((p for p in sorted(source.parent.glob("*")) if p.name.lower() == source.name.lower()), None)
    if renamed is not None:  # the English file's name changed case (index.md saved as Index.md): this file is right
        return (
            f"this translates {rel}, which does not exist: its English file was renamed {renamed.name}; "
            f"rename {renamed.name} back to {source.name} (keep this file as it is)"
        )
    if source.suffix.lower() not in IMAGES:
        return f"this translates {rel}, which does not exist; rename it after its English file, or delete it"
    names = sorted(p.name for p in source.parent.iterdir() if p.is_file() and p.suffix == source.suffix and p.name != path.name)
    english = [n for n in names if split(source.parent / n, languages)[1] is None]
    close = difflib.get_close_matches(source.name, english, n=1, cutoff=0.6)
    fix = f"rename it to {translation(source.with_name(close[0]), lang).name}" if close else "rename it after the image it replaces"
    return (
        f"this localised image replaces {rel} on the '{lang}' pages, but there is no such image; {fix} "
        f"(a localised image sits beside its English image as name.{lang}{source.suffix}), or delete it"
    )


def project_limit(path: Path) -> int:
    from coursekit.model.project import MAX_NOTEBOOK_BYTES
    from coursekit.model.yamlsafe import MAX_BYTES

    return MAX_NOTEBOOK_BYTES if path.suffix == ".ipynb" else MAX_BYTES


def _same_ids(project: Project, path: Path, source: Path, lang: str) -> None:
    """The translation keeps the English file's ids and structure."""
    report = project.report
    module = project.module_of(source)
    if source.suffix == ".md":
        english, translated = project.page(source), project.page(path)
        if english is None or translated is None:
            return
        anchors = {h.id for h in translated.info.headings}
        for heading in english.info.headings:
            if heading.level > 1 and heading.id and heading.id not in anchors:
                report.add(
                    path,
                    0,
                    f"the heading '{heading.text}' (#{heading.id}) of the English page has no heading with its anchor here; "
                    f"keep the English anchor on the translated heading, e.g. '## ... {{#{heading.id}}}'",
                    rule=RULE,
                )
        if module is not None and source == module.index and module.loaded:
            copy = Module(module.slug, module.dir, languages=module.languages)
            if read_module_meta(copy, path, report, project.sources, TRANSLATED_MODULE_FIELDS):
                english_ids = [o.id for o in module.objectives]
                if [o.id for o in copy.objectives] != english_ids:
                    report.add(
                        path,
                        1,
                        f"the objectives must keep the English ids in the English order ({', '.join(english_ids)}); translate only their text",
                        rule=RULE,
                    )
    elif source == project.course.manifest:
        texts = load_course_texts(path, report, project.sources)
        parts = [part.title for part in project.course.nav]
        for title, line in (texts.nav_lines if texts else {}).items():
            if title not in parts:
                report.add(
                    path,
                    line,
                    f"nav part '{title}' is not a part of course.yml's nav; key each title by its English title "
                    f"({', '.join(parts) or 'course.yml has no nav'})",
                    rule=RULE,
                )
    elif source.parent == project.course.quizzes_dir:
        english_bank = project.bank(source.stem)
        translated_bank = load_bank(path, report, project.sources)
        if english_bank is not None and translated_bank is not None:
            _same_bank(project, path, english_bank, translated_bank)
    elif source == glossary_mod.path_of(project.root):
        terms = glossary_mod.load(path, report, project.sources)
        glossary_mod.check_terms(
            path, terms, report
        )  # the rules of the English glossary (one abbreviation per term...): its site shows these hovers
        _same_terms(project, path, terms, lang)
    elif source.name == SESSION_FILE and module is not None:
        load_session(module, report, project.sources, path)
    elif source.suffix == ".svg":
        _same_drawing(project, path, source)


SVG_SIZE = ("width", "height", "viewBox")


def _same_drawing(project: Project, path: Path, source: Path) -> None:
    """A localised SVG is the English drawing with its words translated: the same size and ids."""
    report = project.report
    drawings = []
    for svg in (source, path):
        try:
            drawings.append(ET.fromstring(project.sources.text_only(svg, "the image") or ""))
        except ET.ParseError as exc:
            if svg == path:
                line = exc.position[0]
                report.add(path, line, f"this SVG cannot be read ({exc}); fix the markup, or copy the English image again", rule=RULE)
            return
    english, translated = drawings
    for name in SVG_SIZE:
        if english.get(name) != translated.get(name):
            report.add(
                path,
                1,
                f"the localised image must keep the English {name} ({english.get(name)!r}, here {translated.get(name)!r}); "
                "translate only its words, and wrap a long label into <tspan> lines rather than resize the drawing",
                rule=RULE,
            )
    ids = {e.get("id") for e in translated.iter()}
    missing = [i for e in english.iter() if (i := e.get("id")) and i not in ids]
    if missing:
        report.add(
            path,
            1,
            f"the localised image must keep the English ids ({', '.join(missing)} missing here); translate only its words",
            rule=RULE,
        )


def _same_bank(project: Project, path: Path, english: Bank, translated: Bank) -> None:
    report = project.report
    ids = [i.id for i in english.items]
    if [i.id for i in translated.items] != ids:
        report.add(path, 1, f"the bank must hold the English items, with their ids, in the English order ({', '.join(ids)})", rule=RULE)
        return
    for item, source in zip(translated.items, english.items, strict=True):
        same = (
            item.type == source.type
            and item.objective == source.objective
            and [o.correct for o in item.options] == [o.correct for o in source.options]
        )
        if not same:
            report.add(
                path,
                item.line,
                f"item '{item.id}' must keep the English type, objective and options (the same number, in the same order, "
                f"the same ones correct); translate only the texts",
                rule=RULE,
            )


def _same_terms(project: Project, path: Path, terms: list[Term], lang: str) -> None:
    """Glossary coverage in one language: each entry translates an English term (the one whose
    anchor is its ``id``, or its own anchor when the term is spelled the same), and each English
    term has an entry, with an abbreviation where the English one has one.

    An entry that names no English term is an error: its anchor is not the English one (a link to
    the term breaks in that language) and nothing says which term it translates. A term with no
    entry, or an entry without the English abbreviation, is a warning: the site still shows the
    English entry in its place (marked as English), as it shows an untranslated page, and
    `--strict` fails on it."""
    report, english = project.report, project.glossary
    by_anchor = {t.anchor: t for t in english}
    mine = {t.anchor for t in terms}
    guessed: set[str] = set()  # English terms an unknown entry seems to translate: one mistake, reported once, at the entry
    for number, term in enumerate(terms):
        if term.anchor in by_anchor:
            continue
        same_place = english[number] if number < len(english) and english[number].anchor not in mine else None
        close = difflib.get_close_matches(term.anchor, [a for a in by_anchor if a not in mine], n=1)
        guess = same_place or (by_anchor[close[0]] if close else None)
        guessed |= {guess.anchor} if guess else set()
        hint = (
            f"write 'id: {guess.anchor}' under it if it translates '{guess.term}'"
            if guess
            else "write the anchor of the English term it translates under it, as 'id: ...', or delete the entry"
        )
        report.add(
            path,
            term.line,
            f"the term '{term.term}' (#{term.anchor}) translates no term of docs/glossary.yml, so its anchor differs from "
            f"the English one; {hint}",
            rule="glossary-coverage",
        )
    translated = {t.anchor: t for t in terms}
    for term in english:
        found = translated.get(term.anchor)
        if found is None and term.anchor in guessed:
            continue
        if found is None:
            report.add(
                path,
                1,
                f"no entry translates the English term '{term.term}' (id '{term.anchor}', docs/glossary.yml:{term.line}), so the "
                f"glossary of the '{lang}' site shows it in English; add an entry with its term and definition in this language, and "
                f"'id: {term.anchor}' under the term unless it is spelled the same",
                rule="glossary-coverage",
                severity="warning",
            )
        elif term.abbr and not found.abbr:
            report.add(
                path,
                found.line,
                f"the term '{found.term}' has no abbreviation, but its English term has '{term.abbr}': pages in this language "
                f"show the abbreviation without its definition; add 'abbr: ...' with the abbreviation used in this language "
                f"(the same, or its local form, e.g. 'UE' for 'EU')",
                rule="glossary-coverage",
                severity="warning",
            )
