"""The on-disk cache of generated outputs (coursekit.outputs.cache): a new build reuses what an
earlier process made from the same bytes, and an edit to any input makes a new output, never a stale one."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, replace_in, run_course

from coursekit.model import reading
from coursekit.model.course import load_course
from coursekit.model.diagnostics import Report
from coursekit.model.project import Project
from coursekit.outputs import cache, downloads

TEMPLATE = """
/// template | beta-plan
    title: Beta plan
    formats: docx odt xlsx

| Step | Owner |
|---|---|
| Pick a market | The board |
///
"""


def _new_process(root: Path) -> cache.OutputCache:
    """What a new `course build` process starts from: nothing made in memory, only the disk."""
    cache._caches.clear()
    return cache.of(root)


def _downloads(root: Path) -> tuple[dict[str, bytes], cache.OutputCache]:
    on_disk = _new_process(root)
    files: dict[str, bytes] = {}
    for module in load_course(root, Report(root)).modules:
        files.update(downloads.module_downloads(module, root, {}))
    return files, on_disk


@pytest.fixture
def course(course_dir: Path) -> Path:
    """The fixture course with a notebook that reads a data file and imports a pinned package, and a template block."""
    notebook = course_dir / "modules/01-alpha/scoring.ipynb"
    replace_in(notebook, "a, b = 3, 4", "import pandas\\n")
    replace_in(notebook, "print(a + b)", "print(pandas.read_csv('data/markets.csv'))")
    (course_dir / downloads.REQUIREMENTS_FILE).write_text("pandas==2.2.0\n", encoding="utf-8")
    with (course_dir / "modules/02-beta/index.md").open("a", encoding="utf-8") as page:
        page.write(TEMPLATE)
    return course_dir


ZIP = "modules/01-alpha/scoring-notebook.zip"
DOCS = [f"modules/02-beta/templates/beta-plan.{fmt}" for fmt in ("docx", "odt", "xlsx")]
Edit = Callable[[Path], None]
EDITS: dict[str, tuple[Edit, list[str], str]] = {
    # source kind: (edit, outputs that must change, an output of another module that must be reused)
    "notebook": (
        lambda root: replace_in(root / "modules/01-alpha/scoring.ipynb", "Adds two scores.", "Adds three scores."),
        [ZIP],
        "templates:02-beta",
    ),
    "data file": (lambda root: replace_in(root / "modules/01-alpha/data/markets.csv", ",", ";"), [ZIP], "templates:02-beta"),
    "pins": (lambda root: replace_in(root / downloads.REQUIREMENTS_FILE, "2.2.0", "2.2.3"), [ZIP], "templates:02-beta"),
    "template block": (lambda root: replace_in(root / "modules/02-beta/index.md", "The board", "The manager"), DOCS, "zips:01-alpha"),
}


@pytest.mark.parametrize("kind", EDITS)
def test_an_edit_to_each_source_kind_makes_a_new_download_and_reuses_the_rest(course: Path, kind: str) -> None:
    edit, changed, untouched = EDITS[kind]
    first, made = _downloads(course)
    assert ZIP in first and all(uri in first for uri in DOCS), sorted(first)
    assert made.served == [] and sorted(made.made) == ["templates:01-alpha", "templates:02-beta", "zips:01-alpha", "zips:02-beta"]
    again, unchanged = _downloads(course)
    assert again == first and unchanged.made == [], "nothing changed: every download comes from the cache"
    edit(course)
    after, cached = _downloads(course)
    for uri in changed:
        assert after[uri] != first[uri], f"{kind}: {uri} was served stale"
    assert untouched in cached.served, f"{kind}: {untouched} was made again though none of its inputs changed"
    assert {uri: data for uri, data in after.items() if uri not in changed} == {
        uri: data for uri, data in first.items() if uri not in changed
    }


def test_a_worksheet_data_file_makes_a_new_spreadsheet(tmp_path: Path) -> None:
    """The real course's market scoring sheet is filled from the screening notebook's data file."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "modules", root / "modules")
    for name in ("course.yml", downloads.REQUIREMENTS_FILE):
        shutil.copy(ROOT / name, root / name)
    sheet = "modules/03-choosing-markets/templates/market-scoring.xlsx"
    first, _ = _downloads(root)
    data = root / "modules/03-choosing-markets/data/markets-illustrative.csv"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line[:1].isalpha() and i > 0 and not line.startswith("#"))
    lines[row] = "Zedland" + lines[row][lines[row].index(",") :]
    data.write_text("".join(lines), encoding="utf-8")
    after, cached = _downloads(root)
    assert after[sheet] != first[sheet]
    assert "templates:02-diagnostics" in cached.served


