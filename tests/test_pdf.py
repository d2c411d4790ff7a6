"""`course pdf`: the PDFs read back with pdftotext (poppler-utils). A learner handout has no model
answer and no trainer note but every column of every exercise table; the trainer pack has both;
the book has page numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_course

from coursekit.app import open_project
from coursekit.model.course import load_course
from coursekit.render import trainer
from coursekit.render.pageparse import PageParser

pytestmark = pytest.mark.browser

EXERCISE_RE = re.compile(r"^/{3,}\s*admonition\s*\|\s*Exercise")


def text_of(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("these tests read PDFs with pdftotext: sudo apt-get install poppler-utils", pytrace=False)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def plain(markdown: str, words: int = 7) -> str:
    """The first words of the longest line of a Markdown snippet, as they read in print. A table row
    prints as cells laid out side by side, so a prose line is chosen when the snippet has one."""
    lines = markdown.splitlines()
    prose = [line for line in lines if not line.lstrip().startswith("|")]
    line = max(prose or lines, key=len)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    text = re.sub(r"^\s*(\d+\.|-)\s+|[*_`>#]", "", text)
    return " ".join(text.split()[:words])


def exercise_headers(body: str) -> list[str]:
    """Column headers of the tables inside exercise blocks."""
    headers: list[str] = []
    inside = False
    for line in body.splitlines():
        if EXERCISE_RE.match(line):
            inside = True
        elif inside and line.startswith("## "):
            inside = False
        elif inside and line.startswith("|") and not headers_done(line):
            headers += [c.strip() for c in line.strip().strip("|").split("|")]
            inside = False
    return [h for h in headers if h]


def headers_done(line: str) -> bool:
    return set(line.replace("|", "").strip()) <= set("-: ")


@pytest.fixture(scope="module")
def pdfs(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    site = tmp_path_factory.mktemp("pdf") / "site"
    shutil.copytree(real_site, site)
    out = site.parent / "pdf"
    result = run_course(ROOT, "pdf", "--no-build", "--site-dir", str(site), "--out", str(out), timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, out


def test_course_pdf_builds_then_prints(course_dir: Path) -> None:
    """The command as the README gives it: `course pdf` builds the site first, then prints."""
    result = run_course(course_dir, "pdf", "-q", timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "internal error" not in result.stderr
    assert (course_dir / "site" / "index.html").is_file()
    handouts = sorted((course_dir / "pdf" / "handouts").glob("handout-*.pdf"))
    assert [h.name for h in handouts] == ["handout-01-alpha.pdf"], handouts  # the draft module has none
    assert handouts[0].read_bytes().startswith(b"%PDF")


def test_learner_handouts_and_trainer_packs(pdfs: tuple[Path, Path]) -> None:
    site, out = pdfs
    project = open_project(ROOT)
    course = project.course
    checked_answers = checked_notes = checked_headers = 0
    for module in course.visible_modules(False):
        body = trainer.module_body(module, project)
        handout = text_of(out / "handouts" / f"handout-{module.slug}.pdf")
        pack = text_of(out / "trainer-packs" / f"trainer-pack-{module.slug}.pdf")
        assert module.title in handout and "Page 1 of" in handout
        for answer in trainer.model_answers(body):
            snippet = plain(answer.markdown)
            assert snippet not in handout, f"{module.slug}: model answer in the handout: {snippet!r}"
            assert snippet in pack, f"{module.slug}: model answer missing from the trainer pack: {snippet!r}"
            checked_answers += 1
        for note in PageParser().parse(body).notes:
            snippet = plain(note.markdown)
            assert snippet not in handout, f"{module.slug}: trainer note in the handout: {snippet!r}"
            assert snippet in pack, f"{module.slug}: trainer note missing from the trainer pack: {snippet!r}"
            checked_notes += 1
        words = set(handout.split())
        for header in exercise_headers(body):
            # A header may wrap inside its cell, so each of its words is looked for.
            missing = [w for w in plain(header, 20).split() if w not in words]
            assert not missing, f"{module.slug}: exercise table column {header!r} cut from the handout"
            checked_headers += 1
        assert "Run sheet" in pack and "Quiz answer key" in pack
        page = (site / "modules" / module.slug / "index.html").read_text(encoding="utf-8")
        assert f'href="handout-{module.slug}.pdf"' in page and "Download handout (PDF)" in page
        assert (site / "modules" / module.slug / f"handout-{module.slug}.pdf").is_file()
    assert checked_answers >= 10 and checked_notes >= 10 and checked_headers >= 9


def test_course_book_has_cover_contents_and_page_numbers(pdfs: tuple[Path, Path]) -> None:
    _, out = pdfs
    book = text_of(out / "course-book.pdf")
    found = re.search(r"Page 1 of (\d+)", book)
    assert found, "the course book's footer says 'Page 1 of N'"
    pages = int(found.group(1))
    assert pages > 40 and f"Page {pages} of {pages}" in book
    last = load_course(ROOT).visible_modules(False)[-1]
    assert "Contents" in book and f"{last.number}. {last.title.split(':')[0]}" in book
    assert "Model answer" not in book
    # The contents give the page each module starts on (read back from the printed book).
    course = load_course(ROOT)
    for module in course.visible_modules(False):
        match = re.search(re.escape(f"{module.number}. {module.title}") + r" page (\d+)", book)
        assert match, f"no page number for module {module.number} in the contents"
        page = subprocess.run(
            ["pdftotext", "-f", match.group(1), "-l", match.group(1), str(out / "course-book.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert page.strip().startswith(" ".join(module.title.split())[:30]), (
            f"module {module.number} does not start on page {match.group(1)}"
        )


def test_course_pdf_in_another_language_prints_that_languages_site(tmp_path: Path) -> None:
    """`course pdf --lang es`: the Spanish site's handouts, trainer packs and book, into pdf/es/, with
    the PDF's own words (page footer, contents page numbers, cover) from the Spanish messages."""
    from test_translations import multilingual_course

    course = multilingual_course(tmp_path / "course")
    result = run_course(course, "pdf", "--lang", "es", "-q", timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    handout = text_of(course / "pdf" / "es" / "handouts" / "handout-01-alpha.pdf")
    assert "Nociones básicas de alfa" in handout and re.search(r"Página 1 de \d+", handout)
    assert "Page 1 of" not in handout
    pack = text_of(course / "pdf" / "es" / "trainer-packs" / "trainer-pack-01-alpha.pdf")
    assert "Guion de la sesión" in pack and "Soluciones del cuestionario" in pack and "Página 1 de" in pack
    book = text_of(course / "pdf" / "es" / "course-book.pdf")
    assert "Curso de prueba: el curso completo" in book and "Índice" in book  # cover and contents (course.es.yml's title)
    assert re.search(r"1\. Nociones básicas de alfa página \d+", book), book[:600]
    assert not (course / "pdf" / "handouts").exists()  # English was not asked for
    page = (course / "site" / "es" / "modules" / "01-alpha" / "index.html").read_text(encoding="utf-8")
    assert 'href="handout-01-alpha.pdf"' in page and "Descargar el material (PDF)" in page
    wrong = run_course(course, "pdf", "--lang", "de", "--no-build")
    assert wrong.returncode == 2 and "--lang de: not a language of this course" in wrong.stderr
