"""Reading a source file while an output is made: through the project's :class:`Sources` (each file
opened once per build), and noted, so that the on-disk cache of outputs (coursekit.outputs.cache)
knows every file an output was made from.

The model owns this, below every layer that reads while it makes something (the worksheet and
template blocks, the downloads, the templates); the cache only listens (:func:`recording`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coursekit.model.sources import Sources

_sources: list[Sources] = []  # the project's file cache while a build uses it (see `reading`)
_recorders: list[dict[str, str]] = []  # the files read while outputs are made: {path: sha256 of the bytes read}


@contextmanager
def reading(sources: Sources | None) -> Iterator[None]:
    """Read source files through the project's cache meanwhile, so a build opens each file once."""
    if sources is None:
        yield
        return
    _sources.append(sources)
    try:
        yield
    finally:
        _sources.pop()


def current() -> Sources | None:
    """The project's sources being read through, if any (see :func:`reading`)."""
    return _sources[-1] if _sources else None


def note(path: Path, data: bytes) -> None:
    """``data`` was read from ``path``: an input of every output being made meanwhile."""
    if _recorders:
        digest = hashlib.sha256(data).hexdigest()
        for recorder in _recorders:
            recorder[str(path)] = digest


@contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Meanwhile, every file read through :func:`read_bytes` is recorded: ``{path: sha256}``."""
    recorder: dict[str, str] = {}
    _recorders.append(recorder)
    try:
        yield recorder
    finally:
        _recorders.remove(recorder)


def read_bytes(path: Path) -> bytes:
    """A source file's bytes (an input of the output being made: see :func:`recording`)."""
    data = _sources[-1].read(path) if _sources else path.read_bytes()
    note(path, data)
    return data


def read_text(path: Path, encoding: str = "utf-8") -> str:
    return read_bytes(path).decode(encoding)


def code_of(notebook: Path) -> str:
    """The notebook's code cells, joined (IPython magics and shell lines dropped)."""
    cells = json.loads(read_text(notebook)).get("cells", [])
    lines: list[str] = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines += [line for line in text.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return "\n".join(lines)
