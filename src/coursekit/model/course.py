"""The course model: the course manifest (course.yml), its modules and their front matter."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.model import frontmatter
from coursekit.model import languages as i18n_languages
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import load_bank
from coursekit.model.schema import SOURCE_COMMIT, Field, check_map, text
from coursekit.model.sources import Sources, inside, is_junk
from coursekit.model.yamlsafe import MAX_BYTES, Node, read_file

MANIFEST = "course.yml"
WORKSHEETS_FILE = "worksheets.yml"  # in a module folder: the worksheets its pages can place (coursekit.render.worksheets)
MODULES_DIR = "modules"
QUIZZES_DIR = "quizzes"
DOCS_DIR = "docs"
MODULES_MARKER = "modules"
QUIZ_SECONDS_PER_ITEM = 45
"""Self-study time for one quiz item: read it, answer, read the feedback. Every study time the
course states (module pages, course map, schedule) includes the quiz at this rate."""


def quiz_minutes(items: int) -> int:
    """Self-study minutes for a quiz of ``items`` items, rounded up to a whole minute."""
    return math.ceil(items * QUIZ_SECONDS_PER_ITEM / 60)


TRAINER_NOTES_MARKER = "trainer-notes"
PRINT_MARKER = "print"
NAV_MARKERS = (MODULES_MARKER, TRAINER_NOTES_MARKER, PRINT_MARKER)
SLUG_RE = re.compile(r"^(\d{2,3})-[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATUSES = ("draft", "published")
PLACEHOLDER = "[FILL IN"

COURSE_FIELDS = (
    Field("title", str, required=True, help="the course title"),
    Field("description", str),
    Field("copyright", str, help="the footer line of every page: the licence and where facts are cited"),
    Field("modules", list, required=True, help="module folder names in course order"),
    Field("nav", list, help="navigation parts: '- Part title: [page.md, ...]' or '- Modules: modules'"),
    Field(
        "mastery",
        int,
        help="the first-attempt quiz score, in percent, at which a module counts as mastered (progress, certificate) and passed in an LMS (SCORM); default 80",
    ),
    Field("languages", list, help="the course's languages, source first, e.g. '[en, es, ca, fr]' (see the editor guide)"),
    Field("translations", dict, help="translation settings, e.g. '{strict_outdated: false}'"),
)
COURSE_TEXT_FIELDS = (
    SOURCE_COMMIT,
    Field("title", str, help="the course title in this language"),
    Field("description", str, help="the course description in this language"),
    Field("copyright", str, help="the footer line in this language"),
    Field("nav", dict, help="each navigation part's title in this language, by its English title: 'Start: Inicio'"),
)
"""A translation of course.yml (``course.es.yml``): only its words; the module order and the rest stay in course.yml."""
TRANSLATIONS_FIELDS = (Field("strict_outdated", bool, help="true: `course validate --strict` fails on an outdated translation"),)
DEFAULT_MASTERY = 80
MODULE_FIELDS = (
    Field("title", str, required=True),
    Field("summary", str, required=True, help="one or two sentences on what the learner will be able to do"),
    Field("status", str, choices=STATUSES),
    Field("minutes", dict, required=True, help="'teaching:' and 'exercises:' in whole minutes"),
    Field("questions", list),
    Field("objectives", list, required=True, help="a list of '- id: ...' and 'text: ...' entries"),
    Field("prerequisites", list),
    Field("keypoints", list),
)
MINUTES_FIELDS = (
    Field("teaching", int, required=True, help="whole minutes of teaching"),
    Field("exercises", int, required=True, help="whole minutes of exercises"),
)
OBJECTIVE_FIELDS = (
    Field("id", str, required=True, help="lowercase words joined by hyphens"),
    Field("text", str, required=True, help="a sentence that starts with an action verb"),
)


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    line: int
    text_line: int = 0


@dataclass
class Module:
    slug: str
    dir: Path
    title: str = ""
    summary: str = ""
    status: str = "published"
    teaching: int = 0
    exercises: int = 0
    questions: list[str] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    prerequisites: list[str] = field(default_factory=list)
    keypoints: list[str] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    loaded: bool = False
    quiz_items: int = 0
    """Items in the module's quiz bank (counted by load_course; the project updates it when a bank changes)."""
    languages: tuple[str, ...] = ()  # the course's languages: their translations are not pages of this module

    @property
    def index(self) -> Path:
        return self.dir / "index.md"

    @property
    def number(self) -> int:
        match = SLUG_RE.match(self.slug)
        return int(match.group(1)) if match else 0

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def minutes(self) -> int:
        """Teaching and exercises, as the front matter plans them (without the quiz)."""
        return self.teaching + self.exercises

    @property
    def quiz(self) -> int:
        """Minutes for the module's quiz (:func:`quiz_minutes`)."""
        return quiz_minutes(self.quiz_items)

    @property
    def study_minutes(self) -> int:
        """The whole self-study time: teaching, exercises and the quiz."""
        return self.minutes + self.quiz

    def objective(self, objective_id: str) -> Objective | None:
        return next((o for o in self.objectives if o.id == objective_id), None)

    def src_uri(self, page: Path) -> str:
        """The page's path in the site's virtual docs tree."""
        return f"{MODULES_DIR}/{self.slug}/{page.relative_to(self.dir).as_posix()}"


