"""Notebook checks: valid nbformat, and outputs stored (the site never executes notebooks)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.model.course import Course, read_text
from coursekit.model.diagnostics import Report

if TYPE_CHECKING:
    from coursekit.model.project import Project

MAX_NOTEBOOK_BYTES = 20_000_000


def check_all(course: Course, report: Report, project: Project) -> None:
    for module in course.modules:
        for notebook in module.pages:
            if notebook.suffix != ".ipynb":
                continue
            # the notebook and its translations (each language's site shows its own), once per version of each
            # (nbformat's validation is slow)
            for page in [notebook, *(path for _lang, path in project.translations_of(notebook))]:
                project.cached(f"notebook-check:{page}", [page], None, partial(_check_into, page, project))
                project.mark_reported(page)  # its reading problem, if any, is in the report now


def _check_into(path: Path, project: Project, report: Report) -> None:
    check(path, report, project)


def json_hint(content: str, exc: json.JSONDecodeError) -> str:
    """Why a notebook is not JSON, and what to do: Jupyter cannot open such a file either."""
    if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) for line in content.splitlines()):
        return (
            "the notebook holds git merge-conflict markers (<<<<<<<, =======, >>>>>>>), so it is not valid JSON and Jupyter "
            "cannot open it; keep one side with `git checkout --ours` or `--theirs` on this file, then run all cells and save"
        )
    return (
        f"the notebook is not valid JSON ({exc.msg}), so Jupyter cannot open it either; fix the JSON at this line in a text "
        "editor (often a missing comma, quote or bracket), or restore the last good version with `git checkout` on this file"
    )


def check(path: Path, report: Report, project: Project) -> None:
    content = read_text(path, "the notebook", report, MAX_NOTEBOOK_BYTES, sources=project.sources)
    if content is None:
        return
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        report.add(path, exc.lineno, json_hint(content, exc), rule="notebook", column=exc.colno)
        return
    import os

    os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")  # nbformat's faster validator
    import nbformat  # imported here: only courses with notebooks pay for it

    try:
        from_dict: Callable[[Any], Any] = nbformat.from_dict  # (untyped in nbformat)
        notebook = from_dict(data)
        if notebook.get("nbformat") != 4:
            report.add(
                path,
                1,
                f"the notebook uses nbformat {notebook.get('nbformat')}; save it in nbformat 4 (any current Jupyter does)",
                rule="notebook",
            )
            return
        nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "top level"
        message = str(exc.message).splitlines()[0][:200]
        report.add(
            path,
            0,
            f"the notebook is not valid nbformat at {where}: {message}; fix that field in a text editor (Jupyter may refuse "
            "or silently drop it), then run all cells in Jupyter and save",
            rule="notebook",
        )
        return
    except (AttributeError, TypeError, KeyError, ValueError) as exc:
        report.add(
            path,
            0,
            f"the notebook is not valid nbformat ({type(exc).__name__}: its top level must hold 'cells', 'metadata' and "
            "'nbformat'), so Jupyter cannot open it; restore the last good version with `git checkout` on this file",
            rule="notebook",
        )
        return

    def source(cell: dict[str, Any]) -> str:
        value = cell.get("source", "")
        return "".join(value) if isinstance(value, list) else str(value)

    from coursekit.render.notebook_safe import active

    for number, mime in active(data):
        report.add(
            path,
            0,
            f"cell {number} has active content in a stored output ({mime}: script, event handlers or a script link); the site shows "
            "it inert (sanitised, or a note instead), so clear that output in Jupyter or make it a plain table or image",
            rule="notebook-active",
            severity="warning",
        )
    code = [c for c in notebook.cells if c.get("cell_type") == "code" and source(c).strip()]
    if code and all(c.get("execution_count") is None and not c.get("outputs") for c in code):
        report.add(
            path,
            0,
            "the notebook has no stored outputs; run all cells and save, because the site shows stored outputs and never runs notebooks",
            rule="notebook-outputs",
        )
    for number, cell in enumerate(notebook.cells, 1):
        failed = [o for o in cell.get("outputs", []) or [] if isinstance(o, dict) and o.get("output_type") == "error"]
        if cell.get("cell_type") == "code" and failed:
            error = f"{failed[0].get('ename', 'an error')}: {str(failed[0].get('evalue', ''))[:80]}".rstrip(": ")
            report.add(
                path,
                0,
                f"cell {number} is saved with an error output ({error}), which the site would show learners as a traceback; "
                "fix the cell and run all cells again, or clear the output of that cell, then save",
                rule="notebook-error-output",
            )
