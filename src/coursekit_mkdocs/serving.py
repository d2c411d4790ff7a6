"""What a `course serve` rebuild does less of than a build, so that a saved edit shows sooner.

* The theme's file list is made once per session. MkDocs lists the theme's folders (Material's
  ~14,000 files, icons included) on every rebuild to find its static files; the installed theme
  does not change while serving. Every theme environment keeps its compiled templates (plugins
  such as search make their own environment on every rebuild, and compile templates again), and
  so do nbconvert's, which mkdocs-jupyter makes anew for every notebook it converts.
* The problems report runs after the rebuild, in the background: the rebuilt pages are served
  and the browser reloads without waiting for every validation rule. The next rebuild waits for it.

Neither applies to `course build`, whose output stays the same.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any


def bytecode_cache(folder: Path) -> Any:
    """A store for compiled theme templates in ``folder``, kept between rebuilds."""
    import jinja2

    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


class ThemeListing:
    """Remembers the theme's template names for the session (see the module docstring)."""

    def __init__(self) -> None:
        self.names: dict[tuple[object, ...], list[str]] = {}

    def install(self, theme: Any, editable: Path, compiled: Path) -> None:
        """Make ``theme.get_env()`` give environments that keep compiled templates in ``compiled``
        and whose template list is listed once; a theme folder inside ``editable`` (a
        ``custom_dir`` in the course) is listed on every rebuild."""
        dirs = tuple(str(d) for d in theme.dirs)
        listed_once = not any(Path(d).resolve().is_relative_to(editable) for d in dirs)
        get_env = theme.get_env
        names = self.names

        def env_with_listing() -> Any:
            env = get_env()
            env.bytecode_cache = bytecode_cache(compiled)
            if not listed_once:
                return env
            list_templates = env.list_templates

            def listed(extensions: Any = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
                # MkDocs' filter is a new function on each rebuild with the same rules (it reads
                # only the theme's static templates, part of the key).
                key = (dirs, tuple(sorted(theme.static_templates)), repr(extensions), getattr(filter_func, "__qualname__", None))
                if key not in names:
                    names[key] = list(list_templates(extensions=extensions, filter_func=filter_func))
                return list(names[key])

            env.list_templates = listed
            return env

        theme.get_env = env_with_listing


_NBCONVERT_CACHE: list[Path] = []


def keep_nbconvert_templates(compiled: Path) -> None:
    """Make nbconvert's template environments keep compiled templates in ``compiled`` (for this
    process: `course serve`). A saved notebook then converts without compiling nbconvert's
    templates again (about half a second each time)."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    if _NBCONVERT_CACHE:
        _NBCONVERT_CACHE[0] = compiled
        return
    _NBCONVERT_CACHE.append(compiled)
    create = TemplateExporter._create_environment

    def create_with_cache(self: Any) -> Any:
        env = create(self)  # type: ignore[no-untyped-call]
        env.bytecode_cache = bytecode_cache(_NBCONVERT_CACHE[0])
        return env

    TemplateExporter._create_environment = create_with_cache  # type: ignore[method-assign]


class Background:
    """One job at a time in a background thread; :meth:`wait` before the state it reads changes."""

    def __init__(self, on_error: Callable[[BaseException], None]) -> None:
        self.thread: threading.Thread | None = None
        self.on_error = on_error

    def start(self, job: Callable[[], None]) -> None:
        self.wait()

        def run() -> None:
            try:
                job()
            except Exception as exc:  # noqa: BLE001  # reported, never lost in the thread
                self.on_error(exc)

        self.thread = threading.Thread(target=run, name="course-check", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
