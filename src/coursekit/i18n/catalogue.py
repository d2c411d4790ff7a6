"""The one message catalogue: every string a learner, trainer or editor reads in what the
toolkit makes, with one key, one English text and one translation per language.

Messages live in ``messages/<lang>.yml`` beside this module: flat dotted keys grouped by feature
(``quiz.check``, ``workbook.saved``). A message is a string with ``{variables}``, or a mapping of
plural forms (``one``/``other``, and ``few``/``many`` where a language has them) chosen by its
``count`` variable through the language's plural rule. Python reads it with
``messages(lang).t(key, **vars)``; the browser reads the same messages from the JSON that
:func:`browser_messages` makes (``docs/assets/i18n.js``). A key missing in a language falls back to
English; ``course validate`` and the tests require every key in every language.

Content keywords (the words of a page that carry meaning, such as "Exercise" or "Sources") are
messages too, under ``content.``; see :mod:`coursekit.i18n.keywords`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path, PurePath

import yaml
from markupsafe import Markup, escape

_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader parses the message files several times faster than the pure-Python one."""

SOURCE = "en"
"""The language every message is written in first; a missing translation falls back to it."""
LANGUAGES: tuple[str, ...] = ("en", "es", "ca", "fr")
"""The languages with a message file, the source language first."""
KEYWORD_GROUP = "content."
"""Messages under this group are words that carry meaning in page content ("Exercise", "Sources")."""
FORMS = ("zero", "one", "two", "few", "many", "other")
VARIABLE_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Message = str | dict[str, str]


def _one_is_one(n: float) -> str:
    return "one" if n == 1 else "other"


def _french(n: float) -> str:
    return "one" if 0 <= n < 2 and n == int(n) else "other"


PLURAL_RULES: dict[str, Callable[[float], str]] = {
    # CLDR's rules for whole numbers below a million (the counts a course shows).
    "en": _one_is_one,
    "es": _one_is_one,
    "ca": _one_is_one,
    "fr": _french,  # 0 and 1 take the singular in French
}


def plural(lang: str, count: float) -> str:
    """The plural form ('one', 'other', ...) a language uses for ``count``."""
    return PLURAL_RULES.get(base_language(lang), _one_is_one)(count)


def base_language(lang: str) -> str:
    """'es' for 'es', 'es-ES' or 'es_ES'; '' stays the source language."""
    return (lang or SOURCE).replace("_", "-").split("-", 1)[0].lower()


PAGE_LANG_RE = re.compile(r"\.([a-z]{2})\.(md|ipynb|yml)$")


def page_language(path: str | PurePath) -> str:
    """A page's language by the file-name rule: ``name.<lang>.md`` is in ``lang``, any other page
    in the source language (English)."""
    match = PAGE_LANG_RE.search(PurePath(path).name)
    return match.group(1) if match and match.group(1) in LANGUAGES else SOURCE


class MessageError(ValueError):
    """A message file that cannot be read, or a message used with the wrong variables."""


def _load(lang: str) -> dict[str, Message]:
    try:
        text = resources.files("coursekit.i18n").joinpath("messages", f"{lang}.yml").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = yaml.load(text, Loader=_LOADER) or {}  # a safe loader (libyaml's when built with it)
    if not isinstance(data, dict):
        raise MessageError(f"coursekit/i18n/messages/{lang}.yml: expected a mapping of keys to messages")
    out: dict[str, Message] = {}
    for key, value in data.items():
        if isinstance(value, str):
            out[str(key)] = value
        elif isinstance(value, dict) and "other" in value and all(k in FORMS and isinstance(v, str) for k, v in value.items()):
            out[str(key)] = {str(k): str(v) for k, v in value.items()}
        else:
            raise MessageError(
                f"coursekit/i18n/messages/{lang}.yml: '{key}' must be a string or a mapping of plural forms with 'other' ({', '.join(FORMS)})"
            )
    return out


@cache
def raw(lang: str) -> dict[str, Message]:
    """The messages written for ``lang`` exactly as in its file (no fallback)."""
    return _load(base_language(lang))


def variables(message: Message) -> set[str]:
    """The {variables} a message uses (in any of its plural forms)."""
    texts = message.values() if isinstance(message, dict) else [message]
    return {name for text in texts for name in VARIABLE_RE.findall(text)}


def fill(text: str, values: Mapping[str, object], key: str = "") -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise MessageError(f"message '{key}' needs the variable {{{name}}}")
        return str(values[name])

    return VARIABLE_RE.sub(one, text)


@dataclass(frozen=True)
class Messages:
    """The interface strings of one language, English where a translation is missing."""

    lang: str
    table: Mapping[str, Message]

    def message(self, key: str) -> Message:
        found = self.table.get(key)
        if found is None:
            raise MessageError(f"no message '{key}' in coursekit/i18n/messages/{SOURCE}.yml; add it there and in every language")
        return found

    def t(self, key: str, **values: object) -> str:
        """The message ``key`` with its {variables} filled in; a plural message picks its form by ``count``."""
        message = self.message(key)
        if isinstance(message, dict):
            if "count" not in values:
                raise MessageError(f"message '{key}' has plural forms and needs a count")
            count = values["count"]
            form = plural(self.lang, float(count)) if isinstance(count, int | float) else "other"
            message = message.get(form, message["other"])
        return fill(message, values, key)

    def markup(self, key: str, **values: object) -> Markup:
        """The message as HTML: its text escaped, a :class:`~markupsafe.Markup` variable kept as HTML
        (``<strong>Check answer</strong>`` inside a sentence, without splitting the sentence)."""
        marks = {name: f"\x00{n}\x00" for n, name in enumerate(values) if not isinstance(values[name], int | float)}
        text = str(escape(self.t(key, **{**values, **marks})))
        for name, mark in marks.items():
            text = text.replace(mark, str(escape(values[name])))
        return Markup(text)

    def __contains__(self, key: str) -> bool:
        return key in self.table


