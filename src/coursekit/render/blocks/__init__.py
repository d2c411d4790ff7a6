"""The block registry: each ``/// name`` block declares itself once, in its own module.

A block is a pymdownx.blocks ``Block`` class with a ``@declare(...)`` line above it::

    @declare(reads=("bank",), slides="show", prints=True, argument="bank id")
    class QuizBlock(CourseBlock):
        NAME = "quiz"
        ...

The declaration says what the block reads from the course (:data:`READS`), whether it goes on a
slide, whether it prints, and which element it makes (its CSS selector). Everything else is
derived from it:

* the course's Markdown extension registers every declared block (coursekit.render.markdown_ext);
* `course serve` rebuilds a page when something a block on it reads has changed
  (:func:`fingerprint`, used by coursekit.outputs.compile);
* the build writes the slide and print rules (:func:`slide_rules`, :func:`print_hidden`) into
  ``assets/registry.js`` and ``assets/registry.css`` (docs/assets/trainer-slides.js imports the
  first; the site links the second; see coursekit.render.features), so no selector list is kept
  by hand.

Where blocks come from: every module of this package (one module per block, or per family of
blocks); a block registered with :func:`register` (or declared) at run time counts too. (No
entry-point scan: reading every installed package's metadata would cost a build more than half a
second.)
The walkthrough "Adding a block" in docs/editor-guide.md follows one block through.
"""

from __future__ import annotations

import importlib
import pkgutil
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, TypeVar

from pymdownx.blocks.block import Block

from coursekit.i18n.catalogue import SOURCE, Messages, messages
from coursekit.render.quizhtml import image_versions

if TYPE_CHECKING:
    from coursekit.model.project import Project


READS: dict[str, str] = {
    "bank": "the quiz bank its argument names (with the images its items show, and that module's title)",
    "banks": "every quiz bank (with their images, and every module's title)",
    "glossary": "docs/glossary.yml",
    "course": "course.yml and each module's front matter: titles, order, times, status",
    "sessions": "the trainer run sheets (modules/*/session.yml)",
    "files": "files its declaration's ``files`` function names (e.g. a notebook and its data)",
}
"""What a block may read, beyond its own text: each a source that `course serve` watches for it."""

Slides = Literal["show", "skip", "notes"]
"""On a slide: ``show`` (the block is cut into slides like any content), ``skip`` (never on a slide),
``notes`` (in the presenter's notes, never on the slide itself)."""


@dataclass(frozen=True)
class BlockSpec:
    """One block's declaration."""

    name: str
    cls: type[Block]
    reads: frozenset[str] = frozenset()
    slides: Slides = "show"
    prints: bool = True
    selector: str = ""  # the element it makes; default ``.cq-NAME``
    argument: str = ""  # what its argument is, for hints ('bank id'); "" when it takes none
    files: Callable[[Project, str], Iterable[Path]] | None = field(default=None, compare=False)
    """With ``reads=("files",)``: the files the block reads, from the project and its argument."""

    @property
    def css(self) -> str:
        return self.selector or f".cq-{self.name}"


_REGISTRY: dict[str, BlockSpec] = {}
_discovered = False

B = TypeVar("B", bound=type[Block])


