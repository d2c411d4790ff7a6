"""One project model (issue 9): blocks read by the real parser, sources read once, knock-on errors
skipped, drafts and backup files kept out, both site engines, and live preview of dependent pages."""

from __future__ import annotations

import importlib
import posixpath
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from browser import ready as browser_ready
from conftest import ROOT, replace_in, run_course
from playwright.sync_api import Browser

from coursekit.app import open_project
from coursekit.rules.validate import run


def _errors(root: Path) -> list[str]:
    project = open_project(root)
    return [d.format() for d in run(project).sorted()]


def test_an_unclosed_trainer_block_is_an_error_at_its_opening_line(course_dir: Path) -> None:
    page = course_dir / "modules/01-alpha/index.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    opening = lines.index("/// trainer") + 1
    end = next(i for i in range(opening, len(lines)) if lines[i] == "///")
    del lines[end]  # the note's closing '///' is forgotten: it would hide the rest, quiz included
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_course(course_dir, "validate")
    assert result.returncode == 1
    assert f"modules/01-alpha/index.md:{opening}: error: the '/// trainer' block is never closed" in result.stdout
    build = run_course(course_dir, "build")
    assert build.returncode == 1 and not (course_dir / "site").exists()


def test_wrongly_nested_blocks_are_an_error(course_dir: Path) -> None:
    page = course_dir / "modules/01-alpha/index.md"
    replace_in(page, "////\n", "///\n")  # the exercise opens with '////' but closes with '///'
    errors = _errors(course_dir)
    # The hint names the fence that closes it (issue 24: "add '///'" did not work when followed).
    assert any("the '//// admonition' block is never closed" in e and "end it with a line '////'" in e for e in errors), errors


def test_blocks_in_code_are_not_blocks() -> None:
    from coursekit.render.pageparse import PageParser

    info = PageParser().parse("```\n/// trainer\n```\n\n/// quiz | x\n    items: a b\n///\n")
    assert [(b.name, b.line, b.closed) for b in info.blocks] == [("quiz", 5, True)]
    assert info.quizzes()[0].options["items"] == "a b"


def test_a_broken_bank_gives_its_own_error_and_one_skipped_line(course_dir: Path) -> None:
    (course_dir / "quizzes/01-alpha.yml").write_text("module: 01-alpha\nitems: [\n", encoding="utf-8")
    lines = _errors(course_dir)
    mine = [line for line in lines if "01-alpha" in line]
    assert len([m for m in mine if "warning:" not in m]) == 1, mine
    assert any("were skipped for this module" in m for m in mine)
    assert not any(("not assessed" in m or "quiz block" in m) and "skipped" not in m for m in lines)


def test_broken_front_matter_does_not_give_knock_on_errors_in_the_bank(course_dir: Path) -> None:
    replace_in(course_dir / "modules/01-alpha/index.md", "objectives:", "objectives: [")
    lines = _errors(course_dir)
    assert not any(line.startswith("quizzes/") for line in lines), lines
    assert any("skipped for this module" in line for line in lines)


def test_an_unreadable_page_gives_one_error_and_one_skipped_line(course_dir: Path) -> None:
    page = course_dir / "modules/01-alpha/index.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("utf-16"))
    lines = _errors(course_dir)
    assert [line for line in lines if "warning:" not in line] == [
        next(line for line in lines if line.startswith("modules/01-alpha/index.md: ") and "warning:" not in line)
    ], lines
    assert any("skipped for this module" in line for line in lines)


def test_drafts_never_fail_strict_and_the_build_says_so_once(course_dir: Path) -> None:
    assert run_course(course_dir, "new-module", "Working with investors").returncode == 0
    strict = run_course(course_dir, "validate", "--strict")
    assert strict.returncode == 0, strict.stdout
    assert "unfinished" in strict.stdout  # still shown, as warnings
    build = run_course(course_dir, "build", "--strict")
    assert build.returncode == 0, build.stderr
    said = [line for line in build.stderr.splitlines() if "draft module" in line]
    assert len(said) == 1 and "02-beta" in said[0] and "03-working-investors" in said[0]
    assert not (course_dir / "site/modules/03-working-investors").exists()