@dataclass
class NavPart:
    title: str
    pages: list[str]  # docs-relative paths, or [MODULES_MARKER]
    line: int


@dataclass
class Course:
    root: Path
    title: str = ""
    description: str = ""
    copyright: str = ""
    """The footer line of every page (the engine's own setting is replaced by it)."""
    modules: list[Module] = field(default_factory=list)
    nav: list[NavPart] = field(default_factory=list)
    nav_titles: dict[str, str] = field(default_factory=dict)
    """In a language's view of the course (course.<lang>.yml): navigation part titles by their English title."""
    lines: dict[str, int] = field(default_factory=dict)
    mastery: int = DEFAULT_MASTERY
    """Percent of a module's quiz right on the first attempt for the module to count as mastered."""
    module_list_broken: bool = False
    """'modules:' is there but is not a list (its error is reported once)."""
    languages: tuple[str, ...] = ()
    """The declared languages, source first (empty: one language, English)."""
    strict_outdated: bool = False
    """Whether `course validate --strict` fails on an outdated translation."""

    @property
    def source_language(self) -> str:
        return self.languages[0] if self.languages else "en"

    @property
    def translated_languages(self) -> tuple[str, ...]:
        return self.languages[1:]

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    @property
    def docs_dir(self) -> Path:
        return self.root / DOCS_DIR

    @property
    def modules_dir(self) -> Path:
        return self.root / MODULES_DIR

    @property
    def quizzes_dir(self) -> Path:
        return self.root / QUIZZES_DIR

    def module(self, slug: str) -> Module | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def visible_modules(self, include_drafts: bool) -> list[Module]:
        return [m for m in self.modules if include_drafts or not m.draft]

    def export_modules(self, slug: str | None, report: Report) -> list[Module]:
        """What an export (question banks, SCORM) covers: the published modules in course order, or
        the one published module ``slug``. An unknown or draft ``slug`` is an error in ``report``,
        at course.yml's module list, naming the modules to choose from."""
        published = self.visible_modules(include_drafts=False)
        if slug is None:
            return published
        found = next((m for m in published if m.slug == slug), None)
        if found is None:
            report.add(
                self.manifest,
                self.lines.get("modules", 0),
                f"no published module '{slug}' in the course; choose one of: {', '.join(m.slug for m in published)}",
                rule="export",
            )
            return []
        return [found]

    def bank_path(self, bank_id: str) -> Path:
        return self.quizzes_dir / f"{bank_id}.yml"

    @property
    def minutes(self) -> int:
        """Self-study time of the published modules, quizzes included."""
        return sum(m.study_minutes for m in self.modules if not m.draft)


