"""The ``course`` MkDocs plugin: it owns the course :class:`~coursekit.model.project.Project`, hands it to
the Markdown extension, compiles the course into the docs tree that MkDocs builds (see
:mod:`coursekit.outputs.compile`), and refreshes only what changed while serving. All course logic lives in
:mod:`coursekit`."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from coursekit.app import open_project
from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.model.course import Course
from coursekit.model.diagnostics import Diagnostic
from coursekit.model.glossary import Term
from coursekit.model.project import Project
from coursekit.outputs import csp, downloads
from coursekit.outputs.compile import Writer, compile_tree
from coursekit.outputs.pdf import page_footer_css
from coursekit.outputs.theme import palette_with_names
from coursekit.render import hovers, notebook_html, theme_guard, trainer
from coursekit.render.module_page import download_link
from coursekit.rules.validate import run as run_rules

from .notebooks import cached_conversion
from .patches import PageState, ThemeListing, bytecode_cache, keep_nbconvert_templates, rendered_state, restore_rendered_state
from .serving import Background

log = get_plugin_logger(__name__)

EXTENSION = "coursekit"
JINJA_CACHE = Path(".cache") / "coursekit" / "jinja"


RENDERED: dict[tuple[str, str], tuple[str, tuple[str, PageState]]] = {}
"""A build of several languages in one process: the source language's pages as rendered,
(src_uri, Markdown) -> (fingerprint of what else it shows, (HTML, toc, title, anchor ids)). A page
not yet translated into a language shows the English page as built for English (its quiz, links and
glossary hovers included), and a generated page (trainer notes, print) whose text and sources are
the same is the same page: neither is rendered again for every language (issue 19: all languages
in at most twice the time of one)."""


def permalink_title(config: MkDocsConfig, lang: str) -> None:
    """The title of the headings' permalinks (Python-Markdown's toc writes 'Permanent link'), in the
    site's language (issue 19)."""
    toc = config.mdx_configs.get("toc")
    if isinstance(toc, dict) and toc.get("permalink"):
        toc["permalink_title"] = messages(lang).t("heading.permalink")


class CourseConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' config base is untyped
    drafts = c.Choice(("serve", "always", "never"), default="serve")
    """When draft modules are part of the site: only while serving (default), always or never."""
    validate_on_build = c.Type(bool, default=False)
    """Run the course validator inside ``mkdocs build`` too (``course build`` already runs it first)."""