def _made(on_disk: cache.OutputCache, root: Path, text: str) -> tuple[dict[str, bytes], bool]:
    """Outputs of one 'make' that reads ``root/input``; returns them and whether they were made now."""
    before = len(on_disk.made)

    def make() -> dict[str, bytes]:
        return {"out": text.encode() + reading.read_bytes(root / "input")}

    out = on_disk.outputs("thing", {"setting": 1}, [root / "declared"], reading.read_bytes, make)
    return out, len(on_disk.made) > before


def test_a_file_read_while_making_is_an_input(tmp_path: Path) -> None:
    (tmp_path / "declared").write_text("d")
    (tmp_path / "input").write_text("one")
    on_disk = _new_process(tmp_path)
    assert _made(on_disk, tmp_path, "x") == ({"out": b"xone"}, True)
    assert _made(_new_process(tmp_path), tmp_path, "y") == ({"out": b"xone"}, False)  # same inputs: served
    (tmp_path / "input").write_text("two")
    assert _made(_new_process(tmp_path), tmp_path, "x") == ({"out": b"xtwo"}, True)
    (tmp_path / "declared").write_text("e")
    assert _made(_new_process(tmp_path), tmp_path, "z") == ({"out": b"ztwo"}, True)


def test_a_new_toolkit_makes_every_output_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "input").write_text("one")
    assert _made(_new_process(tmp_path), tmp_path, "x")[1]
    monkeypatch.setattr(cache, "toolkit_digest", lambda: "another version")
    assert _made(_new_process(tmp_path), tmp_path, "y") == ({"out": b"yone"}, True)


@pytest.mark.parametrize("damage", ["blob", "entry", "unreadable"])
def test_a_damaged_entry_is_made_again_never_served(tmp_path: Path, damage: str) -> None:
    (tmp_path / "input").write_text("one")
    on_disk = _new_process(tmp_path)
    _made(on_disk, tmp_path, "x")
    if damage == "blob":
        blob = next((on_disk.folder / "blobs").iterdir())
        blob.write_bytes(b"xon")  # truncated
    elif damage == "entry":
        next((on_disk.folder / "entries").iterdir()).write_text('{"reads": [')
    else:
        entry = next((on_disk.folder / "entries").iterdir())
        entry.unlink()
        entry.mkdir()  # cannot be read as a file
    assert _made(_new_process(tmp_path), tmp_path, "y") == ({"out": b"yone"}, True)


def test_a_build_converts_a_notebook_once_and_again_after_an_edit(course_dir: Path) -> None:
    """Three `course build` processes: the second (after an edit to a page, so the site is built
    again rather than copied: coursekit.outputs.sitecache) finds every generated output in the
    cache, the third converts the edited notebook again and reuses the rest."""
    log = course_dir / cache.FOLDER / cache.LOG
    page = course_dir / "site/modules/01-alpha/scoring/index.html"
    first = run_course(course_dir, "build")
    assert first.returncode == 0, first.stderr
    made = json.loads(log.read_text())["made"]
    assert "notebook:modules/01-alpha/scoring.ipynb" in made and "zips:01-alpha" in made
    assert "Adds two scores." in page.read_text(encoding="utf-8")
    _append(course_dir / "docs/index.md", "\nA new line.\n")
    second = run_course(course_dir, "build")
    assert second.returncode == 0, second.stderr
    assert json.loads(log.read_text()) == {"served": made, "made": []}
    assert "0 made" in second.stderr
    replace_in(course_dir / "modules/01-alpha/scoring.ipynb", "Adds two scores.", "Adds three scores.")
    third = run_course(course_dir, "build")
    assert third.returncode == 0, third.stderr
    after = json.loads(log.read_text())
    assert "notebook:modules/01-alpha/scoring.ipynb" in after["made"]
    assert "Adds three scores." in page.read_text(encoding="utf-8")
    assert "templates:01-alpha" in after["served"]


