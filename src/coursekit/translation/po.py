"""Translators' files (issue 19): a course page as a PO file and back, for Weblate, Crowdin or Poedit.

`course translations export --format po --lang ca` writes ``translations/ca/<page>.po`` for every
Markdown page: one entry per front matter text (title, summary, objectives, questions, key points)
and per paragraph of the body, in the page's order. An entry's ``msgstr`` is filled from the
existing translation; where the English paragraph changed since the translation's
``source_commit``, the entry is ``#, fuzzy`` and carries the English it was translated from
(``#| msgid``), as gettext's msgmerge does. `course translations import` writes the pages back
(``docs/index.ca.md``); ``source_commit`` moves to the English file's last commit only when every
entry is translated and none is fuzzy, so a page imported half-done still shows as outdated.

A small PO reader and writer of our own: the toolkit needs entries, context, flags and previous
msgids, nothing else; translate-toolkit and mdpo bring a Markdown parser and dozens of formats we
would not use (see the editor guide).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.model import frontmatter
from coursekit.model.languages import translation
from coursekit.translation.status import COMMIT_RE, Git, recorded_commit

TEXT_KEYS = ("title", "summary", "text")
"""Front matter keys whose value is text to translate (``text`` of an objective)."""
TEXT_LISTS = ("questions", "keypoints")
"""Front matter lists whose entries are text to translate."""
_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([a-z_]+):\s+(\S.*)$")
_LIST_LINE = re.compile(r"^(\s*-\s+)(\S.*)$")
_TOP_KEY = re.compile(r"^([a-z_]+):")


@dataclass
class Segment:
    """One piece of a page to translate: a front matter value (``line`` in the front matter) or a body paragraph."""

    text: str
    line: int = -1  # the front matter line it sits on; -1: a body paragraph
    prefix: str = ""  # what comes before the value on that line ('title: ', '  - ')


def segments(text: str) -> list[Segment]:
    """The page's pieces to translate, in order."""
    raw, body, _, _ = frontmatter.split(text)
    out: list[Segment] = []
    top = ""
    for index, line in enumerate((raw or "").split("\n")):
        key = _TOP_KEY.match(line)
        if key:
            top = key.group(1)
        match = _KEY_LINE.match(line)
        if match and match.group(2) in TEXT_KEYS:
            value = _scalar(match.group(3))
            if value is not None:
                out.append(Segment(value, index, f"{match.group(1)}{match.group(2)}: "))
            continue
        listed = _LIST_LINE.match(line)
        if listed and top in TEXT_LISTS and not _KEY_LINE.match(line):
            value = _scalar(listed.group(2))
            if value is not None:
                out.append(Segment(value, index, listed.group(1)))
    out += [Segment(block.strip("\n")) for block in re.split(r"\n[ \t]*\n", body) if block.strip()]
    return out


def _scalar(value: str) -> str | None:
    """A one-line YAML scalar's text (None for a block scalar or a value this module does not rewrite)."""
    value = value.strip()
    if value in ("|", ">", "|-", ">-") or value.startswith(("[", "{", "&", "*", "!")):
        return None
    if value.startswith('"'):
        try:
            decoded = json.loads(value)
        except ValueError:
            return None
        return decoded if isinstance(decoded, str) else None
    if value.startswith("'"):
        return value[1:-1].replace("''", "'") if value.endswith("'") and len(value) > 1 else None
    return value.split(" #", 1)[0].rstrip()


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")


def _yaml_text(text: str) -> str:
    """``text`` as a one-line YAML value: plain when that reads back the same, else double-quoted."""
    plain = _PLAIN.match(text) and ": " not in text and " #" not in text and not text.endswith((":", " "))
    if plain and text.lower() not in ("true", "false", "yes", "no", "null", "on", "off", "~"):
        try:
            float(text)
        except ValueError:
            return text
    return json.dumps(text, ensure_ascii=False)


# -- the PO format ---------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    msgctxt: str = ""
    fuzzy: bool = False
    previous: str | None = None  # '#| msgid': the English the fuzzy msgstr was translated from
    comments: list[str] = field(default_factory=list)  # '#.' notes for the translator


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in parts)


def write_po(entries: list[Entry], lang: str, source: str) -> str:
    head = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {lang}\\n"',
        f'"X-Source-File: {source}\\n"',
        "",
    ]
    out = head
    for e in entries:
        out += [f"#. {c}" for c in e.comments]
        if e.fuzzy:
            out.append("#, fuzzy")
        if e.previous is not None:
            out.append("#| msgid " + _quote(e.previous).replace("\n", "\n#| "))
        if e.msgctxt:
            out.append("msgctxt " + _quote(e.msgctxt))
        out.append("msgid " + _quote(e.msgid))
        out.append("msgstr " + _quote(e.msgstr))
        out.append("")
    return "\n".join(out)


