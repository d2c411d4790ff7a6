"""Built sites kept between builds (coursekit.outputs.sitecache): `course build` with nothing changed
copies each language's site as the last build made it; an edit to anything a build reads builds it
again, and a damaged kept site is built again, never served."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import replace_in, run_course

import coursekit_mkdocs.engine
from coursekit.app import validation_key
from coursekit.outputs.sitecache import FOLDER, MANIFEST, SiteCache

REUSED = "nothing changed since the last build"


def _site(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_rebuild_with_nothing_changed_copies_the_site_and_an_edit_builds_it_again(course_dir: Path) -> None:
    first = run_course(course_dir, "build")
    assert first.returncode == 0 and REUSED not in first.stderr, first.stderr
    built = _site(course_dir)
    second = run_course(course_dir, "build")
    assert second.returncode == 0 and REUSED in second.stderr, second.stderr
    assert _site(course_dir) == built, "the copied site is the site as built, byte for byte"

    replace_in(course_dir / "modules/01-alpha/index.md", "## ", "## Freshly edited ")
    half_written = course_dir / FOLDER / "en" / ".0123abcd-99999"  # what an interrupted build leaves
    (half_written / "modules").mkdir(parents=True)
    third = run_course(course_dir, "build")
    assert third.returncode == 0 and REUSED not in third.stderr, third.stderr
    assert not half_written.exists(), "a half-written copy is removed when a site is kept"
    assert "Freshly edited" in (course_dir / "site/modules/01-alpha/index.html").read_text(encoding="utf-8")

    # A kept site with a file missing or changed is built again (and kept again), never served.
    kept = [manifest.parent / "modules/01-alpha/index.html" for manifest in (course_dir / FOLDER).glob(f"*/*/{MANIFEST}")]
    page = next(p for p in kept if "Freshly edited" in p.read_text(encoding="utf-8"))
    page.write_text(page.read_text(encoding="utf-8").replace("Freshly edited", "Damaged"), encoding="utf-8")
    fourth = run_course(course_dir, "build")
    assert fourth.returncode == 0 and REUSED not in fourth.stderr, fourth.stderr
    assert "Damaged" not in (course_dir / "site/modules/01-alpha/index.html").read_text(encoding="utf-8")
    fifth = run_course(course_dir, "build")
    assert fifth.returncode == 0 and REUSED in fifth.stderr, fifth.stderr


def _key(root: Path, languages: tuple[str, ...] = ("en",)) -> str:
    cache = SiteCache(root, validation_key(root), "mkdocs", root / "site")
    return cache.key(coursekit_mkdocs.engine.__file__, list(languages), languages[-1], root / ".site-build-1")


def _append(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(text)


Edit = Callable[[Path, pytest.MonkeyPatch], None]
EDITS: dict[str, Edit] = {
    "module page": lambda root, mp: _append(root / "modules/01-alpha/index.md", "\nOne more line.\n"),
    "docs page": lambda root, mp: _append(root / "docs/index.md", "\nOne more line.\n"),
    "quiz bank": lambda root, mp: replace_in(root / "quizzes/02-beta.yml", "correct: true", "correct: false"),
    "glossary": lambda root, mp: _append(root / "docs/glossary.yml", "\n"),
    "course.yml": lambda root, mp: _append(root / "course.yml", "\n"),
    "mkdocs.yml": lambda root, mp: replace_in(root / "mkdocs.yml", "site_name: Fixture course", "site_name: Another name"),
    "stylesheet": lambda root, mp: _append(root / "docs/assets/course.css", "\n/* edited */\n"),
    "a translation": lambda root, mp: _append(root / "docs/index.es.md", "# Inicio\n"),
    "a theme override": lambda root, mp: _append(root / "overrides/main.html", "{% extends 'base.html' %}\n"),
    "SITE_URL": lambda root, mp: mp.setenv("SITE_URL", "https://example.org/course/"),
    "SOURCE_DATE_EPOCH": lambda root, mp: mp.setenv("SOURCE_DATE_EPOCH", "1700000000"),
}


@pytest.mark.parametrize("kind", EDITS)
def test_an_edit_to_each_input_changes_the_key_of_the_kept_site(course_dir: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = _key(course_dir)
    assert _key(course_dir) == before, "the key of unchanged inputs is stable"
    EDITS[kind](course_dir, monkeypatch)
    assert _key(course_dir) != before, f"an edit to the {kind} would serve a stale site"


def test_the_languages_built_together_and_a_new_commit_change_the_key(course_dir: Path) -> None:
    assert _key(course_dir, ("en", "es")) != _key(course_dir, ("en",)), "each page links to the other languages built with it"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "init", "-q", str(course_dir)], check=True, env=env)
    subprocess.run(["git", "-C", str(course_dir), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(course_dir), "commit", "-q", "-m", "one"], check=True, env=env)
    before = _key(course_dir)
    subprocess.run(["git", "-C", str(course_dir), "commit", "-q", "--allow-empty", "-m", "two"], check=True, env=env)
    assert _key(course_dir) != before, "translations count the commits behind: a new commit changes what pages say"


def test_what_a_build_writes_does_not_change_the_key(course_dir: Path) -> None:
    before = _key(course_dir)
    for written in ("site/index.html", ".site-build-1/index.html", ".cache/coursekit/tree/index.md"):
        _append(course_dir / written, "<p>built</p>\n")
    assert _key(course_dir) == before, "the site, the folder it is built in and the caches are outputs, not inputs"
    shutil.rmtree(course_dir / "site")
