"""The glossary (docs/glossary.yml): one source for the glossary page and hover definitions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.model.course import Course
from coursekit.model.diagnostics import Report
from coursekit.model.schema import SOURCE_COMMIT, Field, check_map, text
from coursekit.model.sources import Sources
from coursekit.model.yamlsafe import read_file

GLOSSARY_FILE = "glossary.yml"
TOP_FIELDS = (Field("terms", list, required=True), SOURCE_COMMIT)
TERM_FIELDS = (
    Field("term", str, required=True),
    Field("id", str, help="in a translation: the anchor of the English term it translates (e.g. 'id: agent' under 'term: Agente')"),
    Field("abbr", str, help="the abbreviation that gets a hover definition"),
    Field("definition", str, required=True),
    Field("source", str, help="an https URL"),
)


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    abbr: str = ""
    source: str = ""
    line: int = 0
    source_line: int = 0
    id: str = ""
    """The term's anchor when it is not made from the term: in a translation, the English term's
    anchor (so a term keeps one anchor, and one identity, in every language)."""
    lang: str = ""
    """The language of the text when it is not the page's: an English term shown on a translated
    glossary page because its translation has no entry for it yet."""

    @property
    def anchor(self) -> str:
        from markdown.extensions.toc import slugify

        return self.id or slugify(self.term, "-")


def path_of(root: Path) -> Path:
    return root / "docs" / GLOSSARY_FILE


def load(path: Path, report: Report, sources: Sources | None = None) -> list[Term]:
    if not path.is_file():
        return []
    node, problems, _ = read_file(path, "the glossary", sources.read if sources else None)
    for p in problems:
        report.add(path, p.line, p.message, rule="yaml", column=p.column)
    if node is None:
        return []
    top = check_map(node, TOP_FIELDS, report, path, "the glossary", "glossary")
    terms = []
    for raw in top["terms"].value if "terms" in top else []:
        fields = check_map(raw, TERM_FIELDS, report, path, "a glossary entry", "glossary")
        if "term" in fields and "definition" in fields:
            terms.append(
                Term(
                    text(fields["term"]).strip(),
                    " ".join(text(fields["definition"]).split()),
                    text(fields.get("abbr")).strip(),
                    text(fields.get("source")).strip(),
                    raw.line,
                    raw.key_lines.get("source", raw.line),
                    text(fields.get("id")).strip(),
                )
            )
    return terms


def check(course: Course, report: Report, terms: list[Term] | None = None) -> None:
    """Check the glossary's terms (``terms``: as loaded by the project; else read here)."""
    path = path_of(course.root)
    check_terms(path, load(path, report) if terms is None else terms, report)


def check_terms(path: Path, terms: list[Term], report: Report) -> None:
    """The terms of the glossary file ``path`` (English, or a translation): no abbreviation or term twice, https sources."""
    seen: dict[str, int] = {}
    anchors: dict[str, Term] = {}
    abbreviations: dict[str, Term] = {}
    for term in terms:
        first = abbreviations.setdefault(term.abbr, term) if term.abbr else term
        if first is not term:
            report.add(
                path,
                term.line,
                f"the abbreviation '{term.abbr}' is given to two terms, '{first.term}' (line {first.line}) and '{term.term}'; "
                "the site's hover would show only the first definition: give each term its own abbreviation, or remove one",
                rule="glossary",
            )
        key = term.term.lower()
        if key in seen:
            report.add(path, term.line, f"the term '{term.term}' is defined twice (also at line {seen[key]}); keep one", rule="glossary")
        seen[key] = term.line
        same = anchors.setdefault(term.anchor, term)
        if same is not term and same.term.lower() != key:
            report.add(
                path,
                term.line,
                f"the terms '{same.term}' (line {same.line}) and '{term.term}' have the same anchor '#{term.anchor}', so a link "
                f"to it could reach only the first; {'give each the id of the English term it translates' if term.id or same.id else 'rename one'}",
                rule="glossary",
            )
        if term.source and not term.source.startswith("https://"):
            report.add(path, term.source_line, f"the source of '{term.term}' must be an https URL", rule="glossary")
