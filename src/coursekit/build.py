"""Build the site into a fresh folder and swap it in only when the build succeeded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def mkdocs_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def build_site(root: Path, site_dir: Path, *, quiet: bool = False) -> int:
    """Run ``mkdocs build --strict`` into a temporary folder next to ``site_dir``, then replace it.

    The previous site is untouched when the build fails. Returns MkDocs' exit code.
    """
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    tmp = site_dir.with_name(f".{site_dir.name}-build-{os.getpid()}")
    old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    args = ["build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(tmp)]
    if quiet:
        args.append("-q")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(mkdocs_command(*args), cwd=root, env=env)
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        return result.returncode or 1
    if site_dir.exists():
        site_dir.rename(old)
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return 0
