"""`course serve --lang es` (issue 19): the Spanish site alone, served at the address's root, with
live reload of its translations; the terminal says which language it serves and how to serve another."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from conftest import replace_in, run_course
from test_translations import multilingual_course


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _until(check: Callable[[], str | None], what: str, limit: float = 180) -> str:
    """Poll ``check`` until it returns text (the state the test waits for); fail after ``limit`` seconds."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        found = check()
        if found is not None:
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _page(url: str, needle: str) -> Callable[[], str | None]:
    def check() -> str | None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return None
        return text if needle in text else None

    return check


@contextlib.contextmanager
def _serving_spanish(course: Path, log: Path) -> Iterator[int]:
    """`course serve --lang es` on a free port (yielded), its terminal written to ``log``; stopped after."""
    port = _free_port()
    with log.open("w") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "coursekit.cli", "--root", str(course), "serve", "--lang", "es", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ},
        )
        try:
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_serve_lang_es_serves_the_spanish_site_and_reloads_its_translations(tmp_path: Path) -> None:
    course = multilingual_course(tmp_path / "course")
    log = tmp_path / "serve.log"
    with _serving_spanish(course, log) as port:
        url = f"http://127.0.0.1:{port}/modules/01-alpha/"
        page = _until(_page(url, "Nociones básicas de alfa"), "the Spanish module page")
        assert re.search(r'<html [^>]*lang="es"', page)
        assert "Módulos" in page  # course.es.yml's navigation part
        announced = _until(lambda: log.read_text() if "the Español site (es)" in log.read_text() else None, "the address")
        assert f"on http://127.0.0.1:{port}/" in announced and "course serve --lang en" in announced
        # A saved translation shows, in Spanish, on the next rebuild.
        replace_in(course / "modules/01-alpha/index.es.md", "title: Nociones básicas de alfa", "title: Lo básico de alfa")
        page = _until(_page(url, "Lo básico de alfa"), "the edited Spanish title")
        assert re.search(r'<html [^>]*lang="es"', page) and "Módulos" in page
        # A localised image saved while serving replaces the English one at its address, and its edits show.
        english = (course / "modules/01-alpha/funnel.svg").read_text(encoding="utf-8")
        localised = course / "modules/01-alpha/funnel.es.svg"
        localised.write_text(english.replace("<title>Funnel</title>", "<title>Embudo</title>"), encoding="utf-8")
        image = f"http://127.0.0.1:{port}/modules/01-alpha/funnel.svg"
        _until(_page(image, "<title>Embudo</title>"), "the Spanish diagram")
        replace_in(localised, "<title>Embudo</title>", "<title>Embudo de mercados</title>")
        _until(_page(image, "<title>Embudo de mercados</title>"), "the edited Spanish diagram")
        localised.unlink()
        _until(_page(image, "<title>Funnel</title>"), "the English diagram back")
        # Each rebuild waits for the last one's problems report: by now the first reports are in
        # the log. The course is valid: the report reads it as written, not as translated (the
        # translated nav titles, the Spanish "Verdadero"/"Falso" options and the Spanish title
        # were reported as mistakes).
        shown = log.read_text()
        assert "ERROR" not in shown and "differs from the course title" not in shown, shown
        # A new Spanish course title (course.es.yml) shows at the next reload too (issue 24).
        replace_in(course / "course.es.yml", "title: Curso de prueba", "title: Curso renombrado")
        page = _until(_page(url, "Curso renombrado</title>"), "the new Spanish course title")
    wrong = run_course(course, "serve", "--lang", "de", "--port", str(_free_port()))
    assert wrong.returncode == 2 and "--lang de: not a language of this course" in wrong.stderr


def test_serve_lang_es_reports_the_problems_course_validate_reports_and_no_others(tmp_path: Path) -> None:
    """While serving the Spanish site, the terminal shows the course's problems, as `course validate`
    finds them: not the Spanish title, navigation, quiz options or glossary checked as if they were
    the English ones (issue 24: a check an editor can trust)."""
    course = multilingual_course(tmp_path / "course")
    # One real problem, in the file that sorts last, so that its line comes last in the report.
    replace_in(course / "quizzes/02-beta.yml", 'feedback: "No: look at its status."', 'feedback: "No: see [this](http://example.org/)."')
    expected = run_course(course, "validate")
    assert "quizzes/02-beta.yml:12: error:" in expected.stdout, expected.stdout
    log = tmp_path / "serve.log"
    with _serving_spanish(course, log):
        text = _until(lambda: log.read_text() if "quizzes/02-beta.yml:12: error:" in log.read_text() else None, "the problems")
    shown = re.findall(r"coursekit_mkdocs: (\S+: (?:error|warning): .*)", text)
    assert shown, text
    assert [line for line in shown if line not in expected.stdout] == [], text
