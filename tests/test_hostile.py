"""A hostile corpus, built by the tests themselves: symlinks out of the project, control and
invisible characters, broken CSV rows. Each test checks the promise itself: nothing outside the
project is ever published, every export is well-formed, a bad file is named with its line and the
build never stops with a traceback."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from conftest import run_course

from coursekit.app import open_project
from coursekit.outputs.compile import compile_tree
from coursekit.outputs.downloads import module_downloads

SECRET_FILE = "SECRET-OUTSIDE-FILE-7f3a"
SECRET_DIR = "SECRET-OUTSIDE-DIR-91bc"
SECRET_GIT = "SECRET-GIT-TOKEN-c0de"
SECRETS = (SECRET_FILE, SECRET_DIR, SECRET_GIT)


def plant_links(course: Path, outside: Path) -> list[str]:
    """Symlinks to a file outside the project, a folder outside it and the checkout's .git/config,
    in a module folder, its data folder, docs/ and quizzes/; returns the links' project paths."""
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET_FILE + "\n", encoding="utf-8")
    folder = outside / "folder"
    folder.mkdir()
    (folder / "inner.csv").write_text(f"id,name\n1,{SECRET_DIR}\n", encoding="utf-8")
    git = course / ".git"
    git.mkdir()
    (git / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET_GIT}\n", encoding="utf-8")
    links = {
        "modules/01-alpha/secret.txt": outside / "secret.txt",
        "modules/01-alpha/outside": folder,
        "modules/01-alpha/data/config.csv": git / "config",  # a data file the notebook zip would carry
        "docs/passwd.txt": outside / "secret.txt",
        "docs/git.md": git / "config",
    }
    for rel, target in links.items():
        os.symlink(target, course / rel)
    notebook = course / "modules/01-alpha/scoring.ipynb"
    text = notebook.read_text(encoding="utf-8")
    notebook.write_text(text.replace('"a, b = 3, 4\\n"', '"open(\'data/config.csv\')\\n", "a, b = 3, 4\\n"'), encoding="utf-8")
    return list(links)


def published_bytes(folder: Path) -> bytes:
    """Every byte under ``folder``, zips unpacked."""
    out = b""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            out += data
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    out += b"".join(archive.read(name) for name in archive.namelist())
    return out


def test_symlinks_out_of_the_project_are_errors_and_never_published(course_dir: Path, tmp_path: Path) -> None:
    links = plant_links(course_dir, tmp_path / "outside")
    result = run_course(course_dir, "validate")
    assert result.returncode == 1, result.stderr
    for rel in links:
        assert rel in result.stdout, (rel, result.stdout)
    assert "replace the link with a copy of the file inside the project" in result.stdout
    assert "Traceback" not in result.stderr
    for secret in SECRETS:
        assert secret not in result.stderr + result.stdout

    # Whatever the validator said, the build's own steps never copy what such a link points at.
    project = open_project(course_dir)
    tree = compile_tree(project, include_drafts=True)
    copied = {uri: path for uri, path in tree.copies.items() if not uri.endswith(".zip")}
    assert not [u for u in copied if any(u.endswith(rel.split("/", 1)[1]) or "outside/" in u for rel in links)], copied
    texts = "".join(tree.texts.values())
    assert not any(secret in texts for secret in SECRETS)
    for module in project.course.modules:
        for uri, data in module_downloads(module, course_dir, {}).items():
            if uri.endswith(".zip"):
                with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
                    names = archive.namelist()
                    assert not any("config.csv" in n for n in names), names
                    assert not any(secret.encode() in archive.read(n) for n in names for secret in SECRETS)

    for command in (("build", "--site-dir", str(tmp_path / "site")), ("export", "--format", "scorm12", "-o", str(tmp_path / "p12.zip"))):
        result = run_course(course_dir, *command)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "p12.zip").exists()
    if (tmp_path / "site").exists():
        assert not any(secret.encode() in published_bytes(tmp_path / "site") for secret in SECRETS)


BANK = "quizzes/01-alpha.yml"
HIDDEN = {
    "control": ("\x01", "U+0001"),
    "reference": ("&#x1;", "U+0001"),
    "decimal reference": ("&#8238;", "U+202E"),
    "bidi override": ("\u202e", "U+202E"),
    "zero-width joiner": ("\u200d", "U+200D"),
    "bidi isolate": ("\u2066", "U+2066"),
}


@pytest.mark.parametrize("name", list(HIDDEN))
def test_control_and_invisible_characters_in_quiz_text_are_errors_with_their_line(course_dir: Path, tmp_path: Path, name: str) -> None:
    char, code = HIDDEN[name]
    bank = course_dir / BANK
    text = bank.read_text(encoding="utf-8")
    assert "Cheap filters first, deep studies last." in text
    bank.write_text(text.replace("Cheap filters first, deep studies last.", f"Cheap filters{char} first."), encoding="utf-8")
    line = 1 + bank.read_text(encoding="utf-8").split("Cheap filters")[0].count("\n")
    result = run_course(course_dir, "validate")
    assert result.returncode == 1
    assert f"{BANK}:{line}:" in result.stdout and code in result.stdout, result.stdout
    for fmt in ("moodle-xml", "gift") if name == "reference" else ():  # (each export runs validate again: one case is enough)
        out = tmp_path / f"q.{fmt}"
        result = run_course(course_dir, "export", "--format", fmt, "-o", str(out))
        assert result.returncode == 1 and not out.exists(), result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("fmt", "data", "words"),
    [
        ("moodle-xml", b'<?xml version="1.0"?>\n<quiz><question>\x01</question></quiz>\n', "not well-formed"),
        ("moodle-xml", b"<quiz><question></quiz>", "not well-formed"),
        ("gift", b"::q1:: Which? {=a ~b\n", "not closed"),
        ("gift", b"::q1:: Which? {=a ~b}\n::q2:: Stem } {=c}\n", "unbalanced"),
        ("gift", b"::q1:: Which\x01? {=a ~b}\n", "U+0001"),
    ],
)
def test_every_export_is_parsed_back_before_it_is_written(fmt: str, data: bytes, words: str) -> None:
    from coursekit.export.files import parse_back

    problem = parse_back(fmt, data)
    assert problem is not None and words in problem, problem


