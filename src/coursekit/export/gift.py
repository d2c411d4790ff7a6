"""Question banks as GIFT (Moodle's plain-text format): one $CATEGORY per module, each item in
GIFT's [html] format, with per-option feedback, the explanation as general feedback, and the
id and tags in Moodle's comment syntax.

GIFT gives ``~ = # { } :`` a meaning, and an unescaped ``=`` in feedback silently becomes a right
answer. Every text is escaped: braces, backslashes and line breaks become HTML character
references (the text is HTML), and ``~ = # :`` get a backslash. GIFT cannot carry files, so an
item with an image fails the export (Moodle XML embeds them).
"""

from __future__ import annotations

import re

from coursekit.export.banks import Export, bank_writer, html, images, option_fractions, percent
from coursekit.export.moodle_xml import category_path, tags
from coursekit.export.registry import ExportFormat, register
from coursekit.model.course import Course
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import Item

_SPECIAL = re.compile(r"([~=#:{}\\])")
_REFERENCES = {"\\": "&#92;", "{": "&#123;", "}": "&#125;", "\n": "&#10;", "\r": ""}


def escape(text: str) -> str:
    """Escape GIFT's special characters (``~ = # { } :`` and backslash) with a backslash."""
    return _SPECIAL.sub(r"\\\1", text)


def escape_html(fragment: str) -> str:
    """An HTML fragment as GIFT text: braces, backslashes and newlines as character references,
    then every special character (the ``#`` of those references too) escaped."""
    return escape("".join(_REFERENCES.get(ch, ch) for ch in fragment))


def _true_false(item: Item) -> bool:
    texts = sorted(o.text.strip().lower() for o in item.options)
    return item.type == "true-false" and texts == ["false", "true"] and sum(o.correct for o in item.options) == 1


def question(item: Item, report: Report) -> str | None:
    """One item as GIFT, or None when GIFT cannot express it (reported with the item's line)."""
    texts = [item.stem, item.explanation, *(o.text for o in item.options), *(o.feedback for o in item.options)]
    if any(images(html(t)) for t in texts if t):
        report.add(
            item.path,
            item.line,
            f"item '{item.id}' shows an image, and GIFT cannot carry files; export with --format moodle-xml",
            rule="export-gift",
        )
        return None
    fractions = option_fractions(item)
    if isinstance(fractions, str):
        report.add(item.path, item.line, f"item '{item.id}' cannot be exported to GIFT: {fractions}", rule="export-gift")
        return None
    meta = " ".join([f"[id:{item.id}]", *(f"[tag:{t}]" for t in tags(item))])
    head = f"// {meta}\n::{escape(item.id)}::[html]{escape_html(html(item.stem))}"
    lines: list[str] = []
    if _true_false(item):
        right = next(o for o in item.options if o.correct)
        wrong = next(o for o in item.options if not o.correct)
        # Moodle: the first feedback is shown for a wrong answer, the second for a right one.
        lines.append(
            f"{'TRUE' if right.text.strip().lower() == 'true' else 'FALSE'}"
            f"#{escape_html(html(wrong.feedback, inline=True))}#{escape_html(html(right.feedback, inline=True))}"
        )
    else:
        for option, fraction in zip(item.options, fractions, strict=True):
            if item.type == "multiple":
                sign = f"~%{percent(fraction)}%"
            else:
                sign = "=" if fraction == 1.0 else "~"
            lines.append(f"{sign}{escape_html(html(option.text, inline=True))}#{escape_html(html(option.feedback, inline=True))}")
    if item.explanation:
        lines.append(f"####{escape_html(html(item.explanation))}")
    return head + " {\n" + "\n".join(f"\t{line}" for line in lines) + "\n}\n"


def write(course: Course, exports: list[Export], report: Report) -> bytes | None:
    """The GIFT file for ``exports``, or None when an item cannot be exported (reported)."""
    errors = len(report.errors)
    parts = [f"// {course.title}: quiz banks exported by `course export --format gift`\n"]
    for export in exports:
        parts.append(f"$CATEGORY: {category_path(course, export)}\n")
        for item in export.bank.items:
            text = question(item, report)
            if text is not None:
                parts.append(text)
    if len(report.errors) > errors:
        return None
    return "\n".join(parts).encode("utf-8")


register(ExportFormat("gift", ".txt", "questions-gift", frozenset({"banks"}), bank_writer(write), "the quiz banks in GIFT"))
