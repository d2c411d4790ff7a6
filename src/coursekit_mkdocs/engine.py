"""The MkDocs engine for `course build` and `course serve` (the default engine)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import runner

if TYPE_CHECKING:
    from coursekit.model.project import Project


class MkDocsEngine:
    """MkDocs 1.6 with Material, in this process; the course plugin builds the compiled docs tree."""

    def build(self, project: Project, site_dir: Path, *, quiet: bool = False, overrides: dict[str, object] | None = None) -> int:
        return runner.build(project.root / "mkdocs.yml", site_dir, quiet=quiet, project=project, overrides=overrides)

    def serve(self, project: Project, dev_addr: str) -> int:
        return runner.serve(project.root / "mkdocs.yml", dev_addr, project=project)
