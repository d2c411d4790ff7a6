"""The course's source files, each read from disk at most once per version.

A :class:`Sources` belongs to one :class:`coursekit.model.project.Project`. Every loader reads through
it, so one build opens each source file once; :meth:`Sources.changed` says which files changed
on disk since they were read (what `course serve` refreshes).
"""

from __future__ import annotations

import os
from pathlib import Path

from coursekit.model.yamlsafe import MAX_BYTES, Problem, decode

Stamp = tuple[int, int]  # (mtime in ns, size)
Loaded = tuple[str | None, Problem | None, str]  # (text, problem, rule of the problem)

BACKUP_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")
JUNK_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")


def is_junk(path: Path) -> bool:
    """Backup, swap and system files that editors leave behind; never published, never read."""
    name = path.name
    return (
        name in JUNK_NAMES
        or name.endswith(BACKUP_SUFFIXES)
        or name.startswith((".#", "~$"))
        or (name.startswith("#") and name.endswith("#"))
    )


LINK_FIX = "replace the link with a copy of the file inside the project"


def escapes(path: Path, root: Path) -> str | None:
    """Why ``path`` must never be read or published: it resolves outside the project ``root`` or
    into its ``.git`` folder (a link, or a path through a linked folder); None when it is safe."""
    try:
        real = Path(path).resolve()
        base = Path(root).resolve()
    except (OSError, RuntimeError):
        return "is a link that cannot be followed (a loop?)"
    if not real.is_relative_to(base):
        return "is a link to a file outside the project"
    if ".git" in real.relative_to(base).parts:
        return "is a link into the project's .git folder"
    return None


def inside(paths: list[Path], root: Path) -> list[Path]:
    """``paths`` without those that resolve outside the project or into .git (see :func:`escapes`)."""
    return [p for p in paths if escapes(p, root) is None]


class OutsideProject(PermissionError):
    """A source path that resolves outside the project (or into .git): never read."""


def file_stamp(path: Path) -> Stamp | None:
    """The version of ``path`` on disk now (None when it cannot be read)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


class Sources:
    """Bytes of source files, read once and kept until the file changes on disk."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root  # when set, a path that resolves outside it (or into .git) is never read
        self._data: dict[Path, tuple[Stamp | None, bytes | OSError]] = {}
        self.reads: dict[Path, int] = {}

    def read(self, path: Path, limit: int = -1) -> bytes:
        """The file's bytes (at most ``limit`` + 1 when ``limit`` >= 0); raises OSError."""
        key = Path(path)
        hit = self._data.get(key)
        if hit is None:
            why = escapes(key, self.root) if self.root is not None else None
            if why is not None:
                raise OutsideProject(13, f"it {why}; {LINK_FIX}")
            try:
                with open(key, "rb") as handle:
                    st = os.fstat(handle.fileno())
                    data: bytes | OSError = handle.read() if limit < 0 else handle.read(limit + 1)
                stamp: Stamp | None = (st.st_mtime_ns, st.st_size)
            except OSError as exc:
                data, stamp = exc, None
            self.reads[key] = self.reads.get(key, 0) + 1
            hit = self._data[key] = (stamp, data)
        if isinstance(hit[1], OSError):
            raise hit[1]
        return hit[1]

    def text(self, path: Path, what: str, max_bytes: int = MAX_BYTES) -> Loaded:
        """The file's text, or why it cannot be read as UTF-8 text."""
        try:
            data = self.read(path, max_bytes)
        except OutsideProject as exc:
            return None, Problem(0, f"{what} is not read: {exc.strerror}"), "outside-project"
        except OSError as exc:
            return None, Problem(0, f"cannot read {what}: {exc.strerror}; check that the file exists and that you may read it"), "read"
        return (*decode(data, what, max_bytes), "encoding")

    def text_only(self, path: Path, what: str, max_bytes: int = MAX_BYTES) -> str | None:
        """The file's text, or None when it cannot be read (its loader reports why)."""
        return self.text(path, what, max_bytes)[0]

    def stamp(self, path: Path) -> Stamp | None:
        hit = self._data.get(Path(path))
        return hit[0] if hit else None

    def known(self) -> list[Path]:
        return list(self._data)

    def changed(self) -> set[Path]:
        """Files whose version on disk differs from the one read; they are forgotten (read again on use)."""
        out = {path for path, (stamp, _) in self._data.items() if file_stamp(path) != stamp}
        for path in out:
            del self._data[path]
        return out


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: a reader never sees half a
    file, and a failure leaves none (the caches, the saved validation report, the exports)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
