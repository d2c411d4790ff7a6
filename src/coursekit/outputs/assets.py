"""The course's own CSS and JavaScript, minified in the built site (the sources stay readable)."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin

ASSETS_DIR = "assets"
"""The course's own stylesheets and ES modules sit directly in docs/assets/ (Material's own, already
minified, sit in subfolders of the built site's assets/ and are left alone)."""


def own_assets(site_dir: Path) -> list[Path]:
    """The course's own CSS and JavaScript files in a built site: every .css and .js directly in assets/."""
    folder = site_dir / ASSETS_DIR
    return sorted(p for p in folder.glob("*") if p.suffix in (".css", ".js") and p.is_file()) if folder.is_dir() else []


def minify_site_assets(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Minify the course's own assets in ``site_dir`` in place; returns {path: (before, after)} in bytes."""
    sizes = {}
    for path in own_assets(site_dir):
        relative = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        small = rcssmin.cssmin(text) if path.suffix == ".css" else rjsmin.jsmin(text)
        path.write_text(small, encoding="utf-8")
        sizes[relative] = (len(text.encode()), len(small.encode()))
    return sizes
