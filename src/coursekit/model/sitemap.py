"""The site's virtual docs tree: docs/ pages at the root, module folders under modules/<slug>/."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from coursekit.model.course import MODULES_DIR, Course, Module
from coursekit.model.languages import is_translation
from coursekit.model.sources import escapes, is_junk


@dataclass(frozen=True)
class SourceFile:
    uri: str  # path in the virtual docs tree, e.g. modules/03-target-markets/index.md
    path: Path  # file on disk
    module: Module | None


def module_files(module: Module) -> list[SourceFile]:
    """Every file of a module that belongs in the site (pages, notebooks, images, data)."""
    out = []
    for path in sorted(module.dir.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.name == "session.yml" or is_junk(path):
            continue
        if is_translation(path, module.languages):
            continue  # built into its language's site (coursekit.translation.localize)
        if any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(module.dir).parts):
            continue
        if escapes(path, module.dir.parent.parent):
            continue  # a link out of the project: validate names it (rule outside-project), never published
        out.append(SourceFile(module.src_uri(path), path, module))
    return out


def docs_files(course: Course) -> list[SourceFile]:
    if not course.docs_dir.is_dir():
        return []
    return [
        SourceFile(p.relative_to(course.docs_dir).as_posix(), p, None)
        for p in sorted(course.docs_dir.rglob("*"))
        if p.is_file()
        and not p.name.startswith(".")
        and not is_junk(p)
        and not escapes(p, course.root)
        and not is_translation(p, course.languages)
    ]


SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")  # a URL with a scheme (https:, mailto:...)
GENERATED_PAGE = "trainer-notes.md"
PRINT_URI = "modules/print/index.md"


def all_files(course: Course, include_drafts: bool = True) -> dict[str, SourceFile]:
    """Every file of the site's docs tree, including the pages the course generates
    (each module's trainer notes and the whole-course print page)."""
    files = {f.uri: f for f in docs_files(course)}
    for module in course.visible_modules(include_drafts):
        for f in module_files(module):
            files[f.uri] = f
        notes = module.dir / GENERATED_PAGE
        files[f"{MODULES_DIR}/{module.slug}/{GENERATED_PAGE}"] = SourceFile(f"{MODULES_DIR}/{module.slug}/{GENERATED_PAGE}", notes, module)
    files[PRINT_URI] = SourceFile(PRINT_URI, course.modules_dir / "print" / "index.md", None)
    return files


def resolve(from_uri: str, target: str) -> str:
    """Resolve a link target against the page's uri in the virtual tree ('' if it leaves the tree)."""
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(from_uri), target)
    norm = posixpath.normpath(joined)
    if norm.startswith("..") or norm == ".":
        return "" if norm.startswith("..") else "index.md"
    return norm
