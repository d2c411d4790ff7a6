"""The site engine behind `course build` and `course serve`, chosen by name.

coursekit never imports an engine package: engines are found by name, through the
``coursekit.engines`` entry points or the built-in table below, and imported only when used.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from coursekit.model.project import Project

BUILT_IN = {
    "mkdocs": "coursekit_mkdocs.engine:MkDocsEngine",
    "zensical": "coursekit_zensical:ZensicalEngine",
}
DEFAULT = "mkdocs"


class Engine(Protocol):
    """What the `course` command needs from a site engine."""

    def build(self, project: Project, site_dir: Path, *, quiet: bool = False, overrides: dict[str, object] | None = None) -> int:
        """Build the validated ``project`` into ``site_dir`` (a fresh folder); returns an exit code.
        ``overrides`` replace site settings (mkdocs.yml keys) for this build only."""

    def serve(self, project: Project, dev_addr: str) -> int:
        """Serve the course with live reload until interrupted; returns an exit code."""


def names() -> list[str]:
    found = {e.name for e in entry_points(group="coursekit.engines")}
    return sorted(found | set(BUILT_IN))


def get(name: str) -> Engine:
    """The engine called ``name``; raises LookupError (with what exists) or ImportError (not installed)."""
    spec = next((e.value for e in entry_points(group="coursekit.engines") if e.name == name), BUILT_IN.get(name))
    if spec is None:
        raise LookupError(f"no site engine '{name}'; use one of: {', '.join(names())}")
    module, _, attr = spec.partition(":")
    engine: Engine = getattr(importlib.import_module(module), attr)()
    return engine
