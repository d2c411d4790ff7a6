"""Build the site into a fresh folder and swap it in only when the build succeeded.

The builder itself (MkDocs) is passed in by the caller, so this module stays free of MkDocs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

Builder = Callable[[Path, Path], int]  # (mkdocs.yml, output folder) -> exit code


def build_site(root: Path, site_dir: Path, builder: Builder) -> int:
    """Build into a temporary folder next to ``site_dir`` with ``builder``, then replace ``site_dir``.

    The previous site is untouched when the build fails. Returns the builder's exit code.
    """
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    tmp = site_dir.with_name(f".{site_dir.name}-build-{os.getpid()}")
    old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    code = builder(root / "mkdocs.yml", tmp)
    if code != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        return code or 1
    if site_dir.exists():
        site_dir.rename(old)
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return 0
