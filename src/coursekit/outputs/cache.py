"""The on-disk cache of generated outputs (notebook zips, spreadsheet, Word and OpenDocument
templates, converted notebooks), so that a new build process does not make again what an earlier
one made from the same inputs. It lives in the course's ``.cache/coursekit/outputs/`` (gitignored).

An output is found by a key: the sha256 of the toolkit (its version and the bytes of its own code),
the settings that shape the output (library versions, plugin options), the bytes of the inputs it
declares, and the bytes of every file read while it was made (recorded by coursekit.model.reading). So an
edit to any byte that went into an output makes a new one; nothing is served stale. An entry that
cannot be read, or whose bytes do not match their checksum, is made again, never served.

Layout: ``entries/<key>.json`` lists the files read and the outputs by checksum; ``blobs/<sha256>``
holds each output's bytes (shared by equal outputs, e.g. the same zip in every language's build).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

from coursekit.model.reading import recording
from coursekit.model.sources import write_atomically

FOLDER = Path(".cache") / "coursekit" / "outputs"
LOG = "last-build.json"
Reader = Callable[[Path], bytes]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def toolkit_digest() -> str:
    """The toolkit's version and the bytes of every file of the coursekit package (code, templates,
    interface strings): a change to the toolkit makes every output again."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    try:
        digest.update(metadata.version("cluster-course-kit").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"unknown")
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(sha(path.read_bytes()).encode())
    return digest.hexdigest()


def versions(*distributions: str) -> dict[str, str]:
    """The installed versions of ``distributions`` (a setting of outputs they make)."""
    out = {}
    for name in distributions:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


def _read_all(paths: Iterable[Path], read: Reader) -> list[tuple[str, str]]:
    out = []
    for path in paths:
        try:
            out.append((str(path), sha(read(path))))
        except OSError:
            out.append((str(path), ""))  # missing is an input too: its appearance makes a new output
    return out


class OutputCache:
    """The cache of one course (``root``). ``served`` and ``made`` name the outputs found in the
    cache and made in this process (what a test, or a curious editor, can look at)."""

    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self.served: list[str] = []
        self.made: list[str] = []

    def key(self, name: str, settings: object, inputs: Iterable[Path], read: Reader) -> str:
        """The key of output ``name``: toolkit, settings and the bytes of the declared inputs."""
        parts = [toolkit_digest(), name, json.dumps(settings, sort_keys=True, default=str), _read_all(inputs, read)]
        return sha(json.dumps(parts).encode())

    def outputs(
        self, name: str, settings: object, inputs: Iterable[Path], read: Reader, make: Callable[[], dict[str, bytes]]
    ) -> dict[str, bytes]:
        """``make()``'s files ``{name: bytes}``, from the cache when the toolkit, the ``settings``, the
        bytes of ``inputs`` and of every file read by the last ``make()`` are the same; else made
        now (every file ``make`` reads through coursekit.model.reading is recorded) and stored."""
        key = self.key(name, settings, inputs, read)
        found = self._load(key, read)
        if found is not None:
            self.served.append(name)
            return found
        with recording() as reads:
            out = make()
        self._store(key, reads, out)
        self.made.append(name)
        return out

    def write_log(self) -> None:
        """Say in ``last-build.json`` which outputs this process served from the cache and which it made."""
        try:
            write_atomically(self.folder / LOG, json.dumps({"served": self.served, "made": self.made}, indent=1).encode())
        except OSError:
            pass

    def _load(self, key: str, read: Reader) -> dict[str, bytes] | None:
        try:
            entry = json.loads((self.folder / "entries" / f"{key}.json").read_bytes())
            reads, outputs = entry["reads"], entry["outputs"]
            if _read_all((Path(p) for p, _ in reads), read) != [tuple(r) for r in reads]:
                return None  # a file the output was made from changed since
            out = {}
            for uri, digest in outputs.items():
                data = (self.folder / "blobs" / digest).read_bytes()
                if sha(data) != digest:
                    return None  # damaged: made again
                out[str(uri)] = data
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, unreadable or not an entry: made again
        return out

    def _store(self, key: str, reads: dict[str, str], out: dict[str, bytes]) -> None:
        try:
            outputs = {}
            for uri, data in out.items():
                digest = sha(data)
                blob = self.folder / "blobs" / digest
                if not blob.is_file():
                    write_atomically(blob, data)
                outputs[uri] = digest
            entry = {"reads": sorted(reads.items()), "outputs": outputs}
            write_atomically(self.folder / "entries" / f"{key}.json", json.dumps(entry).encode())
        except OSError:
            pass  # a read-only or full disk: the build goes on, the next one makes the output again


_caches: dict[Path, OutputCache] = {}


def of(root: Path) -> OutputCache:
    """The cache of the course at ``root`` (one per process, so ``served`` and ``made`` add up over a build)."""
    key = Path(root).resolve()
    if key not in _caches:
        _caches[key] = OutputCache(key)
    return _caches[key]