def test_backup_and_temporary_files_are_never_published(course_dir: Path) -> None:
    folder = course_dir / "modules/01-alpha"
    (folder / "index.md~").write_text("old", encoding="utf-8")
    (folder / ".index.md.swp").write_bytes(b"\x00swap")
    (folder / "notes.swp").write_bytes(b"\x00swap")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    (course_dir / "docs/.DS_Store").write_bytes(b"\x00\x01")
    (course_dir / "quizzes/01-alpha.yml~").write_text("module: x\n", encoding="utf-8")
    result = run_course(course_dir, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    published = {p.name for p in (course_dir / "site").rglob("*")}
    assert not published & {"index.md~", ".index.md.swp", "notes.swp", ".DS_Store", "01-alpha.yml~"}


def count_reads(root: Path, site: Path) -> dict[str, int]:
    """How often one `course build` opens each file of ``root`` (scripts/bench.py's audit-hook counter)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        bench = importlib.import_module("bench")
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    reads: dict[str, int] = bench.reads_per_file(root, site)
    return reads


def test_each_source_file_is_read_at_most_once_per_build(course_dir: Path, tmp_path: Path) -> None:
    reads = count_reads(course_dir, tmp_path / "site")
    sources = [p.relative_to(course_dir).as_posix() for p in course_dir.rglob("*") if p.is_file() and ".cache" not in p.parts]
    assert {"modules/01-alpha/index.md", "modules/01-alpha/session.yml", "modules/01-alpha/scoring.ipynb", "quizzes/01-alpha.yml"} <= set(
        reads
    )
    twice = {path: n for path, n in reads.items() if n > 1 and path in sources}
    assert twice == {}, twice


def _page_set(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def _quizzes(html: str) -> list[tuple[str, ...]]:
    """(id, item, type) of every quiz item in a page, whatever the attribute order."""
    out: list[tuple[str, ...]] = []
    for tag in re.findall(r'<li class="cq-item"[^>]*>', html):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        out.append((attrs.get("id", ""), attrs.get("data-cq-item", ""), attrs.get("data-cq-type", "")))
    return out


def test_mkdocs_and_zensical_build_the_same_pages_and_quizzes(course_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("zensical")
    mkdocs_site, zensical_site = tmp_path / "mkdocs", tmp_path / "zensical"
    for engine, site in (("mkdocs", mkdocs_site), ("zensical", zensical_site)):
        result = run_course(course_dir, "build", "--engine", engine, "--site-dir", str(site))
        assert result.returncode == 0, result.stdout + result.stderr
    pages = _page_set(mkdocs_site)
    assert pages == _page_set(zensical_site)
    assert "modules/01-alpha/trainer-notes/index.html" in pages and "modules/print/index.html" in pages
    for page in sorted(pages):
        a = (mkdocs_site / page).read_text(encoding="utf-8")
        b = (zensical_site / page).read_text(encoding="utf-8")
        assert _quizzes(a) == _quizzes(b), page
        assert a.count('class="cq-trainer"') == b.count('class="cq-trainer"'), page
    module = (zensical_site / "modules/01-alpha/index.html").read_text(encoding="utf-8")
    assert _quizzes(module) and "Overview" in module and "md-nav" in module
    # The trainer-view link to the module's trainer notes (no longer in the nav) resolves to that page.
    hrefs = re.findall(r'href="([^"]*trainer-notes/)"', module)
    assert any(posixpath.normpath(posixpath.join("modules/01-alpha/", h)) == "modules/01-alpha/trainer-notes" for h in hrefs), hrefs
    notebook = (zensical_site / "modules/01-alpha/scoring/index.html").read_text(encoding="utf-8")
    assert "Download this notebook" in notebook and "https://cdn" not in notebook
    assert (zensical_site / "modules/01-alpha/scoring/scoring.ipynb").is_file()  # the download, next to its page
    assert 'href="../scoring/"' in module or 'href="./scoring/"' in module or 'href="scoring/"' in module


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(fetch: Callable[[], str], want: str, deadline: float) -> str:
    page = ""
    while time.time() < deadline:
        try:
            page = fetch()
        except OSError:
            page = ""
        if want in page:
            return page
        time.sleep(0.2)
    return page


def test_serve_refreshes_the_pages_that_use_an_edited_bank_glossary_or_run_sheet(course_dir: Path) -> None:
    port = _free_port()
    log = course_dir.parent / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "coursekit.cli", "--root", str(course_dir), "serve", "-a", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"

        def get(path: str) -> Callable[[], str]:
            def fetch() -> str:
                with urllib.request.urlopen(base + path, timeout=5) as response:
                    return str(response.read().decode())

            return fetch

        deadline = time.time() + 240
        assert "Knock-out rules" in _wait_for(get("/modules/01-alpha/"), "Knock-out rules", deadline)
        replace_in(course_dir / "quizzes/01-alpha.yml", "text: Knock-out rules", "text: Knock-out rules first")
        assert "Knock-out rules first" in _wait_for(get("/modules/01-alpha/"), "Knock-out rules first", deadline)
        # A problem is printed once, when it appears, not again on later rebuilds.
        replace_in(course_dir / "modules/01-alpha/index.md", "## The rule", "[broken](nowhere.md)\n\n## The rule")
        assert "broken" in _wait_for(get("/modules/01-alpha/"), ">broken<", deadline)
        replace_in(course_dir / "docs/glossary.yml", "The body that runs", "The team that runs")
        assert "The team that runs" in _wait_for(get("/glossary/"), "The team that runs", deadline)
        replace_in(course_dir / "modules/01-alpha/session.yml", "Run the poll.", "Run the opening poll.")
        assert "Run the opening poll." in _wait_for(get("/modules/01-alpha/trainer-notes/"), "Run the opening poll.", deadline)
        # A new module shows in the navigation without a restart.
        assert run_course(course_dir, "new-module", "Working with investors").returncode == 0
        assert "Working with investors" in _wait_for(get("/"), "Working with investors", deadline)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    text = log.read_text()
    assert "'dirty' build" not in text
    assert text.count("the link 'nowhere.md' points to") == 1, text[-3000:]
    assert text.count("contains a link 'nowhere.md'") <= 1, text[-3000:]  # MkDocs' own warning, not on every rebuild


def test_the_real_course_builds_the_same_page_set_with_the_project(real_site: Path) -> None:
    pages = _page_set(real_site)
    assert len(pages) >= 30 and "modules/print/index.html" in pages
    for module in sorted((ROOT / "modules").iterdir()):
        if module.is_dir():
            assert f"modules/{module.name}/index.html" in pages
            assert f"modules/{module.name}/trainer-notes/index.html" in pages


def test_the_course_title_is_declared_once_header_and_print_page_agree(course_dir: Path, tmp_path: Path) -> None:
    """course.yml's title names the site: the header (MkDocs' site_name) and the print page show it (issue 24)."""
    replace_in(course_dir / "course.yml", "title: Fixture course", "title: Renamed course")
    checked = run_course(course_dir, "validate")
    assert "mkdocs.yml:" in checked.stdout and "site_name 'Fixture course' differs" in checked.stdout
    site = tmp_path / "site"
    result = run_course(course_dir, "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    header = re.search(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', home, re.DOTALL)
    assert header is not None and header.group(1) == "Renamed course", header
    assert re.search(r"<title>[^<]* - Renamed course</title>", home)  # page title - site name
    assert "Renamed course" in (site / "modules/print/index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_learner_features_work_in_a_zensical_build(browser: Browser, course_dir: Path, tmp_path: Path) -> None:
    """A Zensical-built module page: no page-status icon on every module, the quiz works, progress
    follows, and not one console error (issue 24: the course data was missing there)."""
    pytest.importorskip("zensical")
    from browser import console_errors, serve, watch_errors

    site = tmp_path / "site-zensical"
    result = run_course(course_dir, "build", "--engine", "zensical", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    module = (site / "modules/01-alpha/index.html").read_text(encoding="utf-8")
    assert "md-status" not in module  # Zensical's own page-status icon: the course's 'status' is not its
    assert (site / "assets/course-data.json").is_file()
    with serve(site) as url:
        context = browser.new_context()
        tab = watch_errors(context.new_page())
        tab.goto(url + "/modules/01-alpha/")
        browser_ready(tab)
        first = tab.locator('[data-cq-item="alp-first"]')
        first.get_by_label("Knock-out rules").check()
        first.get_by_role("button", name="Check answer").click()
        assert first.locator(".cq-verdict").text_content() == "Correct."
        tab.goto(url + "/progress/")
        row = tab.locator('tr[data-cq-module="01-alpha"]')
        row.locator("[data-cq-score]").filter(has_text="1 of 3").wait_for()
        assert row.locator("[data-cq-status]").text_content() == "In progress"
        tab.goto(url + "/workbook/")
        tab.goto(url + "/certificate/")
        tab.wait_for_load_state("networkidle")
        assert console_errors(tab) == []
        context.close()