def test_a_notebook_page_for_another_engine_is_converted_once_and_again_after_an_edit(course_dir: Path) -> None:
    """The compiled tree's notebook pages (rendered from stored outputs, for Zensical) come from the cache."""
    from coursekit.app import open_project
    from coursekit.outputs.compile import NOTEBOOKS_AS_HTML, compile_tree

    name, uri = "notebook-page:modules/01-alpha/scoring.ipynb", "modules/01-alpha/scoring.md"

    def page() -> tuple[str, cache.OutputCache]:
        on_disk = _new_process(course_dir)
        return compile_tree(open_project(course_dir), False, NOTEBOOKS_AS_HTML).texts[uri], on_disk

    first, made = page()
    assert name in made.made and "Adds two scores." in first
    again, served = page()
    assert again == first and name in served.served and name not in served.made
    replace_in(course_dir / "modules/01-alpha/scoring.ipynb", "Adds two scores.", "Adds three scores.")
    after, remade = page()
    assert name in remade.made and "Adds three scores." in after


# --- The validation report of a build (coursekit.app.validate_for_build) -----------------------------


def _validated(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], bool]:
    """A new build's validation: (its problems as printed, whether the rules ran)."""
    from coursekit.app import validate_for_build
    from coursekit.rules import validate as rules

    ran: list[bool] = []
    run_rules = rules.run_rules

    def counted(project: Project) -> None:
        ran.append(True)
        run_rules(project)

    monkeypatch.setattr(rules, "run_rules", counted)
    project = validate_for_build(root)
    return [d.format() for d in project.report.sorted()], bool(ran)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(text)


MISSING_LINK = "\n\nSee [the missing page](missing-page.md).\n"
VALIDATION_EDITS: dict[str, Edit] = {
    # A problem the rules find in each kind of file they read; a build that reused the last report would miss it.
    "module page": lambda root: _append(root / "modules/01-alpha/index.md", MISSING_LINK),
    "docs page": lambda root: _append(root / "docs/index.md", MISSING_LINK),
    "quiz bank": lambda root: replace_in(root / "quizzes/02-beta.yml", "correct: true", "correct: false"),
    "glossary": lambda root: _write(root / "docs/glossary.yml", "terms: [\n"),
    "run sheet": lambda root: _write(root / "modules/01-alpha/session.yml", "length: [\n"),
    "notebook": lambda root: _write(root / "modules/01-alpha/scoring.ipynb", "{not json"),
    "data file": lambda root: _append(root / "modules/01-alpha/data/markets.csv", "1,2,3,4,5,6,7,8,9\n"),
    "a file a page links to": lambda root: (root / "modules/01-alpha/funnel.svg").unlink(),
    "course.yml": lambda root: replace_in(root / "course.yml", "01-alpha", "01-gamma"),
    "mkdocs.yml": lambda root: replace_in(root / "mkdocs.yml", "site_name: Fixture course", "site_name: Another name"),
}


@pytest.mark.parametrize("kind", VALIDATION_EDITS)
def test_a_rebuild_reuses_the_validation_report_until_a_file_changes(course_dir: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    first, ran = _validated(course_dir, monkeypatch)
    assert ran
    again, ran_again = _validated(course_dir, monkeypatch)
    assert not ran_again and again == first, "nothing changed: the last report, every problem included"
    VALIDATION_EDITS[kind](course_dir)
    edited, ran_edited = _validated(course_dir, monkeypatch)
    assert ran_edited and edited != first, f"the {kind} changed: the rules run again and report it"


def test_the_reused_report_keeps_warnings_and_a_new_toolkit_runs_the_rules(course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replace_in(course_dir / "modules/01-alpha/index.md", "## ", "## TODO ")
    first, _ = _validated(course_dir, monkeypatch)
    assert first, "the fixture edit makes at least one problem"
    again, ran = _validated(course_dir, monkeypatch)
    assert again == first and not ran
    monkeypatch.setattr(cache, "toolkit_digest", lambda: "another toolkit")
    _, ran_new = _validated(course_dir, monkeypatch)
    assert ran_new


def test_a_notebook_no_language_translates_is_converted_once_for_every_language(tmp_path: Path) -> None:
    """The fixture's notebook has no translation: the Spanish, Catalan and French sites show the English
    notebook, converted once (issue 22: each language costs at most what its own pages cost)."""
    from test_translations import multilingual_course

    course = multilingual_course(tmp_path / "course")
    result = run_course(course, "build")
    assert result.returncode == 0, result.stderr
    log = json.loads((course / cache.FOLDER / cache.LOG).read_text())
    name = "notebook:modules/01-alpha/scoring.ipynb"
    assert log["made"].count(name) == 1 and log["served"].count(name) == 3, log
    english = (course / "site/modules/01-alpha/scoring/index.html").read_text(encoding="utf-8")
    catalan = (course / "site/ca/modules/01-alpha/scoring/index.html").read_text(encoding="utf-8")
    assert "Adds two scores." in english and "Adds two scores." in catalan
