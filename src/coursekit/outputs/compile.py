"""Compile the course into a plain docs tree that any site engine can build.

The tree holds the docs/ pages, each published module's files (its first page with the overview
and key points already in place), the generated pages (trainer notes, the print page, and any page
a hook adds, e.g. the review page) and an explicit navigation. MkDocs (the default engine) builds
it through the course plugin; Zensical builds it from a generated configuration.

Sources come from the project (read once); a file in the tree is rewritten only when its content
or one of the sources it depends on changed, so `course serve` rebuilds just those pages.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.i18n.catalogue import SOURCE, page_language
from coursekit.model.course import MODULES_DIR, Module
from coursekit.model.project import Page, Project
from coursekit.model.sitemap import docs_files, module_files
from coursekit.model.sources import Sources
from coursekit.outputs import cache, downloads
from coursekit.render import blocks, features, module_page, trainer

GeneratedPages = Callable[[Project, bool], dict[str, str]]
"""A hook that adds pages to the tree: (project, include_drafts) -> {docs-relative uri: Markdown}."""

PAGE_HOOKS: list[GeneratedPages] = []
"""Extra generated pages. The review page (issue 10) registers here:
``compile.PAGE_HOOKS.append(lambda project, drafts: {"review.md": review_markdown(project, drafts)})``
and adds itself to the navigation with a NAV_HOOKS entry."""

NavHook = Callable[[Project, list[object]], list[object]]
NAV_HOOKS: list[NavHook] = []
"""Functions that take the derived navigation and return it with generated pages added."""

NOTEBOOKS_AS_HTML = "html"  # notebooks rendered from their stored outputs in the compile step (Zensical)
NOTEBOOKS_AS_SOURCE = "source"  # notebooks left as .ipynb for the engine's own converter (mkdocs-jupyter)


@dataclass
class Tree:
    """The compiled docs tree: uri -> Markdown text, or uri -> source file to copy."""

    texts: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    deps: dict[str, str] = field(default_factory=dict)  # uri -> fingerprint of the sources it depends on
    nav: list[object] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)  # draft modules left out
    translation: dict[str, tuple[str, int]] = field(default_factory=dict)
    """In a language's tree: uri -> (state of the page's translation, English paragraphs changed)."""

    @property
    def uris(self) -> set[str]:
        return set(self.texts) | set(self.copies)

    def pages(self) -> list[str]:
        return sorted(u for u in self.uris if u.endswith((".md", ".ipynb")))


def _digest(*parts: object) -> str:
    return hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def course_digest(project: Project) -> str:
    """What the course map, progress table and schedule show: modules, times, run sheet lengths, quiz items."""
    rows = []
    for m in project.course.modules:
        session = project.session(m)
        bank = project.bank(m.slug)
        rows.append(
            (
                m.slug,
                m.title,
                m.summary,
                m.status,
                m.teaching,
                m.exercises,
                session.length if session else None,
                [i.id for i in bank.items] if bank else None,
            )
        )
    return _digest(rows)  # not the course title: only the print page and the learner data show it


def _page_deps(project: Project, page: Page | None, course_wide: str, definitions: bool = True) -> str:
    """A fingerprint of what a rendered page shows besides its own text: what each of its blocks
    declares it reads (coursekit.render.blocks: banks, glossary, course data, run sheets, files).

    With ``definitions=False``, only which glossary abbreviations the page uses counts, not their
    hover definitions (`course serve` rewrites those in the built pages: see coursekit.render.hovers)."""
    if page is None:
        return ""
    parts = [blocks.fingerprint(project, b.name, b.argument, course_wide) for b in page.info.blocks]
    return _digest(parts, _terms_used(project, page.text, definitions))


def _terms_used(project: Project, text: str, definitions: bool) -> list[str]:
    """The glossary abbreviations a page's text uses (with their definitions, if ``definitions``)."""
    return [repr(t) if definitions else t.abbr for t in project.glossary if t.abbr and t.abbr in text]


