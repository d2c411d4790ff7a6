"""The course data the learner pages read lists each module's worksheets, from the parsed pages,
so My workbook and My progress know which worksheets exist, where, and under which module."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT

from coursekit.app import open_project
from coursekit.outputs.learner import course_data


def test_real_course_lists_its_worksheets_under_their_modules() -> None:
    data = course_data(open_project(ROOT), include_drafts=False)
    modules = data["modules"]
    assert isinstance(modules, list)
    sheets = {m["slug"]: m["worksheets"] for m in modules}
    assert sheets["03-choosing-markets"] == [
        {
            "name": "market-screening",
            "title": "Worksheet: market screening scorer",
            "url": "modules/03-choosing-markets/#worksheet-market-screening",
        }
    ]
    assert sheets["09-measuring-results"][0]["url"] == "modules/09-measuring-results/#worksheet-results-tracker"
    assert [s["url"] for s in sheets["02-diagnostics"]] == [
        "modules/02-diagnostics/#worksheet-export-readiness",
        "modules/02-diagnostics/#worksheet-cluster-benchmark",
    ]
    assert sum(len(v) for v in sheets.values()) == 4


def test_worksheets_on_any_module_page_once_each_and_unknown_names_left_out(course_dir: Path) -> None:
    module = course_dir / "modules" / "01-alpha"
    # The module declares its worksheet as course data (worksheets.yml), as the real course does.
    (module / "worksheets.yml").write_text(
        "results-tracker:\n  title: 'Worksheet: mission results tracker'\n  notebook: scoring.ipynb\n", encoding="utf-8"
    )
    block = "\n/// worksheet | {}\n///\n"
    (module / "practice.md").write_text(
        "# Practice\n" + block.format("results-tracker") + block.format("results-tracker") + block.format("no-such-sheet")
    )
    (module / "index.md").write_text((module / "index.md").read_text() + "\n```\n/// worksheet | market-screening\n///\n```\n")
    data = course_data(open_project(course_dir), include_drafts=False)
    modules = data["modules"]
    assert isinstance(modules, list)
    alpha = next(m for m in modules if m["slug"] == "01-alpha")
    assert alpha["worksheets"] == [
        {
            "name": "results-tracker",
            "title": "Worksheet: mission results tracker",
            "url": "modules/01-alpha/practice/#worksheet-results-tracker",
        }
    ]


def test_an_exercise_keeps_one_key_on_the_page_and_in_the_course_data(course_dir: Path) -> None:
    """The workbook saves an answer under the page's key and lists it under the course data's key:
    with inline code and a link in the title the two differed, and the answer was lost."""
    from conftest import run_course

    page = course_dir / "modules" / "01-alpha" / "index.md"
    title = "Exercise: score `markets.csv` with [the ECCP tool](https://www.clustercollaboration.eu/) & weights"
    page.write_text(page.read_text(encoding="utf-8").replace("Exercise: pick one market", title), encoding="utf-8")
    result = run_course(course_dir, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (course_dir / "site" / "modules" / "01-alpha" / "index.html").read_text(encoding="utf-8")
    on_page = re.findall(r'data-cq-exercise="([^"]+)"', html)
    data = json.loads((course_dir / "site" / "assets" / "course-data.json").read_text(encoding="utf-8"))
    listed = [e["id"] for m in data["modules"] if m["slug"] == "01-alpha" for e in m["exercises"]]
    assert on_page == listed == ["exercise-score-marketscsv-with-the-eccp-tool-weights"]
    assert [e["title"] for m in data["modules"] if m["slug"] == "01-alpha" for e in m["exercises"]] == [
        "Score markets.csv with the ECCP tool & weights"
    ]
