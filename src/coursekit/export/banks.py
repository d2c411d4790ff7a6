"""What the question-bank exports share: which banks to export, in course order, each with its
module, the item texts as safe HTML, and the images an item refers to."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from coursekit.export.files import checked
from coursekit.export.registry import Job, Writer
from coursekit.model.course import Course, Module
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import Bank, Item, display_order
from coursekit.model.sources import escapes, write_atomically
from coursekit.render.safemd import render, render_inline

FRACTIONS = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
)
"""The grade fractions Moodle accepts (question_bank::fraction_options_full, with their negatives and 0)."""

_IMG_RE = re.compile(r'<img\b[^>]*?\bsrc="([^"]*)"')


@dataclass(frozen=True)
class Export:
    """One bank to export, with the module it belongs to."""

    bank: Bank
    module: Module

    @property
    def category(self) -> str:
        """The question category: the module, by number and title."""
        return f"{self.module.slug[:2]} {self.module.title}".strip()


def select(course: Course, banks: list[Bank], module: str | None, report: Report) -> list[Export]:
    """The banks to export in course order (published modules only), or the one ``module``'s."""
    by_module = {b.module: b for b in banks}
    chosen = course.export_modules(module, report)
    if module is not None and chosen and module not in by_module:
        report.add(chosen[0].index, 0, f"module '{module}' has no quiz bank (quizzes/{module}.yml) to export", rule="export")
        return []
    return [Export(ordered(by_module[m.slug]), m) for m in chosen if m.slug in by_module]


def ordered(bank: Bank) -> Bank:
    """The bank with each item's options in the site's fixed order (:func:`coursekit.model.quiz.display_order`),
    the order the page without JavaScript and the polls use. Items with ``shuffle`` on are shuffled
    again by the LMS (Moodle's ``shuffleanswers``); items with ``shuffle: false`` keep this order."""
    return replace(bank, items=[replace(item, options=display_order(item)) for item in bank.items])


def html(markdown: str, inline: bool = False) -> str:
    """An item text as the safe HTML the site shows (raw HTML is text; unsafe URLs are dropped)."""
    return render_inline(markdown) if inline else render(markdown)


def option_fractions(item: Item) -> list[float] | str:
    """Moodle grade fractions for the item's options, or the reason the item cannot be graded.

    Single-answer and true-false items: 1 for a correct option, 0 for a wrong one. Multiple-answer
    items: the correct options share 100% and the wrong ones share -100%, so that choosing every
    option scores 0.
    """
    right = sum(1 for o in item.options if o.correct)
    if right == 0:
        return "the item has no correct option"
    if item.type != "multiple":
        return [1.0 if o.correct else 0.0 for o in item.options]
    wrong = len(item.options) - right
    plus, minus = _fraction(1 / right), _fraction(1 / wrong) if wrong else 0.0
    if plus is None:
        return f"Moodle cannot share 100% between {right} correct options (at most 10); split the item"
    if minus is None:
        return f"Moodle cannot share -100% between {wrong} wrong options (at most 10); drop some options"
    return [plus if o.correct else -minus for o in item.options]


def _fraction(value: float) -> float | None:
    return next((f for f in FRACTIONS if abs(f - value) < 5e-7), None)


def percent(fraction: float) -> str:
    """A fraction as Moodle writes a percentage: up to five decimals, no trailing zeros."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def images(fragment: str) -> list[str]:
    """The image sources in an HTML fragment, in order."""
    return _IMG_RE.findall(fragment)


def image_file(src: str, export: Export, course: Course) -> Path | str:
    """The local file an image source names (relative to the module folder, else to quizzes/), or why not."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return f"the image '{src}' is on another site; put the file in modules/{export.module.slug}/ and link it relatively"
    rel = unquote(parts.path)
    for base in (export.module.dir, course.quizzes_dir):
        candidate = (base / rel).resolve()
        if candidate.is_file() and escapes(base / rel, course.root) is None:
            return candidate
    return f"the image '{src}' was not found in modules/{export.module.slug}/ or quizzes/; fix the path"


def bank_writer(write: Callable[[Course, list[Export], Report], bytes | None]) -> Writer:
    """The export step of a question-bank format whose ``write`` makes the file's bytes."""

    def step(job: Job) -> str | None:
        data = write(job.project.course, job.banks, job.report)
        if data is None or not checked("moodle-xml" if data.lstrip().startswith(b"<") else "gift", job.out, data, job.report):
            return None  # (parsed back first: a file that is not well-formed is never written)
        write_atomically(job.out, data)
        count = sum(len(e.bank.items) for e in job.banks)
        return f"wrote {count} questions in {len(job.banks)} categories to {job.out} ({len(data):,} bytes)"

    return step
