"""Notebook size: stored outputs are copied into the page, so large ones make a heavy page.

Above ``WARN_BYTES`` of outputs in one notebook is a warning, above ``ERROR_BYTES`` an error;
both name the cell with the largest output and its line in the .ipynb file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.model.course import Course, read_text
from coursekit.model.diagnostics import Report
from coursekit.model.languages import translation
from coursekit.rules.notebooks import MAX_NOTEBOOK_BYTES
from coursekit.rules.rules_links import TextOf

WARN_BYTES = 1_000_000
ERROR_BYTES = 5_000_000
CELL_RE = re.compile(r'"cell_type"\s*:')


@dataclass(frozen=True)
class CellOutput:
    number: int  # 1-based, as Jupyter users count cells from the top
    line: int  # of the cell in the .ipynb file
    size: int  # bytes of stored output
    kind: str  # what makes it large: "images", "HTML", "text"


def _kind(outputs: list[Any]) -> str:
    sizes: dict[str, int] = {}
    for output in outputs:
        if not isinstance(output, dict):
            continue
        data = output.get("data") if isinstance(output.get("data"), dict) else {"text/plain": output.get("text", "")}
        for mime, value in (data or {}).items():
            label = "images" if mime.startswith("image/") else "HTML" if mime == "text/html" else "text"
            sizes[label] = sizes.get(label, 0) + len(json.dumps(value, ensure_ascii=False))
    return max(sizes, key=lambda k: sizes[k]) if sizes else "text"


def outputs_by_cell(content: str) -> list[CellOutput]:
    """The stored output size of every code cell (an empty list when the JSON is not a notebook)."""
    try:
        cells = json.loads(content).get("cells", [])
    except (ValueError, AttributeError):
        return []  # reported by the notebook check
    starts = [content.count("\n", 0, m.start()) + 1 for m in CELL_RE.finditer(content)]
    found = []
    for index, cell in enumerate(cells if isinstance(cells, list) else []):
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        if not isinstance(outputs, list) or not outputs:
            continue
        size = len(json.dumps(outputs, ensure_ascii=False).encode("utf-8"))
        line = starts[index] if index < len(starts) else 0
        found.append(CellOutput(index + 1, line, size, _kind(outputs)))
    return found


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check(path: Path, report: Report, text_of: TextOf | None = None) -> None:
    if text_of is None:  # unreadable: reported by notebooks.check
        content = read_text(path, "the notebook", Report(report.root), MAX_NOTEBOOK_BYTES)
    else:
        content = text_of(path, "the notebook", MAX_NOTEBOOK_BYTES)
    if content is None:
        return
    cells = outputs_by_cell(content)
    total = sum(c.size for c in cells)
    if total <= WARN_BYTES:
        return
    largest = max(cells, key=lambda c: c.size)
    over_error = total > ERROR_BYTES
    limit = ERROR_BYTES if over_error else WARN_BYTES
    report.add(
        path,
        largest.line,
        f"the notebook's stored outputs are {_mb(total)}, above the {_mb(limit)} limit, and the page carries all of them; "
        f"the largest is cell {largest.number} ({_mb(largest.size)} of {largest.kind}): shrink its output "
        "(print a summary instead of the whole table, or save a smaller figure), run it again and save",
        rule="notebook-size",
        severity="error" if over_error else "warning",
    )


def check_all(course: Course, report: Report, *, text_of: TextOf | None = None) -> None:
    for module in course.modules:
        for page in module.pages:
            if page.suffix == ".ipynb":
                # and its translations: each language's site carries its own outputs
                translated = [translation(page, lang) for lang in course.translated_languages]
                for path in [page, *(t for t in translated if t.is_file())]:
                    check(path, report, text_of)
