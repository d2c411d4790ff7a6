"""Invisible and control characters in quiz banks, and broken rows in data files (issue 20).

A control character breaks the Moodle XML export (XML 1.0 does not allow it) and a bidi override
or zero-width character makes text read differently from what it says. Each is an error naming
the bank's line, whether typed as the character or as a character reference (``&#x202E;``).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from coursekit.model.course import Course
from coursekit.model.diagnostics import Report
from coursekit.model.project import Project
from coursekit.model.sitemap import module_files
from coursekit.model.sources import is_junk

MAX_CSV_BYTES = 50_000_000

HIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")
"""C0 and C1 controls (not tab, newline, carriage return), bidi marks, overrides and isolates,
zero-width spaces and joiners, the word joiner and invisible operators, a byte order mark inside
the text, interlinear annotation marks."""
REFERENCE_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def hidden(text: str) -> list[tuple[int, str, str]]:
    """(line, what, the character's code) for each invisible or control character in ``text``,
    typed or written as a character reference."""
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        for match in HIDDEN_RE.finditer(line):
            if number == 1 and match.start() == 0 and match.group() == "\ufeff":
                continue  # a byte order mark at the start of the file is not text
            out.append((number, "", match.group()))
        for match in REFERENCE_RE.finditer(line):
            value = int(match.group(1), 16) if match.group(1) else int(match.group(2))
            char = chr(value) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\x00"
            if HIDDEN_RE.fullmatch(char):
                out.append((number, match.group(), char))
    return out


def describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    return f"{code} {unicodedata.name(char, 'control character').lower()}"


def check_banks(course: Course, report: Report, project: Project) -> None:
    """Every quiz bank, read as text (even one whose YAML does not load)."""
    folder = course.quizzes_dir
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yml", ".yaml") or not path.is_file() or is_junk(path):
            continue
        text = project.sources.text_only(path, "the quiz bank")
        for line, reference, char in hidden(text or ""):
            what = f"the character reference '{reference}' stands for" if reference else "this line has"
            report.add(
                path,
                line,
                f"{what} an invisible or control character ({describe(char)}), which can hide or reorder text and breaks the Moodle "
                "export; delete it (retype the words around it if you cannot see it)",
                rule="hidden-char",
            )


WORLD_BANK_HEADER = "Country Name"  # World Bank CSVs start with a few lines of metadata before it


def csv_problems(text: str) -> list[tuple[int, str]]:
    """(line, problem) for each row whose number of cells differs from the header's. Lines starting
    with '#' are comments (as the notebooks read them); a World Bank file's header is its
    'Country Name' row."""
    rows = []
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        return [(reader.line_num, f"the CSV cannot be read ({exc}); check the quotes on this line")]
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r) and not r[0].startswith("#")]
    start = next((i for i, (_, r) in enumerate(rows) if r[0] == WORLD_BANK_HEADER), 0)
    if not rows[start:]:
        return []
    header = rows[start][1]
    out = []
    for line, row in rows[start + 1 :]:
        if len(row) != len(header):
            fix = (
                "add the missing cells (an empty cell is nothing between two commas)"
                if len(row) < len(header)
                else "remove the extra cells"
            )
            out.append(
                (line, f"this row has {len(row)} cells but the header has {len(header)}; {fix}, or quote a value that holds a comma")
            )
    return out


def check_data(course: Course, report: Report, project: Project) -> None:
    """Every CSV file in a module folder: rows as long as the header, with file:line."""
    for module in course.modules:
        for source in module_files(module):
            if source.path.suffix.lower() != ".csv":
                continue
            text = project.sources.text_only(source.path, "the data file", MAX_CSV_BYTES)
            for line, problem in csv_problems(text or ""):
                report.add(source.path, line, problem, rule="data-csv")
