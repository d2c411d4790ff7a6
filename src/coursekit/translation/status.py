"""How far behind each translation is (issue 19): `course translations` and the notices on the page.

Every translated file records the git commit of the English file it translates (``source_commit``:
in a page's front matter, at the top of a YAML file, in a notebook's ``metadata.coursekit``, in an
XML comment ``<!-- source_commit: ... -->`` at the top of a localised SVG). The status of a
translation compares the English file at that commit with the English file now:

- ``commits_behind``: ``git rev-list --count <source_commit>..HEAD -- <English file>``;
- ``paragraphs_changed``: English paragraphs changed, added or removed since (a Markdown paragraph
  is a block between blank lines, each front matter line counts as one; in a YAML file each line
  with text is one; in a notebook each paragraph of each cell; in an SVG diagram its title, its
  description and each text label are one each, and any change to the drawing itself is one more);
- ``words_changed``: the words changed, added or removed in those paragraphs.

A translation is ``outdated`` when a paragraph changed (an edit reverted later leaves it
``current``), ``missing`` when there is no translation file. Outside a git repository, or when
the commit is unknown, nothing can be compared: the state is ``current`` and ``commits_behind``
is None (validation reports an unknown commit).

Images are reported when they can have words to translate: an SVG with text labels, and any image
that has a localised version (``funnel.es.svg``). A raster image (PNG, JPEG...) cannot record a
commit: its last commit stands for it, and it is ``outdated`` (one paragraph, no words) when the
English image changed in a later commit.
"""

from __future__ import annotations

import atexit
import difflib
import hashlib
import html
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.model import frontmatter
from coursekit.model.course import WORKSHEETS_FILE
from coursekit.model.glossary import path_of as glossary_path
from coursekit.model.languages import IMAGES, is_translation, translation
from coursekit.model.session import SESSION_FILE
from coursekit.model.sources import is_junk, write_atomically
from coursekit.model.yamlsafe import read_file

if TYPE_CHECKING:
    from coursekit.model.project import Project

CURRENT, OUTDATED, MISSING = "current", "outdated", "missing"
COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
SOURCE_COMMIT = "source_commit"
RASTER = tuple(suffix for suffix in IMAGES if suffix != ".svg")
"""Images that hold no text to read: their status comes from git alone."""
SVG_COMMIT_RE = re.compile(r"<!--\s*source_commit:\s*['\"]?([0-9a-fA-F]+)['\"]?\s*-->")
SVG_TEXT_RE = re.compile(r"<(title|desc|text)\b[^>]*>(.*?)</\1\s*>", re.DOTALL)


@dataclass(frozen=True)
class Status:
    """One page (English source file) in one language."""

    page: str  # the English file, relative to the course folder
    lang: str
    state: str
    commits_behind: int | None
    paragraphs_changed: int
    words_changed: int
    source_commit: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "page": self.page,
            "lang": self.lang,
            "state": self.state,
            "commits_behind": self.commits_behind,
            "paragraphs_changed": self.paragraphs_changed,
            "words_changed": self.words_changed,
        }


def sources(project: Project, include_drafts: bool = True) -> list[Path]:
    """Every English file that has (or should have) translations: course.yml, docs pages and the glossary,
    module pages, notebooks, images with words and run sheets, quiz banks; in course order."""
    course = project.course
    out = [course.manifest] if course.manifest.is_file() else []  # its words: title, description, nav parts (course.es.yml)
    out += [page.path for page in project.pages(include_drafts=False) if page.path.is_relative_to(course.docs_dir)]
    out += images(project, course.docs_dir)
    gloss = glossary_path(project.root)
    if gloss.is_file():
        out.append(gloss)
    for module in course.visible_modules(include_drafts):
        out += [p for p in module.pages if p.suffix in (".md", ".ipynb")]
        out += images(project, module.dir)
        if (module.dir / SESSION_FILE).is_file():
            out.append(module.dir / SESSION_FILE)
        out += worksheet_files(project, module.dir)
        bank = project.bank(module.slug)
        if bank is not None:
            out.append(bank.path)
    return out


def worksheet_files(project: Project, folder: Path) -> list[Path]:
    """A module's worksheets.yml and the scorecard definitions it names (``definition: data/x.yml``):
    their words (titles, intros, questions, labels) are course content, translated beside them."""
    path = folder / WORKSHEETS_FILE
    if not path.is_file():
        return []
    node, _, _ = read_file(path, WORKSHEETS_FILE, project.sources.read)  # its problems are validation's
    entries = node.plain() if node is not None else None
    names = [e.get("definition") for e in entries.values() if isinstance(e, dict)] if isinstance(entries, dict) else []
    return [path, *(folder / str(n) for n in names if isinstance(n, str) and (folder / n).is_file())]


def images(project: Project, folder: Path) -> list[Path]:
    """The images of ``folder`` (and below) that a language may replace with its own version: every
    SVG with text labels, and any image that has a localised version (see the module docstring)."""
    if not folder.is_dir():
        return []
    languages = project.course.languages
    out = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in IMAGES or not path.is_file() or is_junk(path) or is_translation(path, languages):
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        localised = any(translation(path, lang).is_file() for lang in languages[1:])
        if localised or (path.suffix == ".svg" and "<text" in (project.sources.text_only(path, "the image") or "")):
            out.append(path)
    return out


