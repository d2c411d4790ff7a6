"""Where the layers meet: a project opened with the real page parser, and validated.

Every command, the MkDocs plugin and the tests open a course through :func:`open_project`, so
there is one way to load a project; the rules, the renderer and the outputs are handed it."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

from coursekit.model.diagnostics import Diagnostic
from coursekit.model.project import Project
from coursekit.model.sources import Sources, write_atomically
from coursekit.render.markdown_ext import CourseExtension
from coursekit.render.pageparse import PageParser
from coursekit.rules.validate import run


def open_project(root: Path, sources: Sources | None = None) -> Project:
    """The course at ``root``, read once; its pages are parsed by the real Markdown path."""
    return Project.load(root, sources, parser=PageParser())


def validate(root: Path) -> Project:
    """Open the course at ``root`` and run every rule once; the report is ``project.report``.

    (``course, banks, report = validate(root)`` works too: a project unpacks to those three.)"""
    project = open_project(root)
    run(project)
    return project


VALIDATION = Path(".cache") / "coursekit" / "validation.json"
"""The last build's validation report, with the key of everything it was made from."""
VALIDATION_LIBRARIES = ("markdown", "pymdown-extensions", "pyyaml", "nbformat", "fastjsonschema", "mkdocs", "mkdocs-material")
"""The libraries whose behaviour the rules depend on (page parsing, notebook checks, site settings)."""


def validate_for_build(root: Path) -> Project:
    """:func:`validate`, with the report of an earlier build when nothing the rules can read changed:
    the same toolkit and libraries, the same git commit (translations compare against it), the same
    environment variables that mkdocs.yml names (``!ENV``), the same bytes in every file at the top
    of the course folder and every file and link under docs/, modules/ and quizzes/. A rebuild with nothing changed then runs no rule, and still prints every problem."""
    project = open_project(root)
    key = validation_key(project.root, project.sources)
    project.validation_key = key  # a build's kept sites are keyed by it too (coursekit.outputs.sitecache)
    stored = project.root / VALIDATION
    try:
        entry = json.loads(stored.read_text(encoding="utf-8"))
        if entry["key"] == key:
            project.report.items = [Diagnostic(**item) for item in entry["items"]]
            project.validated = True
            return project
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none, another key, or unreadable: the rules run
    run(project)
    try:
        write_atomically(stored, json.dumps({"key": key, "items": [d.as_dict() for d in project.report.items]}).encode())
    except OSError:
        pass  # a read-only course folder: the rules run again next time
    return project


def validation_key(root: Path, sources: Sources | None = None) -> str:
    """The sha256 of everything validation reads (see :func:`validate_for_build`). Files are read
    through ``sources`` (the project's): the build then reads none of them a second time."""
    import hashlib

    from coursekit.outputs.cache import toolkit_digest, versions
    from coursekit.rules.validate import SOURCE_FOLDERS

    digest = hashlib.sha256()
    read = (sources or Sources(root)).read

    def add(*parts: str) -> None:
        for part in parts:
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")

    def add_file(path: Path, rel: str) -> None:
        if path.is_symlink():
            add("link", rel, os.readlink(path))
        elif path.is_file():
            try:
                data = read(path)
            except OSError as exc:  # unreadable: the rules say so; the key names it
                add("unreadable", rel, str(exc.errno))
            else:
                add("file", rel, hashlib.sha256(data).hexdigest())
        else:
            add("other", rel)

    add(toolkit_digest(), json.dumps(versions(*VALIDATION_LIBRARIES), sort_keys=True), os.environ.get("GIT_DIR", ""))
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "-q", "--verify", "HEAD"], capture_output=True, check=False)
    add("head", head.stdout.decode().strip())
    config = root / "mkdocs.yml"
    try:
        text = read(config).decode("utf-8", errors="replace")
    except OSError:
        text = ""
    named = {name for value in re.findall(r"!ENV\s+(\[[^\]]*\]|\S+)", text) for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", value)}
    add(json.dumps({name: os.environ[name] for name in sorted(named) if name in os.environ}))
    for name in sorted(os.listdir(root)):
        path = root / name
        if name in SOURCE_FOLDERS and path.is_dir() and not path.is_symlink():
            for folder, dirs, files in os.walk(path):  # links to folders are named, not followed
                dirs.sort()
                here = Path(folder)
                add("folder", here.relative_to(root).as_posix())
                for entry in sorted(files) + [d for d in dirs if (here / d).is_symlink()]:
                    add_file(here / entry, (here / entry).relative_to(root).as_posix())
        elif path.is_dir() and not path.is_symlink():
            continue  # another folder (site/, .cache/, .git/): the rules read nothing in it
        else:
            add_file(path, name)
    return digest.hexdigest()


def makeExtension(**configs: Any) -> CourseExtension:
    """The course's Markdown extension for an engine that runs Python-Markdown from its own
    configuration (Zensical) and can hand over no live object: it opens the project at ``root``."""
    root = Path(str(configs.pop("root", "."))).resolve()
    return CourseExtension(project=open_project(root), **configs)
