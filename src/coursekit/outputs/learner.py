"""The learner's side of the site: the course data the browser reads (assets/course-data.json),
and the exercises each module asks the learner to write (the workbook).

Nothing here imports MkDocs; the plugin writes the data file after a build, and the Markdown
blocks in :mod:`coursekit.render.learner_blocks` place the pages' containers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from coursekit.i18n.catalogue import page_language
from coursekit.model.course import Module
from coursekit.render.exercises import page_exercises, short_title
from coursekit.render.worksheets import placed

if TYPE_CHECKING:
    from coursekit.model.project import Project

DATA_FILE = "assets/course-data.json"


@dataclass(frozen=True)
class Exercise:
    id: str
    """The exercise block's anchor (as the Markdown extension gives it): the workbook's key."""
    title: str


def exercises(module: Module, project: Project) -> list[Exercise]:
    """The module page's exercise blocks ('/// admonition | Exercise: ...', the keyword in the page's
    language: 'Exercice : ...' on a French page), in page order, as the real Markdown parser records them."""
    shown = project.translated.get(module.index, module.index)  # in a language's view: the translated page
    page = project.page(shown) if shown.is_file() else None
    return [Exercise(anchor, short_title(title)) for anchor, title in page_exercises(page, page_language(shown))]


def course_data(project: Project, include_drafts: bool) -> dict[str, object]:
    """What the learner pages need to know about the course, as JSON-ready data."""
    course = project.course
    modules = []
    for module in course.visible_modules(include_drafts):
        bank = project.bank(module.slug)
        modules.append(
            {
                "slug": module.slug,
                "number": module.number,
                "title": module.title,
                "url": f"modules/{module.slug}/",
                "items": [i.id for i in bank.items] if bank else [],
                "exercises": [{"id": e.id, "title": e.title} for e in exercises(module, project)],
                # The worksheets on its pages: the workbook shows what the learner saved in them.
                "worksheets": [{"name": s.name, "title": s.title, "url": url} for s, url in placed(module, project)],
            }
        )
    return {"title": course.title, "mastery": course.mastery, "modules": modules}


def write_course_data(site_dir: Path, project: Project, include_drafts: bool) -> Path:
    """Write assets/course-data.json into the built site, from the live project."""
    data = course_data(project, include_drafts)
    path = site_dir / DATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


MESSAGES_DIR = "assets/messages"


# A message key a script names ("quiz.check", "worksheet.market.add"), or the start of keys it
# completes itself ("worksheet.tracker." + name), which names every key that starts so.
KEY_RE = re.compile(r"""["'`]([a-z]+(?:\.[a-z0-9_]+)+\.?)["'`]""")


M = TypeVar("M")


def named_messages(texts: Iterable[str], messages: Mapping[str, M]) -> dict[str, M]:
    """The messages that scripts' `texts` name (a key, or the start of keys they complete), with the
    English ``@en`` twin of a named content keyword."""
    named = {key for text in texts for key in KEY_RE.findall(text)}
    prefixes = tuple(key for key in named if key.endswith("."))
    return {key: value for key, value in messages.items() if (base := key.removesuffix("@en")) in named or base.startswith(prefixes)}


def write_messages(site_dir: Path, lang: str = "") -> list[Path]:
    """Write assets/messages/<lang>.json, the interface strings docs/assets/i18n.js reads, for the
    site's language ``lang`` (every page of a site has it as <html lang>) and for English, which
    i18n.js falls back to (English where a translation is missing): the messages the site's own
    scripts name (``t("quiz.check")``), so a first visit does not download the trainer pages' headings.
    Another language's strings are in that language's own site (``<lang>/assets/messages/``), and
    all of them in the source site's (see below)."""
    from coursekit.i18n.catalogue import LANGUAGES, SOURCE, base_language, browser_messages
    from coursekit.outputs.assets import own_assets

    scripts = [path.read_text(encoding="utf-8") for path in own_assets(site_dir) if path.suffix == ".js"]
    folder = site_dir / MESSAGES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    # A language's site carries its own strings and English (i18n.js falls back to it). The source
    # site carries every language's: a 404 page has absolute addresses (MkDocs), so /es/404.html
    # reads the root's assets when the site has no site_url (a preview, a test server).
    root = base_language(lang or SOURCE) == SOURCE
    for code in [code for code in LANGUAGES if root or code in (SOURCE, base_language(lang))]:
        table = named_messages(scripts, browser_messages(code))
        path = folder / f"{code}.json"
        path.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        written.append(path)
    return written


def write_learner_files(site_dir: Path, project: Project, include_drafts: bool, lang: str = "") -> None:
    """What every engine's build adds for the learner pages and the interface: the course data
    (progress, workbook, badges, certificate) and the interface strings of the site's language
    (``lang``, <html lang>; by default the project's)."""
    write_course_data(site_dir, project, include_drafts)
    write_messages(site_dir, lang or project.language)
