"""The ``course`` MkDocs plugin: module folders into the site, derived navigation, drafts,
module overviews, live reload of banks and modules. All course logic lives in :mod:`coursekit`."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from coursekit import module_page, notebook_html, trainer
from coursekit.course import Course, Module
from coursekit.markdown_ext import course_cached
from coursekit.module_page import download_link
from coursekit.sitemap import module_files
from coursekit.validate import validate

log = get_plugin_logger(__name__)

_print_made = False  # the print page was made in this serve session

EXTENSION = "coursekit"


class CourseConfig(base.Config):
    drafts = c.Choice(("serve", "always", "never"), default="serve")
    """When draft modules are part of the site: only while serving (default), always or never."""
    validate_on_build = c.Type(bool, default=False)
    """Run the course validator inside ``mkdocs build`` too (``course build`` already runs it first)."""


class CoursePlugin(BasePlugin[CourseConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.root = Path.cwd()
        self.files: Files | None = None

    @property
    def include_drafts(self) -> bool:
        mode = self.config.drafts
        return mode == "always" or (mode == "serve" and self.serving)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """MkDocs `on_startup`: remember whether this is `serve` (drafts are shown while serving)."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """MkDocs `on_config`: point the Markdown extension at the course and derive the nav."""
        self.root = Path(config.config_file_path).resolve().parent
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        mdx = config.mdx_configs.setdefault(EXTENSION, {})
        mdx["root"] = str(self.root)
        mdx["include_drafts"] = self.include_drafts
        if not config.nav:
            config.nav = module_page.nav(self.course, self.include_drafts)
        return config

    @property
    def course(self) -> Course:
        return course_cached(self.root)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """MkDocs `on_pre_build`: while serving, report validation problems in the terminal."""
        if not (self.serving or self.config.validate_on_build):
            return
        course, _, report = validate(self.root)
        drafts = {f"modules/{m.slug}/" for m in course.modules if m.draft}
        for diag in report.sorted():
            in_draft = any(diag.path.startswith(d) for d in drafts)
            if in_draft and not self.include_drafts:
                log.info(diag.format())
            elif diag.severity == "error":
                log.error(diag.format())
            else:
                log.warning(diag.format())

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """MkDocs `on_files`: add every module folder's pages, notebooks and images to the site.

        The plugin must be listed before mkdocs-jupyter so that the notebooks it adds are converted.
        """
        for module in self.course.visible_modules(self.include_drafts):
            for source in module_files(module):
                if files.get_file_from_path(source.uri) is None:
                    files.append(File(source.uri, str(self.root), config.site_dir, config.use_directory_urls))
            # The module's trainer page: run sheet, polls and every trainer note, made from the sources.
            uri = f"modules/{module.slug}/{trainer.TRAINER_PAGE}"
            files.append(self._generated(config, uri, trainer.trainer_page(module, self.course)))
        # While serving, the whole-course print page is made once per session, not on every save:
        # it depends on every module and costs as much as all of them (`course build` makes it fresh).
        global _print_made
        if not (self.serving and _print_made):
            files.append(self._generated(config, trainer.PRINT_PAGE, trainer.print_page(self.course, self.include_drafts)))
            _print_made = self.serving
        else:
            files.append(File.generated(config, trainer.PRINT_PAGE, abs_src_path=str(self._cache_path(trainer.PRINT_PAGE))))
        self.files = files
        return files

    def _cache_path(self, uri: str) -> Path:
        return self.root / ".cache" / "coursekit" / "generated" / uri

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """MkDocs `on_env`: keep compiled theme templates between rebuilds (serve reloads the theme on every save)."""
        import jinja2

        cache = self.root / ".cache" / "coursekit" / "jinja"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
        return env

    def _generated(self, config: MkDocsConfig, uri: str, content: str) -> File:
        """A page the course makes. Its Markdown is kept in .cache/coursekit/ and rewritten only when
        it changes, so that `mkdocs serve --dirty` rebuilds it only when its sources changed."""
        cached = self._cache_path(uri)
        try:
            unchanged = cached.read_text(encoding="utf-8") == content
        except (OSError, UnicodeDecodeError):
            unchanged = False
        if not unchanged:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(content, encoding="utf-8")
        return File.generated(config, uri, abs_src_path=str(cached))

    def _module_of(self, page: Page) -> Module | None:
        uri = page.file.src_uri
        for module in self.course.modules:
            if uri == f"modules/{module.slug}/index.md":
                return module
        return None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """MkDocs `on_page_markdown`: add the module overview and key points to a module's first page.

        The course's `status: draft|published` is removed from the page's metadata, because
        Material would read it as its own page-status badge; the title is escaped, because
        the templates print it as HTML.
        """
        page.meta.pop("status", None)
        # MkDocs and Material insert titles into the header and navigation without escaping.
        if page.title:
            page.title = html.escape(page.title, quote=False)
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = html.escape(page.meta["title"], quote=False)
        module = self._module_of(page)
        if module is None or not module.loaded:
            return markdown
        return module_page.decorate(markdown, module, self.course)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """MkDocs `on_page_content`: put a download link for the .ipynb at the top of a notebook page.

        mkdocs-jupyter (``include_source: true``) copies the notebook next to the page.
        """
        if not page.file.src_uri.endswith(".ipynb"):
            return html
        return download_link(page.file.src_uri.rsplit("/", 1)[-1]) + html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """MkDocs `on_post_page`: drop a notebook page's inline JupyterLab CSS and the scripts that
        would load from another host, and fix its links to Markdown pages (see :mod:`coursekit.notebook_html`)."""
        if not page.file.src_uri.endswith(".ipynb"):
            return output
        return notebook_html.rewrite_md_links(notebook_html.clean(output), page.file.src_uri, self._page_url_from(page))

    def _page_url_from(self, page: Page):  # type: ignore[no-untyped-def]
        """A function from a source path ('modules/x/index.md') to its URL relative to ``page``."""

        def url(src_uri: str) -> str | None:
            target = self.files.get_file_from_path(src_uri) if self.files else None
            return get_relative_url(target.url, page.url) if target is not None else None

        return url

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """MkDocs `on_post_build`: minify the course's own CSS and JavaScript in the built site."""
        from coursekit.assets import minify_site_assets

        minify_site_assets(Path(config.site_dir))

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """MkDocs `on_serve`: rebuild when modules, quiz banks or course.yml change."""
        for name in ("modules", "quizzes", "course.yml"):
            path = self.root / name
            if path.exists():
                server.watch(str(path))
        return server