def compile_tree(
    project: Project,
    include_drafts: bool,
    notebooks: str = NOTEBOOKS_AS_SOURCE,
    print_page: bool = True,
    definitions: bool = True,
    lang: str = "",
) -> Tree:
    """The docs tree of the course as it will be published (or served, with drafts).

    ``definitions``: whether a page's fingerprint covers the hover definitions of the glossary
    terms it uses (see `_page_deps`). ``lang``: the site's language, for what the toolkit adds to
    a page (a module's overview, key points, notebook download links); by default each page's
    own (``index.es.md`` is Spanish, see :func:`coursekit.i18n.catalogue.page_language`)."""
    course = project.course
    tree = Tree()
    everything = _digest(course_digest(project), lang) if lang else course_digest(project)
    for source in docs_files(course):
        if source.path.suffix in (".yml", ".yaml"):
            continue  # data files (the glossary) are read by the project, not published
        if source.path.suffix == ".md":
            page = project.page(_read_from(project, tree, source.uri, source.path))
            tree.texts[source.uri] = page.text if page is not None else ""
            tree.deps[source.uri] = _page_deps(project, page, everything, definitions)
        else:
            tree.copies[source.uri] = _read_from(project, tree, source.uri, source.path)  # a localised image, in its language
    for module in course.modules:
        if module.draft and not include_drafts:
            tree.drafts.append(module.slug)
            continue
        _module(project, module, tree, notebooks, everything, definitions, lang)
    if print_page:
        tree.texts[trainer.PRINT_PAGE] = trainer.print_page(course, include_drafts, project=project, lang=lang or SOURCE)
        tree.deps[trainer.PRINT_PAGE] = _digest(
            everything, project.course.title, blocks.reads_fingerprint(project, ["banks"], "", everything), repr(project.glossary)
        )
    for hook in PAGE_HOOKS:
        for uri, text in hook(project, include_drafts).items():
            tree.texts[uri] = text
            tree.deps[uri] = _digest(everything, [repr(b.items) for b in project.banks])
    # The loader's features and the slide and print rules, derived from the block and feature declarations.
    tree.texts[features.REGISTRY_JS] = features.registry_js(project)
    tree.texts[features.REGISTRY_CSS] = features.registry_css(project)
    tree.nav = module_page.nav(course, include_drafts, project)
    if notebooks == NOTEBOOKS_AS_HTML:
        tree.nav = [_notebooks_as_pages(entry) for entry in tree.nav]
    for nav_hook in NAV_HOOKS:
        tree.nav = nav_hook(project, tree.nav)
    return tree


def _module(
    project: Project, module: Module, tree: Tree, notebooks: str, everything: str, definitions: bool = True, lang: str = ""
) -> None:
    course = project.course
    for source in module_files(module):
        uri, path = source.uri, source.path
        path = _read_from(project, tree, uri, path)
        if path.suffix == ".md":
            page = project.page(path)
            text = page.text if page is not None else ""
            if source.path == module.index and module.loaded and page is not None:
                head = text[: len(text) - len(page.body)] if text.endswith(page.body) else ""
                text = head + module_page.decorate(page.body, module, course, page, lang)
            tree.texts[uri] = text
            tree.deps[uri] = _page_deps(project, page, everything, definitions)
        elif path.suffix == ".ipynb" and notebooks == NOTEBOOKS_AS_HTML:
            stem = uri[: -len(".ipynb")]
            download, safe = f"{stem}/{source.path.name}", _inert_notebook(project, path)  # next to the page (as mkdocs-jupyter does)
            if safe is None:
                tree.copies[download] = path
            else:
                tree.texts[download] = safe
            tree.texts[stem + ".md"] = converted_notebook(project, path, lang or page_language(path))
        elif path.suffix == ".ipynb" and project.notebook(path) is None:
            tree.texts[uri] = unreadable_notebook(path)  # while serving: a page that says so, not a crash
        elif path.suffix == ".ipynb" and (safe := _inert_notebook(project, path)) is not None:
            tree.texts[uri] = safe  # outputs that could run script, made inert (coursekit.render.notebook_safe)
        else:
            tree.copies[uri] = path
    # Runnable notebook zips and template files, made from the module folder (coursekit.outputs.downloads).
    tree.copies.update(downloads.cached_downloads(module, project.root, project.downloads, project.sources, project.language))
    uri = f"{MODULES_DIR}/{module.slug}/{trainer.TRAINER_PAGE}"
    text = trainer.trainer_page(module, course, project, lang)  # all it shows is in its text, but for hover definitions
    tree.texts[uri] = text
    tree.deps[uri] = _digest(_terms_used(project, text, definitions))


