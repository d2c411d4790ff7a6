"""Worksheets: a notebook's exercise done in the page, in plain JavaScript (no Python needed).

``/// worksheet | market-screening`` (or ``results-tracker``) in a module page places the worksheet.
The block writes a small HTML shell with the worksheet's starting data as JSON; the browser module
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

from coursekit.outputs.downloads import code_of, read_text

if TYPE_CHECKING:
    from coursekit.model.course import Module
    from coursekit.model.project import Project

log = logging.getLogger("mkdocs.coursekit")

STORAGE_NOTE = (
    "Your rows and settings are saved in this browser only (nothing is sent anywhere), "
    "and they stay when you come back. The worksheet works offline."
)


@dataclass(frozen=True)
class Worksheet:
    name: str
    title: str
    intro: str
    notebook: str  # path from the course root
    constants: tuple[str, ...]  # names the notebook's code assigns, passed as settings


WORKSHEETS = {
    "market-screening": Worksheet(
        "market-screening",
        "Worksheet: market screening scorer",
        "The same calculation as the screening notebook, in your browser: knock-out rules, "
        "two weightings and the robust markets. Change any number, add your own markets, "
        "or load a CSV file in the notebook's format.",
        "modules/03-choosing-markets/screening.ipynb",
        ("MIN_MEMBERS", "SHORTLIST", "CRITERIA", "weights_a", "weights_b"),
    ),
    "results-tracker": Worksheet(
        "results-tracker",
        "Worksheet: mission results tracker",
        "The same indicators as the results tracker notebook, in your browser. Enter one row per SME, "
        "your budget and your targets, or load a CSV file in the notebook's format.",
        "modules/08-measuring-results/results-tracker.ipynb",
        ("MISSION_BUDGET_EUR", "TARGETS", "WHAT_IF_BUDGET_EUR", "WHAT_IF_MAX_COST_PER_LEAD_EUR"),
    ),
}


def placed(module: Module, project: Project) -> list[tuple[Worksheet, str]]:
    """The worksheets a module's pages place (``/// worksheet | name``), in page order, each with
    its address from the site root (``modules/<slug>/#worksheet-<name>``), as the parser records them."""
    found: list[tuple[Worksheet, str]] = []
    for path in module.pages:
        page = project.page(path) if path.suffix == ".md" else None
        folder = f"modules/{module.slug}/" + ("" if path.name == "index.md" else f"{path.stem}/")
        for block in page.info.blocks if page else []:
            sheet = WORKSHEETS.get(block.argument) if block.name == "worksheet" else None
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
    data = notebook.parent / "data"
    if sheet.name == "market-screening":
        rows = read_rows(data / "markets-illustrative.csv")
        water = wdi_values(data / "wdi-example.csv", 2022, 2)
        for row in rows:
            value = water.get(row.get("code", ""))
            row["safely_managed_pct"] = "" if value is None else f"{value:g}"
    else:
        rows = read_rows(data / "mission-results-illustrative.csv")
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
