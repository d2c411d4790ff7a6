"""Run `mkdocs build --strict` in this process (no second interpreter, no second round of imports)."""

from __future__ import annotations

import io
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coursekit.model.project import Project


class _QuietDirty(logging.Filter):
    """Hide MkDocs' own "A 'dirty' build is being performed" warning: the course plugin rewrites
    every page whose sources changed, so a dirty build is accurate here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class _Once(logging.Filter):
    """While serving, print each of MkDocs' own warnings once per session, not again on every
    rebuild of the page (a broken link would otherwise repeat on every save and every full
    rebuild). The course's own problems report is not affected: it says when a problem appears
    and when it is fixed (see the course plugin's `report_problems`)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING or record.name.startswith("mkdocs.plugins"):
            return True
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


def _hand_over(config: Any, project: Project | None) -> None:
    """Give the course plugin the project that `course` already loaded and validated.

    MkDocs keeps a plugin between loads of the configuration in one process: a build of another
    language (another view of the project, coursekit.translation.localize) starts it afresh."""
    plugin = config.plugins.get("course") if project is not None else None
    if plugin is None or project is None:
        return
    current = getattr(plugin, "project", None)
    if current is None:
        plugin.project = project
    elif current is not project and not _same_site(current, project) and hasattr(plugin, "use"):
        plugin.use(project)


def _same_site(current: Project, project: Project) -> bool:
    """Whether the plugin's project is ``project`` reloaded: `course serve --lang es` hands over the view it
    started with on every load of the configuration, and the plugin has since made a newer view of the same
    course in the same language (starting afresh would forget what the last rebuild wrote)."""
    return current.language == project.language and (current.origin or current) is (project.origin or project)


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<7} -  {record.getMessage()}"


def _log_to_stderr(level: int) -> logging.Handler:
    """Send MkDocs' log to stderr at ``level``, as the mkdocs command does; returns the handler."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    handler.setLevel(level)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return handler


def _config_source(config_file: Path, project: Project | None) -> Any:
    """mkdocs.yml for MkDocs: the bytes the project already read (a file is read once per build), else its path."""
    if project is None or project.sources.stamp(config_file) is None:
        return str(config_file)
    data = io.BytesIO(project.sources.read(config_file))
    data.name = str(config_file)  # MkDocs resolves docs_dir and site_dir against it
    return data


def build(
    config_file: Path, site_dir: Path, *, quiet: bool = False, project: Project | None = None, overrides: dict[str, Any] | None = None
) -> int:
    """Build the site into ``site_dir`` with the strict checks of `mkdocs build --strict`; returns an exit code.

    ``overrides`` replace settings of mkdocs.yml for this build only (the SCORM export uses them)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from coursekit_mkdocs.patches import import_converters_when_used

    import_converters_when_used()  # before MkDocs loads mkdocs-jupyter's plugin
    handler = _log_to_stderr(logging.WARNING if quiet else logging.INFO)
    try:
        config = load_config(_config_source(config_file, project), site_dir=str(site_dir), strict=True, **(overrides or {}))
        _hand_over(config, project)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:  # includes Abort ("Aborted with N warnings in strict mode!")
        print(f"ERROR   -  {exc}", file=sys.stderr)
        return 1
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return 0


def serve(config_file: Path, dev_addr: str, *, polling_interval: float = 0.2, project: Project | None = None) -> int:
    """`mkdocs serve --dirty --no-strict` with live reload, in this process.

    MkDocs polls the files every 0.5 s and offers no option for it; the live-reload server is made
    here with a shorter interval, so that a saved edit shows sooner (see BENCHMARKS.md).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    from . import patches

    patches.poll_sooner(polling_interval)
    handler = _log_to_stderr(logging.INFO)
    handler.addFilter(_QuietDirty())
    handler.addFilter(_Once())
    if project is not None:
        # MkDocs loads the configuration (and the plugin) itself here: hand the project over on load.
        patches.on_config_load(lambda config: _hand_over(config, project))
    try:
        mkdocs_serve.serve(config_file=str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr, strict=False)
    except MkDocsException as exc:
        print(f"ERROR   -  {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
