#!/usr/bin/env python3
"""Refresh requirements/lock.txt: the exact version of every package the course environments install.

It creates a throw-away environment, installs the course with every extra (newest versions that
pyproject.toml allows), and writes what got installed. The set-up scripts and CI then install
exactly these versions (pip's `-c requirements/lock.txt`). Run it after changing a dependency in
pyproject.toml, run the tests, and commit both files.
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
HEADER = """\
# Exact versions for the course environments (.venv, .venv-test and CI), made by `python3 scripts/lock.py`
# with Python {python} on {platform}. Used as pip constraints: edit pyproject.toml, then run the script again.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
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
