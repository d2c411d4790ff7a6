"""The glossary covers the course's language (issue 14): every acronym in a module page's prose
is in docs/glossary.yml (as an abbreviation or a word of a term) or is spelled out at its first
use on that page, as "Full Name (ABC)" or "ABC (Full Name)". And the glossary itself stays short,
sourced and dated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, replace_in

from coursekit.app import validate
from coursekit.model import glossary
from coursekit.model.course import Module, load_course
from coursekit.model.diagnostics import Report
from coursekit.rules.rules_acronyms import Covered, first_uses, spelled_out, unexplained

TERMS = glossary.load(glossary.path_of(ROOT), Report(ROOT))
COVERED = Covered.from_terms(TERMS)
MODULES = load_course(ROOT, Report(ROOT)).modules


def problems(path: Path) -> list[str]:
    found = unexplained(path.read_text(encoding="utf-8"), COVERED)
    return [f"{path.relative_to(ROOT).as_posix()}:{use.line}: '{token}'" for token, use in found]


def first_uses_of(path: Path) -> set[str]:
    return set(first_uses(path.read_text(encoding="utf-8"), COVERED))


@pytest.mark.parametrize("module", MODULES, ids=[m.slug for m in MODULES])
def test_every_acronym_is_in_the_glossary_or_spelled_out(module: Module) -> None:
    assert problems(module.index) == []


def test_the_module_pages_use_many_acronyms() -> None:
    # The check above must see the acronyms it is about; if the tokeniser broke, it would pass on nothing.
    found = set().union(*(first_uses_of(m.index) for m in MODULES))
    assert {"ECCP", "ESCP-4i", "ESCP-4x", "EISMEA", "SMP", "FSTP", "EEN", "GDPR", "R&D", "B2B", "MoU", "EU", "ACCIÓ", "DG GROW"} <= found
    assert len(found) >= 60


@pytest.mark.parametrize(
    ("text", "token", "ok"),
    [
        ("The European Court of Auditors (ECA, Special Report 07/2022) found", "ECA", True),
        ("at least 0.5 full-time equivalent (FTE);", "FTE", True),
        ("trend scouting, research and development (R&D), joint", "R&D", True),
        ("Interregional Innovation Investments (I3) funds", "I3", True),
        ("ESCA (the European Secretariat for Cluster Analysis) awards", "ESCA", True),
        ("a memorandum of action (MOA) on 29 September", "MOA", True),
        ("stands at POLLUTEC (France), IFAT (Germany)", "POLLUTEC", False),
        ("SOLARTYS (the lead), CWP, Greentech", "SOLARTYS", False),
        ("clients in the USA (CWP, 2021)", "USA", False),
        ("ECCP members can post requests", "ECCP", False),
    ],
)
def test_spelled_out_forms_are_recognised(text: str, token: str, ok: bool) -> None:
    start = text.index(token)
    assert spelled_out(text, start, start + len(token), token) is ok


PAGE = "modules/01-alpha/index.md"
SENTENCE = "An SME saves time when it drops impossible markets first."


def acronym_warnings(root: Path) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.message) for d in validate(root)[2].sorted() if d.rule == "acronym" and d.severity == "warning"]


def test_validate_warns_about_an_unexplained_acronym_at_its_first_use(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, SENTENCE, SENTENCE + " Ask the XQZT for a list.")
    replace_in(course_dir / PAGE, "## Sources", "The XQZT can help again.\n\n## Sources")
    assert acronym_warnings(course_dir) == [
        (
            PAGE,
            22,
            (
                "the acronym 'XQZT' is neither in docs/glossary.yml nor spelled out at its first use on this page; "
                "add it to the glossary (term, abbr, definition) or write the full name first, as 'Full Name (XQZT)'"
            ),
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ask the Export Promotion Office (EPO) for a list. Later the EPO helps again.",
        "Ask the EPO (Export Promotion Office) for a list. Later the EPO helps again.",
        "```text\nEPO\n```",
        "See [the list](https://example.org/EPO) and `EPO-2`.",
    ],
    ids=["full-name-first", "acronym-first", "in-code", "in-a-link-target-or-inline-code"],
)
def test_a_spelled_out_or_code_acronym_is_not_reported(course_dir: Path, text: str) -> None:
    replace_in(course_dir / PAGE, SENTENCE, SENTENCE + "\n\n" + text + "\n")
    assert acronym_warnings(course_dir) == []


def test_a_glossary_abbreviation_covers_the_acronym(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, SENTENCE, SENTENCE + " Ask the EPO.")
    assert [w[1] for w in acronym_warnings(course_dir)] == [22]
    (course_dir / "docs/glossary.yml").write_text(
        (course_dir / "docs/glossary.yml").read_text(encoding="utf-8")
        + "  - term: Export promotion office\n    abbr: EPO\n    definition: A public office that helps firms export.\n",
        encoding="utf-8",
    )
    assert acronym_warnings(course_dir) == []


def test_the_real_course_has_no_acronym_warnings() -> None:
    assert acronym_warnings(ROOT) == []


def test_glossary_definitions_are_short() -> None:
    long = [t.term for t in TERMS if len(t.definition.split()) > 50]
    assert long == []


FIGURE_RE = re.compile(
    r"(?:€\s?\d|\d[\d,.]*\s?(?:%|million|billion|members|organisations|countries|partners|offices|clusters|companies)\b|more than \d|over \d)"
)
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def test_every_figure_in_the_glossary_carries_a_date_and_a_source() -> None:
    undated = [t.term for t in TERMS if FIGURE_RE.search(t.definition) and not YEAR_RE.search(t.definition)]
    assert undated == []
    unsourced = [t.term for t in TERMS if FIGURE_RE.search(t.definition) and not t.source and "cited in module" not in t.definition]
    assert unsourced == []


def test_the_glossary_covers_the_issue_terms() -> None:
    names = {t.term.lower() for t in TERMS} | {t.abbr.lower() for t in TERMS if t.abbr}
    wanted = [
        "esca",
        "escp-4i",
        "escp-4x",
        "eucles",
        "eismea",
        "easme",
        "dg grow",
        "smp",
        "euroclusters",
        "fstp",
        "een",
        "i3",
        "interreg",
        "horizon europe",
        "acció",
        "access2markets",
        "outsidership",
        "psychic distance",
        "qualified lead",
        "knock-out criteria",
        "pestel",
        "mcda",
        "hs",
        "wdi",
        "kpi",
        "mou",
        "moa",
        "b2b",
        "c2c",
        "jv",
        "dual-use items",
        "gdpr",
        "sanctions",
        "triple helix",
        "value chain",
        "entry mode",
        "lump sum",
        "trl",
    ]
    assert [w for w in wanted if w not in names] == []
