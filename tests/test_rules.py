"""Every validation rule, table-driven, on a copy of the fixture course.

Each case breaks the course the way an editor would, and asserts the file, line, severity and
message of the rule's diagnostic. Then it applies the edit that the message's fix hint asks for,
validates again and asserts that the problem is gone (and that no error is left). Two more tests
read the source: every rule name and every ``report.add`` call site must be reached by a case.
"""

from __future__ import annotations

import ast
import contextlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE, ROOT, make_course

from coursekit.app import validate
from coursekit.i18n import catalogue
from coursekit.model import diagnostics
from coursekit.model.diagnostics import Diagnostic

BANK = "quizzes/01-alpha.yml"
PAGE = "modules/01-alpha/index.md"
SESSION = "modules/01-alpha/session.yml"
NOTEBOOK = "modules/01-alpha/scoring.ipynb"
GLOSSARY = "docs/glossary.yml"
PAGE_ES = "modules/01-alpha/index.es.md"  # the Spanish overlay (tests/fixtures/translations)
BANK_ES = "quizzes/01-alpha.es.yml"
GLOSSARY_ES = "docs/glossary.es.yml"
INDEX_ES = "docs/index.es.md"
NOTEBOOK_ES = "modules/01-alpha/scoring.es.ipynb"  # a Spanish notebook: the English one, saved under its name
SRC = ROOT / "src" / "coursekit"
ES_MESSAGES = (SRC / "i18n" / "messages" / "es.yml").as_posix()  # outside the course: named by its full path


def _toolkit_files() -> list[Path]:
    """The toolkit's modules in every layer, except the export package (another command)."""
    return [p for p in sorted(SRC.rglob("*.py")) if "export" not in p.relative_to(SRC).parts]


Step = Callable[[Path], object]  # what a step returns is not used


def original(file: str) -> bytes:
    return (FIXTURE / file).read_bytes()


def R(file: str, old: str, new: str) -> Step:
    """Replace ``old`` (which must be there) by ``new`` in ``file``."""

    def step(root: Path) -> None:
        path = root / file
        content = path.read_text(encoding="utf-8")
        assert old in content, f"{old!r} not in {file}"
        path.write_text(content.replace(old, new, 1), encoding="utf-8")

    return step


def W(file: str, data: bytes | str) -> Step:
    def step(root: Path) -> None:
        path = root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return step


def LINK(file: str, target: Path) -> Step:
    """A symbolic link at ``file`` to ``target`` (outside the course)."""

    def step(root: Path) -> None:
        (root / file).symlink_to(target)

    return step


def RESTORE(file: str) -> Step:
    return W(file, original(file))


def DELETE(file: str) -> Step:
    def step(root: Path) -> None:
        path = root / file
        shutil.rmtree(path) if path.is_dir() else path.unlink()

    return step


def NB(change: Callable[[dict[str, Any]], object], file: str = NOTEBOOK) -> Step:
    """Change the notebook's JSON; with ``file``, the changed notebook is saved there (a translation, say)."""

    def step(root: Path) -> None:
        path = root / file
        data = json.loads((root / NOTEBOOK).read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")

    return step


def MOVE(old: str, new: str) -> Step:
    def step(root: Path) -> None:
        (root / old).rename(root / new)

    return step


def ALL(*steps: Step) -> Step:
    def step(root: Path) -> None:
        for s in steps:
            s(root)

    return step


def SPANISH(root: Path) -> None:
    """course.yml declares English and Spanish, and the Spanish translations are copied in."""
    shutil.copytree(FIXTURE.parent / "translations", root, dirs_exist_ok=True)
    R("course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es]")(root)


def _git(root: Path, *args: str) -> str:
    command = ["git", "-C", str(root), "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false"]
    return subprocess.run([*command, *args], capture_output=True, text=True, check=True).stdout.strip()


def COMMIT(message: str) -> Step:
    """Commit every change to the files git knows."""

    def step(root: Path) -> None:
        _git(root, "commit", "-qam", message)

    return step


def SOURCE_COMMIT(file: str, commit: str | None) -> Step:
    """Set (or, with None, remove) the ``source_commit`` line of the translation ``file``."""

    def step(root: Path) -> None:
        path = root / file
        line = "" if commit is None else f"source_commit: {commit}\n"
        path.write_text(re.sub(r"(?m)^source_commit: .*\n", line, path.read_text(encoding="utf-8")), encoding="utf-8")

    return step


def LAST_COMMIT_OF(english: str, file: str) -> Step:
    """Record in the translation ``file`` the English file's last commit (git log -1 --format=%H -- ENGLISH),
    replacing its source_commit line or adding one at the top of the file or of the front matter."""

    def step(root: Path) -> None:
        commit = _git(root, "log", "-1", "--format=%H", "--", english)
        path = root / file
        content = path.read_text(encoding="utf-8")
        if "source_commit: " in content:
            SOURCE_COMMIT(file, commit)(root)
        else:
            top = "---\n" if content.startswith("---\n") else ""
            path.write_text(f"{top}source_commit: {commit}\n{content[len(top) :]}", encoding="utf-8")

    return step


def SVG_COMMIT_OF(english: str, file: str) -> Step:
    """Record in the localised SVG ``file`` the English image's last commit, in a comment after its <svg> tag."""

    def step(root: Path) -> None:
        commit = _git(root, "log", "-1", "--format=%H", "--", english)
        path = root / file
        head, tag, rest = path.read_text(encoding="utf-8").partition(">")
        path.write_text(f"{head}{tag}<!-- source_commit: {commit} -->{rest}", encoding="utf-8")

    return step


def GIT(root: Path) -> None:
    """The course becomes a git repository with one commit, and its translations record that commit."""
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "The course and its Spanish translations")
    head = _git(root, "rev-parse", "HEAD")
    for path in (FIXTURE.parent / "translations").rglob("*.*"):
        SOURCE_COMMIT(path.relative_to(FIXTURE.parent / "translations").as_posix(), head)(root)


def _big_output(size: int) -> Callable[[dict[str, Any]], object]:
    image = {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * size, "text/plain": ["<Figure>"]}}
    return lambda data: data["cells"][1]["outputs"].append(image)


def _no_outputs(data: dict[str, Any]) -> None:
    data["cells"][1]["outputs"] = []
    data["cells"][1]["execution_count"] = None


@contextlib.contextmanager
def unreadable(file: str) -> Iterator[None]:
    """The file cannot be read (as when its permissions forbid it; the tests may run as root)."""
    from coursekit.model.sources import Sources

    real = Sources.read

    def read(self: Sources, path: Path, limit: int = -1) -> bytes:
        if Path(path).as_posix().endswith(file):
            raise PermissionError(13, "Permission denied")
        return real(self, path, limit)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Sources, "read", read)
        yield


def export_of(module: str) -> Callable[[Path], list[Diagnostic]]:
    """What `course export --module MODULE` reports about the module it is asked for."""

    def check(root: Path) -> list[Diagnostic]:
        project = validate(root)
        project.course.export_modules(module, project.report)
        return project.report.sorted()

    return check


@dataclass(frozen=True)
class Case:
    rule: str
    path: str
    line: int
    words: str
    breaks: Step
    fix: Step | None  # the edit the message's hint asks for
    severity: str = "error"
    during: Callable[[], contextlib.AbstractContextManager[None]] = contextlib.nullcontext
    look: str = field(default="")  # when no edit can fix it: what the message tells the editor to look at
    check: Callable[[Path], list[Diagnostic]] | None = None  # another command than `course validate` reports it


SEGMENT = "  - minutes: 20\n    title: Exercise\n"
BUNDLE_LINE = (ROOT / "docs/assets/glossary.js").read_text(encoding="utf-8").split("export function start()")[0].count("\n") + 1
FEATURE_LINE = (ROOT / "docs/assets/quiz.js").read_text(encoding="utf-8").split("/* @feature")[0].count("\n") + 1
SHEETS = "modules/01-alpha/spreadsheets.yml"


def TRACKING(constants: str) -> Step:
    """A notebook worksheet 'tracking' in module 01 that gives ``constants``."""
    return W("modules/01-alpha/worksheets.yml", f"tracking:\n  title: Tracking\n  notebook: scoring.ipynb\n  constants: [{constants}]\n")


HERE = "## Check your understanding\n"  # where the block cases insert their block
ES_HERE = "## Compruebe lo que ha aprendido {#check-your-understanding}\n"  # the same place in the Spanish page
SMALLER_MARKET = '      - text: El mercado es algo más pequeño.\n        feedback: "No: el tamaño es un criterio de puntuación."\n'
ORGANISATION_TERM = (
    "  - term: Organización de clúster\n"
    "    id: cluster-organisation\n"
    "    definition: El organismo que gestiona las actividades compartidas de un clúster.\n"
    "    source: https://clustercollaboration.eu/cluster-definitions\n"
)
FUNNEL_ES_PATH = "modules/01-alpha/funnel.es.svg"
FUNNEL_UNRECORDED = (  # the fixture's diagram with its words in Spanish
    original("modules/01-alpha/funnel.svg")
    .decode()
    .replace(">Funnel<", ">Embudo<")
    .replace("Many markets narrow to one.", "Muchos mercados se reducen a uno.")
)
FUNNEL_ES = FUNNEL_UNRECORDED.replace("<title>", "<!-- source_commit: 37db7401a6a525a215afa129e19c66388f64c167 --><title>")


@contextlib.contextmanager
def spanish_messages(changes: dict[str, str | None]) -> Iterator[None]:
    """The Spanish message file as read with ``changes`` (None: the key left out), as a translation
    that fell behind, or a message left in English."""
    loaded = catalogue._load

    def load(lang: str) -> dict[str, catalogue.Message]:
        table = loaded(lang)
        if lang != "es":
            return table
        table = {k: v for k, v in table.items() if changes.get(k, v) is not None}
        return {**table, **{k: v for k, v in changes.items() if v is not None}}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catalogue, "_load", load)
        catalogue.raw.cache_clear()
        catalogue.messages.cache_clear()
        try:
            yield
        finally:
            patch.undo()
            catalogue.raw.cache_clear()
            catalogue.messages.cache_clear()