def test_a_scorm_package_is_parsed_back_before_it_is_written(tmp_path: Path) -> None:
    import io

    from coursekit.export.files import parse_back

    def package(manifest: bytes | None, files: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            if manifest is not None:
                archive.writestr("imsmanifest.xml", manifest)
            for name, content in files.items():
                archive.writestr(name, content)
        return buffer.getvalue()

    good = b'<manifest><resources><resource href="index.html"><file href="index.html"/></resource></resources></manifest>'
    assert parse_back("scorm12", package(good, {"index.html": b"<p>x</p>"})) is None
    assert "imsmanifest.xml" in (parse_back("scorm12", package(None, {"index.html": b""})) or "")
    assert "not well-formed" in (parse_back("scorm2004", package(b"<manifest><resources>", {})) or "")
    assert "missing.html" in (
        parse_back("scorm12", package(good.replace(b'file href="index.html"', b'file href="missing.html"'), {"index.html": b""})) or ""
    )
    assert "not a zip" in (parse_back("scorm12", b"PK\x03\x04 broken") or "")


HOSTILE_OUTPUTS = [
    {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "text/html": '<b>table</b><script>window.__pwned = "html"</script><img src="x" onerror="window.__pwned = 1">',
            "text/plain": "t",
        },
    },
    {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned = 2"><script>window.__pwned = 3</script></svg>'
        },
    },
    {"output_type": "display_data", "metadata": {}, "data": {"application/javascript": "window.__pwned = 4", "text/plain": "js"}},
    {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/markdown": '<a href="javascript:window.__pwned = 5">click</a>'},
    },
]


def add_hostile_outputs(course: Path) -> Path:
    """The fixture notebook's code cell (cell 2), with outputs that would run script."""
    import json

    path = course / "modules/01-alpha/scoring.ipynb"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"][1]["outputs"] += HOSTILE_OUTPUTS
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def test_notebook_outputs_are_inert_and_validate_warns(course_dir: Path) -> None:
    add_hostile_outputs(course_dir)
    result = run_course(course_dir, "validate")
    assert result.returncode == 0, result.stdout
    assert "modules/01-alpha/scoring.ipynb" in result.stdout and "cell 2" in result.stdout and "active content" in result.stdout, (
        result.stdout
    )
    project = open_project(course_dir)
    for mode in ("source", "html"):
        tree = compile_tree(project, include_drafts=True, notebooks=mode)
        shown = "".join(tree.texts.values()) + "".join(
            p.read_text(encoding="utf-8") for u, p in tree.copies.items() if u.endswith(".ipynb")
        )
        assert "table" in shown  # the harmless part stays
        for needle in ("<script", "onerror", "onload", "javascript:", "application/javascript"):
            assert needle not in shown, (mode, needle)


def test_a_broken_data_csv_is_named_with_its_row_and_never_crashes_the_build(course_dir: Path, tmp_path: Path) -> None:
    import shutil

    from conftest import ROOT

    data = course_dir / "modules/01-alpha/data/markets.csv"
    data.write_text("market,score\nA,3\nB\nC,1,extra\n", encoding="utf-8")
    result = run_course(course_dir, "validate")
    assert result.returncode == 1
    assert "modules/01-alpha/data/markets.csv:3:" in result.stdout and "modules/01-alpha/data/markets.csv:4:" in result.stdout, (
        result.stdout
    )
    assert "Traceback" not in result.stdout + result.stderr
    # What the build makes from a worksheet's data (the xlsx templates, the worksheet's starting rows)
    # does not crash on a short row: the missing cells are empty.
    real = tmp_path / "real"
    real.mkdir()
    shutil.copy(ROOT / "course.yml", real / "course.yml")
    shutil.copytree(ROOT / "modules", real / "modules")
    with (real / "modules/03-choosing-markets/data/markets-illustrative.csv").open("a", encoding="utf-8") as handle:
        handle.write("Market Z,XMZ\n")
    project = open_project(real)
    module = project.course.module("03-choosing-markets")
    assert module is not None
    made = module_downloads(module, real, {})
    assert any(uri.endswith(".xlsx") for uri in made), sorted(made)


def test_formula_text_in_data_stays_text_in_the_xlsx_templates(tmp_path: Path) -> None:
    import io
    import shutil

    from conftest import ROOT
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    real = tmp_path / "real"
    real.mkdir()
    shutil.copy(ROOT / "course.yml", real / "course.yml")
    shutil.copytree(ROOT / "modules", real / "modules")
    data = real / "modules/03-choosing-markets/data/markets-illustrative.csv"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("Market A,", '"=HYPERLINK(""https://evil.example"",""x"")",', 1), encoding="utf-8")
    project = open_project(real)
    module = project.course.module("03-choosing-markets")
    assert module is not None
    made = module_downloads(module, real, {})
    book = load_workbook(io.BytesIO(next(v for k, v in made.items() if k.endswith(".xlsx") and "scoring" in k)))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells), [(c.coordinate, c.data_type) for c in cells]
    assert any(c.data_type == "f" for sheet in book for row in sheet.iter_rows() for c in row)  # the template's own formulas stay
