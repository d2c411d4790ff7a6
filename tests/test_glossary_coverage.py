"""The glossary covers the course's language (issue 14): every acronym in a module page's prose
is in docs/glossary.yml (as an abbreviation or a word of a term) or is spelled out at its first
use on that page, as "Full Name (ABC)" or "ABC (Full Name)". And the glossary itself stays short,
sourced and dated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from coursekit import glossary
from coursekit.course import load_course
from coursekit.diagnostics import Report
from coursekit.frontmatter import split
from coursekit.links import lines_outside_code

TERMS = glossary.load(glossary.path_of(ROOT), Report(ROOT))
MODULES = load_course(ROOT, Report(ROOT)).modules

# A token is acronym-shaped when it has two or more capitals: ESCP-4i, R&D, B2B, MoU, EU-27, COVID-19.
# Plural or possessive endings (SMEs, MoUs, CWP's) are dropped. Codes of three or more parts, such as the
# call identifier SMP-COSME-2021-CLUSTER-01, and dotted indicator codes (SH.H2O.BASW.ZS) are not acronyms.
TOKEN_RE = re.compile(r"(?<![\w&.’'/-])([A-ZÀ-Þ][A-Za-zÀ-ÿ0-9&]*(?:-[A-Za-z0-9]+)*)(?![\w&/-]|\.\w)")
PART_RE = re.compile(r"^(?:[A-ZÀ-Þ0-9&]*[A-ZÀ-Þ][A-ZÀ-Þ0-9&]*[a-z]?|[A-Z]o[A-Z]|[0-9]+[a-z]?)$")
ROMAN_RE = re.compile(r"^[IVX]+$")  # "Action II", "VII Strategic Immersion"
LINK_RE = re.compile(r"\]\([^)]*\)")
URL_RE = re.compile(r"<https?://[^>]*>|https?://\S+")
TAG_RE = re.compile(r"<[^>]+>")
BLOCK_RE = re.compile(r"^/{3,}\s*[\w-]+\s*\|?")


def acronym(token: str) -> str | None:
    """The acronym a token is, or None for an ordinary word or a code."""
    for end in ("’s", "'s"):
        token = token.removesuffix(end)
    if re.search(r"(?:[A-Z]|\d[a-z])s$", token):  # plurals: SMEs, KPIs, MoUs, ESCP-4is
        token = token[:-1]
    parts = token.split("-")
    if len(parts) >= 3 or ROMAN_RE.match(token):
        return None
    if not all(PART_RE.match(p) for p in parts):
        return None
    return token if sum(c.isupper() for c in token) >= 2 else None


def covered_words() -> tuple[set[str], list[str]]:
    """Single-word abbreviations and capitalised words of terms; multi-word abbreviations (DG GROW, CC BY)."""
    words: set[str] = set()
    phrases: list[str] = []
    for term in TERMS:
        if " " in term.abbr:
            phrases.append(term.abbr)
        elif term.abbr:
            words.add(term.abbr)
        words.update(w for w in re.split(r"[\s(),]+", term.term) if sum(c.isupper() for c in w) >= 2)
    return words, phrases


WORDS, PHRASES = covered_words()


def in_glossary(token: str) -> bool:
    if token in WORDS or token in PHRASES:
        return True
    base = re.sub(r"-\d+[a-z]?$", "", token)  # EU-27, COVID-19: the base abbreviation is enough
    return base != token and base in WORDS and not re.search(r"\d[a-z]$", token)


def letters_match(letters: str, words: list[str]) -> bool:
    """True when the acronym's letters are, in order, the initials (or inner capitals) of the words,
    starting with the first word: research and development -> R&D, SMEs -> S, M, E."""
    marks: list[str] = []
    for word in words:
        pieces = [w for w in re.split(r"[-/]", word) if w]
        for piece in pieces:
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
    letters = re.sub(r"[^A-Za-z]", "", token)
    before, after = line[:start], line[end:]
    if before.endswith("("):  # Full Name (ABC)
        words = re.findall(r"[\w’'&-]+", before[:-1])
        return any(letters_match(letters, words[-n:]) for n in range(1, min(len(words), 3 * len(letters) + 2) + 1))
    inside = re.match(r"\s*\(([^)]*)\)", after)  # ABC (Full Name)
    if inside:
        words = re.findall(r"[\w’'&-]+", inside.group(1))
        words = [w for w in words if w.lower() not in ("the", "a", "an")]
        return letters_match(letters, words)
    return False


@dataclass(frozen=True)
class Use:
    line: int
    text: str
    start: int
    end: int


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """The page's lines as a reader meets them: title, summary, questions and objectives, the body
    up to Sources, then the key points; without code, link targets, URLs, HTML tags and block markers."""
    content = path.read_text(encoding="utf-8")
    front, body, first, _ = split(content)
    front_lines = list(enumerate((front or "").splitlines(), 2))
    keypoints_at = next((i for i, (_, t) in enumerate(front_lines) if t.startswith("keypoints:")), len(front_lines))
    top, keypoints = front_lines[:keypoints_at], front_lines[keypoints_at:]
    body = body.split("\n## Sources")[0]
    lines = top + [(n + first - 1, t) for n, t in lines_outside_code(body)] + keypoints
    cleaned = []
    for number, text in lines:
        text = BLOCK_RE.sub("", URL_RE.sub("", LINK_RE.sub("]", text)))
        cleaned.append((number, TAG_RE.sub("", text)))
    return cleaned


def first_uses(path: Path) -> dict[str, Use]:
    uses: dict[str, Use] = {}
    for number, text in prose_lines(path):
        for phrase in PHRASES:  # multi-word abbreviations are in the glossary by construction
            if phrase in text:
                uses.setdefault(phrase, Use(number, text, text.index(phrase), text.index(phrase) + len(phrase)))
                text = text.replace(phrase, " " * len(phrase))
        for match in TOKEN_RE.finditer(text):
            token = acronym(match.group(1))
            if token and token not in uses:
                uses[token] = Use(number, text, match.start(), match.start() + len(token))
    return uses


def problems(path: Path, root: Path = ROOT) -> list[str]:
    out = []
    for token, use in first_uses(path).items():
        if not in_glossary(token) and not spelled_out(use.text, use.start, use.end, token):
            out.append(f"{path.relative_to(root).as_posix()}:{use.line}: '{token}' is neither in docs/glossary.yml nor spelled out here")
    return out


@pytest.mark.parametrize("module", MODULES, ids=[m.slug for m in MODULES])
def test_every_acronym_is_in_the_glossary_or_spelled_out(module) -> None:  # type: ignore[no-untyped-def]
    assert problems(module.index) == []


def test_the_module_pages_use_many_acronyms() -> None:
    # The check above must see the acronyms it is about; if the tokeniser broke, it would pass on nothing.
    found = set().union(*(first_uses(m.index) for m in MODULES))
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


def test_a_new_unexplained_acronym_is_reported(tmp_path: Path) -> None:
    page = ROOT / "modules" / MODULES[1].slug / "index.md"
    copy = tmp_path / "modules" / "x" / "index.md"
    copy.parent.mkdir(parents=True)
    copy.write_text(page.read_text(encoding="utf-8").replace("\n## ", "\n\nAsk the XQZT for help.\n\n## ", 1), encoding="utf-8")
    found = problems(copy, tmp_path)
    line = next(n for n, text in enumerate(copy.read_text(encoding="utf-8").splitlines(), 1) if "XQZT" in text)
    assert found == [f"modules/x/index.md:{line}: 'XQZT' is neither in docs/glossary.yml nor spelled out here"]


def test_glossary_definitions_are_short() -> None:
    long = [t.term for t in TERMS if len(t.definition.split()) > 50]
    assert long == []


FIGURE_RE = re.compile(r"(?:€\s?\d|\d[\d,.]*\s?(?:%|million|billion|members|organisations|countries|partners|offices|clusters|companies)\b|more than \d|over \d)")
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def test_every_figure_in_the_glossary_carries_a_date_and_a_source() -> None:
    undated = [t.term for t in TERMS if FIGURE_RE.search(t.definition) and not YEAR_RE.search(t.definition)]
    assert undated == []
    unsourced = [t.term for t in TERMS if FIGURE_RE.search(t.definition) and not t.source and "cited in module" not in t.definition]
    assert unsourced == []


def test_the_glossary_covers_the_issue_terms() -> None:
    names = {t.term.lower() for t in TERMS} | {t.abbr.lower() for t in TERMS if t.abbr}
    wanted = [
        "esca", "escp-4i", "escp-4x", "eucles", "eismea", "easme", "dg grow", "smp", "euroclusters", "fstp", "een",
        "i3", "interreg", "horizon europe", "acció", "access2markets", "outsidership", "psychic distance", "qualified lead",
        "knock-out criteria", "pestel", "mcda", "hs", "wdi", "kpi", "mou", "moa", "b2b", "c2c", "jv", "dual-use items", "gdpr",
        "sanctions", "triple helix", "value chain", "entry mode", "lump sum", "trl",
    ]
    assert [w for w in wanted if w not in names] == []
