"""The `course` command in a terminal: --version, --port, a busy port, the error: prefix and colour."""

from __future__ import annotations

import os
import pty
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import ModuleType

import pytest
from conftest import replace_in, run_course

RED, YELLOW = "\x1b[31m", "\x1b[33m"


def _break_two_things(course_dir: Path) -> None:
    replace_in(course_dir / "quizzes/01-alpha.yml", "    skill: recall", "    skil: recall")  # an error
    (course_dir / "quizzes/02-beta.yml").unlink()  # a warning: the draft module has no bank
    replace_in(course_dir / "modules/02-beta/index.md", "/// quiz | 02-beta\n///\n", "")


def test_version() -> None:
    result = run_course(Path.cwd(), "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("course (coursekit) ") and result.stdout.split()[-1][0].isdigit()


def test_errors_and_warnings_carry_a_label(course_dir: Path) -> None:
    _break_two_things(course_dir)
    lines = run_course(course_dir, "validate").stdout.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["warning", "error"], lines
    assert lines[1].startswith("quizzes/01-alpha.yml:6: error: unknown key 'skil'")


def _run_in_terminal(course_dir: Path, env: dict[str, str]) -> str:
    """`course validate` with its output on a pseudo-terminal, as an editor sees it."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coursekit.cli", "--root", str(course_dir), "validate"],
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", **env},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_in_a_terminal(course_dir: Path) -> None:
    _break_two_things(course_dir)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    out = _run_in_terminal(course_dir, {**env, "NO_COLOR": ""})
    assert f"{RED}error\x1b[0m: unknown key 'skil'" in out
    assert f"{YELLOW}warning\x1b[0m: the module has no quiz bank" in out


def test_no_colour_with_no_color_or_when_piped(course_dir: Path) -> None:
    _break_two_things(course_dir)
    assert "\x1b[" not in _run_in_terminal(course_dir, {"NO_COLOR": "1"})
    piped = run_course(course_dir, "validate")
    assert "\x1b[" not in piped.stdout + piped.stderr and ": error: unknown key 'skil'" in piped.stdout


def test_a_busy_port_gives_a_clear_message(course_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_course(course_dir, "serve", "--port", str(port), timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"course serve: error: port {port} on 127.0.0.1 is already in use (another `course serve` or web server?); "
        f"stop it, or choose another port: `course serve --port {port + 1}`"
    )
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_serve_on_a_chosen_port(course_dir: Path) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "coursekit.cli", "--root", str(course_dir), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page, give_up = "", time.monotonic() + 180  # a guard against a hang, not a timing assertion
        while proc.poll() is None and "Fixture course" not in page and time.monotonic() < give_up:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.2)
        assert "Fixture course" in page
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _test_script_module() -> ModuleType:
    import importlib.util

    scripts = Path(__file__).resolve().parents[1] / "scripts"
    sys.path.insert(0, str(scripts))
    try:
        spec = importlib.util.spec_from_file_location("course_test_script", scripts / "test.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(scripts))


def test_the_test_command_says_it_is_still_working_during_a_long_silence(tmp_path: Path) -> None:
    """No minute and a half of silence: a quiet stretch gets a 'still working' line (issue 24)."""
    release = tmp_path / "release"
    child = f"import pathlib, time\nprint('started', flush=True)\nwhile not pathlib.Path({str(release)!r}).exists(): time.sleep(0.05)\nprint('done')"
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    runner = (
        f"import sys; sys.path.insert(0, {str(scripts)!r}); import importlib.util as u\n"
        f"s = u.spec_from_file_location('t', {str(scripts / 'test.py')!r}); m = u.module_from_spec(s); s.loader.exec_module(m)\n"
        f"m.QUIET_FOR = 0.2\nsys.exit(m.run_with_progress([sys.executable, '-c', {child!r}], 0.0))"
    )
    proc = subprocess.Popen([sys.executable, "-c", runner], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("test: still working"):
            release.touch()  # the child goes on only once the progress line was seen
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert lines[0] == "started\n" and lines[-1] == "done\n"
    assert any(line.startswith("test: still working (") for line in lines), lines


def test_ctrl_c_on_the_test_command_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = _test_script_module()

    def interrupted() -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(script, "main", interrupted)
    assert script.entry() == 130
    err = capsys.readouterr().err
    assert "stopped (Ctrl+C)" in err and "Traceback" not in err


def test_the_test_command_checks_pdftotext(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The README names four system tools; pdftotext is checked like the others, with its install line."""
    script = _test_script_module()
    monkeypatch.setattr(script._bootstrap, "ensure", lambda *a, **k: None)
    monkeypatch.setattr(script, "ensure_node_tools", lambda: True)
    monkeypatch.setattr(script, "find_chromium", lambda: "/usr/bin/chromium")
    real_which = script.shutil.which
    monkeypatch.setattr(script.shutil, "which", lambda name: None if name == "pdftotext" else real_which(name) or f"/usr/bin/{name}")
    assert script.main() == 1
    assert "sudo apt-get install poppler-utils" in capsys.readouterr().err


def test_course_items_fits_100_columns_and_offers_csv(course_dir: Path) -> None:
    """`course items` on the real course: its table and legend fit 100 columns; --format csv gives the table."""
    root = Path(__file__).resolve().parents[1]
    text = run_course(root, "items")
    assert text.returncode == 0, text.stderr
    table = text.stdout.split("\n\n")[0:2]  # the table and its legend (findings, if any, are file:line messages)
    assert max(len(line) for part in table for line in part.splitlines()) <= 100
    csv_out = run_course(root, "items", "--format", "csv")
    rows = csv_out.stdout.splitlines()
    assert csv_out.returncode == 0 and rows[0].startswith("bank,items,") and rows[-1].startswith("whole course,")
    assert len(rows) == 2 + len([line for line in (root / "course.yml").read_text().splitlines() if re.match(r"  - \d\d", line)])
