"""The course's languages and where a translation sits (issue 19).

``course.yml`` declares ``languages: [en, es, ca, fr]``; the first is the source language, built at
the site root, and every other one is built under ``/<lang>/`` with the same paths. A translation
sits beside its source with the language before the extension: ``docs/index.es.md``,
``quizzes/01-x.es.yml``, ``modules/01-x/analysis.es.ipynb``. A localised image sits beside its
image the same way (``modules/03-x/funnel.es.svg``): the language's site serves it at the English
image's address, so the translated page keeps ``![alt](funnel.svg)``.

Nothing here reads a file or imports the rest of coursekit: the model uses it to leave
translations out of the source language's listings.
"""

from __future__ import annotations

import re
from pathlib import Path

LANG_RE = re.compile(r"^[a-z]{2,3}$")
"""A language code as course.yml writes it: ISO 639-1 (or 639-2) lowercase letters."""
IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
"""The kinds of image that can have a localised version (``funnel.es.svg`` beside ``funnel.svg``)."""
TRANSLATABLE = (".md", ".yml", ".yaml", ".ipynb", *IMAGES)
"""The kinds of source file that have translations (pages, banks, glossary, run sheets, notebooks, images)."""

NAMES = {"en": "English", "es": "Español", "ca": "Català", "fr": "Français", "de": "Deutsch", "it": "Italiano", "pt": "Português"}
"""Each language's name in that language (the switcher shows these)."""


def name(lang: str) -> str:
    """The language's own name, e.g. 'Español' (its code when unknown)."""
    return NAMES.get(lang, lang)


def split(path: Path, languages: tuple[str, ...] | list[str]) -> tuple[Path, str | None]:
    """``(source path, language)`` of a translation, or ``(path, None)`` for a source file.

    Only the course's translated languages count (``languages[1:]``): ``index.es.md`` is a page of
    its own in a course that declares no Spanish."""
    if path.suffix not in TRANSLATABLE:
        return path, None
    stem = path.name[: -len(path.suffix)]
    base, dot, lang = stem.rpartition(".")
    if dot and base and lang in languages[1:]:
        return path.with_name(base + path.suffix), lang
    return path, None


def is_translation(path: Path, languages: tuple[str, ...] | list[str]) -> bool:
    return split(path, languages)[1] is not None


def translation(source: Path, lang: str) -> Path:
    """Where the ``lang`` translation of ``source`` sits: docs/index.md -> docs/index.es.md."""
    return source.with_name(f"{source.stem}.{lang}{source.suffix}")


def site_prefix(lang: str, source: str) -> str:
    """The folder of a language's site below the site root: '' for the source language, 'es/' else."""
    return "" if lang == source else f"{lang}/"
