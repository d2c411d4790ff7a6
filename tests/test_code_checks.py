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


def test_mypy_strict_is_clean_on_the_toolkit_its_engines_the_scripts_and_the_tests() -> None:
    # One run (tests/ imports coursekit from src/ through mypy_path): the tests are typed code too, so a helper
    # that returns the wrong thing or a Playwright call with a wrong argument fails here, not in a browser run.
    # The scripts too: scripts/bench.py imported a function that had moved, and nothing said so until it ran.
    result = _run("mypy", "--strict", "src/coursekit", "src/coursekit_mkdocs", "src/coursekit_zensical", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_ruff_format_leaves_src_scripts_and_tests_unchanged() -> None:
    result = _run("ruff", "format", "--check", "--no-cache", "src", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_data_file_of_the_toolkit_is_installed_with_it() -> None:
    """A file the toolkit reads at run time (templates, the message catalogue) is in the package
    data of pyproject.toml, or a non-editable install (`pip install .`) has no interface strings."""
    import tomllib

    package = ROOT / "src" / "coursekit"
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["coursekit"]
    data = [p for p in package.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert data, "the toolkit has data files (templates, messages)"
    left_out = [p.relative_to(package).as_posix() for p in data if not any(p.relative_to(package).match(g) for g in patterns)]
    assert left_out == [], f"add these to [tool.setuptools.package-data] in pyproject.toml: {left_out}"