def unreadable_notebook(path: Path) -> str:
    """A valid notebook that stands in for one that cannot be read (``course serve`` shows it, and the
    terminal says why with file:line; a build never gets here, because validation refuses first)."""
    text = (
        f"# {path.stem}\n\n"
        f"**This notebook cannot be read**, so the site cannot show it. The terminal where `course serve` runs (and "
        f"`course validate`) says why, with the file and line. Fix {path.name} and save it: this page comes back by itself."
    )
    cell = {"cell_type": "markdown", "metadata": {}, "source": text}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}, indent=1)


def _inert_notebook(project: Project, path: Path) -> str | None:
    """The notebook with its stored outputs made inert, when that changes anything (else None: copied as is)."""
    from coursekit.render.notebook_safe import inert

    data = project.notebook(path)
    if data is None:
        return None
    safe = inert(data)
    return json.dumps(safe, indent=1, ensure_ascii=False) + "\n" if safe != data else None


def _read_from(project: Project, tree: Tree, uri: str, path: Path) -> Path:
    """The file a page (or image) is read from: in a language's view (coursekit.translation.localize), its
    translation when there is one (``funnel.es.svg`` is served as ``funnel.svg`` on the Spanish pages, which
    keep the English image's name); the state of a page's translation is noted in the tree for its notice."""
    if project.language:
        state = project.translation_states.get(path)
        if state is not None:
            tree.translation[uri] = state
        return project.translated.get(path, path)
    return path


def _notebooks_as_pages(nav: object) -> object:
    """The nav with notebook entries ('x.ipynb') pointing at their rendered pages ('x.md')."""
    if isinstance(nav, list):
        return [_notebooks_as_pages(entry) for entry in nav]
    if isinstance(nav, dict):
        return {key: _notebooks_as_pages(value) for key, value in nav.items()}
    if isinstance(nav, str) and nav.endswith(".ipynb"):
        return nav[: -len(".ipynb")] + ".md"
    return nav


NOTEBOOK_LIBRARIES = ("nbconvert", "nbformat", "pygments", "bleach", "nh3")


def converted_notebook(project: Project, path: Path, lang: str = SOURCE) -> str:
    """:func:`notebook_markdown`, converted once per version of the notebook, the toolkit and nbconvert
    (the on-disk cache, :mod:`coursekit.outputs.cache`), not again in every build and language."""
    settings = {"libraries": cache.versions(*NOTEBOOK_LIBRARIES), "lang": lang}

    def make() -> dict[str, bytes]:
        return {"page": notebook_markdown(project, path, lang).encode()}

    made = cache.of(project.root).outputs(
        f"notebook-page:{path.relative_to(project.root).as_posix()}", settings, [path], project.sources.read, make
    )
    return made["page"].decode()


