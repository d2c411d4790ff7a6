"""The export registry: each `course export --format NAME` declares itself once, in its own module.

A format module calls :func:`register` at import with an :class:`ExportFormat`: its name, the file
extension and default file name it writes, what it needs (``banks``: the question banks chosen for
export, given to its writer; ``site``: it builds the site, so MkDocs must be installed) and its
writer. `course export` (coursekit.export.command) takes its ``--format`` choices, its default
output names and its steps from here, so a new format is one module: every module of this package
is imported (a format registered at run time counts too).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import coursekit.export

if TYPE_CHECKING:
    from coursekit.export.banks import Export
    from coursekit.model.diagnostics import Report
    from coursekit.model.project import Project

NEEDS = {
    "banks": "the published modules' quiz banks, chosen and checked for export (handed to the writer)",
    "site": "a build of the site (MkDocs must be installed)",
}


@dataclass(frozen=True)
class Job:
    """One export to make: the validated project, the module asked for (or all), the output file."""

    project: Project
    module: str | None
    out: Path
    report: Report  # where the writer reports problems (an error means nothing is written)
    quiet: bool = False
    banks: list[Export] = field(default_factory=list)  # with needs "banks": the chosen banks


Writer = Callable[[Job], str | None]
"""Writes ``job.out`` (through coursekit.model.sources.write_atomically) and returns what it wrote, in words for the
terminal; returns None (with the reason in ``job.report``) when it wrote nothing."""


@dataclass(frozen=True)
class ExportFormat:
    name: str  # the --format value
    extension: str  # of the file it writes (".xml")
    default_name: str  # the default file name without the extension ("questions-moodle")
    needs: frozenset[str]
    write: Writer = field(compare=False)
    summary: str = ""  # one line for `course export --help`

    def default_output(self, root: Path, module: str | None) -> Path:
        name = self.default_name + self.extension
        return root / EXPORTS_DIR / (f"{module}-{name}" if module else name)


EXPORTS_DIR = "exports"
_FORMATS: dict[str, ExportFormat] = {}
_discovered = False


def register(fmt: ExportFormat) -> ExportFormat:
    unknown = set(fmt.needs) - set(NEEDS)
    if unknown:
        raise ValueError(f"export format '{fmt.name}' needs {sorted(unknown)}: not one of {sorted(NEEDS)}")
    if not fmt.extension.startswith("."):
        raise ValueError(f"export format '{fmt.name}': the extension must start with '.', not {fmt.extension!r}")
    held = _FORMATS.get(fmt.name)
    if held is not None and held.write is not fmt.write:
        raise ValueError(f"two export formats are named '{fmt.name}'")
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> dict[str, ExportFormat]:
    """Every export format, by name (the toolkit's own, then those registered at run time)."""
    global _discovered
    if not _discovered:
        _discovered = True
        for module in pkgutil.iter_modules(coursekit.export.__path__):
            importlib.import_module(f"coursekit.export.{module.name}")
    return dict(_FORMATS)
