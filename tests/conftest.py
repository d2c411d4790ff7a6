"""Shared fixtures: a copy of the small fixture course (with the real mkdocs.yml and assets),
and helpers to run the `course` command and edit files."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

ROOT = Path(__file__).resolve().parents[1]
if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

FIXTURE = ROOT / "tests" / "fixtures" / "course"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files instead of comparing")


def make_course(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        config.replace("site_name: Strategic Internationalisation for Clusters", "site_name: Fixture course"), encoding="utf-8"
    )
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    return dest


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A fresh, writable copy of the fixture course."""
    return make_course(tmp_path / "course")


def run_course(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def checksums(folder: Path, skip: tuple[str, ...] = ("site", ".site", ".cache")) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.startswith(skip):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def replace_in(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path}"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The real course, built once per test run with `course build` into a temporary folder."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = run_course(ROOT, "build", "--site-dir", str(site))
    return site, result


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course as it is, built once per test run with `course build`; its site is course/site.
    Read-only: a test that edits the course or rebuilds it makes its own copy (``course_dir``)."""
    course = make_course(tmp_path_factory.mktemp("fixture-build") / "course")
    result = run_course(course, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return course


@pytest.fixture(scope="session")
def real_site(real_build: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    site, result = real_build
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the browser tests (fails clearly when Chromium is missing)."""
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context (its own storage) that accepts downloads; its pages share one localStorage, as tabs do."""
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    """The real course's built site, served on a local port."""
    from browser import serve

    with serve(real_site) as url:
        yield url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    """After `pytest --update-golden`, show the unified diff of every golden file it rewrote."""
    from golden_files import report

    report(config, terminalreporter)
