"""Locating the external checkers the quality gates use (Java + vnu-jar, axe-core). A missing tool
fails the test with what to install; it is never a silent skip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

NODE_MODULES = ROOT / "node_modules"


def node_package(relative: str) -> Path:
    path = NODE_MODULES / relative
    if not path.is_file():
        pytest.fail(
            f"{relative} is missing: run `npm ci` in the repository (scripts/test.py does this for you)",
            pytrace=False,
        )
    return path


def java() -> str:
    found = shutil.which("java")
    if found is None:
        pytest.fail(
            "the HTML check needs a Java runtime for the Nu Html Checker: on Debian or Ubuntu, sudo apt-get install default-jre-headless",
            pytrace=False,
        )
    return found