def load_course(root: Path, report: Report | None = None, sources: Sources | None = None) -> Course:
    """Load course.yml and every module it lists. Problems go to ``report``; files are read through ``sources``."""
    report = report or Report(root)
    sources = sources or Sources()
    course = Course(root)
    if not course.manifest.is_file():
        return course  # the validator says so, once
    node, problems, _ = read_file(course.manifest, MANIFEST, sources.read)
    for p in problems:
        report.add(course.manifest, p.line, p.message, rule="yaml", column=p.column)
    if node is None:
        return course
    top = check_map(node, COURSE_FIELDS, report, course.manifest, MANIFEST, "course-keys")
    course.lines = dict(node.key_lines)
    # 'modules' that is there but is not a list (one string, a map): its error is reported once by
    # check_map, and the rules that need the module order are skipped instead of echoing it.
    course.module_list_broken = node.is_map and "modules" in node.value and "modules" not in top
    course.title = text(top.get("title"))
    course.description = text(top.get("description"))
    course.copyright = text(top.get("copyright")).strip()
    if "mastery" in top:
        mastery = top["mastery"].value
        if 0 < mastery <= 100:
            course.mastery = mastery
        else:
            report.add(
                course.manifest,
                top["mastery"].line,
                f"mastery must be a percentage from 1 to 100, not {mastery}; e.g. 'mastery: 80'",
                rule="course-keys",
            )
    _languages(top, course, report)
    seen: set[str] = set()
    for entry in top["modules"].value if "modules" in top else []:
        slug = str(entry.value).strip() if not (entry.is_map or entry.is_list) else ""
        if not SLUG_RE.match(slug):
            report.add(
                course.manifest,
                entry.line,
                f"'{slug or entry.plain()}' is not a module folder name; use NN-words-with-hyphens, e.g. 03-target-markets",
                rule="course-order",
            )
            continue
        if slug in seen:
            report.add(course.manifest, entry.line, f"module '{slug}' is listed twice; keep one", rule="course-order")
            continue
        seen.add(slug)
        module = Module(slug, course.modules_dir / slug, lines={"order": entry.line}, languages=course.languages)
        if not module.dir.is_dir():
            report.add(
                course.manifest,
                entry.line,
                f"module '{slug}' is listed but {MODULES_DIR}/{slug}/ does not exist; fix the name if the folder was renamed, "
                f'or remove the line (`course new-module "Title"` creates a new module and lists it for you)',
                rule="course-order",
            )
            continue
        load_module(module, report, sources)
        module.quiz_items = _quiz_items(course.bank_path(slug), root, sources)
        course.modules.append(module)
    for part in top["nav"].value if "nav" in top else []:
        _nav_part(part, course, report)
    return course


@dataclass
class CourseTexts:
    """The words of course.yml in one language (``course.es.yml``): the title, the description, the
    footer line and the navigation parts' titles by their English title; what is not given stays English."""

    title: str = ""
    description: str = ""
    copyright: str = ""
    nav: dict[str, str] = field(default_factory=dict)
    nav_lines: dict[str, int] = field(default_factory=dict)


def load_course_texts(path: Path, report: Report, sources: Sources) -> CourseTexts | None:
    """A translation of course.yml's words (see :data:`COURSE_TEXT_FIELDS`); None when it cannot be read."""
    node, problems, _ = read_file(path, path.name, sources.read)
    for p in problems:
        report.add(path, p.line, p.message, rule="yaml", column=p.column)
    if node is None:
        return None
    top = check_map(node, COURSE_TEXT_FIELDS, report, path, path.name, "translation")
    out = CourseTexts(text(top.get("title")).strip(), text(top.get("description")).strip(), text(top.get("copyright")).strip())
    if "nav" in top:
        parts = top["nav"]
        for english, value in parts.value.items():
            line = parts.key_lines.get(english, value.line)
            if value.is_map or value.is_list or not str(value.value or "").strip():
                report.add(
                    path, line, f"nav part '{english}' needs its title in this language as text, e.g. '{english}: ...'", rule="translation"
                )
                continue
            out.nav[str(english)] = str(value.value).strip()
            out.nav_lines[str(english)] = line
    return out


