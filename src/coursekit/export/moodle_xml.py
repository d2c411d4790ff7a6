"""Question banks as Moodle XML: one category per module, every item as a multiple-choice question
with per-option feedback, the explanation as general feedback, tags, and images embedded."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.export.banks import Export, bank_writer, html, image_file, images, option_fractions, percent
from coursekit.export.registry import ExportFormat, Job, register
from coursekit.model.course import Course
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import Item

if TYPE_CHECKING:
    from coursekit.model.project import Project


def tags(item: Item) -> list[str]:
    """The item's tags: its objective and skill (and difficulty and type), as ``name:value``."""
    pairs = (("objective", item.objective), ("skill", item.skill), ("difficulty", item.difficulty), ("type", item.type))
    return [f"{name}:{value}" for name, value in pairs if value]


def category_path(course: Course, export: Export) -> str:
    """Moodle's category path; a slash inside a name is written twice."""
    names = (course.title or "Course", export.category)
    return "$course$/top/" + "/".join(n.replace("/", "//") for n in names)


Translations = dict[str, dict[str, Item]]
"""Other languages of the items: language -> item id -> the translated item (same options, same order)."""


def write(
    course: Course, exports: list[Export], report: Report, translations: Translations | None = None, source: str = "en"
) -> bytes | None:
    """The Moodle XML document for ``exports``, or None when an item cannot be exported (reported).

    With ``translations`` (issue 19), every text carries each language in Moodle's multilang spans,
    ``<span lang="es" class="multilang">…</span>`` (the source language first), for Moodle's
    "Multi-language content" filter to show the learner's language."""
    quiz = ET.Element("quiz")
    errors = len(report.errors)
    for export in exports:
        category = ET.SubElement(quiz, "question", type="category")
        _text(ET.SubElement(category, "category"), category_path(course, export))
        info = ET.SubElement(category, "info", format="html")
        _text(info, html(export.module.summary) if export.module.summary else "")
        for item in export.bank.items:
            _question(quiz, item, export, course, report, _others(item, translations or {}, source))
    if len(report.errors) > errors:
        return None
    ET.indent(quiz)
    body: bytes = ET.tostring(quiz, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _others(item: Item, translations: Translations, source: str) -> dict[str, Item]:
    """The item in its language and in the other languages that translate it (with as many options)."""
    out = {source: item}
    for lang, items in translations.items():
        other = items.get(item.id)
        if other is not None and len(other.options) == len(item.options):
            out[lang] = other
    return out


def _multi(fragments: dict[str, str]) -> str:
    """One language's HTML as it is, or every language's in Moodle's multilang spans."""
    if len(fragments) == 1:
        return next(iter(fragments.values()))
    return "".join(f'<span lang="{lang}" class="multilang">{text}</span>' for lang, text in fragments.items())


def _text(parent: ET.Element, value: str) -> ET.Element:
    node = ET.SubElement(parent, "text")
    node.text = value
    return node


def _html_area(parent: ET.Element, tag: str, fragment: str, item: Item, line: int, export: Export, course: Course, report: Report) -> None:
    """A formatted text area; the images it shows are embedded as <file> elements."""
    area = ET.SubElement(parent, tag, format="html")
    names: dict[Path, str] = {}
    for src in dict.fromkeys(images(fragment)):
        found = image_file(src, export, course)
        if isinstance(found, str):
            report.add(item.path, line, f"item '{item.id}': {found}", rule="export-image")
            continue
        if found not in names:
            name, n = found.name, 2
            while name in names.values():
                name, n = f"{found.stem}-{n}{found.suffix}", n + 1
            names[found] = name
        fragment = fragment.replace(f'src="{src}"', f'src="@@PLUGINFILE@@/{names[found]}"')
    _text(area, fragment)
    for path, name in names.items():
        node = ET.SubElement(area, "file", name=name, path="/", encoding="base64")
        node.text = base64.b64encode(path.read_bytes()).decode("ascii")


def _question(quiz: ET.Element, item: Item, export: Export, course: Course, report: Report, others: dict[str, Item]) -> None:
    fractions = option_fractions(item)
    if isinstance(fractions, str):
        report.add(item.path, item.line, f"item '{item.id}' cannot be exported to Moodle: {fractions}", rule="export")
        return
    q = ET.SubElement(quiz, "question", type="multichoice")
    _text(ET.SubElement(q, "name"), item.id)
    stem_line = item.key_lines.get("stem", item.line)
    stem = _multi({lang: html(o.stem) for lang, o in others.items()})
    _html_area(q, "questiontext", stem, item, stem_line, export, course, report)
    explanation = _multi({lang: html(o.explanation) for lang, o in others.items() if o.explanation}) if item.explanation else ""
    _html_area(q, "generalfeedback", explanation, item, item.key_lines.get("explanation", item.line), export, course, report)
    ET.SubElement(q, "defaultgrade").text = "1"
    ET.SubElement(q, "penalty").text = "0.3333333"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = item.id
    ET.SubElement(q, "single").text = "false" if item.type == "multiple" else "true"
    ET.SubElement(q, "shuffleanswers").text = "true" if getattr(item, "shuffle", True) else "false"
    ET.SubElement(q, "answernumbering").text = "none" if item.type == "true-false" else "abc"
    ET.SubElement(q, "showstandardinstruction").text = "1" if item.type == "multiple" else "0"
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(ET.SubElement(q, tag, format="html"), "")
    if item.type == "multiple":
        ET.SubElement(q, "shownumcorrect")
    for option, fraction in zip(item.options, fractions, strict=True):
        answer = ET.SubElement(q, "answer", fraction=percent(fraction), format="html")
        # The same option in each language: a translated option has the English option's key.
        same = {lang: next((x for x in o.options if x.key == option.key), option) for lang, o in others.items()}
        text = _multi({lang: html(x.text, inline=True) for lang, x in same.items()})
        _answer_text(answer, text, option.line, item, export, course, report)
        feedback = _multi({lang: html(x.feedback, inline=True) for lang, x in same.items()})
        _html_area(answer, "feedback", feedback, item, option.line, export, course, report)
    tag_list = ET.SubElement(q, "tags")
    for tag in tags(item):
        _text(ET.SubElement(tag_list, "tag"), tag)


def _answer_text(answer: ET.Element, text: str, line: int, item: Item, export: Export, course: Course, report: Report) -> None:
    """An <answer>'s own text and files sit directly inside it (no wrapping element)."""
    holder = ET.Element("holder")
    _html_area(holder, "x", text, item, line, export, course, report)
    for child in holder[0]:
        answer.append(child)


def _translations(project: Project) -> Translations:
    """Every translated language's quiz items, by id (the Moodle XML file carries them all)."""
    from coursekit.translation.localize import localized

    out: Translations = {}
    for lang in project.course.translated_languages:
        view = localized(project, lang)
        items = {item.id: item for bank in view.banks if bank.path.name != project.course.bank_path(bank.id).name for item in bank.items}
        if items:
            out[lang] = items
    return out


def _step(job: Job) -> str | None:
    """The export step: one language (``course export --lang``), or every language in multilang spans."""
    project = job.project
    translations = None if project.language else _translations(project)
    source = project.course.source_language
    return bank_writer(lambda course, exports, report: write(course, exports, report, translations, source))(job)


register(ExportFormat("moodle-xml", ".xml", "questions-moodle", frozenset({"banks"}), _step, "the quiz banks as Moodle XML"))
