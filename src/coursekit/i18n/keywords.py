"""Content keywords: the words in a page that carry meaning ("Exercise", "Model answer", "Sources",
"Key points", "Text alternative"), configured per language in the message catalogue under
``content.`` (``content.exercise`` is "Ejercicio" in es.yml, "Exercice" in fr.yml).

A page is read with its own language's keywords. A translated page may still hold English
content (a page not yet translated, or an English quotation), so the English keyword counts on it
too: no English word means anything else in a course page's headings and block titles.
"""

from __future__ import annotations

import re

from coursekit.i18n.catalogue import SOURCE, base_language, messages, raw


def keywords(key: str, lang: str = SOURCE) -> tuple[str, ...]:
    """The words of the content keyword ``key`` on a page in ``lang``: its own first, then English."""
    own = messages(lang).t(key)
    english = str(raw(SOURCE)[key])
    return (own,) if base_language(lang) == SOURCE or own == english else (own, english)


def keyword_match(text: str, key: str, lang: str = SOURCE) -> bool:
    """Does ``text`` (a block title, 'Exercice : …') start with the keyword as a whole word?"""
    start = text.strip().casefold()
    for word in keywords(key, lang):
        word = word.casefold()
        if start.startswith(word) and not start[len(word) : len(word) + 1].isalnum():
            return True
    return False


def is_keyword(text: str, key: str, lang: str = SOURCE) -> bool:
    """Is ``text`` (a heading) exactly the keyword, letter case aside?"""
    return text.strip().casefold() in {w.casefold() for w in keywords(key, lang)}


def keyword_pattern(key: str, lang: str = SOURCE) -> str:
    """A regular expression alternative matching the keyword's words (for a line-based reader)."""
    return "(?:" + "|".join(re.escape(w) for w in keywords(key, lang)) + ")"
