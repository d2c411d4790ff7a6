"""Built sites kept between builds: `course build` with nothing changed copies each language's site
as the last build made it, instead of building it again (issue 22: a rebuild with nothing changed,
and every language at no more than twice the cost of English alone).

A language's site is found by a key, the sha256 of everything a build reads or is shaped by:

- what validation reads (:func:`coursekit.app.validation_key`: the toolkit's bytes, the git commit,
  the environment variables mkdocs.yml names, every file at the top of the course folder and under
  docs/, modules/ and quizzes/);
- the bytes of every other file in the course folder that git does not ignore (a theme override, a
  hook, the toolkit itself when it lives there), or, outside git, that is not hidden, not in
  node_modules and not the site folder;
- the engine (its name and the bytes of its package), every installed distribution and its version,
  and the Python version;
- the languages built together (each page links to the others), the language, SITE_URL and the
  day of the build (the sitemap dates each page with it, or with SOURCE_DATE_EPOCH).

An edit to any of these builds the sites again; nothing is served stale. Each file of a kept site is
stored with its sha256 and checked when it is copied back: a damaged or incomplete entry is built
again, never served. A build that fails keeps nothing. Layout:
``.cache/coursekit/sites/<lang>/<key>/`` (the files, and ``.manifest.json``); the two newest entries
of each language are kept (an English-only build and a build of every language alternate).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

FOLDER = Path(".cache") / "coursekit" / "sites"
MANIFEST = ".manifest.json"
KEEP = 2
"""Entries kept per language."""


def _installed() -> list[str]:
    """The installed distributions with their versions, as their metadata folders name them
    (``mkdocs_material-9.7.0.dist-info``): listing the folders costs a millisecond, reading every
    distribution's metadata a tenth of a second."""
    names: set[str] = set()
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        names.update(f"{entry}:{name}" for name in listing if name.endswith((".dist-info", ".egg-info", ".egg-link", ".pth")))
    return sorted(names)


def _package_digest(module_file: str | None) -> str:
    """The bytes of every file of the package that holds ``module_file`` (an engine's glue)."""
    if not module_file:
        return ""
    package = Path(module_file).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _course_files(root: Path, outputs: list[Path]) -> Iterable[Path]:
    """Every file of the course folder a build may read: what git does not ignore (tracked or not),
    or, outside git, every file not hidden, not in node_modules and not in the site folder."""
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0:
        for name in sorted(set(listed.stdout.decode("utf-8", "surrogateescape").split("\0")) - {""}):
            path = root / name
            if path.is_file() and not any(path.is_relative_to(folder) for folder in outputs):
                yield path
        return
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__") and here / d not in outputs)
        for name in sorted(files):
            yield here / name


def site_key(
    root: Path,
    validation_key: str,
    leave_out: Iterable[Path],
    engine: str,
    engine_file: str | None,
    languages: Iterable[str],
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> str:
    """The key of the sites of ``languages`` built together (see the module's text); each language's
    site adds its code to it (:meth:`SiteCache.key`). ``leave_out``: the folders a build writes (the
    site and the folder it is built in). Files are read with ``read`` (the project's sources: the
    build then reads none of them a second time)."""
    digest = hashlib.sha256()

    def add(*parts: str) -> None:
        for part in parts:
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")

    add(validation_key, engine, _package_digest(engine_file), sys.version, *_installed())
    add(",".join(languages), os.environ.get("SITE_URL", ""))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    add(epoch if epoch else time.strftime("%Y-%m-%d", time.gmtime()))
    for path in _course_files(root, [folder.resolve() for folder in leave_out]):
        try:
            data = read(path)
        except OSError as exc:
            add("unreadable", path.relative_to(root).as_posix(), str(exc.errno))
        else:
            add("file", path.relative_to(root).as_posix(), hashlib.sha256(data).hexdigest())
    return digest.hexdigest()


class SiteCache:
    """The kept sites of the course at ``root``, built by the engine called ``engine`` into
    ``site_dir``; ``reused`` names the languages copied back in this process."""

    def __init__(
        self, root: Path, validation_key: str, engine: str, site_dir: Path, read: Callable[[Path], bytes] = Path.read_bytes
    ) -> None:
        self.root = root
        self.read = read
        self.folder = root / FOLDER
        self.validation_key = validation_key
        self.engine = engine
        self.site_dir = site_dir
        self.reused: list[str] = []
        self._together: tuple[object, ...] | None = None
        self._base = ""

    def key(self, engine_file: str | None, languages: list[str], lang: str, building_in: Path) -> str:
        """The key of ``lang``'s site built with ``languages`` into ``building_in`` (:func:`site_key`,
        worked out once per build)."""
        together = (engine_file, tuple(languages), building_in)
        if self._together != together:
            self._together = together
            self._base = site_key(
                self.root, self.validation_key, [self.site_dir, building_in], self.engine, engine_file, languages, self.read
            )
        return hashlib.sha256(f"{self._base}\0{lang}".encode()).hexdigest()

    def _entry(self, lang: str, key: str) -> Path:
        return self.folder / (lang or "source") / key

    def restore(self, lang: str, key: str, dest: Path) -> bool:
        """Copy ``lang``'s kept site with ``key`` into ``dest``; False (and nothing left in ``dest``
        from it) when there is none, or when a file is missing or its bytes do not match."""
        entry = self._entry(lang, key)
        try:
            manifest: dict[str, str] = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return False
        written: list[Path] = []
        try:
            for rel, checksum in manifest.items():
                data = (entry / rel).read_bytes()
                if hashlib.sha256(data).hexdigest() != checksum:
                    raise ValueError(rel)
                target = dest / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written.append(target)
        except (OSError, ValueError):
            for target in written:
                target.unlink(missing_ok=True)
            shutil.rmtree(entry, ignore_errors=True)  # damaged: built again, and kept again after that build
            return False
        os.utime(entry / MANIFEST)  # the newest entry of its language (see `_prune`)
        self.reused.append(lang)
        return True

    def store(self, lang: str, key: str, built: Path, leave_out: Iterable[str] = ()) -> None:
        """Keep ``lang``'s site as built in ``built`` (without the top-level folders ``leave_out``:
        the other languages' sites inside the source language's), under ``key``."""
        entry = self._entry(lang, key)
        skip = set(leave_out)
        tmp = entry.with_name(f".{key}-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        files: dict[str, str] = {}
        try:
            for folder, dirs, names in os.walk(built):
                here = Path(folder)
                if here == built:
                    dirs[:] = [d for d in dirs if d not in skip]
                for name in names:
                    source = here / name
                    rel = source.relative_to(built).as_posix()
                    data = source.read_bytes()
                    files[rel] = hashlib.sha256(data).hexdigest()
                    target = tmp / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
            (tmp / MANIFEST).write_text(json.dumps({"key": key, "files": files}), encoding="utf-8")
            shutil.rmtree(entry, ignore_errors=True)
            tmp.rename(entry)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)  # a read-only or full disk: the next build builds again
            return
        self._prune(lang)

    def _prune(self, lang: str) -> None:
        """Keep the newest entries of ``lang``; remove what an interrupted build left half-written."""
        folder = self.folder / (lang or "source")
        for stray in folder.glob(".*"):
            if not stray.name.endswith(f"-{os.getpid()}"):
                shutil.rmtree(stray, ignore_errors=True)
        entries = [e for e in folder.iterdir() if (e / MANIFEST).is_file()]
        entries.sort(key=lambda e: (e / MANIFEST).stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
