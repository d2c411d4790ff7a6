"""Notebook downloads as a learner gets them: the zip from the built site, unpacked into an empty
folder, runs from top to bottom with only what the zip holds; its README pins the packages."""

from __future__ import annotations

import importlib.metadata
import json
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from coursekit.model import reading
from coursekit.model.languages import split
from coursekit.outputs import downloads

NOTEBOOKS = sorted((ROOT / "modules").glob("*/*.ipynb"))
IDS = [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS]


def _english(notebook: Path) -> tuple[Path, str | None]:
    """A translated notebook (screening.es.ipynb) is offered in its language's site under the English name."""
    return split(notebook, ("en", "es", "ca", "fr"))


def _zip_of(site: Path, notebook: Path) -> Path:
    english, lang = _english(notebook)
    return site / (lang or "") / "modules" / notebook.parent.name / (english.stem + downloads.ZIP_SUFFIX)


@pytest.mark.notebooks
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_downloaded_zip_runs_in_an_empty_folder(real_site: Path, tmp_path: Path, notebook: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    archive = _zip_of(real_site, notebook)
    english = _english(notebook)[0]
    assert archive.is_file(), f"no download {archive.name} in the built site"
    empty = tmp_path / "learner"
    empty.mkdir()
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert all(n.startswith(english.stem + "/") for n in names), names  # one folder, no stray files
        zf.extractall(empty)
    folder = empty / english.stem
    # Everything the notebook reads is in the zip, under the same relative path as in the module.
    for path in downloads.data_files(notebook, reading.code_of(notebook), ROOT):
        assert (folder / path.relative_to(notebook.parent)).read_bytes() == path.read_bytes()
    assert (folder / english.name).read_bytes() == notebook.read_bytes()  # the notebook in the site's language
    nb = nbformat.read(folder / english.name, as_version=4)  # type: ignore[no-untyped-call]
    start = time.perf_counter()
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    seconds = time.perf_counter() - start
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    print(f"{archive.name}: {archive.stat().st_size} bytes, ran in {seconds:.1f} s in an empty folder")
    # The learner's folder holds only what was unpacked (the notebook wrote nothing it needed elsewhere).
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(
        n.removeprefix(english.stem + "/") for n in names if not n.endswith("/")
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_zip_readme_pins_the_packages_the_notebook_imports(real_site: Path, notebook: Path) -> None:
    english = _english(notebook)[0]
    with zipfile.ZipFile(_zip_of(real_site, notebook)) as zf:
        readme = zf.read(f"{english.stem}/README.txt").decode()
        requirements = zf.read(f"{english.stem}/requirements.txt").decode().split()
    imported = downloads.imports(reading.code_of(notebook))
    assert imported, "the course notebooks import pandas and matplotlib"
    assert len(requirements) == len(imported)
    for line in requirements:
        name, _, version = line.partition("==")
        assert version, f"{line!r} is not pinned: add it to {downloads.REQUIREMENTS_FILE}"
        installed = importlib.metadata.version(name)
        assert installed == version, f"{downloads.REQUIREMENTS_FILE} pins {line} but the tests run {name} {installed}; update the pin"
        assert line in readme
    assert "pip install -r requirements.txt" in readme and english.name in readme
    # In the site's language: a Spanish learner's folder explains itself in Spanish.
    lang = _english(notebook)[1]
    assert {None: "What you need", "es": "Qué necesita"}[lang] in readme
    assert lang is None or "What you need" not in readme


def test_notebook_page_offers_the_runnable_download(real_site: Path) -> None:
    for notebook in NOTEBOOKS:
        english, lang = _english(notebook)
        page = (real_site / (lang or "") / "modules" / notebook.parent.name / english.stem / "index.html").read_text(encoding="utf-8")
        zip_name = english.stem + downloads.ZIP_SUFFIX
        assert f'href="{zip_name}" download' in page or f'href="../{zip_name}" download' in page, zip_name


def test_bundle_of_the_fixture_notebook_is_deterministic_and_never_touches_sources(course_dir: Path) -> None:
    notebook = next((course_dir / "modules").glob("*/*.ipynb"))
    before = {p: p.read_bytes() for p in notebook.parent.rglob("*") if p.is_file()}
    first = downloads.make_zip(downloads.bundle(notebook, course_dir), "Title")
    second = downloads.make_zip(downloads.bundle(notebook, course_dir), "Title")
    assert first == second
    assert {p: p.read_bytes() for p in notebook.parent.rglob("*") if p.is_file()} == before
    data = json.loads(notebook.read_text(encoding="utf-8"))
    assert data["cells"], "fixture notebook has cells"
