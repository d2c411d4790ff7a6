"""The `course` command as an editor uses it: exit codes, messages, JSON, and files left alone."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import checksums, replace_in, run_course


def test_validate_passes_on_a_valid_course(course_dir: Path) -> None:
    result = run_course(course_dir, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the course is valid" in result.stderr
    assert "size limits: 1 MB for an image, 5 MB for any other file of a module" in result.stderr  # stated every time (issue 24)


def test_validate_fails_with_every_error_as_path_line_message(course_dir: Path) -> None:
    replace_in(course_dir / "quizzes/01-alpha.yml", "    skill: recall", "    skil: recall")
    replace_in(course_dir / "modules/01-alpha/index.md", "[notebook](scoring.ipynb)", "[notebook](nope.ipynb)")
    result = run_course(course_dir, "validate")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        "modules/01-alpha/index.md:22: error: the link 'nope.ipynb' points to 'modules/01-alpha/nope.ipynb', which does not exist; fix the path (links are relative to this page)",
        "quizzes/01-alpha.yml:6: error: unknown key 'skil' in item 'alp-first' (did you mean 'skill'?); allowed keys: difficulty, explanation, id, objective, options, shuffle, skill, stem, type",
    ]
    assert "2 errors, 0 warnings" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_json_format(course_dir: Path) -> None:
    replace_in(course_dir / "modules/01-alpha/session.yml", "length: 30", "length: 35")
    result = run_course(course_dir, "validate", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1
    assert data["diagnostics"][0] | {"message": ""} == {
        "path": "modules/01-alpha/session.yml",
        "line": 1,
        "column": 0,
        "message": "",
        "severity": "error",
        "rule": "session-length",
    }


def test_strict_fails_on_warnings(course_dir: Path) -> None:
    (course_dir / "quizzes/02-beta.yml").unlink()
    replace_in(course_dir / "modules/02-beta/index.md", "/// quiz | 02-beta\n///\n", "")
    # In a draft, the warning never fails CI (issue 9: --strict is for published content only)...
    draft = run_course(course_dir, "validate", "--strict")
    assert draft.returncode == 0 and "warning: the module has no quiz bank" in draft.stdout
    # ...and once the module is published, it does.
    replace_in(course_dir / "modules/02-beta/index.md", "status: draft", "status: published")
    assert run_course(course_dir, "validate").returncode == 0
    strict = run_course(course_dir, "validate", "--strict")
    assert strict.returncode == 1 and "warning: the module has no quiz bank" in strict.stdout


def test_hostile_files_never_give_a_traceback(course_dir: Path) -> None:
    (course_dir / "quizzes/01-alpha.yml").write_bytes(b"module: 01-alpha\nitems: " + b"[" * 20000)
    (course_dir / "modules/01-alpha/index.md").write_bytes(b"\xff\xfe\x00b\x00i\x00n")
    (course_dir / "course.yml").write_bytes(b"title: x\nmodules: &a [*a]\n")
    result = run_course(course_dir, "validate", timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "course.yml:2" in result.stdout


def test_validate_and_build_never_change_source_files(course_dir: Path) -> None:
    replace_in(course_dir / "quizzes/01-alpha.yml", "    skill: recall", "    skil: recall")
    before = checksums(course_dir)
    assert run_course(course_dir, "validate").returncode == 1
    assert run_course(course_dir, "build").returncode == 1
    replace_in(course_dir / "quizzes/01-alpha.yml", "    skil: recall", "    skill: recall")
    before = checksums(course_dir)
    assert run_course(course_dir, "validate").returncode == 0
    assert run_course(course_dir, "build").returncode == 0
    assert checksums(course_dir) == before


def test_failed_build_leaves_the_previous_site_untouched(course_dir: Path) -> None:
    assert run_course(course_dir, "build").returncode == 0
    site = checksums(course_dir / "site", skip=())
    assert "index.html" in site
    # A problem only MkDocs sees (the validator does not read theme settings): the build must fail.
    replace_in(course_dir / "mkdocs.yml", "  name: material", "  name: no-such-theme")
    result = run_course(course_dir, "build")
    assert result.returncode == 1
    assert "the previous site/ is unchanged" in result.stderr
    assert checksums(course_dir / "site", skip=()) == site
    assert not list(course_dir.glob(".site-*"))


def test_a_strict_build_stopped_by_a_warning_says_so(course_dir: Path) -> None:
    """No errors, one warning: `course build --strict` stops, and says that the warnings stopped it (issue 24)."""
    replace_in(course_dir / "course.yml", "title: Fixture course", "title: Renamed course")  # site_name now differs: a warning
    result = run_course(course_dir, "build", "--strict")
    assert result.returncode == 1
    assert "not built: --strict refuses warnings in published modules; fix the warning above first" in result.stderr, result.stderr
    assert not (course_dir / "site").exists()


def test_validation_errors_stop_the_build_before_mkdocs_runs(course_dir: Path) -> None:
    replace_in(course_dir / "modules/01-alpha/session.yml", "length: 30", "length: 35")
    result = run_course(course_dir, "build")
    assert result.returncode == 1
    assert "not built, fix the errors above first" in result.stderr
    assert not (course_dir / "site").exists()


def test_new_module_is_created_wired_in_and_builds(course_dir: Path) -> None:
    result = run_course(course_dir, "new-module", "Working with investors")
    assert result.returncode == 0, result.stderr
    folder = course_dir / "modules/03-working-investors"
    assert (folder / "index.md").is_file() and (folder / "session.yml").is_file()
    assert (course_dir / "quizzes/03-working-investors.yml").is_file()
    manifest = (course_dir / "course.yml").read_text()
    assert "  - 02-beta\n  - 03-working-investors\n" in manifest
    assert manifest.startswith("# Fixture course for the tests")  # comments kept
    check = run_course(course_dir, "validate")
    assert check.returncode == 0, check.stdout
    unfinished = [line for line in check.stdout.splitlines() if "unfinished" in line]
    assert unfinished and all(line.startswith(("modules/03-working-investors/", "quizzes/03-working-investors.yml")) for line in unfinished)
    # A draft's placeholders warn but never fail CI (issue 9): --strict is for published content.
    assert run_course(course_dir, "validate", "--strict").returncode == 0
    assert run_course(course_dir, "build").returncode == 0
    assert not (course_dir / "site/modules/03-working-investors").exists()  # a draft stays out


def test_new_module_refuses_a_clash(course_dir: Path) -> None:
    (course_dir / "quizzes/03-alpha-again.yml").write_text("module: 03-alpha-again\nitems: []\n")
    result = run_course(course_dir, "new-module", "Alpha again")
    assert result.returncode == 1 and "already exists" in result.stderr


def test_new_module_run_twice_with_the_same_title_refuses_naming_the_first(course_dir: Path) -> None:
    assert run_course(course_dir, "new-module", "Working with investors").returncode == 0
    before = checksums(course_dir)
    for title in ("Working with investors", "working  WITH investors"):
        again = run_course(course_dir, "new-module", title)
        assert again.returncode == 1, again.stdout
        assert "module 03-working-investors already has this title" in again.stderr and "Traceback" not in again.stderr
    assert checksums(course_dir) == before  # nothing made, course.yml unchanged


def test_new_module_titles_in_any_script_and_bad_titles_refused_clearly(course_dir: Path) -> None:
    greek = run_course(course_dir, "new-module", "Διεθνοποίηση συστάδων")
    assert greek.returncode == 0, greek.stderr
    assert (
        (course_dir / "modules/03-diethnopoiisi-systadon/index.md")
        .read_text(encoding="utf-8")
        .startswith('---\ntitle: "Διεθνοποίηση συστάδων"')
    )
    chinese = run_course(course_dir, "new-module", "集群国际化")
    assert chinese.returncode == 0 and (course_dir / "modules/04-module/index.md").is_file(), chinese.stderr
    before = checksums(course_dir)
    for title, words in (("Bad\x07title", "control character (U+0007)"), ("word " * 60, "keep it to 120")):
        result = run_course(course_dir, "new-module", title)
        assert result.returncode == 1 and words in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert checksums(course_dir) == before
    assert run_course(course_dir, "validate").returncode == 0


def test_new_module_keeps_a_one_line_module_list_valid(course_dir: Path) -> None:
    manifest = course_dir / "course.yml"
    replace_in(manifest, "modules:\n  - 01-alpha\n  - 02-beta\n", "modules: [01-alpha, 02-beta]  # the order\n")
    result = run_course(course_dir, "new-module", "Working with investors")
    assert result.returncode == 0, result.stderr
    assert "modules: [01-alpha, 02-beta, 03-working-investors]  # the order\n" in manifest.read_text()
    assert run_course(course_dir, "validate").returncode == 0


def test_new_module_refuses_a_module_list_it_cannot_edit_safely_and_changes_nothing(course_dir: Path) -> None:
    manifest = course_dir / "course.yml"
    replace_in(manifest, "modules:\n  - 01-alpha\n  - 02-beta\n", "modules: [01-alpha,\n  02-beta]\n")
    before = checksums(course_dir)
    result = run_course(course_dir, "new-module", "Working with investors")
    assert result.returncode == 1 and "one module per line" in result.stderr and "Traceback" not in result.stderr
    assert checksums(course_dir) == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_shows_drafts_and_reloads_an_edit(course_dir: Path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coursekit.cli", "--root", str(course_dir), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/modules/02-beta/"

        def fetch() -> str:
            with urllib.request.urlopen(url, timeout=5) as response:
                body: bytes = response.read()
                return body.decode()

        deadline = time.time() + 90
        page = ""
        while time.time() < deadline:
            try:
                page = fetch()
                break
            except OSError:
                time.sleep(0.5)
        assert "Draft text." in page
        replace_in(course_dir / "modules/02-beta/index.md", "Draft text.", "Edited draft text.")
        while time.time() < deadline and "Edited draft text." not in page:
            time.sleep(0.5)
            try:
                page = fetch()
            except OSError:
                pass
        assert "Edited draft text." in page
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_real_course_validates_with_no_errors_or_warnings() -> None:
    from conftest import ROOT

    result = run_course(ROOT, "validate", "--strict")
    assert result.returncode == 0, result.stdout


def test_serve_says_serving_on_only_once_the_port_answers(course_dir: Path) -> None:
    """'serving on' comes when the address answers, not before the first build (issue 24)."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coursekit.cli", "--root", str(course_dir), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:  # ends if the server stops
            seen.append(line)
            if "serving on" in line:
                with socket.create_connection(("127.0.0.1", port), timeout=5):
                    pass  # it answers at the moment it is announced
                break
        else:
            raise AssertionError("no 'serving on' line:\n" + "".join(seen))
        assert any("building the site first" in line for line in seen[: seen.index(line)])
    finally:
        proc.terminate()
        proc.communicate(timeout=30)  # drains and closes the pipe
