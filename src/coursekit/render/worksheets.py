"""Worksheets: a notebook's exercise done in the page, in plain JavaScript (no Python needed).

``/// worksheet | NAME`` in a module page places the worksheet NAME, which the module declares in
its ``worksheets.yml`` (course data: title, intro, the notebook it mirrors, the constants and data
files it starts from; the toolkit knows no worksheet by name). The block writes a small HTML shell with the worksheet's starting data as JSON; the browser module
``docs/assets/worksheet-<name>.js`` (started by ``docs/assets/worksheets.js``) builds the tables.

The starting data and settings come from the notebook the worksheet mirrors: its data files and
the constants its code sets (``weights_a``, ``MIN_MEMBERS``, ``MISSION_BUDGET_EUR``...), read with
``ast.literal_eval``, so the page and the notebook start from the same numbers.
"""

from __future__ import annotations

import ast
import copy
import csv
import functools
import html
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.model.yamlsafe import read_file, suggest
from coursekit.outputs.downloads import code_of, read_bytes, read_text, reading

if TYPE_CHECKING:
    from coursekit.model.course import Module
    from coursekit.model.project import Project

log = logging.getLogger("mkdocs.coursekit")

STORAGE_NOTE = (
    "Your rows and settings are saved in this browser only (nothing is sent anywhere), "
    "and they stay when you come back. The worksheet works offline."
)


WORKSHEETS_FILE = "worksheets.yml"  # in a module folder: the worksheets its pages can place
KEYS = ("title", "intro", "notebook", "constants", "rows", "indicator")
INDICATOR_KEYS = ("file", "year", "fallback_years", "key", "column")


@dataclass(frozen=True)
class Indicator:
    """A World Bank indicator file joined to the rows (the notebook's ``load_wdi_csv`` rule): the
    value for ``year`` or the latest of the ``fallback_years`` before it, by country code."""

    file: str  # path from the course root
    year: int
    fallback_years: int
    key: str  # the rows' column holding the country code
    column: str  # the column the value goes into


@dataclass(frozen=True)
class Worksheet:
    name: str
    title: str
    intro: str
    notebook: str  # path from the course root
    constants: tuple[str, ...]  # names the notebook's code assigns, passed as settings
    rows: str = ""  # the starting rows: a CSV file, path from the course root
    indicator: Indicator | None = None


def _worksheet(name: str, data: Any, folder: str) -> Worksheet:
    """One entry of a worksheets.yml; raises ValueError (or TypeError) with what is wrong."""
    if not isinstance(data, dict):
        raise TypeError(f"worksheet '{name}' must be a mapping of {', '.join(KEYS)}")
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' in worksheet '{name}'{suggest(str(unknown[0]), KEYS)}; use: {', '.join(KEYS)}")
    missing = [k for k in ("title", "notebook") if not data.get(k)]
    if missing:
        raise ValueError(f"worksheet '{name}' needs '{missing[0]}'")
    indicator = data.get("indicator")
    found = None
    if indicator is not None:
        if not isinstance(indicator, dict) or sorted(indicator) != sorted(INDICATOR_KEYS):
            raise ValueError(f"the indicator of worksheet '{name}' needs exactly: {', '.join(INDICATOR_KEYS)}")
        found = Indicator(
            f"{folder}/{indicator['file']}",
            int(indicator["year"]),
            int(indicator["fallback_years"]),
            str(indicator["key"]),
            str(indicator["column"]),
        )
    return Worksheet(
        name,
        str(data["title"]),
        str(data.get("intro") or ""),
        f"{folder}/{data['notebook']}",
        tuple(str(c) for c in data.get("constants") or ()),
        f"{folder}/{data['rows']}" if data.get("rows") else "",
        found,
    )


def read_catalogue(root: Path) -> tuple[dict[str, Worksheet], list[tuple[Path, int, str]]]:
    """The worksheets every module declares in its worksheets.yml (course data, not toolkit code),
    and the problems found as (file, line, message)."""
    sheets: dict[str, Worksheet] = {}
    problems: list[tuple[Path, int, str]] = []
    for path in sorted((root / "modules").glob(f"*/{WORKSHEETS_FILE}")):
        try:
            node, found, _ = read_file(path, WORKSHEETS_FILE, lambda p, limit: read_bytes(p))
        except OSError:
            continue
        problems += [(path, p.line, p.message) for p in found]
        if node is None or not node.is_map:
            if node is not None:
                problems.append((path, node.line, f"{WORKSHEETS_FILE} must map worksheet names to their settings"))
            continue
        folder = path.parent.relative_to(root).as_posix()
        for name, entry in node.value.items():
            try:
                sheet = _worksheet(str(name), entry.plain(), folder)
            except (ValueError, TypeError) as exc:
                problems.append((path, node.key_lines.get(name, entry.line), str(exc)))
                continue
            if sheet.name in sheets:
                problems.append((path, node.key_lines.get(name, entry.line), f"worksheet '{name}' is declared twice; give it another name"))
                continue
            sheets[sheet.name] = sheet
    return sheets, problems


def catalogue(root: Path) -> dict[str, Worksheet]:
    """The course's worksheets by name (see :func:`read_catalogue`)."""
    return read_catalogue(root)[0]


def placed(module: Module, project: Project) -> list[tuple[Worksheet, str]]:
    """The worksheets a module's pages place (``/// worksheet | name``), in page order, each with
    its address from the site root (``modules/<slug>/#worksheet-<name>``), as the parser records them."""
    found: list[tuple[Worksheet, str]] = []
    with reading(project.sources):
        sheets = catalogue(project.root)
    for path in module.pages:
        page = project.page(path) if path.suffix == ".md" else None
        folder = f"modules/{module.slug}/" + ("" if path.name == "index.md" else f"{path.stem}/")
        for block in page.info.blocks if page else []:
            sheet = sheets.get(block.argument) if block.name == "worksheet" else None
            if sheet is not None and all(s.name != sheet.name for s, _ in found):
                found.append((sheet, f"{folder}#worksheet-{sheet.name}"))
    return found


def notebook_constants(code: str, names: tuple[str, ...]) -> dict[str, Any]:
    """The literal values the code assigns to ``names`` (the first assignment of each)."""
    return copy.deepcopy(_constants(code, names))


@functools.lru_cache(maxsize=8)
def _constants(code: str, names: tuple[str, ...]) -> dict[str, Any]:
    """(Parsed once per version of the code: `course serve` renders the worksheet on every save of its page.)"""
    out: dict[str, Any] = {}
    for node in ast.parse(code).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in names and name not in out:
                try:
                    out[name] = ast.literal_eval(node.value)
                except ValueError:
                    continue
    return out


def read_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file as rows of strings; lines starting with '#' are comments (as in the notebooks)."""
    text = read_text(path, "utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return [dict(row) for row in csv.DictReader(io.StringIO("\n".join(lines)))]


def wdi_values(path: Path, year: int, fallback_years: int) -> dict[str, float]:
    """``{country code: value}`` from a World Bank indicator CSV: the value for ``year`` or the
    latest of the ``fallback_years`` before it (the rule of the notebook's ``load_wdi_csv``)."""
    rows = list(csv.reader(io.StringIO(read_text(path, "utf-8-sig"))))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Country Name")
    header = rows[start]
    out: dict[str, float] = {}
    for row in rows[start + 1 :]:
        if len(row) < len(header) - 1:
            continue
        record = dict(zip(header, row, strict=False))
        for y in range(year, year - fallback_years - 1, -1):
            value = (record.get(str(y)) or "").strip()
            if value:
                out[record["Country Code"]] = float(value)
                break
    return out


def starting_data(sheet: Worksheet, root: Path) -> dict[str, Any]:
    notebook = root / sheet.notebook
    code = code_of(notebook)
    settings = notebook_constants(code, sheet.constants)
    rows = read_rows(root / sheet.rows) if sheet.rows else []
    if sheet.indicator is not None:
        found = sheet.indicator
        values = wdi_values(root / found.file, found.year, found.fallback_years)
        for row in rows:
            value = values.get(row.get(found.key, ""))
            row[found.column] = "" if value is None else f"{value:g}"
    return {"name": sheet.name, "notebook": notebook.name, "settings": settings, "rows": rows}


def worksheet_html(sheet: Worksheet, data: dict[str, Any]) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    notebook = html.escape(data["notebook"])
    return (
        f'<h3 class="cq-worksheet__title" id="worksheet-{sheet.name}">{html.escape(sheet.title)}</h3>'
        f"<p>{html.escape(sheet.intro)} {html.escape(STORAGE_NOTE)}</p>"
        f'<p class="cq-worksheet__fallback" data-cq-worksheet-fallback>The worksheet needs JavaScript. '
        f"Without it, use the notebook (<code>{notebook}</code>) or the spreadsheet template.</p>"
        f'<script type="application/json" data-cq-worksheet-data>{payload}</script>'
    )
