"""The course data the learner pages read lists each module's worksheets, from the parsed pages,
so My workbook and My progress know which worksheets exist, where, and under which module."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

from coursekit.model.project import Project
from coursekit.outputs.learner import course_data


def test_real_course_lists_its_worksheets_under_their_modules() -> None:
    data = course_data(Project.load(ROOT), include_drafts=False)
    sheets = {m["slug"]: m["worksheets"] for m in data["modules"]}  # type: ignore[attr-defined]
    assert sheets["03-choosing-markets"] == [
        {
            "name": "market-screening",
            "title": "Worksheet: market screening scorer",
            "url": "modules/03-choosing-markets/#worksheet-market-screening",
        }
    ]
    assert sheets["08-measuring-results"][0]["url"] == "modules/08-measuring-results/#worksheet-results-tracker"
    assert sum(len(v) for v in sheets.values()) == 2


def test_worksheets_on_any_module_page_once_each_and_unknown_names_left_out(course_dir: Path) -> None:
    module = course_dir / "modules" / "01-alpha"
    block = "\n/// worksheet | {}\n///\n"
    (module / "practice.md").write_text(
        "# Practice\n" + block.format("results-tracker") + block.format("results-tracker") + block.format("no-such-sheet")
    )
    (module / "index.md").write_text((module / "index.md").read_text() + "\n```\n/// worksheet | market-screening\n///\n```\n")
    data = course_data(Project.load(course_dir), include_drafts=False)
    alpha = next(m for m in data["modules"] if m["slug"] == "01-alpha")  # type: ignore[attr-defined]
    assert alpha["worksheets"] == [
        {
            "name": "results-tracker",
            "title": "Worksheet: mission results tracker",
            "url": "modules/01-alpha/practice/#worksheet-results-tracker",
        }
    ]
