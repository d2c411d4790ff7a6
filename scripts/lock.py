#!/usr/bin/env python3
"""Refresh requirements/lock.txt: the exact version of every package the course environments install.

It creates a throw-away environment, installs the course with every extra (newest versions that
pyproject.toml allows), and writes what got installed. The set-up scripts and CI then install
exactly these versions (pip's `-c requirements/lock.txt`). Run it after changing a dependency in
pyproject.toml, run the tests, and commit both files.

It also rewrites requirements/floor.txt: the lowest version each range of pyproject.toml allows
(``mkdocs>=1.6,<2`` gives ``mkdocs==1.6``). CI's "ranges" job installs with it, and with no
constraints at all (the newest versions the ranges allow), and runs the fast tests on both, so a
floor that no longer works is found (tests/test_floor.py keeps the file in step with pyproject.toml).
`--floor` rewrites that file only (no install).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
FLOOR = ROOT / "requirements" / "floor.txt"
FLOOR_HEADER = """\
# The lowest version of every range in pyproject.toml, made by `python3 scripts/lock.py --floor`; do not edit.
# CI installs with it (pip's `-c requirements/floor.txt`) and runs the fast tests (.github/workflows/ranges.yml).
"""
LOWER = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:[^#;]*?(?:>=|==|~=)\s*([^,;\s#]+))?")


def floors(pyproject: str) -> list[str]:
    """``name==version`` for each requirement of ``pyproject`` (dependencies and every extra) that has a
    lower bound (>=, == or ~=), sorted by name, each name once; a requirement without one has no floor."""
    project = tomllib.loads(pyproject)["project"]
    requirements = [*project.get("dependencies", []), *(r for extra in project.get("optional-dependencies", {}).values() for r in extra)]
    found: dict[str, str] = {}
    for requirement in requirements:
        match = LOWER.match(requirement.strip())
        if match and match.group(2):
            found[match.group(1).lower()] = f"{match.group(1)}=={match.group(2)}"
    return [found[name] for name in sorted(found)]


def write_floor() -> None:
    FLOOR.write_text(
        FLOOR_HEADER + "".join(line + "\n" for line in floors((ROOT / "pyproject.toml").read_text(encoding="utf-8"))), encoding="utf-8"
    )


HEADER = """\
# Exact versions for the course environments (.venv, .venv-test and CI), made by `python3 scripts/lock.py`
# with Python {python} on {platform}. Used as pip constraints: edit pyproject.toml, then run the script again.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floor", action="store_true", help="rewrite requirements/floor.txt only (no install)")
    args = parser.parse_args()
    write_floor()
    if args.floor:
        print(f"lock: wrote {FLOOR.relative_to(ROOT)}", file=sys.stderr)
        return 0
    extras = ",".join(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"].get("optional-dependencies", {}))
    with tempfile.TemporaryDirectory(prefix="course-lock-") as tmp:
        env = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(env)
        python = str(env / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
        pip = [python, "-m", "pip", "--disable-pip-version-check"]
        print(f"lock: installing .[{extras}] into a fresh environment …", file=sys.stderr, flush=True)
        if subprocess.run([*pip, "install", "-q", f".[{extras}]" if extras else "."], check=False, cwd=ROOT).returncode != 0:
            print("lock: the install failed (see pip's message above); requirements/lock.txt is unchanged", file=sys.stderr)
            return 1
        frozen = subprocess.run([*pip, "freeze", "--all"], capture_output=True, text=True, check=True).stdout
    own = re.compile(r"^(cluster-course-kit|coursekit|pip|setuptools|wheel)[=@ ]", re.IGNORECASE)
    lines = sorted((line for line in frozen.splitlines() if line and not own.match(line)), key=str.lower)
    LOCK.parent.mkdir(exist_ok=True)
    LOCK.write_text(HEADER.format(python=sys.version.split()[0], platform=sys.platform) + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"lock: wrote {len(lines)} pinned packages to {LOCK.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
