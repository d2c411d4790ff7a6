"""Every course notebook re-executes (offline) to the outputs stored in it, via pytest-notebook."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURE, ROOT
from pytest_notebook.nb_regression import NBRegressionFixture  # type: ignore[import-untyped]

NOTEBOOKS = sorted((ROOT / "modules").glob("*/*.ipynb")) + sorted((FIXTURE / "modules").glob("*/*.ipynb"))

# Images and interpreter metadata differ between library versions; text, tables and numbers must not.
IGNORE = (
    "/metadata/language_info",
    "/metadata/kernelspec",
    "/cells/*/metadata",
    "/cells/*/execution_count",
    "/cells/*/outputs/*/execution_count",
    "/cells/*/outputs/*/data/image/png",
    "/cells/*/outputs/*/data/image/svg+xml",
    "/cells/*/outputs/*/metadata",
)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def test_notebook_reexecutes_to_its_stored_outputs(path: Path) -> None:
    fixture = NBRegressionFixture(
        exec_timeout=120,
        exec_cwd=str(path.parent),
        diff_ignore=IGNORE,
        diff_use_color=False,
        exec_env={**{k: v for k, v in os.environ.items() if k != "MPLBACKEND"}, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    fixture.check(str(path))


def test_there_are_course_notebooks() -> None:
    assert len([p for p in NOTEBOOKS if p.is_relative_to(ROOT / "modules")]) >= 2