CASES: dict[str, Case] = {
    # course.yml
    "course-yaml": Case(
        "yaml",
        "course.yml",
        2,
        "the '[' that opens here is never closed",
        R("course.yml", "title: Fixture course", "title: [Fixture course"),
        RESTORE("course.yml"),
    ),
    "course-missing": Case("course-order", "course.yml", 0, "course.yml is missing", DELETE("course.yml"), RESTORE("course.yml")),
    "course-unknown-key": Case(
        "course-keys",
        "course.yml",
        3,
        "unknown key 'titel' in course.yml (did you mean 'title'?)",
        ALL(R("course.yml", "title: Fixture course", "title: Fixture course\ntitel: x")),
        R("course.yml", "titel: x\n", ""),
    ),
    "course-modules-one-string": Case(
        "course-keys",
        "course.yml",
        3,
        "'modules' in course.yml must be a list (module folder names in course order), not '01-alpha 02-beta'",
        R("course.yml", "modules:\n  - 01-alpha\n  - 02-beta\n", "modules: 01-alpha 02-beta\n"),
        R("course.yml", "modules: 01-alpha 02-beta\n", "modules:\n  - 01-alpha\n  - 02-beta\n"),
    ),
    "course-languages-repeated": Case(
        "course-keys",
        "course.yml",
        3,
        "'es' is listed twice; list each language once as its ISO 639-1 code, source first, e.g. 'languages: [en, es, ca, fr]'",
        R("course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es, es]"),
        R("course.yml", "languages: [en, es, es]", "languages: [en, es]"),
    ),
    "course-languages-not-a-code": Case(
        "course-keys",
        "course.yml",
        3,
        "'Spanish' is not a language code; list each language once as its ISO 639-1 code",
        R("course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, Spanish]"),
        R("course.yml", "languages: [en, Spanish]", "languages: [en, es]"),
    ),
    "site-name-differs": Case(
        "site-name",
        "mkdocs.yml",
        1,
        "site_name 'Fixture course' differs from the course title 'Renamed course' in course.yml; the site shows the title "
        "from course.yml everywhere (header, print page, certificate), so write 'site_name: Renamed course' here too",
        R("course.yml", "title: Fixture course", "title: Renamed course"),
        R("mkdocs.yml", "site_name: Fixture course", "site_name: Renamed course"),
        severity="warning",
    ),
    # course.es.yml: the course's words in Spanish (title, description, nav part titles by their English title)
    "translation-course-nav": Case(
        "translation",
        "course.es.yml",
        3,
        "nav part 'Resource' is not a part of course.yml's nav; key each title by its English title (Start, Modules, Resources)",
        ALL(
            R("course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es]"),
            W("course.es.yml", f"source_commit: {'0' * 40}\nnav:\n  Resource: Recursos\n"),
        ),
        R("course.es.yml", "Resource:", "Resources:"),
    ),
    "translation-course-nav-text": Case(
        "translation",
        "course.es.yml",
        3,
        "nav part 'Start' needs its title in this language as text, e.g. 'Start: ...'",
        ALL(
            R("course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es]"),
            W("course.es.yml", f"source_commit: {'0' * 40}\nnav:\n  Start: [Empezar]\n"),
        ),
        R("course.es.yml", "[Empezar]", "Empezar"),
    ),
    "translation-course-yaml": Case(
        "yaml",
        "course.es.yml",
        2,
        "the '[' that opens here is never closed",
        ALL(
            R("course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es]"),
            W("course.es.yml", f"source_commit: {'0' * 40}\ntitle: [Curso de prueba\n"),
        ),
        R("course.es.yml", "[Curso", "Curso"),
    ),
    "course-mastery": Case(
        "course-keys",
        "course.yml",
        3,
        "mastery must be a percentage from 1 to 100, not 150; e.g. 'mastery: 80'",
        R("course.yml", "title: Fixture course\n", "title: Fixture course\nmastery: 150\n"),
        R("course.yml", "mastery: 150", "mastery: 80"),
    ),
    # `course export --module`: a draft or unknown module (the fix is in the command, not a file)
    "export-draft-module": Case(
        "export",
        "course.yml",
        3,
        "no published module '02-beta' in the course; choose one of: 01-alpha",
        lambda root: None,
        None,
        look="choose one of",
        check=export_of("02-beta"),
    ),
    "course-bad-slug": Case(
        "course-order",
        "course.yml",
        6,
        "'Gamma' is not a module folder name",
        R("course.yml", "  - 02-beta\n", "  - 02-beta\n  - Gamma\n"),
        R("course.yml", "  - Gamma\n", ""),
    ),
    "course-listed-twice": Case(
        "course-order",
        "course.yml",
        6,
        "module '01-alpha' is listed twice; keep one",
        R("course.yml", "  - 02-beta\n", "  - 02-beta\n  - 01-alpha\n"),
        R("course.yml", "  - 02-beta\n  - 01-alpha\n", "  - 02-beta\n"),
    ),
    "course-folder-missing": Case(
        "course-order",
        "course.yml",
        6,
        "modules/03-gamma/ does not exist; fix the name if the folder was renamed, or remove the line",
        R("course.yml", "  - 02-beta\n", "  - 02-beta\n  - 03-gamma\n"),
        R("course.yml", "  - 03-gamma\n", ""),
    ),
    "course-folder-not-listed": Case(
        "course-order",
        "course.yml",
        3,
        "modules/03-gamma/ is not in the course order; add '- 03-gamma' under 'modules:', or delete the folder if it is left over",
        W("modules/03-gamma/notes.txt", "old notes"),
        DELETE("modules/03-gamma"),
    ),
    "course-number-twice": Case(
        "course-order",
        "course.yml",
        4,
        "module number 1 is used by more than one module; give each module its own number",
        ALL(
            R("course.yml", "  - 02-beta\n", "  - 02-beta\n  - 01-gamma\n"),
            W("modules/01-gamma/index.md", original("modules/02-beta/index.md")),
        ),
        ALL(
            R("course.yml", "  - 01-gamma\n", "  - 03-gamma\n"), lambda root: (root / "modules/01-gamma").rename(root / "modules/03-gamma")
        ),
    ),
    "nav-entry-shape": Case(
        "course-nav",
        "course.yml",
        10,
        "each nav entry must be one 'Part title: [page.md, ...]'",
        R("course.yml", "  - Resources: [glossary.md]", "  - Resources: [glossary.md]\n  - glossary.md"),
        R("course.yml", "  - glossary.md", "  - More: [glossary.md]"),
    ),
    "nav-part-pages": Case(
        "course-nav",
        "course.yml",
        9,
        "nav part 'Resources' must list page paths",
        R("course.yml", "  - Resources: [glossary.md]", "  - Resources: {glossary: glossary.md}"),
        R("course.yml", "{glossary: glossary.md}", "[glossary.md]"),
    ),
    "nav-missing-page": Case(
        "course-nav",
        "course.yml",
        7,
        "nav part 'Start' lists 'progres.md', but docs/progres.md does not exist",
        R("course.yml", "progress.md,", "progres.md,"),
        R("course.yml", "progres.md,", "progress.md,"),
    ),
    "nav-no-modules": Case(
        "course-nav",
        "course.yml",
        6,
        "the nav has no 'Modules: modules' part",
        R("course.yml", "  - Modules: modules\n", ""),
        R("course.yml", "  - Resources:", "  - Modules: modules\n  - Resources:"),
    ),
    "course-name-twice": Case(
        "course-order",
        "course.yml",
        5,
        "two modules are named 'beta' after their number; learners' saved work is kept by that name, so give each module its own name",
        ALL(
            R("course.yml", "  - 02-beta\n", "  - 02-beta\n  - 03-beta\n"),
            W("modules/03-beta/index.md", original("modules/02-beta/index.md")),
        ),
        ALL(R("course.yml", "  - 03-beta\n", "  - 03-gamma\n"), lambda root: (root / "modules/03-beta").rename(root / "modules/03-gamma")),
    ),
    # module pages
    "module-index-renamed": Case(
        "module-index",
        "modules/01-alpha/Index.md",
        0,
        "the module's first page must be named index.md (lower case); rename Index.md to index.md",
        MOVE("modules/01-alpha/index.md", "modules/01-alpha/Index.md"),
        MOVE("modules/01-alpha/Index.md", "modules/01-alpha/index.md"),
    ),
    "module-index-renamed-with-a-translation": Case(
        "translation",
        PAGE_ES,
        0,
        "this translates modules/01-alpha/index.md, which does not exist: its English file was renamed Index.md; "
        "rename Index.md back to index.md (keep this file as it is)",
        ALL(SPANISH, MOVE("modules/01-alpha/index.md", "modules/01-alpha/Index.md")),
        MOVE("modules/01-alpha/Index.md", "modules/01-alpha/index.md"),
    ),
    "module-index-twice": Case(
        "module-index",
        "modules/01-alpha/Index.md",
        0,
        "Index.md and index.md differ only in case, so the site would publish both as two pages",
        W("modules/01-alpha/Index.md", original(PAGE)),
        DELETE("modules/01-alpha/Index.md"),
    ),
    "module-no-index": Case(
        "module-index",
        "modules/02-beta",
        0,
        "module '02-beta' has no index.md; add one with the module's front matter",
        DELETE("modules/02-beta/index.md"),
        RESTORE("modules/02-beta/index.md"),
    ),
    "module-yaml": Case(
        "yaml",
        PAGE,
        2,
        "YAML syntax error",
        R(PAGE, "title: Alpha basics", "title: [Alpha basics"),
        R(PAGE, "title: [Alpha basics", "title: Alpha basics"),
    ),
    "module-no-front-matter": Case(
        "module-keys", PAGE, 1, "the module page has no front matter", W(PAGE, "## Just a body\n"), RESTORE(PAGE)
    ),
    "module-missing-key": Case(
        "module-keys",
        PAGE,
        2,
        "the module front matter is missing the required key 'summary'",
        R(PAGE, "summary: Choose a market with a simple rule.\n", ""),
        R(PAGE, "title: Alpha basics\n", "title: Alpha basics\nsummary: Choose a market with a simple rule.\n"),
    ),
    "module-string-entries": Case(
        "module-keys",
        PAGE,
        9,
        "each entry of 'questions' must be one line of text",
        R(PAGE, "  - How do we pick one market?", "  - {how: pick}"),
        R(PAGE, "  - {how: pick}", "  - How do we pick one market?"),
    ),
    "module-timing-type": Case(
        "module-timing",
        PAGE,
        6,
        "'teaching' in 'minutes' must be a whole number",
        R(PAGE, "  teaching: 20", "  teaching: twenty"),
        R(PAGE, "  teaching: twenty", "  teaching: 20"),
    ),
    "module-zero-minutes": Case(
        "module-timing",
        PAGE,
        5,
        "the module has no timing",
        R(PAGE, "  teaching: 20\n  exercises: 10\n", "  teaching: 0\n  exercises: 0\n"),
        R(PAGE, "  teaching: 0\n  exercises: 0\n", "  teaching: 20\n  exercises: 10\n"),
    ),
    "module-no-objectives": Case(
        "module-objectives",
        PAGE,
        10,
        "the module has no learning objectives; add at least one under 'objectives:'",
        lambda root: _cut_objectives(root),
        RESTORE(PAGE),
    ),
    "objective-keys": Case(
        "objective-keys",
        PAGE,
        13,
        "an objective is missing the required key 'text'",
        R(PAGE, "    text: Explain why a knock-out rule comes first.\n", ""),
        R(PAGE, "  - id: explain-rule\n", "  - id: explain-rule\n    text: Explain why a knock-out rule comes first.\n"),
    ),
    "objective-id-shape": Case(
        "module-objectives",
        PAGE,
        11,
        "objective id 'Pick Market' must be lowercase words joined by hyphens",
        R(PAGE, "id: pick-market", "id: Pick Market"),
        R(PAGE, "id: Pick Market", "id: pick-market"),
    ),
    "objective-id-twice": Case(
        "module-objectives",
        PAGE,
        13,
        "objective id 'pick-market' is used twice in this module; make each id unique",
        R(PAGE, "id: explain-rule", "id: pick-market"),
        R(PAGE, "  - id: pick-market\n    text: Explain", "  - id: explain-rule\n    text: Explain"),
    ),
    "objective-vague": Case(
        "module-objectives",
        PAGE,
        14,
        "starts with 'Understand', which a learner cannot show; start with an action verb",
        R(PAGE, "text: Explain why", "text: Understand why"),
        R(PAGE, "text: Understand why", "text: Explain why"),
    ),
    "prerequisite-unknown": Case(
        "module-prerequisites",
        PAGE,
        15,
        "prerequisite '09-nowhere' is not a module in course.yml",
        R(PAGE, "prerequisites: []", "prerequisites: [09-nowhere]"),
        R(PAGE, "[09-nowhere]", "[]"),
    ),
    "prerequisite-itself": Case(
        "module-prerequisites",
        PAGE,
        15,
        "the module lists itself ('01-alpha') as a prerequisite; remove '01-alpha' from 'prerequisites:'",
        R(PAGE, "prerequisites: []", "prerequisites: [01-alpha]"),
        R(PAGE, "[01-alpha]", "[]"),
    ),
    "prerequisite-later": Case(
        "module-prerequisites",
        PAGE,
        15,
        "prerequisite '02-beta' comes after this module in the course order; move it or drop it",
        R(PAGE, "prerequisites: []", "prerequisites: [02-beta]"),
        R(PAGE, "[02-beta]", "[]"),
    ),
    "placeholder": Case(
        "placeholder",
        PAGE,
        37,
        "unfinished: replace the [FILL IN ...] placeholder with real content",
        R(PAGE, "Pick one market.\n", "[FILL IN: the task]\n"),
        R(PAGE, "[FILL IN: the task]", "Pick one market."),
    ),
    "placeholder-bank": Case(
        "placeholder",
        BANK,
        9,
        "unfinished: replace the [FILL IN ...] placeholder with real content",
        R(BANK, "What comes **first** in market selection?", "[FILL IN: the question]"),
        R(BANK, "[FILL IN: the question]", "What comes **first** in market selection?"),
    ),
    "placeholder-draft": Case(
        "placeholder",
        "modules/02-beta/index.md",
        15,
        "placeholder with real content before publishing",
        R("modules/02-beta/index.md", "Draft text.", "[FILL IN: text]"),
        R("modules/02-beta/index.md", "[FILL IN: text]", "Draft text."),
        severity="warning",
    ),
    # encodings (one error for the file, with the fix: re-save it as UTF-8)
    "skipped-module": Case(
        "skipped",
        PAGE,
        0,
        "the checks that need this page's front matter (objectives, quiz coverage, prerequisites) were skipped",
        W(PAGE, original(PAGE).decode().encode("utf-16")),
        RESTORE(PAGE),
        severity="warning",
    ),
    "skipped-bank": Case(
        "skipped",
        BANK,
        0,
        "the checks that need this bank's items (objective coverage, quiz blocks, polls) were skipped",
        W(BANK, original(BANK).decode().encode("utf-16")),
        RESTORE(BANK),
        severity="warning",
    ),
    "utf-16-page": Case(
        "encoding",
        PAGE,
        0,
        "the page is saved as UTF-16, not UTF-8; re-save it as UTF-8",
        W(PAGE, original(PAGE).decode().encode("utf-16")),
        RESTORE(PAGE),
    ),
    "latin-1-page": Case(
        "encoding",
        "docs/index.md",
        3,
        "not valid UTF-8 (byte 0xe9 on this line",
        W("docs/index.md", original("docs/index.md").decode().replace("tiny", "tiny café").encode("latin-1")),
        RESTORE("docs/index.md"),
    ),
    "unreadable-page": Case(
        "read",
        "docs/index.md",
        0,
        "cannot read the page: Permission denied; check that",
        lambda root: None,
        None,
        during=lambda: unreadable("docs/index.md"),
        look="the file's permissions",
    ),
    # quiz banks
    "bank-yaml": Case(
        "yaml",
        BANK,
        8,
        "the '[' that opens here is never closed; add the closing ']'",
        R(BANK, "    stem: |\n      What comes", "    stem: [oops\n      What comes"),
        RESTORE(BANK),
    ),
    "bank-indented-too-far": Case(
        "yaml",
        BANK,
        6,
        "this line is indented by 5 spaces, more than the line above (4), so YAML reads it as part of that line's value; "
        "indent it by 4 spaces",
        R(BANK, "    skill: recall", "     skill: recall"),
        R(BANK, "     skill: recall", "    skill: recall"),
    ),
    "bank-non-breaking-space-indent": Case(
        "yaml",
        BANK,
        18,
        "this line has a non-breaking space (often pasted from Word) where YAML needs a plain space",
        R(BANK, "    explanation: Cheap", "\u00a0\u00a0  explanation: Cheap"),
        R(BANK, "\u00a0\u00a0  explanation: Cheap", "    explanation: Cheap"),
    ),
    "bank-non-breaking-space-after-colon": Case(
        "yaml",
        BANK,
        18,
        "this line has a non-breaking space (often pasted from Word) where YAML needs a plain space",
        R(BANK, "    explanation: Cheap", "    explanation:\u00a0Cheap"),
        R(BANK, "    explanation:\u00a0Cheap", "    explanation: Cheap"),
    ),
    "bank-quote-closes-early": Case(
        "yaml",
        BANK,
        13,
        "its quotes close before the end of the line; put one pair of quotes around the whole value",
        R(
            BANK,
            'feedback: "Yes: they are cheap and remove impossible markets."',
            'feedback: "Yes": they are cheap and remove impossible markets.',
        ),
        R(
            BANK,
            'feedback: "Yes": they are cheap and remove impossible markets.',
            'feedback: "Yes: they are cheap and remove impossible markets."',
        ),
    ),
    "bank-quote-unclosed": Case(
        "yaml",
        BANK,
        13,
        "the quoted value on this line has no closing quote",
        R(BANK, 'remove impossible markets."', "remove impossible markets."),
        R(BANK, "remove impossible markets.", 'remove impossible markets."'),
    ),
    "bank-not-a-mapping": Case(
        "bank-keys", BANK, 1, "the quiz bank must be a mapping of 'key: value' lines", W(BANK, "- one\n- two\n"), RESTORE(BANK)
    ),
    "bank-file": Case(
        "bank-file",
        "quizzes/notes.txt",
        0,
        "only quiz banks (.yml) belong in quizzes/; move this file elsewhere",
        W("quizzes/notes.txt", "notes"),
        DELETE("quizzes/notes.txt"),
    ),
    "outside-project": Case(
        "outside-project",
        "modules/01-alpha/notes.txt",
        0,
        "this file is a link to a file outside the project, so it is not published; replace the link with a copy of the file inside the project",
        LINK("modules/01-alpha/notes.txt", ROOT / "LICENSE" if (ROOT / "LICENSE").is_file() else ROOT / "README.md"),
        ALL(DELETE("modules/01-alpha/notes.txt"), W("modules/01-alpha/notes.txt", "a copy")),
    ),
    "hidden-char": Case(
        "hidden-char",
        BANK,
        18,
        "this line has an invisible or control character (U+202E right-to-left override)",
        R(BANK, "Cheap filters first", "Cheap filters\u202e first"),
        R(BANK, "Cheap filters\u202e first", "Cheap filters first"),
    ),
    "bank-no-module": Case(
        "bank-module",
        "quizzes/03-gamma.yml",
        0,
        "no module '03-gamma' in course.yml; name the bank after its module folder, or delete it",
        W("quizzes/03-gamma.yml", original("quizzes/02-beta.yml").decode().replace("02-beta", "03-gamma").replace("beta-q", "gamma-q")),
        DELETE("quizzes/03-gamma.yml"),
    ),
    "bank-module-key": Case(
        "bank-module",
        BANK,
        1,
        "'module: 01-alfa' does not match the file name; write 'module: 01-alpha'",
        R(BANK, "module: 01-alpha", "module: 01-alfa"),
        R(BANK, "module: 01-alfa", "module: 01-alpha"),
    ),
    "bank-no-items": Case(
        "bank-items",
        "quizzes/02-beta.yml",
        1,
        "the bank has no items; add at least one under 'items:'",
        W("quizzes/02-beta.yml", "module: 02-beta\nitems: []\n"),
        RESTORE("quizzes/02-beta.yml"),
    ),
    "bank-missing": Case(
        "bank-missing",
        "modules/02-beta/index.md",
        1,
        "the module has no quiz bank; create quizzes/02-beta.yml",
        ALL(DELETE("quizzes/02-beta.yml"), R("modules/02-beta/index.md", "/// quiz | 02-beta\n///\n", "")),
        RESTORE("quizzes/02-beta.yml"),
        severity="warning",
    ),
    "item-unknown-key": Case(
        "item-keys",
        BANK,
        6,
        "unknown key 'skil' in item 'alp-first' (did you mean 'skill'?)",
        R(BANK, "    skill: recall", "    skil: recall"),
        R(BANK, "    skil: recall", "    skill: recall"),
    ),
    "item-bad-type": Case(
        "item-keys",
        BANK,
        34,
        "use one of: single, multiple, true-false (did you mean 'true-false'?)",
        R(BANK, "    type: true-false", "    type: truefalse"),
        R(BANK, "    type: truefalse", "    type: true-false"),
    ),
    "option-missing-key": Case(
        "option-keys",
        BANK,
        14,
        "an option of item 'alp-first' is missing the required key 'feedback'",
        R(BANK, '        feedback: "No: they are expensive and come last."\n', ""),
        R(
            BANK,
            "      - text: Opportunity studies\n",
            '      - text: Opportunity studies\n        feedback: "No: they are expensive and come last."\n',
        ),
    ),
    "option-mistyped": Case(
        "option-keys",
        BANK,
        12,
        "'correct' in an option of item 'alp-first' must be true or false",
        R(
            BANK,
            '        correct: true\n        feedback: "Yes: they are cheap',
            '        correct: yes please\n        feedback: "Yes: they are cheap',
        ),
        R(BANK, "correct: yes please", "correct: true"),
    ),
    "option-empty": Case(
        "option-keys",
        BANK,
        15,
        "'feedback' in an option of item 'alp-first' is empty; write its text",
        R(BANK, 'feedback: "No: they are expensive and come last."', 'feedback: ""'),
        R(BANK, 'feedback: ""', 'feedback: "No: they are expensive and come last."'),
    ),
    "item-repeated-key": Case(
        "yaml",
        BANK,
        7,
        "the key 'skill' appears twice",
        R(BANK, "    skill: recall\n", "    skill: recall\n    skill: judgement\n"),
        R(BANK, "    skill: judgement\n", ""),
    ),
    "item-id-shape": Case(
        "item-id",
        BANK,
        33,
        "item 'Alp TF': the id must be lowercase letters, digits and hyphens",
        R(BANK, "id: alp-tf", "id: Alp TF"),
        R(BANK, "id: Alp TF", "id: alp-tf"),
    ),
    "item-id-twice": Case(
        "item-id",
        "quizzes/02-beta.yml",
        3,
        "item id 'alp-first' is already used at quizzes/01-alpha.yml:3; ids must be unique across all banks",
        R("quizzes/02-beta.yml", "id: beta-q", "id: alp-first"),
        R("quizzes/02-beta.yml", "id: alp-first", "id: beta-q"),
    ),
    "item-two-correct": Case(
        "item-correct",
        BANK,
        10,
        "item 'alp-first' has 2 correct options; a single item needs exactly one 'correct: true'",
        R(BANK, "      - text: Opportunity studies\n", "      - text: Opportunity studies\n        correct: true\n"),
        R(BANK, "      - text: Opportunity studies\n        correct: true\n", "      - text: Opportunity studies\n"),
    ),
    "item-none-correct": Case(
        "item-correct",
        BANK,
        24,
        "item 'alp-many' has no correct option; mark at least one with 'correct: true'",
        ALL(
            R(BANK, "sanctions.\n        correct: true\n", "sanctions.\n"),
            R(BANK, "certified there.\n        correct: true\n", "certified there.\n"),
        ),
        R(BANK, "sanctions.\n", "sanctions.\n        correct: true\n"),
    ),
    "item-true-false": Case(
        "item-options",
        BANK,
        37,
        "item 'alp-tf' is true-false, so it needs exactly two options, 'True' and 'False'",
        R(BANK, '      - text: "False"', '      - text: "Maybe"'),
        R(BANK, '      - text: "Maybe"', '      - text: "False"'),
    ),
    "item-one-option": Case(
        "item-options",
        BANK,
        10,
        "item 'alp-first' needs at least two options",
        R(
            BANK,
            '      - text: Opportunity studies\n        feedback: "No: they are expensive and come last."\n      - text: Trade fairs\n        feedback: "No: that is action before choice."\n',
            "",
        ),
        R(
            BANK,
            "    explanation: Cheap filters",
            '      - text: Opportunity studies\n        feedback: "No: they are expensive and come last."\n    explanation: Cheap filters',
        ),
    ),
    "option-repeated": Case(
        "option-repeated",
        BANK,
        16,
        "the option 'opportunity  studies' repeats the option at line 14; make each option different",
        R(BANK, "      - text: Trade fairs", "      - text: opportunity  studies"),
        R(BANK, "      - text: opportunity  studies", "      - text: Trade fairs"),
    ),
    "option-above": Case(
        "option-above",
        BANK,
        16,
        "avoid 'All of the above'; write a real, plausible option instead",
        R(BANK, "      - text: Trade fairs", "      - text: All of the above"),
        R(BANK, "      - text: All of the above", "      - text: Trade fairs"),
    ),
    "item-objective": Case(
        "item-objective",
        BANK,
        5,
        "item 'alp-first' assesses unknown objective 'pick-markets'; use one of this module's objectives: pick-market, explain-rule",
        R(BANK, "    objective: pick-market\n    skill: recall", "    objective: pick-markets\n    skill: recall"),
        R(BANK, "objective: pick-markets", "objective: pick-market"),
    ),
    "objective-coverage": Case(
        "objective-coverage",
        PAGE,
        13,
        "objective 'explain-rule' is not assessed by any quiz item; add an item with 'objective: explain-rule'",
        ALL(
            R(BANK, "    objective: explain-rule\n    skill: application", "    objective: pick-market\n    skill: application"),
            R(BANK, "    objective: explain-rule\n    stem: Knock-out", "    objective: pick-market\n    stem: Knock-out"),
        ),
        R(BANK, "    objective: pick-market\n    stem: Knock-out", "    objective: explain-rule\n    stem: Knock-out"),
    ),
    # links in quiz text and glossary definitions
    "bank-link-relative": Case(
        "bank-link",
        BANK,
        9,
        "item 'alp-first', the stem: the link '../02-beta/index.md' is not a full https:// address",
        R(BANK, "in market selection?", "in [market selection](../02-beta/index.md)?"),
        R(BANK, "(../02-beta/index.md)", "(https://clustercollaboration.eu/)"),
    ),
    "bank-image-from-another-site-in-a-translation": Case(
        "bank-link",
        BANK_ES,
        14,
        "item 'alp-first', the feedback of option 1: the image 'https://example.org/embudo.png' is not a file of the course, "
        "and the site never loads images from other sites",
        ALL(
            SPANISH,
            R(
                BANK_ES,
                'descartan los mercados imposibles."',
                'descartan los mercados imposibles. ![Embudo](https://example.org/embudo.png)"',
            ),
        ),
        R(BANK_ES, "https://example.org/embudo.png", "funnel.svg"),
    ),
    "bank-link-http": Case(
        "bank-link",
        BANK,
        13,
        "item 'alp-first', the feedback of option 1: the link 'http://clustercollaboration.eu/' uses plain http; use https",
        R(BANK, 'impossible markets."', 'impossible [markets](http://clustercollaboration.eu/)."'),
        R(BANK, "(http://", "(https://"),
    ),
    "bank-link-anchor": Case(
        "bank-link",
        BANK,
        18,
        "item 'alp-first', the explanation: the link '#the-rule' is not a full https:// address",
        R(BANK, "deep studies last.", "deep studies last ([the rule](#the-rule))."),
        R(BANK, " ([the rule](#the-rule))", ""),
    ),
    "bank-link-empty": Case(
        "bank-link",
        BANK,
        11,
        "item 'alp-first', option 1: the link '[Knock-out rules]()' has no target",
        R(BANK, "      - text: Knock-out rules", '      - text: "[Knock-out rules]()"'),
        R(BANK, '"[Knock-out rules]()"', "Knock-out rules"),
    ),
    "bank-image-missing": Case(
        "bank-link",
        BANK,
        36,
        "item 'alp-tf', the stem: the image 'funnel-old.svg' was not found in modules/01-alpha/ or quizzes/; fix the path",
        R(BANK, "after the weighted score.", "after the weighted score. ![A funnel](funnel-old.svg)"),
        R(BANK, "(funnel-old.svg)", "(funnel.svg)"),
    ),
    "bank-image-remote": Case(
        "bank-link",
        BANK,
        36,
        "item 'alp-tf', the stem: the image 'https://example.org/f.png' is not a file of the course, and the site never loads images from other sites; put the file in modules/01-alpha/",
        R(BANK, "after the weighted score.", "after the weighted score. ![A funnel](https://example.org/f.png)"),
        R(BANK, "(https://example.org/f.png)", "(funnel.svg)"),
    ),
    "glossary-link": Case(
        "glossary-link",
        GLOSSARY,
        4,
        "the definition of 'Small and medium-sized enterprise' contains the link 'https://single-market-economy.ec.europa.eu/', which the glossary shows as plain Markdown text",
        R(GLOSSARY, "below set limits of", "below set [limits](https://single-market-economy.ec.europa.eu/) of"),
        R(
            GLOSSARY,
            "below set [limits](https://single-market-economy.ec.europa.eu/) of staff and turnover.",
            "below set limits of staff and turnover.\n    source: https://single-market-economy.ec.europa.eu/",
        ),
    ),
    # glossary
    "glossary-yaml": Case(
        "yaml",
        GLOSSARY,
        3,
        "YAML syntax error",
        R(GLOSSARY, "    abbr: SME", "    abbr: [SME"),
        R(GLOSSARY, "    abbr: [SME", "    abbr: SME"),
    ),
    "glossary-keys": Case(
        "glossary",
        GLOSSARY,
        2,
        "a glossary entry is missing the required key 'definition'",
        R(GLOSSARY, "    definition: A company below set limits of staff and turnover.\n", ""),
        R(GLOSSARY, "    abbr: SME\n", "    abbr: SME\n    definition: A company below set limits of staff and turnover.\n"),
    ),
    "glossary-twice": Case(
        "glossary",
        GLOSSARY,
        8,
        "the term 'Cluster organisation' is defined twice (also at line 5); keep one",
        lambda root: (root / GLOSSARY).write_text(original(GLOSSARY).decode() + "  - term: Cluster organisation\n    definition: Again.\n"),
        RESTORE(GLOSSARY),
    ),
    "glossary-abbr-twice": Case(
        "glossary",
        GLOSSARY,
        8,
        "the abbreviation 'SME' is given to two terms, 'Small and medium-sized enterprise' (line 2) and 'Small exporter'; "
        "the site's hover would show only the first definition",
        lambda root: (root / GLOSSARY).write_text(
            original(GLOSSARY).decode() + "  - term: Small exporter\n    abbr: SME\n    definition: A firm that exports a little.\n"
        ),
        R(GLOSSARY, "    abbr: SME\n    definition: A firm", "    definition: A firm"),
    ),
    "glossary-abbr-twice-in-a-translation": Case(
        "glossary",
        GLOSSARY_ES,
        7,
        "the abbreviation 'pyme' is given to two terms, 'Pequeña y mediana empresa' (line 3) and 'Organización de clúster'; "
        "the site's hover would show only the first definition",
        ALL(SPANISH, R(GLOSSARY_ES, "  - term: Organización de clúster\n", "  - term: Organización de clúster\n    abbr: pyme\n")),
        R(GLOSSARY_ES, "    abbr: pyme\n    id: cluster-organisation\n", "    id: cluster-organisation\n"),
    ),
    "glossary-source": Case(
        "glossary",
        GLOSSARY,
        7,
        "the source of 'Cluster organisation' must be an https URL",
        R(GLOSSARY, "source: https://", "source: http://"),
        R(GLOSSARY, "source: http://", "source: https://"),
    ),
    # page links
    "link-missing": Case(
        "link-missing",
        PAGE,
        22,
        "the link 'scoring-v2.ipynb' points to 'modules/01-alpha/scoring-v2.ipynb', which does not exist; fix the path",
        R(PAGE, "(scoring.ipynb)", "(scoring-v2.ipynb)"),
        R(PAGE, "(scoring-v2.ipynb)", "(scoring.ipynb)"),
    ),
    "link-anchor-here": Case(
        "link-anchor",
        PAGE,
        22,
        "the link '#the-rules' points to no heading on this page; check the heading's spelling",
        R(PAGE, "(#the-rule)", "(#the-rules)"),
        R(PAGE, "(#the-rules)", "(#the-rule)"),
    ),
    "link-anchor-there": Case(
        "link-anchor",
        "docs/index.md",
        3,
        "the link 'modules/01-alpha/index.md#the-rules' names anchor '#the-rules', which is not a heading",
        R("docs/index.md", "(modules/01-alpha/index.md)", "(modules/01-alpha/index.md#the-rules)"),
        R("docs/index.md", "#the-rules)", "#the-rule)"),
    ),
    "link-http": Case(
        "link-http",
        PAGE,
        54,
        "the link 'http://clustercollaboration.eu/cluster-definitions' uses plain http; use https",
        R(PAGE, "<https://clustercollaboration", "<http://clustercollaboration"),
        R(PAGE, "<http://clustercollaboration", "<https://clustercollaboration"),
    ),
    "link-folder": Case(
        "link-folder",
        "docs/index.md",
        3,
        "the link 'modules/01-alpha/' points to a folder; the site links pages by their file, so the build refuses it: "
        "write 'modules/01-alpha/index.md'",
        R("docs/index.md", "(modules/01-alpha/index.md)", "(modules/01-alpha/)"),
        R("docs/index.md", "(modules/01-alpha/)", "(modules/01-alpha/index.md)"),
    ),
    "link-unpublished": Case(
        "link-unpublished",
        "docs/index.md",
        3,
        "the link 'glossary.yml' points to glossary.yml, a file the site does not publish",
        R("docs/index.md", "(glossary.md)", "(glossary.yml)"),
        R("docs/index.md", "(glossary.yml)", "(glossary.md)"),
    ),
    "page-not-in-nav": Case(
        "page-not-in-nav",
        "docs/extra.md",
        1,
        "the page docs/extra.md is in no part of the navigation; add 'extra.md' to a part under 'nav:' in course.yml",
        W("docs/extra.md", "# Extra\n\nMore to read.\n"),
        R("course.yml", "[glossary.md]", "[glossary.md, extra.md]"),
    ),
    "page-in-module-subfolder": Case(
        "page-not-in-nav",
        "modules/01-alpha/data/notes.md",
        1,
        "the page 'data/notes.md' is inside a subfolder of module '01-alpha', so no navigation lists it",
        W("modules/01-alpha/data/notes.md", "# Notes\n\nMore to read.\n"),
        ALL(DELETE("modules/01-alpha/data/notes.md"), W("modules/01-alpha/notes.md", "# Notes\n\nMore to read.\n")),
    ),
    "privacy-markdown-image": Case(
        "privacy-embed",
        PAGE,
        30,
        "the image 'https://example.org/photo.jpg' is loaded from another website",
        R(PAGE, "## The rule\n", "## The rule\n\n![A photo](https://example.org/photo.jpg)\n"),
        R(PAGE, "(https://example.org/photo.jpg)", "(funnel.svg)"),
    ),
    "privacy-iframe": Case(
        "privacy-embed",
        PAGE,
        30,
        '<iframe src="https://www.youtube.com/embed/x"> loads from another website',
        R(PAGE, "## The rule\n", '## The rule\n\n<iframe src="https://www.youtube.com/embed/x" title="Video"></iframe>\n'),
        R(PAGE, '<iframe src="https://www.youtube.com/embed/x" title="Video"></iframe>', "[The video](https://www.youtube.com/watch?v=x)"),
    ),
    "privacy-notebook-image": Case(
        "privacy-embed",
        NOTEBOOK,
        0,
        "Markdown cell 1: the image 'https://example.org/chart.png' is loaded from another website",
        NB(lambda data: data["cells"][0].update(source=["# Scoring\n", "![chart](https://example.org/chart.png)\n"])),
        RESTORE(NOTEBOOK),
    ),
    "privacy-script": Case(
        "privacy-script",
        PAGE,
        30,
        "a raw <script> in content: pages run only the course's own scripts",
        R(PAGE, "## The rule\n", "## The rule\n\n<script>\ntrack()\n</script>\n"),
        R(PAGE, "<script>\ntrack()\n</script>\n", ""),
    ),
    "link-invisible": Case(
        "link-invisible",
        PAGE,
        22,
        "the link 'scoring\u200b.ipynb' holds an invisible character, a zero-width space (U+200B), after 'scoring'",
        R(PAGE, "(scoring.ipynb)", "(scoring\u200b.ipynb)"),
        R(PAGE, "(scoring\u200b.ipynb)", "(scoring.ipynb)"),
    ),
    "link-draft": Case(
        "link-draft",
        PAGE,
        30,
        "points into draft module '02-beta', which the published site leaves out; remove the link until that module is published",
        R(PAGE, "## The rule\n", "## The rule\n\nSee [beta](../02-beta/index.md).\n"),
        R(PAGE, "\nSee [beta](../02-beta/index.md).\n", ""),
    ),
    # sources and acronyms
    "source-copy-site": Case(
        "source-copy-site",
        PAGE,
        54,
        "the link 'https://www.scribd.com/doc/123' points to scribd.com, a site of unofficial copies; cite the published work",
        R(PAGE, "<https://clustercollaboration.eu/cluster-definitions>", "<https://www.scribd.com/doc/123>"),
        R(PAGE, "<https://www.scribd.com/doc/123>", "<https://clustercollaboration.eu/cluster-definitions>"),
    ),
    "source-doi": Case(
        "source-doi",
        PAGE,
        55,
        "the Sources entry 'Smith, J. (2020). Clusters. Journal of…' looks like a journal article but has no DOI",
        R(PAGE, "cluster-definitions>\n", "cluster-definitions>\n- Smith, J. (2020). Clusters. *Journal of Clusters* 3(2): 1–9.\n"),
        R(PAGE, "3(2): 1–9.", "3(2): 1–9 (no DOI)."),
        severity="warning",
    ),
    "acronym": Case(
        "acronym",
        PAGE,
        37,
        "the acronym 'WTO' is neither in docs/glossary.yml nor spelled out at its first use on this page",
        R(PAGE, "Pick one market.\n", "Pick one market under WTO rules.\n"),
        R(PAGE, "under WTO rules", "under World Trade Organization (WTO) rules"),
        severity="warning",
    ),
    "worksheet-declaration": Case(
        "worksheet-block",
        "modules/01-alpha/worksheets.yml",
        1,
        "unknown key 'titel' in worksheet 'pick' (did you mean 'title'?)",
        W("modules/01-alpha/worksheets.yml", "pick:\n  titel: Pick a market\n  notebook: scoring.ipynb\n"),
        W("modules/01-alpha/worksheets.yml", "pick:\n  title: Pick a market\n  notebook: scoring.ipynb\n"),
    ),
    "worksheet-unknown": Case(
        "worksheet-block",
        PAGE,
        47,
        "unknown worksheet 'nope'; use one of:",
        R(PAGE, HERE, "/// worksheet | nope\n///\n\n" + HERE),
        R(PAGE, "/// worksheet | nope\n///\n\n", ""),
    ),
    "worksheet-definition": Case(
        "worksheet-block",
        "modules/01-alpha/worksheets.yml",
        1,
        "modules/01-alpha/data/scan.yml: the scorecard's definition file is missing; create it, or correct 'definition' in the module's worksheets.yml",
        W("modules/01-alpha/worksheets.yml", "scan:\n  title: A scan\n  definition: data/scan.yml\n"),
        W("modules/01-alpha/data/scan.yml", (ROOT / "modules/02-diagnostics/data/export-readiness.yml").read_text(encoding="utf-8")),
    ),
    "template-id": Case(
        "template-block",
        PAGE,
        47,
        "a template block needs an id of lower-case letters, digits and hyphens",
        R(PAGE, HERE, "/// template | Bad_Id\n\nText.\n///\n\n" + HERE),
        R(PAGE, "Bad_Id", "member-survey"),
    ),
    "spreadsheet-layout": Case(
        "spreadsheet",
        SHEETS,
        1,
        "'self-check': unknown layout 'servey' (did you mean 'survey'?); use one of: survey, readiness, screening, tracker",
        ALL(
            R(PAGE, HERE, "/// template | self-check\n    formats: xlsx\n\nText.\n///\n\n" + HERE),
            W(SHEETS, "self-check:\n  layout: servey\n  member_minimum: 5\n  answer_types: {choose: [One]}\n"),
        ),
        R(SHEETS, "servey", "survey"),
    ),
    "spreadsheet-without-template": Case(
        "spreadsheet",
        SHEETS,
        1,
        "'self-check' is not the id of a `/// template | self-check` block in a module page; correct the id or remove the entry",
        W(SHEETS, "self-check:\n  layout: survey\n  member_minimum: 5\n  answer_types: {choose: [One]}\n"),
        R(PAGE, HERE, "/// template | self-check\n    formats: xlsx\n\nText.\n///\n\n" + HERE),
    ),
    "spreadsheet-worksheet": Case(
        "spreadsheet",
        SHEETS,
        1,
        "'self-check': no worksheet 'trackng' (did you mean 'tracking'?); use one of: tracking",
        ALL(
            R(PAGE, HERE, "/// template | self-check\n    formats: xlsx\n\nText.\n///\n\n" + HERE),
            TRACKING("MISSION_BUDGET_EUR, TARGETS"),
            W(SHEETS, "self-check:\n  layout: tracker\n  worksheet: trackng\n"),
        ),
        R(SHEETS, "trackng", "tracking"),
    ),
    "spreadsheet-worksheet-constants": Case(
        "spreadsheet",
        SHEETS,
        1,
        "'self-check': layout tracker starts from its worksheet's notebook constants, and worksheet 'tracking' does not give TARGETS",
        ALL(
            R(PAGE, HERE, "/// template | self-check\n    formats: xlsx\n\nText.\n///\n\n" + HERE),
            TRACKING("MISSION_BUDGET_EUR"),
            W(SHEETS, "self-check:\n  layout: tracker\n  worksheet: tracking\n"),
        ),
        R("modules/01-alpha/worksheets.yml", "[MISSION_BUDGET_EUR]", "[MISSION_BUDGET_EUR, TARGETS]"),
    ),
    "blocked-sites-entry": Case(
        "blocked-sites",
        "blocked-sites.yml",
        11,
        "'https://www.scribd.com/' is not a host name; write the host only: www.scribd.com",
        R("blocked-sites.yml", "  - scribd.com\n", "  - https://www.scribd.com/\n"),
        R("blocked-sites.yml", "https://www.scribd.com/", "www.scribd.com"),
    ),
    "template-id-misspelt": Case(
        "template-id",
        PAGE,
        47,
        "template id 'readines-scoring' is not a spreadsheet template with formulas, so its .xlsx would hold plain tables "
        "only; did you mean 'readiness-scoring'? The ids with formulas (declared in spreadsheets.yml) are: readiness-scoring",
        ALL(
            W(
                "modules/01-alpha/spreadsheets.yml",
                "readiness-scoring:\n  layout: survey\n  member_minimum: 5\n  answer_types: {choose: [One]}\n",
            ),
            R(PAGE, HERE, "/// template | readines-scoring\n    formats: xlsx\n\nText.\n///\n\n" + HERE),
        ),
        R(PAGE, "readines-scoring", "readiness-scoring"),
    ),
    "template-id-misspelt-in-a-translation": Case(
        "template-id",
        PAGE_ES,
        48,
        "template id 'readines-scoring' is not a template of the English page modules/01-alpha/index.md, so the page "
        "would offer no files (the strict build refuses it); keep the English id: did you mean 'readiness-scoring'?",
        ALL(
            SPANISH,
            R(PAGE, HERE, "/// template | readiness-scoring\n    formats: xlsx\n\nText.\n///\n\n" + HERE),
            R(PAGE_ES, ES_HERE, "/// template | readines-scoring\n    formats: xlsx\n\nTexto.\n///\n\n" + ES_HERE),
        ),
        R(PAGE_ES, "readines-scoring", "readiness-scoring"),
    ),
    "template-outside-a-module-first-page": Case(
        "template-id",
        "docs/index.md",
        3,
        "a template block belongs in a module's first page (index.md), where the build makes its files; here the page "
        "would offer no files (the strict build refuses it): move the block into the module's index.md",
        R("docs/index.md", "# Fixture course\n", "# Fixture course\n\n/// template | checklist\n\nText.\n///\n"),
        R("docs/index.md", "/// template | checklist\n\nText.\n///\n", ""),
    ),
    "image-too-large": Case(
        "file-size",
        "modules/01-alpha/photo.jpg",
        0,
        "the image is 20.0 MB, over the limit of 1 MB (every learner's offline copy keeps it); resize it",
        W("modules/01-alpha/photo.jpg", b"\xff\xd8\xff" + bytes(20 * 1024 * 1024 - 3)),
        W("modules/01-alpha/photo.jpg", b"\xff\xd8\xff" + bytes(300 * 1024)),
        severity="warning",
    ),
    "download-too-large": Case(
        "file-size",
        "modules/01-alpha/data/all-trade.csv",
        0,
        "the file is 6.0 MB, over the limit of 5 MB for a download",
        W("modules/01-alpha/data/all-trade.csv", "country,value\n" + "Spain,1\n" * (6 * 1024 * 1024 // 8)),
        W("modules/01-alpha/data/all-trade.csv", "country,value\nSpain,1\n"),
        severity="warning",
    ),
    "template-twice": Case(
        "template-block",
        PAGE,
        52,
        "template id 'member-survey' is already used in modules/01-alpha/index.md",
        R(PAGE, HERE, "/// template | member-survey\n\nText.\n///\n\n/// template | member-survey\n\nMore.\n///\n\n" + HERE),
        R(PAGE, "/// template | member-survey\n\nMore.", "/// template | member-list\n\nMore."),
    ),
    "template-format": Case(
        "template-block",
        PAGE,
        47,
        "template 'member-survey': unknown format(s) pdf; use docx, odt and/or xlsx",
        R(PAGE, HERE, "/// template | member-survey\n    formats: pdf\n\nText.\n///\n\n" + HERE),
        R(PAGE, "formats: pdf", "formats: docx"),
    ),
    "template-unclosed": Case(
        "template-block",
        PAGE,
        47,
        "template 'member-survey' is not closed: end it with a line `///` before the next section",
        R(PAGE, HERE, "/// template | member-survey\n\nText.\n\n" + HERE),
        R(PAGE, "Text.\n\n## Check", "Text.\n///\n\n## Check"),
    ),
    # blocks
    "block-unclosed": Case(
        "block-unclosed",
        PAGE,
        30,
        "the '/// trainer' block is never closed, so it swallows the rest of the page; add a line with '///'",
        R(PAGE, "Ask the group for one knock-out rule.\n///\n", "Ask the group for one knock-out rule.\n"),
        R(PAGE, "Ask the group for one knock-out rule.\n", "Ask the group for one knock-out rule.\n///\n"),
    ),
    "block-unclosed-four-slashes": Case(
        "block-unclosed",
        PAGE,
        34,
        "the '//// admonition' block is never closed: a block opened with '////' closes only with a line '////'",
        R(PAGE, "Market A.\n///\n\n////\n", "Market A.\n///\n\n///\n"),
        R(PAGE, "Market A.\n///\n\n///\n", "Market A.\n///\n\n////\n"),
    ),
    "quiz-block-bank": Case(
        "quiz-block",
        PAGE,
        49,
        "the quiz block names bank '01-alfa', but quizzes/01-alfa.yml does not exist or cannot be read",
        R(PAGE, "/// quiz | 01-alpha", "/// quiz | 01-alfa"),
        R(PAGE, "/// quiz | 01-alfa", "/// quiz | 01-alpha"),
    ),
    "quiz-block-item": Case(
        "quiz-block",
        PAGE,
        50,
        "the quiz block asks for item 'alp-nope', which is not in quizzes/01-alpha.yml",
        R(PAGE, "/// quiz | 01-alpha\n", "/// quiz | 01-alpha\n    items: alp-first alp-nope\n"),
        R(PAGE, " alp-nope", ""),
    ),
    # a block header that makes no block (pymdownx.blocks drops it without a word)
    "block-header-option": Case(
        "block-header",
        PAGE,
        49,
        "the block is lost from the page: unknown option 'item' in the '/// quiz' block; did you mean 'items'?",
        R(PAGE, "/// quiz | 01-alpha\n", "/// quiz | 01-alpha\n    item: alp-first\n"),
        R(PAGE, "    item: alp-first", "    items: alp-first"),
    ),
    "block-header-argument": Case(
        "block-header",
        PAGE,
        49,
        "the '/// quiz' block needs an argument; write '/// quiz | <bank id>'",
        R(PAGE, "/// quiz | 01-alpha\n", "/// quiz\n"),
        R(PAGE, "/// quiz\n", "/// quiz | 01-alpha\n"),
    ),
    "block-header-name": Case(
        "block-header",
        PAGE,
        30,
        "unknown block '/// trainr'; did you mean '/// trainer'?",
        R(PAGE, "/// trainer\n", "/// trainr\n"),
        R(PAGE, "/// trainr\n", "/// trainer\n"),
    ),
    # a front-end feature whose declaration the build cannot read (its module would never load)
    "feature-declaration": Case(
        "feature-declaration",
        "docs/assets/quiz.js",
        FEATURE_LINE,
        "unknown key(s) selector in the @feature declaration; use: adds, bundle, name, near, prints, slides, when",
        R("docs/assets/quiz.js", '"when": ".cq-quiz"', '"selector": ".cq-quiz"'),
        R("docs/assets/quiz.js", '"selector": ".cq-quiz"', '"when": ".cq-quiz"'),
    ),
    "bundle": Case(
        "bundle",
        "docs/assets/glossary.js",
        BUNDLE_LINE,
        "the bundler reads only exported declarations (export function name, export const name = ...); export each name where it is declared",
        R("docs/assets/glossary.js", "export function start()", "export default function start()"),
        R("docs/assets/glossary.js", "export default function start()", "export function start()"),
    ),
    # notebooks
    "notebook-json": Case(
        "notebook",
        NOTEBOOK,
        3,
        "the notebook is not valid JSON (Expecting value), so Jupyter cannot open it either; fix the JSON at this line",
        W(NOTEBOOK, '{"cells": [\n  {"cell_type": \n'),
        RESTORE(NOTEBOOK),
    ),
    "notebook-conflict": Case(
        "notebook",
        NOTEBOOK,
        2,
        "the notebook holds git merge-conflict markers",
        lambda root: (root / NOTEBOOK).write_text("{\n<<<<<<< HEAD\n" + original(NOTEBOOK).decode()[1:] + "=======\n>>>>>>> other\n"),
        RESTORE(NOTEBOOK),
    ),
    "notebook-version": Case(
        "notebook",
        NOTEBOOK,
        1,
        "the notebook uses nbformat 3; save it in nbformat 4",
        NB(lambda d: d.update(nbformat=3)),
        NB(lambda d: d.update(nbformat=4)),
    ),
    "notebook-schema": Case(
        "notebook",
        NOTEBOOK,
        0,
        "the notebook is not valid nbformat at cells/1",
        NB(lambda d: d["cells"][1].update(cell_type="spreadsheet")),
        NB(lambda d: d["cells"][1].update(cell_type="code")),
    ),
    "notebook-shape": Case(
        "notebook", NOTEBOOK, 0, "the notebook is not valid nbformat (AttributeError", W(NOTEBOOK, "[1, 2]"), RESTORE(NOTEBOOK)
    ),
    "notebook-outputs": Case(
        "notebook-outputs", NOTEBOOK, 0, "the notebook has no stored outputs; run all cells and save", NB(_no_outputs), RESTORE(NOTEBOOK)
    ),
    "notebook-error-output-in-a-translation": Case(
        "notebook-error-output",
        NOTEBOOK_ES,
        0,
        "cell 2 is saved with an error output (ZeroDivisionError: division by zero), which the site would show learners "
        "as a traceback; fix the cell and run all cells again, or clear the output of that cell",
        ALL(
            SPANISH,
            NB(
                lambda data: data["cells"][1]["outputs"].append(
                    {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero", "traceback": ["Traceback ..."]}
                ),
                NOTEBOOK_ES,
            ),
        ),
        W(NOTEBOOK_ES, original(NOTEBOOK)),
    ),
    "notebook-error-output": Case(
        "notebook-error-output",
        NOTEBOOK,
        0,
        "cell 2 is saved with an error output (ZeroDivisionError: division by zero), which the site would show learners "
        "as a traceback; fix the cell and run all cells again, or clear the output of that cell",
        NB(
            lambda data: data["cells"][1]["outputs"].append(
                {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero", "traceback": ["Traceback ..."]}
            )
        ),
        RESTORE(NOTEBOOK),
    ),
    "data-csv": Case(
        "data-csv",
        "modules/01-alpha/data/markets.csv",
        3,
        "this row has 1 cells but the header has 2; add the missing cells",
        W("modules/01-alpha/data/markets.csv", "market,score\nA,3\nB\n"),
        RESTORE("modules/01-alpha/data/markets.csv"),
    ),
    "notebook-active": Case(
        "notebook-active",
        NOTEBOOK,
        0,
        "cell 2 has active content in a stored output (application/javascript",
        NB(
            lambda data: data["cells"][1]["outputs"].append(
                {"output_type": "display_data", "metadata": {}, "data": {"application/javascript": "alert(1)"}}
            )
        ),
        RESTORE(NOTEBOOK),
        severity="warning",
    ),
    "notebook-size-warning": Case(
        "notebook-size",
        NOTEBOOK,
        14,
        "the notebook's stored outputs are 1.5 MB, above the 1.0 MB limit",
        NB(_big_output(1_500_000)),
        RESTORE(NOTEBOOK),
        severity="warning",
    ),
    "notebook-size-error": Case(
        "notebook-size",
        NOTEBOOK,
        14,
        "the notebook's stored outputs are 6.0 MB, above the 5.0 MB limit, and the page carries all of them; the largest is cell 2 (6.0 MB of images)",
        NB(_big_output(6_000_000)),
        RESTORE(NOTEBOOK),
    ),
    # run sheets
    "session-yaml": Case(
        "yaml", SESSION, 1, "YAML syntax error", R(SESSION, "length: 30", "length: [30"), R(SESSION, "length: [30", "length: 30")
    ),
    "session-keys": Case(
        "session-keys",
        SESSION,
        12,
        "unknown key 'material' in a segment (did you mean 'materials'?)",
        R(SESSION, '    materials: ["index.md#the-rule"]', '    material: ["index.md#the-rule"]'),
        R(SESSION, "    material:", "    materials:"),
    ),
    "session-length": Case(
        "session-length",
        SESSION,
        1,
        "the segments add up to 30 minutes but 'length' is 45",
        R(SESSION, "length: 30", "length: 45"),
        R(SESSION, "length: 45", "length: 30"),
    ),
    "session-minutes": Case(
        "session-length",
        SESSION,
        3,
        "segment 'Opening poll' needs a positive number of minutes",
        ALL(R(SESSION, "  - minutes: 10", "  - minutes: 0"), R(SESSION, "length: 30", "length: 20")),
        ALL(R(SESSION, "  - minutes: 0", "  - minutes: 10"), R(SESSION, "length: 20", "length: 30")),
    ),
    "session-poll": Case(
        "session-materials",
        SESSION,
        3,
        "segment 'Opening poll' uses poll 'alp-zero', which is not a quiz item id",
        R(SESSION, "quiz:alp-first", "quiz:alp-zero"),
        R(SESSION, "quiz:alp-zero", "quiz:alp-first"),
    ),
    "session-page": Case(
        "session-materials",
        SESSION,
        8,
        "segment 'Exercise' names 'exercise.md', which is not a page of this module; fix the file name",
        R(SESSION, '"index.md#the-rule"', '"exercise.md"'),
        R(SESSION, '"exercise.md"', '"index.md#the-rule"'),
    ),
    "session-anchor": Case(
        "session-materials",
        SESSION,
        8,
        "segment 'Exercise' names 'index.md#the-rules', but index.md has no heading with the anchor '#the-rules'",
        R(SESSION, '"index.md#the-rule"', '"index.md#the-rules"'),
        R(SESSION, "#the-rules", "#the-rule"),
    ),
    # translations (the Spanish overlay of tests/fixtures/translations)
    "translation-without-source": Case(
        "translation",
        "docs/home.es.md",
        0,
        "this translates docs/home.md, which does not exist; rename it after its English file, or delete it",
        ALL(SPANISH, MOVE("docs/index.es.md", "docs/home.es.md")),
        MOVE("docs/home.es.md", "docs/index.es.md"),
    ),
    "translation-no-source-commit": Case(
        "translation",
        PAGE_ES,
        1,
        "the translation does not say which English version it translates; add 'source_commit: <commit>' to the front matter "
        "(the English file's last commit: git log -1 --format=%H -- modules/01-alpha/index.md)",
        ALL(SPANISH, GIT, SOURCE_COMMIT(PAGE_ES, None)),
        LAST_COMMIT_OF(PAGE, PAGE_ES),
        severity="warning",
    ),
    "translation-unknown-commit": Case(
        "translation",
        BANK_ES,
        1,
        "source_commit '37db740' is not a commit of this repository; write the 40-character commit of the English file you "
        "translated (git log -1 --format=%H -- quizzes/01-alpha.yml)",
        ALL(SPANISH, GIT, SOURCE_COMMIT(BANK_ES, "37db740")),
        LAST_COMMIT_OF(BANK, BANK_ES),
    ),
    "translation-outdated-strict": Case(
        "translation",
        PAGE_ES,
        1,
        "-- modules/01-alpha/index.md shows them); translate them, then set source_commit to the English file's last commit "
        "(git log -1 --format=%H -- modules/01-alpha/index.md)",
        ALL(
            SPANISH,
            R("course.yml", "languages: [en, es]", "languages: [en, es]\ntranslations: {strict_outdated: true}"),
            GIT,
            R(PAGE, "An SME saves time when", "An SME saves much time when"),
            COMMIT("English: one paragraph edited"),
        ),
        ALL(R(PAGE_ES, "Una pyme ahorra tiempo cuando", "Una pyme ahorra mucho tiempo cuando"), LAST_COMMIT_OF(PAGE, PAGE_ES)),
        severity="warning",
    ),
    "translation-anchor": Case(
        "translation",
        PAGE_ES,
        0,
        "the heading 'The rule' (#the-rule) of the English page has no heading with its anchor here; "
        "keep the English anchor on the translated heading, e.g. '## ... {#the-rule}'",
        ALL(SPANISH, R(PAGE_ES, "## La regla {#the-rule}", "## La regla")),
        R(PAGE_ES, "## La regla\n", "## La regla {#the-rule}\n"),
    ),
    "translation-objective-ids": Case(
        "translation",
        PAGE_ES,
        1,
        "the objectives must keep the English ids in the English order (pick-market, explain-rule); translate only their text",
        ALL(SPANISH, R(PAGE_ES, "  - id: explain-rule", "  - id: explicar-regla")),
        R(PAGE_ES, "  - id: explicar-regla", "  - id: explain-rule"),
    ),
    "translation-item-ids": Case(
        "translation",
        BANK_ES,
        1,
        "the bank must hold the English items, with their ids, in the English order (alp-first, alp-many, alp-tf)",
        ALL(SPANISH, R(BANK_ES, "  - id: alp-tf", "  - id: alp-vf")),
        R(BANK_ES, "  - id: alp-vf", "  - id: alp-tf"),
    ),
    "translation-item-options": Case(
        "translation",
        BANK_ES,
        20,
        "item 'alp-many' must keep the English type, objective and options (the same number, in the same order, "
        "the same ones correct); translate only the texts",
        ALL(SPANISH, R(BANK_ES, SMALLER_MARKET, "")),
        R(BANK_ES, 'sin certificación no hay venta."\n', 'sin certificación no hay venta."\n' + SMALLER_MARKET),
    ),
    # a localised image (funnel.es.svg replaces funnel.svg on the Spanish pages)
    "translation-image-typo": Case(
        "translation",
        "modules/01-alpha/funel.es.svg",
        0,
        "this localised image replaces modules/01-alpha/funel.svg on the 'es' pages, but there is no such image; "
        "rename it to funnel.es.svg (a localised image sits beside its English image as name.es.svg), or delete it",
        ALL(SPANISH, W("modules/01-alpha/funel.es.svg", FUNNEL_ES)),
        MOVE("modules/01-alpha/funel.es.svg", FUNNEL_ES_PATH),
    ),
    "translation-image-no-source-commit": Case(
        "translation",
        FUNNEL_ES_PATH,
        1,
        "add '<!-- source_commit: <commit> -->' to the top of the SVG, just after its <svg ...> tag "
        "(the English file's last commit: git log -1 --format=%H -- modules/01-alpha/funnel.svg)",
        ALL(SPANISH, GIT, W(FUNNEL_ES_PATH, FUNNEL_UNRECORDED)),
        SVG_COMMIT_OF("modules/01-alpha/funnel.svg", FUNNEL_ES_PATH),
        severity="warning",
    ),
    "translation-image-size": Case(
        "translation",
        FUNNEL_ES_PATH,
        1,
        "the localised image must keep the English viewBox ('0 0 100 60', here '0 0 120 60'); translate only its words",
        ALL(SPANISH, W(FUNNEL_ES_PATH, FUNNEL_ES.replace("0 0 100 60", "0 0 120 60"))),
        W(FUNNEL_ES_PATH, FUNNEL_ES),
    ),
    "translation-image-ids": Case(
        "translation",
        FUNNEL_ES_PATH,
        1,
        "the localised image must keep the English ids (cone missing here); translate only its words",
        ALL(SPANISH, R("modules/01-alpha/funnel.svg", "<path ", '<path id="cone" '), W(FUNNEL_ES_PATH, FUNNEL_ES)),
        R(FUNNEL_ES_PATH, "<path ", '<path id="cone" '),
    ),
    "translation-image-unreadable": Case(
        "translation",
        FUNNEL_ES_PATH,
        1,
        "this SVG cannot be read (mismatched tag: line 1, column",
        ALL(SPANISH, W(FUNNEL_ES_PATH, FUNNEL_ES.replace("</desc>", "</title>"))),
        W(FUNNEL_ES_PATH, FUNNEL_ES),
    ),
    # links on translated pages, resolved in their language's site (issue 19)
    "translation-link-anchor": Case(
        "link-anchor",
        INDEX_ES,
        7,
        "the link 'modules/01-alpha/index.md#la-regla' names anchor '#la-regla', which is not a heading in "
        "modules/01-alpha/index.md as the 'es' site shows it (modules/01-alpha/index.es.md); its anchors are the English ones: "
        "check-your-understanding, sources, the-rule, why-rules-first",
        ALL(SPANISH, R(INDEX_ES, "(modules/01-alpha/index.md)", "(modules/01-alpha/index.md#la-regla)")),
        R(INDEX_ES, "#la-regla", "#the-rule"),
    ),
    "translation-link-fallback-anchor": Case(
        "link-anchor",
        INDEX_ES,
        7,
        "the link 'review.md#why-reviews-like-this' names anchor '#why-reviews-like-this', which is not a heading in review.md as the 'es' site "
        "shows it (the English page, not translated yet); did you mean '#why-review-like-this'?",
        ALL(SPANISH, R(INDEX_ES, "(glossary.md)", "(review.md#why-reviews-like-this)")),
        R(INDEX_ES, "#why-reviews-like-this", "#why-review-like-this"),
    ),
    "translation-link-to-a-translation": Case(
        "link-missing",
        INDEX_ES,
        7,
        "the link 'modules/01-alpha/index.es.md' names a translation's file, which no site has; link to the English file name, "
        "'modules/01-alpha/index.md': each language's site shows its own translation of it",
        ALL(SPANISH, R(INDEX_ES, "(modules/01-alpha/index.md)", "(modules/01-alpha/index.es.md)")),
        R(INDEX_ES, "(modules/01-alpha/index.es.md)", "(modules/01-alpha/index.md)"),
    ),
    # glossary coverage per language
    "glossary-coverage-missing-term": Case(
        "glossary-coverage",
        GLOSSARY_ES,
        1,
        "no entry translates the English term 'Cluster organisation' (id 'cluster-organisation', docs/glossary.yml:5), so the "
        "glossary of the 'es' site shows it in English; add an entry with its term and definition in this language, and "
        "'id: cluster-organisation' under the term unless it is spelled the same",
        ALL(SPANISH, R(GLOSSARY_ES, ORGANISATION_TERM, "")),
        R(GLOSSARY_ES, "volumen de negocios.\n", "volumen de negocios.\n" + ORGANISATION_TERM),
        severity="warning",
    ),
    "glossary-coverage-unknown-id": Case(
        "glossary-coverage",
        GLOSSARY_ES,
        7,
        "the term 'Organización de clúster' (#organizacion-de-cluster) translates no term of docs/glossary.yml, so its anchor "
        "differs from the English one; write 'id: cluster-organisation' under it if it translates 'Cluster organisation'",
        ALL(SPANISH, R(GLOSSARY_ES, "    id: cluster-organisation\n", "")),
        R(GLOSSARY_ES, "  - term: Organización de clúster\n", "  - term: Organización de clúster\n    id: cluster-organisation\n"),
    ),
    "glossary-coverage-abbreviation": Case(
        "glossary-coverage",
        GLOSSARY_ES,
        3,
        "the term 'Pequeña y mediana empresa' has no abbreviation, but its English term has 'SME': pages in this language show "
        "the abbreviation without its definition; add 'abbr: ...' with the abbreviation used in this language",
        ALL(SPANISH, R(GLOSSARY_ES, "    abbr: pyme\n", "")),
        R(GLOSSARY_ES, "    id: small-and-medium-sized-enterprise\n", "    id: small-and-medium-sized-enterprise\n    abbr: pyme\n"),
        severity="warning",
    ),
    "glossary-coverage-page-abbreviation": Case(
        "glossary-coverage",
        PAGE_ES,
        23,
        "the abbreviation 'SME' is in docs/glossary.yml but not in docs/glossary.es.yml, so this page shows it without its "
        "definition; write the abbreviation this language's glossary gives it ('pyme'), or write the full name first",
        ALL(SPANISH, R(PAGE_ES, "Una pyme ahorra", "Una SME ahorra")),
        R(PAGE_ES, "Una SME ahorra", "Una pyme ahorra"),
        severity="warning",
    ),
    "glossary-anchor-twice": Case(
        "glossary",
        GLOSSARY_ES,
        7,
        "the terms 'Pequeña y mediana empresa' (line 3) and 'Organización de clúster' have the same anchor '#cluster-organisation', "
        "so a link to it could reach only the first; give each the id of the English term it translates",
        ALL(SPANISH, R(GLOSSARY_ES, "    id: small-and-medium-sized-enterprise\n", "    id: cluster-organisation\n")),
        R(GLOSSARY_ES, "    id: cluster-organisation\n    abbr: pyme", "    id: small-and-medium-sized-enterprise\n    abbr: pyme"),
    ),
    # the interface of a translated language (the toolkit's message catalogue)
    "interface-string-missing": Case(
        "interface-strings",
        ES_MESSAGES,
        catalogue.key_line("es", "quiz.check"),
        "no message 'quiz.check'; translate it from en.yml",
        SPANISH,
        None,
        during=lambda: spanish_messages({"quiz.check": None}),
        look="translate it",
    ),
    "interface-string-as-in-english": Case(
        "interface-strings",
        ES_MESSAGES,
        catalogue.key_line("es", "quiz.check"),
        "'quiz.check' reads as in en.yml ('Check answer'), so translated pages show it in English; translate it, or, if the "
        "word is the same in this language, list 'quiz.check' under 'es:' in messages/same.yml",
        SPANISH,
        None,
        severity="warning",
        during=lambda: spanish_messages({"quiz.check": "Check answer"}),
        look="same.yml",
    ),
}


def _cut_objectives(root: Path) -> None:
    page = root / PAGE
    content = page.read_text(encoding="utf-8")
    start, end = content.index("objectives:"), content.index("prerequisites:")
    page.write_text(content[:start] + "objectives: []\n" + content[end:], encoding="utf-8")


def run_validate(root: Path, case: Case) -> list[Diagnostic]:
    with case.during():
        return case.check(root) if case.check else validate(root)[2].sorted()


def _check_case(root: Path, case: Case) -> None:
    case.breaks(root)
    found = [d for d in run_validate(root, case) if d.rule == case.rule]
    assert found, f"no '{case.rule}' diagnostic"
    first = found[0]
    assert (first.path, first.line, first.severity) == (case.path, case.line, case.severity), first.format()
    assert case.words in first.message, first.format()
    if case.fix is None:
        assert case.look, "a case without a mechanical fix must say what the message tells the editor to look at"
        assert case.look in first.message or "check" in first.message, first.format()
        return
    case.fix(root)  # the edit that the hint asks for
    after = validate(root)[2].sorted()
    assert not [d for d in after if d.rule == case.rule and d.path == case.path], "the hint's edit left: " + "; ".join(
        d.format() for d in after
    )
    assert not [d for d in after if d.severity == "error"], "the hint's edit left errors: " + "; ".join(d.format() for d in after)


REACHED: dict[str, set[tuple[str, int]]] = {}
"""The ``report.add`` call sites (file name, line) that each case reached, by case name, kept as
test_rule_and_its_fix_hint passes it: test_every_report_add_call_site_is_exercised runs again only
the cases not passed yet in this run (all of them when it runs alone), instead of every case twice."""


def _check_case_recording(root: Path, name: str) -> None:
    """_check_case, noting in REACHED the call sites of ``report.add`` it reached (once it passed)."""
    reached: set[tuple[str, int]] = set()
    real_add = diagnostics.Report.add

    def recording_add(self: diagnostics.Report, *args: object, **kwargs: object) -> None:
        caller = sys._getframe(1)
        reached.add((Path(caller.f_code.co_filename).name, caller.f_lineno))
        real_add(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diagnostics.Report, "add", recording_add)
        _check_case(root, CASES[name])
    REACHED[name] = reached


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_rule_and_its_fix_hint(course_dir: Path, name: str) -> None:
    _check_case_recording(course_dir, name)


def test_one_utf16_file_is_one_error(course_dir: Path) -> None:
    """A UTF-16 file (as Windows Notepad used to save) is one error, not one per file that uses it."""
    for file in ("course.yml", PAGE, BANK, SESSION, NOTEBOOK, GLOSSARY, "docs/index.md"):
        data = original(file)
        (course_dir / file).write_bytes(data.decode("utf-8").encode("utf-16"))
        found = validate(course_dir)[2].sorted()
        errors = [d for d in found if d.severity == "error"]
        assert [(d.path, d.rule) for d in errors] == [(file, "yaml" if file.endswith(".yml") else "encoding")], [d.format() for d in found]
        assert "is saved as UTF-16, not UTF-8; re-save it as UTF-8" in errors[0].message
        # and at most one line that says which checks were skipped because of it
        assert [(d.path, d.rule) for d in found if d.severity == "warning"] in ([], [(file, "skipped")]), [d.format() for d in found]
        (course_dir / file).write_bytes(data)


ONE_MISTAKE = {
    "modules-as-one-string": R("course.yml", "modules:\n  - 01-alpha\n  - 02-beta\n", "modules: 01-alpha 02-beta\n"),
    "type-typo": R(BANK, "    type: single\n", "    type: singel\n"),
    "indented-too-far": R(BANK, "    skill: recall", "     skill: recall"),
}


@pytest.mark.parametrize("name", ONE_MISTAKE, ids=list(ONE_MISTAKE))
def test_one_mistake_is_one_error_and_it_comes_first(course_dir: Path, name: str) -> None:
    """A mistake is reported once, where it is: no knock-on errors in other files come before it (issue 24)."""
    ONE_MISTAKE[name](course_dir)
    errors = [d for d in validate(course_dir)[2].sorted() if d.severity == "error"]
    assert len(errors) == 1, [d.format() for d in errors]


# --- every rule and every report.add call site is reached by a case -----------------------------


NOT_VALIDATION = {
    ("itemquality.py", "format_findings"): "the `course items` report; its cues are validation warnings reached at itemquality.check"
}


def _add_calls() -> list[tuple[str, int, str]]:
    """(file name, line, rule expression) for each ``report.add(...)`` call that validation can
    reach in src/coursekit (the export package and NOT_VALIDATION belong to other commands)."""
    sites = []
    for path in _toolkit_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = {
            id(inner)
            for fn in ast.walk(tree)
            if isinstance(fn, ast.FunctionDef) and (path.name, fn.name) in NOT_VALIDATION
            for inner in ast.walk(fn)
        }
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add":
                owner = node.func.value
                if isinstance(owner, ast.Name) and owner.id == "report":
                    rule = next((k.value for k in node.keywords if k.arg == "rule"), None)
                    sites.append((path.name, node.lineno, ast.unparse(rule) if rule is not None else ""))
    return sites


def _rule_names() -> set[str]:
    """Every rule name the source can report: literal ``rule=`` values, the rule arguments of
    ``check_map`` calls, and the two that course.read_text passes on ("encoding", "read")."""
    names = {"encoding", "read"}
    for path in _toolkit_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg == "rule" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                    names.add(keyword.value.value)
            if isinstance(node.func, ast.Name) and node.func.id == "check_map" and len(node.args) >= 6:
                rule = node.args[5]
                if isinstance(rule, ast.Constant) and isinstance(rule.value, str):
                    names.add(rule.value)
    return names


def test_every_rule_has_a_case() -> None:
    names = _rule_names()
    assert len(names) >= 40
    assert names - {c.rule for c in CASES.values()} == set()


def test_every_report_add_call_site_is_exercised(tmp_path: Path) -> None:
    sites = _add_calls()
    assert len(sites) >= 70
    for number, name in enumerate(CASES):
        if name not in REACHED:  # not passed yet in this run (e.g. this test alone, or with -k)
            _check_case_recording(make_course(tmp_path / f"c{number}"), name)
    reached = set().union(*REACHED.values())
    missing = [f"{name}:{line} (rule={rule})" for name, line, rule in sites if (name, line) not in reached]
    assert missing == [], "report.add call sites that no case reaches:\n" + "\n".join(missing)
