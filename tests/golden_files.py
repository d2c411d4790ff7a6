"""Golden files: compare output with a stored file, or rewrite it with `pytest --update-golden`
(then the unified diff of every rewritten file is printed at the end of the run)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

DIFFS_KEY = pytest.StashKey[list[str]]()


def check(expected_path: Path, actual: str, request: pytest.FixtureRequest) -> None:
    old = expected_path.read_text(encoding="utf-8") if expected_path.exists() else ""
    if request.config.getoption("--update-golden"):
        if old != actual:
            expected_path.write_text(actual, encoding="utf-8")
            diff = "".join(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    fromfile=f"{expected_path.name} (before)",
                    tofile=f"{expected_path.name} (now)",
                )
            )
            request.config.stash.setdefault(DIFFS_KEY, []).append(diff)
        return
    assert expected_path.exists(), f"{expected_path} is missing; run `pytest --update-golden` once to create it"
    assert actual == old, (
        "\n"
        + "".join(difflib.unified_diff(old.splitlines(keepends=True), actual.splitlines(keepends=True), "expected", "actual"))
        + f"\n(if the change is intended: pytest --update-golden, then review and commit {expected_path.name})"
    )


def report(config: pytest.Config, write: pytest.TerminalReporter) -> None:
    """Print what --update-golden changed (called from conftest's terminal summary)."""
    diffs = config.stash.get(DIFFS_KEY, [])
    if not config.getoption("--update-golden"):
        return
    line = write.write_line
    line(f"--update-golden: {len(diffs)} golden file{'s' * (len(diffs) != 1)} changed")
    for diff in diffs:
        for text in diff.splitlines():
            line(text)