def notebook_markdown(project: Project, path: Path, lang: str = SOURCE) -> str:
    """A notebook as a Markdown page holding its HTML, rendered from its stored outputs (never run)."""
    import nbformat
    from nbconvert import HTMLExporter

    from coursekit.render.module_page import download_link
    from coursekit.render.notebook_html import clean
    from coursekit.render.notebook_safe import inert

    data = project.notebook(path)
    if data is None:
        return f"# {html.escape(path.stem)}\n\nThis notebook cannot be read; run `course validate`.\n"
    notebook = nbformat.reads(json.dumps(inert(data)), as_version=4)  # type: ignore[no-untyped-call]  # (joins list-of-lines sources)
    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True, exclude_anchor_links=True
    )
    body, _ = exporter.from_notebook_node(notebook)
    body = clean(f"<article>{body}</article>")[len("<article>") : -len("</article>")]
    title = path.stem
    for cell in notebook.cells:
        if cell.get("cell_type") == "markdown":
            for line in str(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    title = line[2:].strip()
                    break
            break
    meta = json.dumps({"title": title})
    return (
        f'---\ntitle: {meta[10:-1]}\n---\n\n{download_link(path.name, lang)}\n<div class="cq-notebook jupyter-wrapper">\n{body}\n</div>\n'
    )


def _same_bytes(target: Path, source: Path, sources: Sources | None) -> bool:
    """Whether ``target`` already holds ``source``'s bytes (a copy given a newer time than its source's)."""
    try:
        return target.read_bytes() == (sources.read(source) if sources is not None and sources.stamp(source) else source.read_bytes())
    except OSError:
        return False


@dataclass
class Writer:
    """Writes a tree into a folder, touching only what changed (kept between serve rebuilds)."""

    out: Path
    deps: dict[str, str] = field(default_factory=dict)
    nav: str = ""
    copied: dict[str, tuple[int, int]] = field(default_factory=dict)  # uri -> (mtime_ns, size) of the source copied
    again: bool = False  # a tree was written before (serving)

    def rewrite_all(self) -> None:
        """Rewrite every page on the next write (as when the navigation changes)."""
        self.nav = ""

    def write(self, tree: Tree, sources: Sources | None = None) -> set[str]:
        """Write ``tree``; returns the uris written. Pages whose dependencies changed are rewritten
        too (a new modification time), and every page when the navigation changed."""
        self.out.mkdir(parents=True, exist_ok=True)
        nav = json.dumps(tree.nav, sort_keys=True)
        all_pages = nav != self.nav
        self.nav = nav
        written: set[str] = set()
        for uri, text in tree.texts.items():
            target = self.out / uri
            data = text.encode("utf-8")
            same = target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data
            touched = all_pages or tree.deps.get(uri) != self.deps.get(uri)
            if not same or (touched and self.deps):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written.add(uri)
        for uri, source in tree.copies.items():
            target, replaced = self.out / uri, None
            stamp = sources.stamp(source) if sources is not None else None  # the version the project read
            if stamp is None:
                try:
                    st = source.stat()
                except OSError:
                    continue
                stamp = (st.st_mtime_ns, st.st_size)
            if target.is_file():
                done = self.copied.get(uri)
                if done is None:  # written by an earlier process, with the source's time
                    tt = target.stat()
                    done = (tt.st_mtime_ns, tt.st_size)
                if done == stamp or (done[0] > stamp[0] and done[1] == stamp[1] and _same_bytes(target, source, sources)):
                    if all_pages and self.again and uri.endswith(".ipynb"):
                        now = time.time_ns()  # a notebook page shows the navigation too: render it again
                        os.utime(target, ns=(now, now))
                    self.copied[uri] = stamp
                    continue
                replaced = done[0]
            target.parent.mkdir(parents=True, exist_ok=True)
            if sources is not None and sources.stamp(source) is not None:
                target.write_bytes(sources.read(source))  # already read by the project: not read again
            else:
                shutil.copyfile(source, target)
            # The first write keeps the source's time (the next process finds the copy up to date);
            # a later one (serving) gets a new time, so that MkDocs' dirty build renders the page
            # again even when the source was saved while the previous build ran.
            mtime = time.time_ns() if self.again else stamp[0]
            if replaced is not None and mtime <= replaced:
                # An older file now stands at this address (a localised image deleted: the English one is
                # back): a newer time, or MkDocs' dirty build would keep the copy it has.
                mtime = time.time_ns()
            os.utime(target, ns=(mtime, mtime))
            self.copied[uri] = stamp
            written.add(uri)
        self.deps = dict(tree.deps)
        self.again = True
        keep = tree.uris
        for path in sorted(self.out.rglob("*"), reverse=True):
            rel = path.relative_to(self.out).as_posix()
            if path.is_file() and rel not in keep:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                os.rmdir(path)
        return written
