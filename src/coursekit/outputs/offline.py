"""The offline copy: a web manifest, app icons and a service worker with a precache list.

Run on the built site (after every other step that changes files). It

* writes ``manifest.webmanifest`` and two PNG icons, and links the manifest from every page;
* lists every page and asset of the site (without source maps, the sitemap and the search language
  packs an English course never loads) with its size, and hashes them all into one version;
* writes ``sw.js`` (the service worker, from ``templates/sw.js``) holding that version and list, and
  ``offline.json`` (version, file count, bytes) for the "Make this course available offline" control.

A new build with any changed file gets a new version, so browsers see a new ``sw.js``; the worker
then downloads the whole new version before it may take over (see ``templates/sw.js``).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MANIFEST = "manifest.webmanifest"
WORKER = "sw.js"
SUMMARY = "offline.json"
SCRIPTS = ("assets/offline.js", "assets/offline-control.js")
"""The offline copy's scripts: a site without an offline copy (``extra: {offline: false}``, the SCORM
packages) ships neither, and its bundle leaves them out (coursekit.outputs.bundle)."""
ICONS = ((192, "assets/images/icon-192.png"), (512, "assets/images/icon-512.png"))
THEME_COLOUR = (0x3F, 0x51, 0xB5)  # Material's indigo, the site's primary colour
_SKIP_SUFFIXES = (".map",)
_SKIP_NAMES = {"sitemap.xml", "sitemap.xml.gz", WORKER}
_SKIP_DIRS = ("assets/javascripts/lunr/",)
_LINK_MARK = 'rel="manifest"'


@dataclass(frozen=True)
class Precache:
    version: str
    files: list[tuple[str, int]]  # (URL relative to the site root, bytes)

    @property
    def bytes(self) -> int:
        return sum(size for _, size in self.files)


@lru_cache(maxsize=4)
def _png(size: int) -> bytes:
    """A square icon: a white ring (a globe, like the site's logo) on the theme colour."""
    r, g, b = THEME_COLOUR
    centre, outer, inner = (size - 1) / 2, size * 0.36, size * 0.28
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            d = ((x - centre) ** 2 + (y - centre) ** 2) ** 0.5
            ring = inner <= d <= outer or (d <= outer and (abs(x - centre) < size * 0.03 or abs(y - centre) < size * 0.03))
            row += bytes((255, 255, 255)) if ring else bytes((r, g, b))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


def manifest(name: str, description: str) -> str:
    short = name if len(name) <= 12 else "".join(w[0] for w in name.split() if w[:1].isupper())[:12] or name[:12]
    data = {
        "name": name,
        "short_name": short,
        "description": description,
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#{:02x}{:02x}{:02x}".format(*THEME_COLOUR),
        "icons": [{"src": src, "sizes": f"{n}x{n}", "type": "image/png", "purpose": "any"} for n, src in ICONS],
    }
    return json.dumps(data, indent=2) + "\n"


def _url(relative: str) -> str:
    """The address a browser asks for: a page's folder, not its index.html."""
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def precache_list(site: Path) -> Precache:
    files = []
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative in _SKIP_NAMES or relative.endswith(_SKIP_SUFFIXES) or relative.startswith(_SKIP_DIRS) or relative == SUMMARY:
            continue
        data = path.read_bytes()
        digest.update(relative.encode() + b"\0" + hashlib.sha256(data).digest())
        files.append((_url(relative), len(data)))
    return Precache(digest.hexdigest()[:16], files)


def _link_manifest(page: Path, site: Path) -> None:
    text = page.read_text(encoding="utf-8")
    if _LINK_MARK in text or "</head>" not in text:
        return
    depth = len(page.relative_to(site).parts) - 1
    prefix = "../" * depth
    if page.name == "404.html":  # served at any depth: MkDocs gives it the site's absolute base path
        prefix = _base_of(text)
    tags = f'<link {_LINK_MARK} href="{prefix}{MANIFEST}"><meta name="theme-color" content="#3f51b5">'
    page.write_text(text.replace("</head>", tags + "</head>", 1), encoding="utf-8")


def _base_of(page_html: str) -> str:
    """The base path a page's own assets use (``/repo/`` on a published 404 page, '' when relative)."""
    marker = 'href="'
    at = page_html.find("assets/stylesheets/main.")
    if at < 0:
        return ""
    start = page_html.rfind(marker, 0, at) + len(marker)
    return page_html[start:at]


def write_offline(site: Path, name: str, description: str, template: Path | None = None) -> Precache:
    """Write the manifest, icons and service worker into the built ``site``; returns the precache list."""
    for size, relative in ICONS:
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_png(size))
    (site / MANIFEST).write_text(manifest(name, description), encoding="utf-8")
    for page in site.rglob("*.html"):
        _link_manifest(page, site)
    listed = precache_list(site)
    source = (template or Path(__file__).parent.parent / "templates" / WORKER).read_text(encoding="utf-8")
    worker = source.replace("__VERSION__", listed.version).replace("__FILES__", json.dumps([[u, s] for u, s in listed.files]))
    (site / WORKER).write_text(worker, encoding="utf-8")
    summary = {"version": listed.version, "files": len(listed.files), "bytes": listed.bytes}
    (site / SUMMARY).write_text(json.dumps(summary) + "\n", encoding="utf-8")
    os.utime(site / WORKER)
    return listed
