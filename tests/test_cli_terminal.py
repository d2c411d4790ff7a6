"""The `course` command in a terminal: --version, --port, a busy port, the error: prefix and colour."""

from __future__ import annotations

import os
import pty
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