def recorded_commit(text: str, suffix: str) -> str | None:
    """The ``source_commit`` a translated file records (None when it records none)."""
    value: object = None
    if suffix == ".md":
        page = frontmatter.parse(text)
        if page.meta is not None and page.meta.is_map and SOURCE_COMMIT in page.meta.value:
            value = page.meta.value[SOURCE_COMMIT].value
    elif suffix == ".svg":
        match = SVG_COMMIT_RE.search(text[:2000])
        value = match.group(1) if match else None
    elif suffix == ".ipynb":
        try:
            data = json.loads(text)
            value = data.get("metadata", {}).get("coursekit", {}).get(SOURCE_COMMIT)
        except (ValueError, AttributeError):
            value = None
    else:
        match = re.search(r"^source_commit:\s*['\"]?([0-9a-fA-F]+)['\"]?\s*(?:#.*)?$", text, re.MULTILINE)
        value = match.group(1) if match else None
    return str(value).strip().lower() if value is not None else None


def units(text: str, suffix: str) -> list[str]:
    """The file's paragraphs, as the status counts them (see the module docstring)."""
    if suffix == ".ipynb":
        try:
            cells = json.loads(text).get("cells", [])
        except (ValueError, AttributeError):
            return [text]
        out: list[str] = []
        for cell in cells if isinstance(cells, list) else []:
            source = cell.get("source", "") if isinstance(cell, dict) else ""
            out += _blocks("".join(source) if isinstance(source, list) else str(source))
        return out
    if suffix in (".yml", ".yaml"):
        return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if suffix == ".svg":
        return svg_units(text)
    raw, body, _, _ = frontmatter.split(text)
    head = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    return head + _blocks(body)


def svg_units(text: str) -> list[str]:
    """An SVG's words (its title, description and each text label, one unit each), then its drawing
    (the markup without those words and comments) as one unit that changes when a shape moves."""
    words = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split()) for m in SVG_TEXT_RE.finditer(text)]
    drawing = " ".join(
        re.sub(r"<!--.*?-->", "", SVG_TEXT_RE.sub(lambda m: m.group(0).split(">", 1)[0] + "/>", text), flags=re.DOTALL).split()
    )
    return [w for w in words if w] + [f"[drawing {hashlib.sha1(drawing.encode()).hexdigest()[:12]}]"]


def _blocks(text: str) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def changes(old: list[str], new: list[str]) -> tuple[int, int]:
    """(paragraphs, words) changed, added or removed from ``old`` to ``new``."""
    paragraphs = words = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paragraphs += max(i2 - i1, j2 - j1)
        before = " ".join(old[i1:i2]).split()
        after = " ".join(new[j1:j2]).split()
        for wtag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if wtag != "equal":
                words += max(a2 - a1, b2 - b1)
    return paragraphs, words


ANSWERS = Path(".cache") / "coursekit" / "git-answers.json"
"""Where the git answers that can never change are kept between processes (in the course folder)."""


