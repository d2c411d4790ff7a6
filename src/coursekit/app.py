"""Where the layers meet: a project opened with the real page parser, and validated.

Every command, the MkDocs plugin and the tests open a course through :func:`open_project`, so
there is one way to load a project; the rules, the renderer and the outputs are handed it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coursekit.model.project import Project
from coursekit.model.sources import Sources
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


def makeExtension(**configs: Any) -> CourseExtension:
    """The course's Markdown extension for an engine that runs Python-Markdown from its own
    configuration (Zensical) and can hand over no live object: it opens the project at ``root``."""
    root = Path(str(configs.pop("root", "."))).resolve()
    return CourseExtension(project=open_project(root), **configs)