class CoursePlugin(BasePlugin[CourseConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.serving = False
        self.root = Path.cwd()
        self.files: Files | None = None
        self.project: Project | None = None
        """The course, owned by the plugin for a build (or handed over by `course build`)."""
        self.changed = True  # the project changed since problems were last reported
        self.lang = SOURCE  # the site's language (theme.language)
        self.shown: set[Diagnostic] = set()  # the problems already printed while serving
        self.print_text: str | None = None  # the print page made in this serve session
        self.print_deps = ""  # and the fingerprint it was written with
        self.retitles: dict[str, str] | None = None  # serving: hover titles to rewrite after this rebuild
        self.built_glossary: list[Term] | None = None  # serving: the glossary whose titles the built pages show
        self.built_title: str | None = None  # serving: the course title the built pages show
        self.writer: Writer | None = None
        self.theme_listing = ThemeListing()  # the theme's files listed once per process (every language, every rebuild)
        self.checking = Background(lambda exc: log.error(f"the course check failed: {exc!r}"))
        self.translation: dict[str, tuple[str, int]] = {}  # a language's site: uri -> (state, paragraphs changed)
        self.deps: dict[str, str] = {}  # the compiled tree's fingerprints (coursekit.outputs.compile.Tree.deps)
        self.rendering: dict[str, str] = {}  # the Markdown of the pages being rendered (key of RENDERED)
        self.reused: dict[str, str] = {}  # pages of this language's site shown as rendered for the source language (their Markdown)
        self.english_titles: set[str] | None = None  # a translated site: the navigation's titles in English (once per build)
        self.nav: Any = None  # the site's navigation (MkDocs' on_nav)
        self.sheets: list[str] = []  # the course's own stylesheets, joined into one in the built site (coursekit.outputs.bundle)

    def use(self, project: Project) -> None:
        """Build ``project`` next (another language's view of the course, in the same process)."""
        self.project = project
        self.writer = None
        self.translation = {}
        self.rendering = {}
        self.reused = {}
        self.changed = True

    @property
    def include_drafts(self) -> bool:
        mode = self.config.drafts
        return mode == "always" or (mode == "serve" and self.serving)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """MkDocs `on_startup`: remember whether this is `serve` (drafts are shown while serving)."""
        self.serving = command == "serve"

    @event_priority(100)  # before other plugins (search renders theme templates in its on_config)
    def _serve_theme(self, config: MkDocsConfig) -> None:
        """The theme's files are listed once per process (every language's build, every rebuild while
        serving) and its templates stay compiled (see :mod:`coursekit_mkdocs.serving`). In a multilingual course, the theme speaks the site's
        language (Material's own strings and its search stemmer follow ``theme.language``) and the
        header offers the other languages built."""
        if self.project is not None and self.project.language:
            config.theme["language"] = self.project.language
        if self.project is not None and len(self.project.site_languages) > 1:
            from coursekit.translation.pages import switcher

            config.extra["alternate"] = switcher(self.project.site_languages)
        root = Path(config.config_file_path).resolve().parent
        # The installed theme does not change during a process: its files are listed once, not again
        # for every language's build (nor on every rebuild while serving).
        self.theme_listing.install(config.theme, root, root / JINJA_CACHE)
        if self.serving:
            keep_nbconvert_templates(root / JINJA_CACHE / "nbconvert")

    def _compile(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load (or refresh) the project, hand it to the Markdown extension, and build from the
        compiled docs tree with its derived nav."""
        self.root = Path(config.config_file_path).resolve().parent
        self.checking.wait()  # the last rebuild's problems report reads the project: let it finish
        if self.project is None or self.project.root != self.root:
            self.project = open_project(self.root)
            self.changed = True
        else:  # serving: a later rebuild reloads only what changed
            source = self.project.origin or self.project  # `course serve --lang es`: the course as written is reloaded
            changed = source.refresh()
            if changed and self.project.language:  # and seen in its language again
                from coursekit.translation.localize import localized

                languages = self.project.site_languages
                self.project = localized(source, self.project.language)
                self.project.site_languages = languages
            self.changed = bool(changed) or self.changed
        if self.serving and self.built_glossary is not None and self.project.glossary is not self.built_glossary:
            # Changed hover definitions are rewritten in the built pages (on_post_build): the
            # pages that use them are not rendered again (their fingerprints leave them out).
            self.retitles = hovers.changed_titles(self.built_glossary, self.project.glossary)
            if self.retitles is None and self.writer is not None:
                self.writer.rewrite_all()  # a change that rewriting cannot make (rare)
        from coursekit.outputs.bundle import styles_in_one

        extra_css, sheets = styles_in_one(list(config.extra_css))
        if sheets:  # a page loads the course's own stylesheets as one file (a rebuild may reuse the config: keep the list)
            config.extra_css, self.sheets = extra_css, sheets
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        mdx = config.mdx_configs.setdefault(EXTENSION, {})
        mdx["project"] = self.project  # the live object, not a path
        mdx["include_drafts"] = self.include_drafts
        mdx["offline"] = config.extra.get("offline", True) is not False  # no offline box without an offline copy
        if self.project.course.title:
            config.site_name = self.project.course.title  # one name: course.yml's title, in the header and the print page
        if self.project.course.description:
            config.site_description = self.project.course.description  # course.yml's (or course.<lang>.yml's) description
        retitled = self.built_title not in (None, config.site_name)  # serving: the course was renamed
        self.built_title = config.site_name
        if retitled:
            self.print_text = None  # the print page shows the title too
        # The site's language (theme.language, also <html lang>, which docs/assets/i18n.js reads):
        # the interface strings and content keywords of every page the toolkit renders.
        self.lang = str(config.theme.get("language") or SOURCE)
        mdx["lang"] = self.lang
        # The theme's words in the site's language: the palette switch, and course.yml's footer line.
        config.theme["palette"] = palette_with_names(config.theme.get("palette"), self.lang)
        if self.project.course.copyright:
            config.copyright = self.project.course.copyright
        permalink_title(config, self.lang)
        # The compiled docs tree is what MkDocs builds (see coursekit.outputs.compile).
        make_print = not (self.serving and self.print_text is not None)
        tree = compile_tree(self.project, self.include_drafts, print_page=make_print, definitions=not self.serving, lang=self.lang)
        if not make_print and self.print_text is not None:
            # While serving, the whole-course print page is made once per session, not on every
            # save: it depends on every module and costs as much as all of them.
            tree.texts[trainer.PRINT_PAGE] = self.print_text
            tree.deps[trainer.PRINT_PAGE] = self.print_deps  # unchanged: MkDocs does not rebuild it
        elif self.serving:
            self.print_text = tree.texts[trainer.PRINT_PAGE]
            self.print_deps = tree.deps[trainer.PRINT_PAGE]
        if self.writer is not None and retitled:
            self.writer.rewrite_all()  # every page shows the title in its header, so all are rendered again
        if self.writer is None:  # each language's tree in its own folder
            folder = "tree-" + self.project.language if self.project.language else "tree"
            self.writer = Writer(self.root / ".cache" / "coursekit" / folder)
        self.translation = tree.translation
        self.deps = tree.deps
        self.english_titles = None
        if not self.project.language:
            RENDERED.clear()  # this build renders the pages the other languages reuse
        self.writer.write(tree, self.project.sources)
        config.docs_dir = str(self.writer.out)
        if not config.nav:
            config.nav = tree.nav
        return config

    on_config = CombinedEvent(_serve_theme, _compile)
    """MkDocs `on_config`: `_serve_theme` first, then `_compile`."""

    @property
    def live(self) -> Project:
        if self.project is None:
            self.project = open_project(self.root)
        return self.project

    @property
    def course(self) -> Course:
        return self.live.course

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """MkDocs `on_pre_build`: with ``validate_on_build``, report validation problems (while
        serving, the report comes after the rebuild: see `on_post_build`)."""
        if self.config.validate_on_build and not self.serving:
            self.report_problems()

    def report_problems(self) -> None:
        """Report validation problems in the terminal.

        Each problem is printed once, when it appears; a rebuild without a change prints nothing,
        and a fix prints one line.
        """
        if not self.changed:
            return
        self.changed = False
        # The rules read the course as written (a language's view has translated titles and options,
        # which the rules would take for mistakes); they check every translation too.
        report = run_rules(self.live.origin or self.live)
        course = self.live.course
        drafts = {f"modules/{m.slug}/" for m in course.modules if m.draft}
        current = set(report.sorted())
        fixed = len(self.shown - current)
        for diag in report.sorted():
            if diag in self.shown:
                continue
            in_draft = any(diag.path.startswith(d) for d in drafts)
            if in_draft and not self.include_drafts:
                log.info(diag.format())
            elif diag.severity == "error":
                log.error(diag.format())
            else:
                log.warning(diag.format())
        if fixed:
            log.info(f"{fixed} problem{'s' * (fixed != 1)} fixed; {len(current)} left")
        self.shown = current

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """MkDocs `on_files`: remember the site's files (notebook pages link through them)."""
        self.files = files
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """MkDocs `on_nav`: remember the navigation (a translated site marks its English titles)."""
        self.nav = nav
        return nav

    def _english_titles(self, config: MkDocsConfig) -> set[str]:
        """The navigation's titles of pages shown in English, found once per build (every page is
        read, so every title is known, before the first page is written)."""
        if self.english_titles is None:
            from coursekit.translation.pages import english_titles

            pages: list[tuple[str, str]] = []
            sections: list[tuple[str, str]] = []

            def walk(items: Any) -> None:
                for item in items or []:
                    if getattr(item, "is_section", False):
                        first = next((p for p in _pages_of(item.children)), None)
                        if first is not None and item.title:
                            sections.append((str(item.title), first.file.src_uri))
                        walk(item.children)
                    elif getattr(item, "is_page", False):
                        pages.append((item.file.src_uri, str(item.title or "")))

            walk(self.nav.items if self.nav is not None else [])
            missing = {uri for uri, state in self.translation.items() if state[0] == "missing"}
            self.english_titles = english_titles(pages, sections, missing, messages(self.lang).t("module.overview"))
        return self.english_titles

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """MkDocs `on_env`: keep compiled theme templates between rebuilds (serve reloads the theme on every save)."""
        env.bytecode_cache = bytecode_cache(self.root / JINJA_CACHE)
        return env

    @event_priority(-50)  # after mkdocs-jupyter's, which gives a notebook page its converter
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """MkDocs `on_pre_page`: a notebook page is converted once per version of the notebook, of
        the toolkit and of the converter, not again in every build and every language (the
        on-disk cache, :mod:`coursekit.outputs.cache`)."""
        if page.file.src_uri.endswith(".ipynb") and page.file.abs_src_path:
            cached_conversion(page, self.root, config)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """MkDocs `on_page_markdown`: tidy a page's metadata (the module overview and key points are
        already in the compiled page).

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
        uri = page.file.src_uri
        if len(self.live.site_languages) > 1 and uri.endswith(".md"):
            translation = self.translation.get(uri)
            done = RENDERED.get((uri, markdown))
            missing = translation is not None and translation[0] == "missing"
            if done is not None and self.live.language and (missing or (translation is None and done[0] == self.deps.get(uri))):
                self.reused[uri] = markdown
                return ""  # shown as rendered for the source language (on_page_content)
            if not self.live.language:
                self.rendering[uri] = markdown
        return markdown  # the module overview and key points are already in the compiled page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """MkDocs `on_page_content`: mark what search leaves out, and put a download link for the
        .ipynb at the top of a notebook page.

        mkdocs-jupyter (``include_source: true``) copies the notebook next to the page.
        """
        from coursekit.render.search_tuning import tune

        uri = page.file.src_uri
        translation = self.translation.get(uri)
        if translation is not None and translation[0] == "missing":
            page.meta["search"] = {"exclude": True}  # the English page, already in the English index
        if uri in self.reused:
            tune("", uri, page.meta)  # its search metadata (the HTML was marked when it was rendered)
            html, state = RENDERED[(uri, self.reused.pop(uri))][1]
            restore_rendered_state(page, state)
        else:
            html = tune(html, uri, page.meta)  # a leaner search index (issue 12)
            if uri in self.rendering:
                rendered = (html, rendered_state(page))
                RENDERED[(uri, self.rendering.pop(uri))] = (self.deps.get(uri, ""), rendered)
        if translation is not None:
            html = self._translation_notice(html, page, translation)
        if not page.file.src_uri.endswith(".ipynb"):
            return html
        name = page.file.src_uri.rsplit("/", 1)[-1]
        zip_uri = page.file.src_uri[: -len(".ipynb")] + downloads.ZIP_SUFFIX
        zip_file = files.get_file_from_path(zip_uri)
        if zip_file is not None and zip_file.abs_src_path:
            url = get_relative_url(zip_file.url, page.url)
            return downloads.after_title(downloads.download_html(name, url, Path(zip_file.abs_src_path).stat().st_size, self.lang), html)
        return downloads.after_title(download_link(name, self.lang), html)

    def _translation_notice(self, html: str, page: Page, translation: tuple[str, int]) -> str:
        """A translated site's page: the notice of a missing or outdated translation (see :mod:`coursekit.translation.pages`)."""
        from coursekit.translation.pages import page_href, with_notice

        project = self.live
        source = project.course.source_language
        english = page_href(page.url, project.language, source, source) if source in project.site_languages else ""
        return with_notice(html, translation[0], translation[1], project.language, source, english)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """MkDocs `on_post_page`: guard the theme's stored palette; links to the same page in the other
        languages; on a notebook page, drop its inline JupyterLab CSS and the scripts that would load
        from another host, and fix its links to Markdown pages (see :mod:`coursekit.render.notebook_html`);
        then declare the page's Content-Security-Policy (:mod:`coursekit.outputs.csp`)."""
        output = theme_guard.guard(output)  # a corrupted '/.__palette' must not break every page
        project = self.live
        # The printed page's footer ("Page 1 of 12") in the site's language (print.css: English).
        output = output.replace("</head>", page_footer_css(project.language or project.course.source_language) + "\n</head>", 1)
        if len(project.site_languages) > 1:
            from coursekit.translation.pages import alternates, mark_english_titles, mark_fallback_chrome

            lang = project.language or project.course.source_language
            site_url = config.site_url or ""
            if project.language and site_url.endswith(f"/{lang}/"):
                site_url = site_url[: -len(lang) - 1]  # the root of all the languages
            output = alternates(output, page.url, lang, project.site_languages, project.course.source_language, site_url)
            state = self.translation.get(page.file.src_uri)
            if state is not None and state[0] == "missing":
                output = mark_fallback_chrome(output, project.course.source_language)
            if project.language:  # the titles of pages shown in English, on every page of a translated site
                output = mark_english_titles(output, self._english_titles(config), project.course.source_language)
        if page.file.src_uri.endswith(".ipynb"):
            output = notebook_html.rewrite_md_links(notebook_html.clean(output), page.file.src_uri, self._page_url_from(page))
        return csp.secure(output)  # last: the policy hashes the inline scripts of the final page

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """MkDocs `on_post_template`: the pages made from a theme template alone (404.html) get the
        palette guard and their Content-Security-Policy too; other templates (sitemap.xml) are left alone."""
        if not template_name.endswith(".html"):
            return output_content
        return csp.secure(theme_guard.guard(output_content))

    def _page_url_from(self, page: Page):  # type: ignore[no-untyped-def]
        """A function from a source path ('modules/x/index.md') to its URL relative to ``page``."""

        def url(src_uri: str) -> str | None:
            target = self.files.get_file_from_path(src_uri) if self.files else None
            return get_relative_url(target.url, page.url) if target is not None else None

        return url

    @event_priority(-100)  # after every other plugin (search writes its index, mkdocs-jupyter copies notebooks)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """MkDocs `on_post_build`: minify the course's own CSS and JavaScript in the built site, then write
        the web manifest and the offline service worker (:mod:`coursekit.outputs.offline`)."""
        if self.retitles:
            hovers.retitle(Path(config.site_dir), self.retitles)  # before the offline list fingerprints the pages
        self.retitles = None
        if self.serving:
            self.built_glossary = self.live.glossary
        from coursekit.outputs.assets import minify_site_assets
        from coursekit.outputs.bundle import bundle_site_assets, bundle_styles

        offline = config.extra.get("offline", True) is not False
        bundle_site_assets(Path(config.site_dir), self.live, self.lang, offline)  # the loader and the modules most pages use, as one file
        bundle_styles(Path(config.site_dir), self.sheets)  # and the course's own stylesheets
        minify_site_assets(Path(config.site_dir))
        from coursekit.render.search_tuning import split_glossary_in_site

        split_glossary_in_site(Path(config.site_dir))  # a search hit on a term opens the term
        from coursekit.outputs.learner import write_learner_files

        write_learner_files(Path(config.site_dir), self.live, self.include_drafts, self.lang)
        from coursekit.outputs.offline import write_offline

        # Last: the offline copy's list and version cover every file as it is published. A build that
        # sets `extra: {offline: false}` (the SCORM packages) gets no service worker and no manifest.
        if config.extra.get("offline", True) is not False:
            write_offline(Path(config.site_dir), config.site_name, config.site_description or "")
        if self.serving:
            # The rebuilt pages are served now; the problems report follows in the background
            # (the next rebuild waits for it before the project changes).
            self.checking.start(self.report_problems)

    def on_build_error(self, *, error: Exception) -> None:
        """MkDocs `on_build_error`: while serving, report the problems now (they may say why)."""
        if self.serving:
            self.checking.wait()
            self.report_problems()

    def on_shutdown(self) -> None:
        """MkDocs `on_shutdown`: let a running problems report finish."""
        self.checking.wait()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """MkDocs `on_serve`: rebuild when a source changes (docs, modules, quiz banks, course.yml
        and its translations, such as course.es.yml), not when the compiled tree does (the plugin
        writes it during the build)."""
        server.unwatch(config.docs_dir)
        languages = self.live.course.translated_languages
        for name in ("docs", "modules", "quizzes", "course.yml", *(f"course.{lang}.yml" for lang in languages)):
            path = self.root / name
            if path.exists():
                server.watch(str(path))
        return server


def _pages_of(items: Any) -> Any:
    """The pages of a navigation's items, in order, sections included."""
    for item in items or []:
        if getattr(item, "is_page", False):
            yield item
        elif getattr(item, "is_section", False):
            yield from _pages_of(item.children)