class _Answers:
    """The git answers that never change, for one course folder: a file at a commit, the commits
    since one commit that changed a file (for one HEAD), and the commits known to exist. Kept in
    memory (validation and then every language's build ask for the same files) and in
    :data:`ANSWERS`, so a later build asks git only about what is new. Every key names the commits
    it depends on, so an answer is never stale; the file is used only with the same git folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / ANSWERS
        self.repo = os.environ.get("GIT_DIR", "")
        self.data: dict[str, dict[str, Any]] = {"shown": {}, "behind": {}, "commits": {}, "last": {}}
        self.dirty = False
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("repo") == self.repo:
                self.data = {part: dict(stored.get(part, {})) for part in self.data}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none yet, or unreadable: asked again
        atexit.register(self.save)

    def get(self, part: str, key: str) -> Any:
        return self.data[part].get(key, _UNKNOWN)

    def put(self, part: str, key: str, value: Any) -> Any:
        self.data[part][key] = value
        self.dirty = True
        return value

    def save(self) -> None:
        if not self.dirty or not self.root.is_dir():  # (a course folder removed since, as a test's)
            return
        try:
            write_atomically(self.path, json.dumps({"repo": self.repo, **self.data}).encode("utf-8"))
            self.dirty = False
        except OSError:
            pass  # a read-only course folder: git is asked again next time


_UNKNOWN = object()
_ANSWERS: dict[Path, _Answers] = {}


def _answers(root: Path) -> _Answers:
    key = Path(root).resolve()
    if key not in _ANSWERS:
        _ANSWERS[key] = _Answers(key)
    return _ANSWERS[key]


@dataclass
class Git:
    """The few git questions the status asks, for files of the course folder ``root``."""

    root: Path
    known: dict[str, bool] = field(default_factory=dict)
    usable: bool | None = None
    head: str = ""

    def _run(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, check=False)

    def available(self) -> bool:
        if self.usable is None:
            try:
                out = self._run("rev-parse", "--verify", "-q", "HEAD")
            except OSError:
                self.usable = False
            else:
                self.usable = out.returncode == 0
                self.head = out.stdout.decode().strip()
        return self.usable

    def has_commit(self, commit: str) -> bool:
        if commit not in self.known:
            answers = _answers(self.root)
            if answers.get("commits", commit) is True:  # a commit that exists always will (only "yes" is kept)
                self.known[commit] = True
            else:
                self.known[commit] = self.available() and self._run("cat-file", "-e", f"{commit}^{{commit}}").returncode == 0
                if self.known[commit]:
                    answers.put("commits", commit, True)
        return self.known[commit]

    def behind(self, commit: str, path: Path) -> int:
        rel = path.relative_to(self.root).as_posix()
        self.available()
        answers = _answers(self.root)
        key = f"{self.head}:{commit}:{rel}"
        found = answers.get("behind", key) if self.head else _UNKNOWN
        if isinstance(found, int):
            return found
        out = self._run("rev-list", "--count", f"{commit}..HEAD", "--", rel)
        count = int(out.stdout.decode().strip() or 0) if out.returncode == 0 else 0
        return answers.put("behind", key, count) if self.head and out.returncode == 0 else count

    def last_commit(self, path: Path) -> str | None:
        """The last commit that changed ``path`` (None outside git or for a file never committed)."""
        if not self.available():
            return None
        rel = path.relative_to(self.root).as_posix()
        answers = _answers(self.root)
        key = f"{self.head}:{rel}"  # the history up to one HEAD never changes
        found = answers.get("last", key) if self.head else _UNKNOWN
        if found is _UNKNOWN:
            out = self._run("log", "-1", "--format=%H", "--", rel)
            found = out.stdout.decode().strip() if out.returncode == 0 else ""
            if self.head and out.returncode == 0:
                answers.put("last", key, found)
        return str(found) or None

    def show(self, commit: str, path: Path) -> str | None:
        """The file as it was at ``commit`` (None when it did not exist then)."""
        rel = path.relative_to(self.root).as_posix()
        answers = _answers(self.root)
        key = f"{commit}:{rel}"
        found = answers.get("shown", key)
        if found is _UNKNOWN:
            out = self._run("show", f"{commit}:./{rel}")
            found = out.stdout.decode("utf-8", errors="replace") if out.returncode == 0 else None
            if out.returncode == 0 or self.has_commit(commit):  # a failure of git itself is not kept
                answers.put("shown", key, found)
        return found if isinstance(found, str) else None


def status_of(project: Project, source: Path, lang: str, git: Git) -> Status:
    """The status of the ``lang`` translation of the English file ``source``."""
    page = source.relative_to(project.root).as_posix()
    target = translation(source, lang)
    if not target.is_file():
        return Status(page, lang, MISSING, None, 0, 0)
    if source.suffix.lower() in RASTER:  # no commit recorded inside: the image's own last commit stands for it
        last = git.last_commit(target)
        if last is None:
            return Status(page, lang, CURRENT, None, 0, 0)
        behind = git.behind(last, source)
        return Status(page, lang, OUTDATED if behind else CURRENT, behind, 1 if behind else 0, 0, last)
    text = project.sources.text_only(target, "the translation") or ""
    commit = recorded_commit(text, source.suffix)
    english = project.sources.text_only(source, "the page") or ""
    if commit is None:  # which English it translates is unknown: all of it may have changed
        now = units(english, source.suffix)
        return Status(page, lang, OUTDATED, None, len(now), sum(len(u.split()) for u in now))
    if not COMMIT_RE.match(commit) or not git.has_commit(commit):
        return Status(page, lang, CURRENT, None, 0, 0, commit)
    before = git.show(commit, source)
    paragraphs, words = changes(units(before or "", source.suffix), units(english, source.suffix))
    return Status(page, lang, OUTDATED if paragraphs else CURRENT, git.behind(commit, source), paragraphs, words, commit)


def report(project: Project, languages: list[str] | None = None, include_drafts: bool = True) -> list[Status]:
    """The status of every translatable page in every translated language (or in ``languages``)."""
    git = Git(project.root)
    langs = [lang for lang in project.course.translated_languages if languages is None or lang in languages]
    return [status_of(project, source, lang, git) for source in sources(project, include_drafts) for lang in langs]


def table(rows: list[Status]) -> str:
    """The report as a plain-text table, one line per page and language."""
    head = ("page", "lang", "state", "commits behind", "paragraphs changed", "words changed")
    body = [
        (
            r.page,
            r.lang,
            r.state,
            "-" if r.commits_behind is None else str(r.commits_behind),
            str(r.paragraphs_changed),
            str(r.words_changed),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i < 3 else cell.rjust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in [head, *body]
    ]
    return "\n".join(lines)


def summary(rows: list[Status]) -> str:
    counts: dict[str, Any] = {CURRENT: 0, OUTDATED: 0, MISSING: 0}
    for r in rows:
        counts[r.state] += 1
    return f"{counts[CURRENT]} current, {counts[OUTDATED]} outdated, {counts[MISSING]} missing"
