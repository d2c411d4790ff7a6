"""One project model: the course, its modules with their parsed pages, quiz banks, glossary,
run sheets and notebooks, loaded once and validated once, then passed along.

``Project.load(root)`` reads the sources (each file once, through :class:`Sources`);
``coursekit.rules.validate.run(project)`` runs every rule once and returns the report; ``project.refresh()`` reloads
only what changed on disk (`course serve`). The validator returns a project, the MkDocs plugin
owns one for a build, and the Markdown extension receives it as a live object.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from coursekit.model import frontmatter, glossary
from coursekit.model.course import Course, Module, load_course
from coursekit.model.diagnostics import Diagnostic, Report
from coursekit.model.glossary import Term
from coursekit.model.languages import is_translation, translation
from coursekit.model.pageinfo import PageInfo, Parser
from coursekit.model.quiz import Bank, load_bank
from coursekit.model.session import Session
from coursekit.model.session import load as load_session
from coursekit.model.sources import Sources, escapes, is_junk
from coursekit.model.yamlsafe import MAX_BYTES

MAX_NOTEBOOK_BYTES = 20_000_000

Made = dict[str, tuple[object, dict[str, bytes]]]
"""Downloads a build made, by key: the stamp of what they were made from, and their files by name."""
T = TypeVar("T")


@dataclass
class Page:
    """A Markdown page (or a notebook's Markdown cells): its text, body and structure."""

    path: Path
    text: str
    body: str
    body_line: int  # the file line of the body's first line
    info: PageInfo

    def line(self, body_line: int) -> int:
        """The file line of a line of the body (0 stays 0: 'the whole file')."""
        return body_line + self.body_line - 1 if body_line else 0


@dataclass
class Project:
    root: Path
    sources: Sources = field(default_factory=Sources)
    report: Report = field(init=False)
    course: Course = field(init=False)
    banks: list[Bank] = field(default_factory=list)
    broken_banks: set[str] = field(default_factory=set)
    """Banks that exist but cannot be read: rules that depend on their items are skipped."""
    glossary: list[Term] = field(default_factory=list)
    sessions: dict[str, Session] = field(default_factory=dict)
    validated: bool = False
    validation_key: str = ""
    """The sha256 of everything validation read (coursekit.app.validate_for_build); '' when not validated for a build."""
    _pages: dict[Path, tuple[object, Page | None]] = field(default_factory=dict, repr=False)
    _notebooks: dict[Path, tuple[object, dict[str, Any] | None]] = field(default_factory=dict, repr=False)
    _notebook_pages: dict[Path, tuple[object, Page]] = field(default_factory=dict, repr=False)
    parser: Parser | None = field(default=None, repr=False)
    """Reads a page's structure (coursekit.render.pageparse.PageParser, handed in by coursekit.app)."""
    _reported: set[Path] = field(default_factory=set, repr=False)
    _listing: list[Path] = field(default_factory=list, repr=False)
    _loads: dict[str, tuple[tuple[object, ...], Any, list[Diagnostic], object]] = field(default_factory=dict, repr=False)
    downloads: Made = field(default_factory=dict, repr=False)  # what the build made for downloads (coursekit.outputs.downloads)
    # A view of the project in one language (coursekit.translation.localize); the source language has none of these.
    language: str = ""
    """The language of this view's pages ('' for the source language)."""
    translated: dict[Path, Path] = field(default_factory=dict, repr=False)
    """English file -> the translation its page is read from in this view's language."""
    translation_states: dict[Path, tuple[str, int]] = field(default_factory=dict, repr=False)
    """English file -> (state of its translation: current, outdated or missing; paragraphs changed)."""
    site_languages: tuple[str, ...] = ()
    """The languages of the site being built, source first (their pages link to each other)."""
    origin: Project | None = field(default=None, repr=False)
    """In a language's view, the source-language project it was made from: what is reloaded and
    validated (the rules read course.yml, the banks and the glossary as written, not as translated)."""

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, root: Path, sources: Sources | None = None, parser: Parser | None = None) -> Project:
        """Read the course at ``root``. Its pages are parsed with ``parser`` when first asked for
        (coursekit.app.open_project hands in the real one)."""
        project = cls(Path(root).resolve(), sources or Sources(), parser=parser)
        if project.sources.root is None:
            project.sources.root = project.root  # nothing outside the project (or in .git) is ever read
        project._listing = sorted(project.listing())
        project._load()
        return project

    def cached(self, key: str, paths: list[Path], extra: object, load: Callable[[Report], T]) -> T:
        """``load(report)``, or its earlier result (and problems) when none of ``paths`` changed."""
        hit = self._loads.get(key)
        if hit is not None:
            stamps, value, items, old_extra = hit
            if old_extra == extra and all(s is not None for s in stamps) and stamps == tuple(self.sources.stamp(p) for p in paths):
                self.report.extend(items)
                return value  # type: ignore[no-any-return]
        report = Report(self.root)
        value = load(report)
        self.report.extend(report.items)
        self._loads[key] = (tuple(self.sources.stamp(p) for p in paths), value, list(report.items), extra)
        return value

    def _load(self) -> None:
        self.report = Report(self.root)
        self.validated = False
        self._reported = set()
        manifest = self.root / "course.yml"
        indexes = sorted((self.root / "modules").glob("*/index.md"))
        self.course = self.cached(
            "course", [manifest, *indexes], tuple(self._listing), lambda report: load_course(self.root, report, self.sources)
        )
        for module in self.course.modules:
            if module.loaded or module.index.is_file():
                self._reported.add(module.index)  # the module loader reported its reading problems
        self.banks = []
        self.broken_banks = set()
        quizzes = self.course.quizzes_dir
        if quizzes.is_dir():
            for path in sorted(quizzes.iterdir()):
                if not path.is_file() or is_junk(path) or path.name.startswith("."):
                    continue
                if is_translation(path, self.course.languages):
                    continue  # a translated bank: read by its language's view (coursekit.translation.localize)
                if path.suffix in (".yml", ".yaml"):
                    bank = self.cached(f"bank:{path}", [path], None, partial(load_bank, path, sources=self.sources))
                    if bank is None:
                        self.broken_banks.add(path.stem)
                    else:
                        self.banks.append(bank)
                else:
                    self.report.add(path, 0, "only quiz banks (.yml) belong in quizzes/; move this file elsewhere", rule="bank-file")
        for module in self.course.modules:  # the course is cached by its pages; a bank may have changed since
            bank = self.bank(module.slug)
            module.quiz_items = len(bank.items) if bank else 0
        path = glossary.path_of(self.root)
        self.glossary = self.cached("glossary", [path], path.is_file(), lambda report: glossary.load(path, report, self.sources))
        self.sessions = {}
        for module in self.course.modules:
            where = module.dir / "session.yml"
            session = self.cached(f"session:{module.slug}", [where], where.is_file(), partial(load_session, module, sources=self.sources))
            if session is not None:
                self.sessions[module.slug] = session

    def refresh(self) -> set[Path]:
        """Reload what changed on disk since the last load; returns the changed (or new) files.

        Unchanged files are not read again and unchanged pages are not parsed again.
        """
        changed = self.sources.changed()
        listed = set(self.listing())
        # New since the last listing, even when already read: the problems report of the last rebuild
        # (serving) validates in the background and may read a file saved while it ran.
        added = listed - set(self._listing)
        removed = set(self._listing) - listed
        self._listing = sorted(listed)
        if changed or added or removed:
            self._load()
        return changed | added | removed

    def listing(self) -> list[Path]:
        """Every source file of the course (folders listed, nothing read)."""
        out = [self.root / "course.yml", *sorted(self.root.glob("course.*.yml"))]  # and its translations (course.es.yml)
        for folder in (self.root / "docs", self.root / "modules", self.root / "quizzes"):
            if folder.is_dir():
                out += [p for p in folder.rglob("*") if p.is_file() and not is_junk(p)]
        return out

    # -- lookups ---------------------------------------------------------------------------

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def session(self, module: Module) -> Session | None:
        return self.sessions.get(module.slug)

    def module_of(self, path: Path) -> Module | None:
        return next((m for m in self.course.modules if path.parent == m.dir or m.dir in path.parents), None)

    def text(self, path: Path, what: str = "the page", max_bytes: int = MAX_BYTES) -> str | None:
        """A file's text; a reading problem is reported once per project load."""
        content, problem, rule = self.sources.text(path, what, max_bytes)
        if problem and path not in self._reported:
            self.report.add(path, problem.line, problem.message, rule=rule, column=problem.column)
        self._reported.add(path)
        return content

    def mark_reported(self, path: Path) -> None:
        """The reading problem of ``path`` (if any) is already in the report."""
        self._reported.add(path)

    def page(self, path: Path) -> Page | None:
        """A Markdown page, parsed once per version (None when it cannot be read; reported once)."""
        stamp = self.sources.stamp(path)
        hit = self._pages.get(path)
        if hit is not None and stamp is not None and hit[0] == stamp:
            if hit[1] is None:
                self.text(path)  # report its reading problem again in this load (not read again)
            return hit[1]
        content = self.text(path)
        page = None
        if content is not None:
            _, body, body_line, _ = frontmatter.split(content)
            page = Page(path, content, body, body_line, self.parse(body))
        self._pages[path] = (self.sources.stamp(path), page)
        return page

    def notebook(self, path: Path) -> dict[str, Any] | None:
        """A notebook's JSON (None when it cannot be read or is not JSON; the notebook rule says why)."""
        stamp = self.sources.stamp(path)
        hit = self._notebooks.get(path)
        if hit is not None and stamp is not None and hit[0] == stamp:
            if hit[1] is None:
                self.text(path, "the notebook", MAX_NOTEBOOK_BYTES)
            return hit[1]
        content = self.text(path, "the notebook", MAX_NOTEBOOK_BYTES)
        data = None
        if content is not None:
            try:
                loaded = json.loads(content)
                data = loaded if isinstance(loaded, dict) else None
            except ValueError:
                data = None
        self._notebooks[path] = (self.sources.stamp(path), data)
        return data

    def notebook_page(self, path: Path) -> Page | None:
        """A notebook's Markdown cells as one page (line numbers count within them)."""
        data = self.notebook(path)
        if data is None:
            return None
        hit = self._notebook_pages.get(path)
        if hit is not None and hit[0] == self.sources.stamp(path):
            return hit[1]
        parts = []
        for cell in data.get("cells", []) if isinstance(data.get("cells"), list) else []:
            if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
                source = cell.get("source", "")
                parts.append("".join(source) if isinstance(source, list) else str(source))
        body = "\n\n".join(parts)
        page = Page(path, body, body, 1, self.parse(body))
        self._notebook_pages[path] = (self.sources.stamp(path), page)
        return page

    def parse(self, body: str) -> PageInfo:
        if self.parser is None:
            raise RuntimeError("this project has no page parser: load it with coursekit.app.open_project(root)")
        return self.parser.parse(body)

    def pages(self, include_drafts: bool = True) -> Iterator[Page]:
        """Every Markdown page of the course: docs/ pages, then module pages in course order."""
        docs = self.course.docs_dir
        languages = self.course.languages
        paths = (
            sorted(p for p in docs.rglob("*.md") if not is_junk(p) and not escapes(p, self.root) and not is_translation(p, languages))
            if docs.is_dir()
            else []
        )
        for module in self.course.visible_modules(include_drafts):
            paths += [p for p in module.pages if p.suffix == ".md"]
        for path in paths:
            page = self.page(path)
            if page is not None:
                yield page

    def translations_of(self, path: Path) -> list[tuple[str, Path]]:
        """(language, file) of each translation of the source file ``path`` that exists, in course order."""
        return [(lang, t) for lang in self.course.translated_languages if (t := translation(path, lang)).is_file()]

    def __iter__(self) -> Iterator[Any]:
        """``course, banks, report = validate(root)``: the shape the validator returned before."""
        return iter((self.course, self.banks, self.report))

    def __getitem__(self, index: int) -> Any:
        return (self.course, self.banks, self.report)[index]
