"""Acronym rule (issue 14): every acronym in a module page's prose is in the glossary or spelled out.

An acronym is covered when docs/glossary.yml has it as an ``abbr`` or as a word of a ``term``
(ACCIÓ, SIGMA DAF Clarifiers), or when its first use on the page spells it out, as
"Full Name (ABC)" or "ABC (Full Name)". Otherwise ``course validate`` warns (rule ``acronym``) at
that first use. Prose means what a reader meets on the page: title, summary, questions and
objectives, the body up to ``## Sources``, then the key points; never code, link targets, URLs,
HTML tags or block markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coursekit.model import glossary
from coursekit.model.course import Course, page_text
from coursekit.model.diagnostics import Report
from coursekit.model.frontmatter import split
from coursekit.model.languages import translation
from coursekit.model.pageinfo import lines_outside_code
from coursekit.translation.localize import glossary_in

if TYPE_CHECKING:
    from coursekit.model.project import Project

# A token is acronym-shaped when it has two or more capitals: ESCP-4i, R&D, B2B, MoU, EU-27, COVID-19.
# Plural and possessive endings (SMEs, MoUs, CWP's) are dropped. Codes of three or more parts, such as
# the call identifier SMP-COSME-2021-CLUSTER-01, dotted indicator codes (SH.H2O.BASW.ZS) and Roman
# numerals ("Action II") are not acronyms.
TOKEN_RE = re.compile(r"(?<![\w&.’'/-])([A-ZÀ-Þ][A-Za-zÀ-ÿ0-9&]*(?:-[A-Za-z0-9]+)*)(?![\w&/-]|\.\w)")
PART_RE = re.compile(r"^(?:[A-ZÀ-Þ0-9&]*[A-ZÀ-Þ][A-ZÀ-Þ0-9&]*[a-z]?|[A-Z]o[A-Z]|[0-9]+[a-z]?)$")
PLURAL_RE = re.compile(r"(?:[A-Z]|\d[a-z])s$")
ROMAN_RE = re.compile(r"^[IVX]+$")
LINK_RE = re.compile(r"\]\([^)]*\)")
URL_RE = re.compile(r"<https?://[^>]*>|https?://\S+")
TAG_RE = re.compile(r"<[^>]+>")
BLOCK_RE = re.compile(r"^/{3,}\s*[\w-]+\s*\|?")
WORD_RE = re.compile(r"[\w’'&-]+")


@dataclass(frozen=True)
class Use:
    """The first use of an acronym on a page: its line in the file and the cleaned text of that line."""

    line: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Covered:
    """What the glossary explains: single-word abbreviations and capitalised words of terms, and
    multi-word abbreviations (DG GROW, CC BY)."""

    words: frozenset[str]
    phrases: tuple[str, ...]

    @classmethod
    def from_terms(cls, terms: list[glossary.Term]) -> Covered:
        words: set[str] = set()
        phrases: list[str] = []
        for term in terms:
            if " " in term.abbr:
                phrases.append(term.abbr)
            elif term.abbr:
                words.add(term.abbr)
            words.update(w for w in re.split(r"[\s(),]+", term.term) if sum(c.isupper() for c in w) >= 2)
        return cls(frozenset(words), tuple(sorted(phrases, key=len, reverse=True)))

    def explains(self, token: str) -> bool:
        if token in self.words or token in self.phrases:
            return True
        base = re.sub(r"-\d+$", "", token)  # EU-27, COVID-19: the base abbreviation explains them
        return base != token and base in self.words


def acronym(token: str) -> str | None:
    """The acronym a token is, or None for an ordinary word or a code."""
    for end in ("’s", "'s"):
        token = token.removesuffix(end)
    if PLURAL_RE.search(token):
        token = token[:-1]
    parts = token.split("-")
    if len(parts) >= 3 or ROMAN_RE.match(token) or not all(PART_RE.match(p) for p in parts):
        return None
    return token if sum(c.isupper() for c in token) >= 2 else None


def letters_match(letters: str, words: list[str]) -> bool:
    """True when the acronym's letters are, in order, the initials (or inner capitals) of the words,
    starting with the first word: research and development -> R&D; SMEs gives S, M, E."""
    marks: list[str] = []
    for word in words:
        for piece in (p for p in re.split(r"[-/]", word) if p):
            marks.append(piece[0].lower())
            marks.extend(c.lower() for c in piece[1:] if c.isupper())
    letters = letters.lower()
    if not letters or not marks or marks[0] != letters[0]:
        return False
    position = 0
    for mark in marks:
        if position < len(letters) and mark == letters[position]:
            position += 1
    return position == len(letters)


def spelled_out(line: str, start: int, end: int, token: str) -> bool:
    """Is the acronym at line[start:end] written as 'Full Name (ABC)' or 'ABC (Full Name)'?"""
    letters = re.sub(r"[^A-Za-z]", "", token)
    before, after = line[:start], line[end:]
    if before.endswith("("):
        words = WORD_RE.findall(before[:-1])
        return any(letters_match(letters, words[-n:]) for n in range(1, min(len(words), 3 * len(letters) + 2) + 1))
    inside = re.match(r"\s*\(([^)]*)\)", after)
    if inside:
        words = [w for w in WORD_RE.findall(inside.group(1)) if w.lower() not in ("the", "a", "an")]
        return letters_match(letters, words)
    return False


def prose_lines(content: str) -> list[tuple[int, str]]:
    """(line in the file, cleaned text) in the order a reader meets the page."""
    front, body, first, _ = split(content)
    front_lines = list(enumerate((front or "").splitlines(), 2))
    keypoints_at = next((i for i, (_, t) in enumerate(front_lines) if t.startswith("keypoints:")), len(front_lines))
    top, keypoints = front_lines[:keypoints_at], front_lines[keypoints_at:]
    body = re.split(r"(?m)^## Sources\s*$", body)[0]
    lines = top + [(n + first - 1, t) for n, t in lines_outside_code(body)] + keypoints
    return [(number, TAG_RE.sub("", BLOCK_RE.sub("", URL_RE.sub("", LINK_RE.sub("]", text))))) for number, text in lines]


def first_uses(content: str, covered: Covered) -> dict[str, Use]:
    uses: dict[str, Use] = {}
    for number, text in prose_lines(content):
        for phrase in covered.phrases:
            at = text.find(phrase)
            if at >= 0:
                uses.setdefault(phrase, Use(number, text, at, at + len(phrase)))
                text = text.replace(phrase, " " * len(phrase))
        for match in TOKEN_RE.finditer(text):
            token = acronym(match.group(1))
            if token and token not in uses:
                uses[token] = Use(number, text, match.start(), match.start() + len(token))
    return uses


def unexplained(content: str, covered: Covered) -> list[tuple[str, Use]]:
    """The acronyms of a page that are neither in the glossary nor spelled out at their first use."""
    return [
        (token, use)
        for token, use in first_uses(content, covered).items()
        if not covered.explains(token) and not spelled_out(use.text, use.start, use.end, token)
    ]


def check_all(course: Course, report: Report, project: Project) -> None:
    terms = project.glossary
    covered = Covered.from_terms(terms)
    for module in course.modules:
        if not module.loaded:
            continue
        content = page_text(module.index, project.sources)
        if content is None:
            continue
        for token, use in unexplained(content, covered):
            report.add(
                module.index,
                use.line,
                f"the acronym '{token}' is neither in docs/glossary.yml nor spelled out at its first use on this page; "
                f"add it to the glossary (term, abbr, definition) or write the full name first, as 'Full Name ({token})'",
                rule="acronym",
                severity="warning",
            )


def check_languages(course: Course, report: Report, project: Project) -> None:
    """Glossary coverage on translated module pages (issue 19): an abbreviation of the English
    glossary that a translated page uses gets its hover definition from that language's glossary;
    when that glossary gives the term another abbreviation (PME for SME in French), the page shows
    the English one without a definition, unless the page spells it out. A warning, as the acronym
    rule: the page still reads, but a learner meets an unexplained abbreviation."""
    english = Covered.from_terms(project.glossary)
    for lang in course.translated_languages:
        terms = glossary_in(project, lang)
        covered = Covered.from_terms(terms)
        for module in course.modules:
            path = translation(module.index, lang)
            content = page_text(path, project.sources) if module.loaded and path.is_file() else None
            if content is None:
                continue
            for token, use in first_uses(content, covered).items():
                if not english.explains(token) or covered.explains(token) or spelled_out(use.text, use.start, use.end, token):
                    continue
                local = [
                    t.abbr for t in terms if t.abbr and any(token in (e.abbr, e.term) for e in project.glossary if e.anchor == t.anchor)
                ]
                instead = (
                    f"write the abbreviation this language's glossary gives it ('{local[0]}')" if local else "add it to the term's entry"
                )
                report.add(
                    path,
                    use.line,
                    f"the abbreviation '{token}' is in docs/glossary.yml but not in docs/glossary.{lang}.yml, so this page shows it "
                    f"without its definition; {instead}, or write the full name first, as 'Full Name ({token})'",
                    rule="glossary-coverage",
                    severity="warning",
                )
