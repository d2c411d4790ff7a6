"""The code checks the guide asks for, run by the suite: ruff (lint and format) on src/, scripts/ and tests/, and mypy --strict on src/ and tests/."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_finds_nothing_in_src_scripts_and_tests() -> None:
    result = _run("ruff", "check", "--no-cache", "--output-format", "concise", "src", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_on_the_toolkit_its_engines_and_the_tests() -> None:
    # One run (tests/ imports coursekit from src/ through mypy_path): the tests are typed code too, so a helper
    # that returns the wrong thing or a Playwright call with a wrong argument fails here, not in a browser run.
    result = _run("mypy", "--strict", "src/coursekit", "src/coursekit_mkdocs", "src/coursekit_zensical", "tests")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_ruff_format_leaves_src_scripts_and_tests_unchanged() -> None:
    result = _run("ruff", "format", "--check", "--no-cache", "src", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr
