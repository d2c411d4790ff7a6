"""Every change the MkDocs engine makes to a library's behaviour from outside, in one place.

MkDocs, its theme and nbconvert offer no option for what these do, so each one replaces or wraps
something the library does not promise to keep (a module attribute, a method, a private attribute).
Each patch says what it changes, why, and which versions it was checked against; each has a test in
tests/test_patches.py that fails when the library no longer has what the patch relies on (the name,
or the parameters it calls it with), so that an upgrade tells us here rather than by a slower or
broken `course serve`. The versions are also the ones in requirements/lock.txt; pyproject.toml holds
the ranges.

Only `course serve` patches MkDocs and nbconvert; `course build` runs them unchanged (its output
stays the same). The page state below is read and written on both.

The toolkit's Markdown layer, which both engines use, keeps its own hooks into Python-Markdown and
pymdown-extensions in coursekit.render.patches, checked by the same test module.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import TableOfContents


def bytecode_cache(folder: Path) -> Any:
    """A store for compiled theme templates in ``folder``, kept between rebuilds (public Jinja API)."""
    import jinja2

    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


# --- MkDocs: the live-reload server's polling interval ---------------------------------------------


def poll_sooner(polling_interval: float) -> None:
    """Make `mkdocs serve` poll the files every ``polling_interval`` seconds instead of 0.5 s.

    What: replaces ``mkdocs.commands.serve.LiveReloadServer`` (the name the serve command looks up)
    with the same class, given ``polling_interval=``.
    Why: MkDocs has no option for the interval; a shorter one shows a saved edit sooner (BENCHMARKS.md).
    Relies on: ``mkdocs.commands.serve.LiveReloadServer`` and the ``polling_interval`` keyword of
    ``mkdocs.livereload.LiveReloadServer``. Checked against MkDocs 1.6.1.
    """
    from mkdocs import livereload
    from mkdocs.commands import serve as mkdocs_serve

    mkdocs_serve.LiveReloadServer = functools.partial(livereload.LiveReloadServer, polling_interval=polling_interval)  # type: ignore[attr-defined,assignment]


# --- MkDocs: hand the loaded project to the course plugin when serve loads the configuration -------


def on_config_load(hand_over: Callable[[Any], None]) -> None:
    """Call ``hand_over(config)`` each time `mkdocs serve` loads mkdocs.yml (at start and on a rebuild
    after mkdocs.yml changed).

    What: wraps ``mkdocs.commands.serve.load_config`` (the name the serve command calls).
    Why: the serve command loads the configuration, and so makes the course plugin, itself; the
    plugin must get the project that `course serve` already loaded and validated, not load a second one.
    Relies on: ``mkdocs.commands.serve.load_config``, called with keyword arguments only.
    Checked against MkDocs 1.6.1.
    """
    from mkdocs.commands import serve as mkdocs_serve

    load_config: Callable[..., Any] = mkdocs_serve.load_config  # type: ignore[attr-defined]

    def load_and_hand_over(**kwargs: Any) -> Any:
        config = load_config(**kwargs)
        hand_over(config)
        return config

    mkdocs_serve.load_config = load_and_hand_over  # type: ignore[attr-defined,assignment]


# --- mkdocs-jupyter: its converters imported when a notebook is converted ------------------------

LAZY_CONVERTERS = ("jupytext", "mkdocs_jupyter.convert")


class _ImportedWhenUsed(types.ModuleType):
    """Stands for a module in ``sys.modules`` until one of its names is used; then imports it."""

    def __getattr__(self, attr: str) -> Any:  # only for names the stand-in does not have
        real = sys.modules.get(self.__name__)
        if real is None or real is self:
            sys.modules.pop(self.__name__, None)
            real = importlib.import_module(self.__name__)
        return getattr(real, attr)


def import_converters_when_used() -> None:
    """Make importing mkdocs-jupyter's converters (jupytext, and nbconvert through
    ``mkdocs_jupyter.convert``) wait until a notebook is converted (for this process).

    What: puts a stand-in module in ``sys.modules`` for each name of :data:`LAZY_CONVERTERS` not
    imported yet; the first use of one of its names imports the real module (which replaces it).
    Why: mkdocs-jupyter's plugin module imports both at its top (about 2 s of CPU, most of a rebuild's
    imports), but uses them only to read a Markdown page as a notebook (the course's ``ignore: ["*.md"]``
    leaves none) and to convert a notebook, which the on-disk cache usually answers
    (:mod:`coursekit_mkdocs.notebooks`).
    Relies on: mkdocs_jupyter/plugin.py using ``jupytext.read`` and ``convert.nb2html``/``nb2md``
    only inside functions. Checked against mkdocs-jupyter 0.26.3 and jupytext 1.19.6.
    """
    for name in LAZY_CONVERTERS:
        if name in sys.modules:
            continue
        try:
            found = importlib.util.find_spec(name)
        except ImportError:
            found = None
        if found is not None:  # (not installed: MkDocs says so when it loads the plugin)
            sys.modules[name] = _ImportedWhenUsed(name)


# --- MkDocs: the theme's template list made once per session ---------------------------------------


class ThemeListing:
    """Make the theme's environments keep compiled templates, and list the theme's files once per session.

    What: replaces ``get_env`` of one ``mkdocs.theme.Theme`` instance with a function that calls the
    original, sets the environment's ``bytecode_cache`` and wraps its ``list_templates``.
    Why: MkDocs lists the theme's folders (Material's ~14,000 files, icons included) on every rebuild
    to find its static files, and plugins such as search make their own environment on every rebuild
    and compile templates again; the installed theme does not change while serving. A theme folder
    inside the course (a ``custom_dir``) is still listed on every rebuild.
    Relies on: ``Theme.get_env()``, ``Theme.dirs``, ``Theme.static_templates`` and
    ``jinja2.Environment.list_templates(extensions=, filter_func=)``. Checked against MkDocs 1.6.1,
    mkdocs-material 9.8.2 and Jinja2 3.1.6.
    """

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


# --- nbconvert: compiled templates kept between notebook conversions -------------------------------

_NBCONVERT_CACHE: list[Path] = []


def keep_nbconvert_templates(compiled: Path) -> None:
    """Make nbconvert's template environments keep compiled templates in ``compiled`` (for this
    process: `course serve`).

    What: wraps the private method ``nbconvert.exporters.templateexporter.TemplateExporter._create_environment``
    (once per process; a second call only moves the cache folder) and sets ``bytecode_cache`` on the
    environment it returns.
    Why: mkdocs-jupyter makes a new exporter for every notebook it converts, and nbconvert compiles its
    templates again each time (about half a second); nbconvert has no option to keep them.
    Relies on: ``TemplateExporter._create_environment(self)`` returning a ``jinja2.Environment``.
    Checked against nbconvert 7.17.2.
    """
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


# --- MkDocs: a page's rendered state, kept and put back when a page is reused -----------------------

PageState = tuple["TableOfContents", str | None, set[str] | None]


def rendered_state(page: Page) -> PageState:
    """What rendering a page set on it besides its HTML: the table of contents, the title taken from
    its first heading and the anchors MkDocs' link validation checks.

    Why: a serve rebuild reuses a page whose sources did not change (the course plugin's
    ``on_page_content``); MkDocs must then see the same state as after rendering it.
    Relies on: ``Page.toc``, the private ``Page._title_from_render`` (the title when the page has no
    ``title:``) and ``Page.present_anchor_ids``. Checked against MkDocs 1.6.1.
    """
    return page.toc, page._title_from_render, page.present_anchor_ids


def restore_rendered_state(page: Page, state: PageState) -> None:
    """Put back on ``page`` what :func:`rendered_state` kept."""
    page.toc, page._title_from_render, page.present_anchor_ids = state


# --- mkdocs-jupyter: a notebook page's converter, wrapped --------------------------------------------

Render = Callable[[Any, Any], None]
"""A page's ``render(config, files)``."""


def notebook_converter(page: Page) -> Render | None:
    """The converter mkdocs-jupyter set on a notebook ``page`` (None for a page MkDocs renders itself).

    Relies on: mkdocs-jupyter's ``on_pre_page`` replacing ``render`` on the page instance (a bound
    method of its own, not ``Page.render``). Checked against mkdocs-jupyter 0.25.1.
    """
    from mkdocs.structure.pages import Page as MkDocsPage

    convert: Render = page.render
    return None if getattr(convert, "__func__", None) is MkDocsPage.render else convert


def wrap_notebook_render(page: Page, wrap: Callable[[Render], Render]) -> bool:
    """Replace a notebook page's converter with ``wrap(converter)``, on this page only; False (and the
    page unchanged) when the page is not a notebook mkdocs-jupyter renders.

    What: sets ``page.render`` on the instance, as mkdocs-jupyter itself does.
    Why: its conversion is the slowest step of a build; the course keeps it in its on-disk cache
    (coursekit_mkdocs.notebooks), shared by every build and language, which mkdocs-jupyter's own
    cache (one file per notebook, outside the course's cache) does not offer.
    Relies on: :func:`notebook_converter`, and MkDocs building a page with ``page.render(config,
    files)`` (mkdocs.commands.build._populate_page). Checked against MkDocs 1.6.1 and mkdocs-jupyter 0.25.1.
    """
    convert = notebook_converter(page)
    if convert is None:
        return False
    page.render = wrap(convert)  # type: ignore[method-assign,assignment]  # this page only, as mkdocs-jupyter does
    return True