@cache
def messages(lang: str = SOURCE) -> Messages:
    """The catalogue of ``lang`` ('es', 'fr-FR' ...): its own messages over the English ones."""
    code = base_language(lang)
    table = dict(raw(SOURCE))
    if code != SOURCE:
        table.update(raw(code))
    return Messages(code, table)


def t(lang: str, key: str, **values: object) -> str:
    """Shorthand for ``messages(lang).t(key, **values)``."""
    return messages(lang).t(key, **values)


@dataclass(frozen=True)
class Finding:
    """A problem of a message file: its language, key and what to do; ``severity`` 'warning' for a
    message that reads the same as in English (it may be the same word on purpose)."""

    lang: str
    key: str
    text: str
    severity: str = "error"

    @property
    def where(self) -> str:
        return f"coursekit/i18n/messages/{self.lang}.yml"

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


SAME_FILE = "same.yml"
"""``messages/same.yml``: per language, the keys whose message is the English text on purpose."""
LETTERS_RE = re.compile(r"[^\W\d_]", re.UNICODE)


@cache
def same_on_purpose() -> dict[str, frozenset[str]]:
    """The keys whose message reads as in English on purpose, per language (messages/same.yml)."""
    try:
        text = resources.files("coursekit.i18n").joinpath("messages", SAME_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise MessageError(f"coursekit/i18n/messages/{SAME_FILE}: expected a list of message keys per language")
    return {str(lang): frozenset(str(k) for k in keys) for lang, keys in data.items()}


def has_words(message: Message) -> bool:
    """True when a message holds letters besides its {variables} ('{row}: {column}' holds none)."""
    texts = message.values() if isinstance(message, dict) else [message]
    return any(LETTERS_RE.search(VARIABLE_RE.sub("", text)) for text in texts)


def findings(languages: tuple[str, ...] = LANGUAGES[1:]) -> list[Finding]:
    """What is wrong with the message files of ``languages``: a key missing or extra, a plural
    message that is a plain string, a translation with other {variables} (errors: the page would show
    English, or fail to render), and a message with words that reads exactly as in English and is
    not listed in messages/same.yml (a warning: it is English on the page unless the word is the same)."""
    found: list[Finding] = []
    source = raw(SOURCE)
    same = same_on_purpose()
    for lang in languages:
        table = raw(lang)
        if not table:
            found.append(Finding(lang, "", f"no messages for '{lang}': translate {SOURCE}.yml into messages/{lang}.yml, every key"))
            continue
        found += [Finding(lang, key, f"no message '{key}'; translate it from {SOURCE}.yml") for key in source if key not in table]
        found += [Finding(lang, key, f"'{key}' is not in {SOURCE}.yml; add it there or remove it") for key in table if key not in source]
        for key, message in table.items():
            english = source.get(key)
            if english is None:
                continue
            if isinstance(english, dict) != isinstance(message, dict):
                kind = "have plural forms" if isinstance(english, dict) else "be a plain string"
                found.append(Finding(lang, key, f"'{key}' must {kind}, as in {SOURCE}.yml"))
            elif variables(message) != variables(english):
                found.append(
                    Finding(
                        lang,
                        key,
                        f"'{key}' uses {sorted(variables(message))} but {SOURCE}.yml uses {sorted(variables(english))}; keep the same {{variables}}",
                    )
                )
            elif message == english and has_words(message) and key not in same.get(lang, frozenset()):
                found.append(
                    Finding(
                        lang,
                        key,
                        f"'{key}' reads as in {SOURCE}.yml ({_shown(message)}), so translated pages show it in English; translate it, "
                        f"or, if the word is the same in this language, list '{key}' under '{lang}:' in messages/{SAME_FILE}",
                        "warning",
                    )
                )
        found += [
            Finding(lang, key, f"messages/{SAME_FILE} lists '{key}', which is not a key of {SOURCE}.yml; remove it from the list")
            for key in sorted(same.get(lang, frozenset()) - set(source))
        ]
    return found


def _shown(message: Message) -> str:
    return repr(message["other"] if isinstance(message, dict) else message)


def problems() -> list[str]:
    """What is wrong with the message files, one line each (see :func:`findings`)."""
    return [str(f) for f in findings()]


def message_file(lang: str) -> Path:
    """The message file of ``lang`` on disk (validation names it)."""
    return Path(str(resources.files("coursekit.i18n").joinpath("messages", f"{lang}.yml")))


def key_line(lang: str, key: str) -> int:
    """The line of ``key`` in the message file of ``lang`` (1 when it is not there)."""
    path = message_file(lang)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    prefix = (f"{key}:", f'"{key}":', f"'{key}':")
    return next((n for n, line in enumerate(lines, 1) if line.startswith(prefix)), 1)


PYTHON_ONLY = ("downloads.readme",)
"""Keys only the build uses (a download's README): left out of what every page loads."""


def browser_messages(lang: str) -> dict[str, Message]:
    """What the browser reads for ``lang`` (assets/messages/<lang>.json): every message but those
    of :data:`PYTHON_ONLY`, English where a translation is missing, plural messages as their forms
    (i18n.js picks one with Intl.PluralRules); in a translation, each content keyword's English
    word too, as ``<key>@en`` (a translated page may still hold English content)."""
    table: dict[str, Message] = {k: v for k, v in messages(lang).table.items() if not k.startswith(PYTHON_ONLY)}
    if base_language(lang) != SOURCE:
        table.update({f"{key}@en": value for key, value in raw(SOURCE).items() if key.startswith(KEYWORD_GROUP)})
    return table
