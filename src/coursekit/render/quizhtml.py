"""HTML for quizzes, from the bank (the single source) through a small Jinja template."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from coursekit.i18n.catalogue import SOURCE, messages
from coursekit.model.quiz import Bank, Item, display_order
from coursekit.model.sources import Sources, Stamp, file_stamp
from coursekit.render import safemd
from coursekit.render.safemd import IMAGE_TYPES, image_file


@dataclass(frozen=True)
class _OptionView:
    key: str
    correct: bool
    html: Markup
    feedback_html: Markup


@dataclass(frozen=True)
class _ItemView:
    id: str
    type: str
    stem_html: Markup
    options: tuple[_OptionView, ...]
    explanation_html: Markup


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("coursekit", "templates"),
        autoescape=True,
        trim_blocks=False,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )


IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")  # a Markdown image's target (as rules_links resolves it)
Versions = tuple[tuple[Path, Stamp | None], ...]


def image_paths(item: Item) -> list[Path]:
    """The image files the item's text shows (stem, options, feedback, explanation)."""
    texts = [item.stem, item.explanation or "", *(o.text for o in item.options), *(o.feedback for o in item.options)]
    found = (image_file(item, m.group(1)) for text in texts for m in IMAGE_RE.finditer(text))
    return sorted({path for path in found if path is not None})


def image_versions(item: Item) -> Versions:
    """The version on disk of each image the item shows (part of what `course serve` watches)."""
    return tuple((path, file_stamp(path)) for path in image_paths(item))


def embedded_image(item: Item, sources: Sources | None = None) -> safemd.ImageSource:
    """Images in quiz text name a file of the item's module (or of quizzes/); the quiz shows on
    pages at several depths (module, print, trainer), so the file is embedded as a data: URL.
    The file is read through the project's sources when given (so a serve rebuild sees an edit)."""

    def src(path: str) -> str | None:
        found = image_file(item, path)
        if found is None:
            return None  # reported by the validator (rules_links)
        kind = IMAGE_TYPES[found.suffix.lower()]
        data = sources.read(found) if sources is not None else found.read_bytes()
        return f"data:{kind};base64," + base64.b64encode(data).decode("ascii")

    return src


_VIEWS: dict[tuple[Item, Versions], _ItemView] = {}
_VIEWS_MAX = 4096


def _item_view(item: Item, sources: Sources | None = None) -> _ItemView:
    """The item rendered, kept while the item and the images it shows are unchanged."""
    key = (item, image_versions(item))
    view = _VIEWS.get(key)
    if view is None:
        image = embedded_image(item, sources)
        view = _ItemView(
            id=item.id,
            type=item.type,
            stem_html=Markup(safemd.render(item.stem, image)),
            options=tuple(
                _OptionView(o.key, o.correct, Markup(safemd.render_inline(o.text, image)), Markup(safemd.render_inline(o.feedback, image)))
                for o in display_order(item)
            ),
            explanation_html=Markup(safemd.render(item.explanation, image)) if item.explanation else Markup(""),
        )
        if len(_VIEWS) >= _VIEWS_MAX:
            _VIEWS.pop(next(iter(_VIEWS)))
        _VIEWS[key] = view
    return view


@dataclass(frozen=True)
class QuizParts:
    """A quiz as its outer elements (attributes) and inner HTML fragments. The Markdown block
    builds the elements in the page tree, so that item ids are real anchors for MkDocs."""

    attrs: dict[str, str]
    intro_html: str
    items: list[tuple[dict[str, str], str]]  # (<li> attributes, inner HTML)


def quiz_parts(
    bank: Bank, item_ids: list[str] | None = None, label: str = "", sources: Sources | None = None, lang: str = SOURCE
) -> QuizParts:
    """The quiz for a whole bank, or for the chosen items in the chosen order (images read
    through ``sources``, the project's, when given), with its interface in ``lang``."""
    items = bank.items if not item_ids else [i for i in (bank.item(x) for x in item_ids) if i is not None]
    env = _env()
    inner = env.get_template("quiz_item.html")
    m = messages(lang)
    check = Markup("<strong>%s</strong>") % m.t("quiz.check")
    return QuizParts(
        attrs={"class": "cq-quiz", "data-cq-quiz": bank.id, "aria-label": label or m.t("quiz.label", title=bank.id)},
        intro_html=env.get_template("quiz_intro.html").render(
            intro=m.markup("quiz.intro", count=len(items), check=check), stays=m.t("quiz.stays_here")
        ),
        items=[
            (
                {
                    "class": "cq-item",
                    "id": f"q-{item.id}",
                    "data-cq-item": item.id,
                    "data-cq-type": item.type,
                    # the published order (also the poll's); the learner's browser may shuffle
                    "data-cq-order": " ".join(o.key for o in display_order(item)),
                    **({"data-cq-shuffle": "false"} if not item.shuffle or item.type == "true-false" else {}),
                },
                inner.render(item=_item_view(item, sources), number=number, m=m),
            )
            for number, item in enumerate(items, 1)
        ],
    )