def _quiz_items(path: Path, root: Path, sources: Sources) -> int:
    """The number of items in a module's bank, for its study time. The bank's own problems are
    reported where the banks are validated, so they go to a throw-away report here."""
    if not path.is_file():
        return 0
    bank = load_bank(path, Report(root), sources)
    return len(bank.items) if bank else 0


def _languages(top: dict[str, Node], course: Course, report: Report) -> None:
    """``languages:`` (codes, source first, no repeats) and ``translations:`` of course.yml."""
    codes: list[str] = []
    for entry in top["languages"].value if "languages" in top else []:
        code = str(entry.value).strip() if not (entry.is_map or entry.is_list) else ""
        if not i18n_languages.LANG_RE.match(code) or code in codes:
            why = "is listed twice" if code in codes else "is not a language code"
            report.add(
                course.manifest,
                entry.line,
                f"'{code or entry.plain()}' {why}; list each language once as its ISO 639-1 code, source first, e.g. 'languages: [en, es, ca, fr]'",
                rule="course-keys",
            )
            continue
        codes.append(code)
    course.languages = tuple(codes)
    if "translations" in top:
        settings = check_map(top["translations"], TRANSLATIONS_FIELDS, report, course.manifest, "'translations'", "course-keys")
        course.strict_outdated = bool(settings["strict_outdated"].value) if "strict_outdated" in settings else False


def _nav_part(node: Node, course: Course, report: Report) -> None:
    if not node.is_map or len(node.value) != 1:
        report.add(
            course.manifest,
            node.line,
            "each nav entry must be one 'Part title: [page.md, ...]' or 'Modules: modules' line",
            rule="course-nav",
        )
        return
    ((title, value),) = node.value.items()
    if isinstance(value.value, str):
        pages = [value.value]
    elif value.is_list and all(isinstance(v.value, str) for v in value.value):
        pages = [v.value for v in value.value]
    else:
        report.add(course.manifest, value.line, f"nav part '{title}' must list page paths", rule="course-nav")
        return
    course.nav.append(NavPart(title, pages, node.line))


def read_text(path: Path, what: str, report: Report, max_bytes: int = MAX_BYTES, sources: Sources | None = None) -> str | None:
    """A file's text; a problem (unreadable, binary, not UTF-8, too large) goes to ``report``."""
    content, problem, rule = (sources or Sources()).text(path, what, max_bytes)
    if problem:
        report.add(path, problem.line, problem.message, rule=rule, column=problem.column)
    return content


def page_text(path: Path, sources: Sources | None = None) -> str | None:
    """A page's text, or None when it cannot be read (the check that reads it first reports why)."""
    return (sources or Sources()).text(path, "the page", MAX_BYTES)[0]


def load_module(module: Module, report: Report, sources: Sources | None = None) -> None:
    """Fill ``module`` from its index.md front matter and the files in its folder."""
    module.pages = module_pages(module.dir, module.languages)
    if not module.index.is_file():
        other = next((p for p in module.pages if p.name.lower() == "index.md"), None) if module.dir.is_dir() else None
        if other is not None:
            report.add(
                other,
                0,
                f"the module's first page must be named index.md (lower case); rename {other.name} to index.md, "
                f"e.g. `git mv {MODULES_DIR}/{module.slug}/{other.name} {MODULES_DIR}/{module.slug}/index.md`",
                rule="module-index",
            )
            return
        report.add(module.dir, 0, f"module '{module.slug}' has no index.md; add one with the module's front matter", rule="module-index")
        return
    module.loaded = read_module_meta(module, module.index, report, sources)