class PoError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"\s*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(body: str, line: int) -> str:
    def esc(m: re.Match[str]) -> str:
        ch = m.group(1)
        if ch not in _ESCAPES:
            raise PoError(line, f"unknown escape '\\{ch}'; write \\n, \\t, \\\" or \\\\")
        return _ESCAPES[ch]

    return re.sub(r"\\(.)", esc, body)


def read_po(text: str) -> tuple[dict[str, str], list[Entry]]:
    """(header fields, entries) of a PO file; raises PoError naming the line of a problem."""
    entries: list[Entry] = []
    current: Entry | None = None
    field_name = ""
    flags_fuzzy = False
    header: dict[str, str] = {}

    def finish() -> None:
        nonlocal current
        if current is not None:
            if current.msgid == "" and not current.msgctxt:
                for raw in current.msgstr.split("\n"):
                    if ":" in raw:
                        k, _, v = raw.partition(":")
                        header[k.strip()] = v.strip()
            else:
                entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            field_name = ""
            continue
        if line.startswith("#,"):
            finish()
            flags_fuzzy = "fuzzy" in [f.strip() for f in line[2:].split(",")]
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid", "msgstr"):
            if keyword in ("msgctxt", "msgid") and current is not None and current.msgstr != "" and field_name == "msgstr":
                finish()
            if current is None:
                current = Entry("", fuzzy=flags_fuzzy)
                flags_fuzzy = False
            field_name = keyword
            line = rest.strip()
        elif not line.startswith('"') or current is None:
            raise PoError(number, f"'{line[:40]}' is not PO syntax; each entry is msgctxt/msgid/msgstr followed by quoted strings")
        match = _STRING.match(line)
        if match is None:
            raise PoError(number, 'a PO string must be one quoted line, e.g. "text"; escape a quote inside it as \\"')
        value = _unquote(match.group(1), number)
        setattr(current, field_name, getattr(current, field_name) + value)
    finish()
    return header, entries


# -- export and import -------------------------------------------------------------------------


def export_page(root: Path, source: Path, lang: str, git: Git) -> list[Entry]:
    """The PO entries of the English page ``source`` in ``lang``, filled from its translation."""
    english = source.read_text(encoding="utf-8")
    now = segments(english)
    entries = [Entry(s.text, msgctxt=f"{source.relative_to(root).as_posix()}:{i + 1}") for i, s in enumerate(now)]
    target = translation(source, lang)
    if not target.is_file():
        return entries
    translated_text = target.read_text(encoding="utf-8")
    translated = segments(translated_text)
    commit = recorded_commit(translated_text, ".md")
    before_text = git.show(commit, source) if commit and COMMIT_RE.match(commit) and git.has_commit(commit) else None
    before = segments(before_text) if before_text is not None else now
    if len(before) != len(translated):
        for entry in entries:
            entry.comments.append("the translation's paragraphs do not match the English ones: translate from the English")
        return entries
    old = [s.text for s in before]
    new = [s.text for s in now]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                entries[j1 + k].msgstr = translated[i1 + k].text
        elif tag == "replace":
            for k in range(min(i2 - i1, j2 - j1)):
                entry = entries[j1 + k]
                entry.msgstr, entry.fuzzy, entry.previous = translated[i1 + k].text, True, old[i1 + k]
    return entries


def import_page(root: Path, source: Path, lang: str, entries: list[Entry], git: Git) -> tuple[Path, int]:
    """Write the ``lang`` translation of ``source`` from PO ``entries``; returns (file, entries
    still to do: untranslated, fuzzy or made for another English version)."""
    english = source.read_text(encoding="utf-8")
    now = segments(english)
    by_context = {e.msgctxt: e for e in entries}
    raw, _, _, _ = frontmatter.split(english)
    head = (raw or "").split("\n") if raw is not None else []
    body: list[str] = []
    todo = 0
    rel = source.relative_to(root).as_posix()
    for i, seg in enumerate(now):
        entry = by_context.get(f"{rel}:{i + 1}")
        usable = entry is not None and entry.msgid == seg.text and entry.msgstr != ""
        if not usable or (entry is not None and entry.fuzzy):
            todo += 1
        text = entry.msgstr if usable and entry is not None else seg.text
        if seg.line >= 0:
            head[seg.line] = seg.prefix + _yaml_text(text)
        else:
            body.append(text)
    target = translation(source, lang)
    old_commit = recorded_commit(target.read_text(encoding="utf-8"), ".md") if target.is_file() else None
    commit = old_commit
    if todo == 0:
        commit = git.last_commit(source) or commit
    head = [line for line in head if not line.startswith("source_commit:")]
    if commit:
        head.insert(0, f"source_commit: {commit}")
    out = ("---\n" + "\n".join(head) + "\n---\n\n" if head else "") + "\n\n".join(body) + "\n"
    target.write_text(out, encoding="utf-8")
    return target, todo
