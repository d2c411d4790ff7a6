"""HTML for quizzes, from the bank (the single source) through a small Jinja template."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jinja2
from markupsafe import Markup

from . import safemd
from .quiz import Bank, Item


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


@lru_cache(maxsize=4096)
def _item_view(item: Item) -> _ItemView:
    return _ItemView(
        id=item.id,
        type=item.type,
        stem_html=Markup(safemd.render(item.stem)),
        options=tuple(
            _OptionView(o.key, o.correct, Markup(safemd.render_inline(o.text)), Markup(safemd.render_inline(o.feedback)))
            for o in item.options
        ),
        explanation_html=Markup(safemd.render(item.explanation)) if item.explanation else Markup(""),
    )


def render_quiz(bank: Bank, item_ids: list[str] | None = None, label: str = "") -> str:
    """The quiz for a whole bank, or for the chosen items in the chosen order."""
    items = bank.items if not item_ids else [i for i in (bank.item(x) for x in item_ids) if i is not None]
    return _env().get_template("quiz.html").render(
        bank_id=bank.id,
        label=label or f"Quiz: {bank.id}",
        items=[_item_view(i) for i in items],
    )