def read_module_meta(
    module: Module, index: Path, report: Report, sources: Sources | None = None, fields: tuple[Field, ...] = MODULE_FIELDS
) -> bool:
    """Fill ``module`` from the front matter of ``index`` (its index.md, or a translation of it,
    read with ``fields``); returns whether it could be read."""
    content = read_text(index, "the page", report, sources=sources)
    if content is None:
        return False
    page = frontmatter.parse(content)
    for p in page.problems:
        report.add(index, p.line, p.message, rule="yaml", column=p.column)
    if page.meta is None:
        if not page.problems:
            report.add(
                index,
                1,
                "the module page has no front matter; start it with a '---' block holding title, summary, "
                "minutes and objectives (see the editor guide)",
                rule="module-keys",
            )
        return False
    meta = check_map(page.meta, fields, report, index, "the module front matter", "module-keys")
    module.lines.update(page.meta.key_lines)
    module.title = text(meta.get("title")).strip()
    module.summary = text(meta.get("summary")).strip()
    module.status = text(meta.get("status"), "published")
    if "minutes" in meta:
        minutes = check_map(meta["minutes"], MINUTES_FIELDS, report, index, "'minutes'", "module-timing")
        module.teaching = int(minutes["teaching"].value) if "teaching" in minutes else 0
        module.exercises = int(minutes["exercises"].value) if "exercises" in minutes else 0
    module.questions = _strings(meta.get("questions"), "questions", module, report)
    module.keypoints = _strings(meta.get("keypoints"), "keypoints", module, report)
    module.prerequisites = _strings(meta.get("prerequisites"), "prerequisites", module, report)
    for raw in meta["objectives"].value if "objectives" in meta else []:
        obj = check_map(raw, OBJECTIVE_FIELDS, report, index, "an objective", "objective-keys")
        if "id" in obj and "text" in obj:
            module.objectives.append(
                Objective(text(obj["id"]).strip(), text(obj["text"]).strip(), raw.line, raw.key_lines.get("text", raw.line))
            )
    return True


def _strings(node: Node | None, key: str, module: Module, report: Report) -> list[str]:
    if node is None:
        return []
    out = []
    for entry in node.value:
        if entry.is_map or entry.is_list or entry.value is None:
            report.add(module.index, entry.line, f"each entry of '{key}' must be one line of text", rule="module-keys")
            continue
        out.append(str(entry.value).strip())
    return out


def module_pages(directory: Path, languages: tuple[str, ...] = ()) -> list[Path]:
    """index.md first, then other Markdown pages by name, then notebooks by name (not their translations)."""
    if not directory.is_dir():
        return []
    files = [
        p
        for p in directory.iterdir()
        if p.is_file() and not is_junk(p) and not p.name.startswith(".") and not i18n_languages.is_translation(p, languages)
    ]
    files = inside(files, directory.parent.parent)  # links out of the project are never pages
    index = [p for p in files if p.name == "index.md"]
    md = sorted(p for p in files if p.suffix == ".md" and p.name != "index.md")
    nb = sorted(p for p in files if p.suffix == ".ipynb")
    return index + md + nb


def page_title(path: Path, sources: Sources | None = None) -> str:
    """A page's title: front matter title, else its first '# ' heading, else its file name."""
    raw, _, _ = (sources or Sources()).text(path, "the page", 20_000_000)
    if raw is None:
        return path.stem
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(raw).get("cells", [])
        except (ValueError, AttributeError):
            return path.stem
        for cell in cells:
            if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
                source = cell.get("source", "")
                source = "".join(source) if isinstance(source, list) else str(source)
                for line in source.splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
        return path.stem
    page = frontmatter.parse(raw)
    if page.meta is not None and page.meta.is_map and "title" in page.meta.value:
        return str(page.meta.value["title"].value)
    for line in page.body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()