def register(spec: BlockSpec) -> BlockSpec:
    """Add ``spec`` to the registry (a block registered twice under one name is an error)."""
    unknown = set(spec.reads) - set(READS)
    if unknown:
        raise ValueError(f"block '{spec.name}' reads {sorted(unknown)}: not one of {sorted(READS)}")
    if "files" in spec.reads and spec.files is None:
        raise ValueError(f"block '{spec.name}' reads files but declares no 'files' function")
    held = _REGISTRY.get(spec.name)
    if held is not None and held.cls is not spec.cls:
        raise ValueError(f"two blocks are named '{spec.name}': {held.cls.__module__} and {spec.cls.__module__}")
    _REGISTRY[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Remove a block (for tests that register one of their own)."""
    _REGISTRY.pop(name, None)


def declare(
    *,
    reads: Iterable[str] = (),
    slides: Slides = "show",
    prints: bool = True,
    selector: str = "",
    argument: str = "",
    files: Callable[[Project, str], Iterable[Path]] | None = None,
) -> Callable[[B], B]:
    """Declare the block class below (its ``NAME`` is the block's name). ``ARGUMENT`` follows from
    ``argument``: required when it names one, refused when it does not."""

    def wrap(cls: B) -> B:
        cls.ARGUMENT = bool(argument)
        register(BlockSpec(cls.NAME, cls, frozenset(reads), slides, prints, selector, argument, files))
        return cls

    return wrap


def registered() -> dict[str, BlockSpec]:
    """Every declared block, by name (the toolkit's own, then those registered at run time)."""
    global _discovered
    if not _discovered:
        _discovered = True
        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(_REGISTRY)


# --- what the registry derives --------------------------------------------------------------------


def slide_rules() -> dict[str, str]:
    """The presentation's selectors: blocks that never reach a slide, and blocks that are notes."""
    specs = registered().values()
    return {
        "skip": ", ".join(s.css for s in specs if s.slides == "skip"),
        "notes": ", ".join(s.css for s in specs if s.slides == "notes"),
    }


def print_hidden() -> str:
    """The selector of the blocks that never print."""
    return ", ".join(s.css for s in registered().values() if not s.prints)


def fingerprint(project: Project, name: str, argument: str, course_wide: str) -> list[object]:
    """What a block on a page shows from outside the page, as plain data: a page is rebuilt while
    serving when this changes. ``course_wide``: the digest of the course data (computed once per build)."""
    spec = registered().get(name)
    return reads_fingerprint(project, spec.reads, argument, course_wide, spec.files) if spec else []


def reads_fingerprint(
    project: Project,
    reads: Iterable[str],
    argument: str,
    course_wide: str,
    files: Callable[[Project, str], Iterable[Path]] | None = None,
) -> list[object]:
    """What the sources of the kinds in ``reads`` (:data:`READS`) hold now, as plain data."""
    parts: list[object] = []
    course = project.course
    for kind in sorted(reads):
        if kind == "bank":
            bank = project.bank(argument)
            module = course.module(argument)
            parts.append((argument, repr(bank.items) if bank else None, module.title if module else None))
            parts.append([image_versions(i) for i in bank.items] if bank else None)  # the images its quiz shows
        elif kind == "banks":
            parts.append([(b.id, repr(b.items), [image_versions(i) for i in b.items]) for b in project.banks])
            parts.append([(m.slug, m.number, m.title) for m in course.modules])
        elif kind == "glossary":
            parts.append(repr(project.glossary))
        elif kind == "course":
            parts.append(course_wide)
        elif kind == "sessions":
            parts.append([repr(project.session(m)) for m in course.modules])
        elif kind == "files" and files is not None:
            for path in files(project, argument):
                parts.append((str(path), _stamp(project, path)))
    return parts


def _stamp(project: Project, path: Path) -> object:
    """The version of ``path`` (read through the project's sources, so serve sees every edit)."""
    try:
        return len(project.sources.read(path)), project.sources.stamp(path)
    except OSError:
        return None


# --- base classes ---------------------------------------------------------------------------------


class RawBlock(Block):
    """A block whose own content is ignored: it makes one element (``TAG`` with ``ATTRS``) and
    fills it in ``fill``."""

    TAG = "div"
    ATTRS: ClassVar[dict[str, str]] = {}

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, self.TAG, dict(self.ATTRS))

    def on_end(self, block: etree.Element) -> None:
        block.text = None
        if not self.recording:
            self.fill(block)

    def fill(self, block: etree.Element) -> None:
        """Put the block's content into ``block`` (nothing by default; never while recording)."""

    @property
    def recording(self) -> bool:
        """True while the page parser records the page's structure (nothing to render then)."""
        return self.config.get("recorder") is not None


class CourseBlock(RawBlock):
    """A raw block that reads the live project."""

    def project(self) -> Project:
        """The live project (handed over by the plugin, or loaded once by the extension)."""
        return self.config["project"]()  # type: ignore[no-any-return]

    @property
    def include_drafts(self) -> bool:
        return bool(self.config.get("include_drafts"))

    @property
    def m(self) -> Messages:
        """The interface strings in the page's language (the extension's ``lang`` option)."""
        return messages(str(self.config.get("lang") or SOURCE))

    def stash(self, element: etree.Element, html: str) -> None:
        element.text = self.md.htmlStash.store(html)
