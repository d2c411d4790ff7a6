"""Run `mkdocs build --strict` in this process (no second interpreter, no second round of imports)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


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


def build(config_file: Path, site_dir: Path, *, quiet: bool = False) -> int:
    """Build the site into ``site_dir`` with the strict checks of `mkdocs build --strict`; returns an exit code."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = _log_to_stderr(logging.WARNING if quiet else logging.INFO)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
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


def serve(config_file: Path, dev_addr: str, *, polling_interval: float = 0.2) -> int:
    """`mkdocs serve --dirty --no-strict` with live reload, in this process.

    MkDocs polls the files every 0.5 s and offers no option for it; the live-reload server is made
    here with a shorter interval, so that a saved edit shows sooner (see BENCHMARKS.md).
    """
    import functools

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import livereload
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    mkdocs_serve.LiveReloadServer = functools.partial(livereload.LiveReloadServer, polling_interval=polling_interval)  # type: ignore[attr-defined,assignment]  # a patch: MkDocs has no option for it
    _log_to_stderr(logging.INFO)
    try:
        mkdocs_serve.serve(config_file=str(config_file), livereload=True, build_type="dirty", dev_addr=dev_addr, strict=False)
    except MkDocsException as exc:
        print(f"ERROR   -  {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
