"""A strict, safe YAML reader that keeps line numbers.

PyYAML's loaders silently keep the last of two repeated keys, expand aliases
(an "alias bomb" can exhaust memory) and recurse on deep nesting.  This reader
walks the parser's events instead, with an explicit stack, so it:

* records the line of every key and value,
* reports a repeated key in one mapping,
* refuses anchors, aliases and custom tags (quiz banks never need them),
* refuses nesting deeper than ``MAX_DEPTH`` and files larger than ``MAX_BYTES``,
* reports binary, non-UTF-8, byte-order-marked and empty files clearly.

It never raises on bad input: every problem becomes a ``Problem``.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

try:  # libyaml makes parsing several times faster; fall back silently.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

_resolver = yaml.resolver.Resolver()
_resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _resolver.resolve  # (unannotated in the stubs)
_constructor = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    column: int = 0


@dataclass
class Node:
    """A YAML value with its position. ``value`` is a dict of Nodes, a list of Nodes or a scalar."""

    value: Any
    line: int
    column: int = 0
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def plain(self) -> Any:
        """The value as plain Python data, without positions."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def decode(data: bytes, what: str = "file", max_bytes: int = MAX_BYTES) -> tuple[str | None, Problem | None]:
    """Turn bytes into text, or explain why the file cannot be read as UTF-8 text."""
    if len(data) > max_bytes:
        return None, Problem(
            0,
            f"{what} is {len(data):,} bytes, larger than the {max_bytes:,} bytes allowed; split it into smaller files",
        )
    wide = wide_encoding(data)
    if wide:
        return None, Problem(
            0,
            f"{what} is saved as {wide}, not UTF-8; re-save it as UTF-8 "
            "(in your editor: Save with Encoding, UTF-8; in Windows Notepad: Save as, Encoding: UTF-8)",
        )
    if b"\x00" in data:
        return None, Problem(0, f"{what} contains NUL bytes and looks binary; save it as plain UTF-8 text")
    if data.startswith(b"\xef\xbb\xbf"):
        return None, Problem(1, f"{what} starts with a byte-order mark (BOM); save it as UTF-8 without BOM", 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(
            line,
            f"{what} is not valid UTF-8 (byte 0x{data[exc.start]:02x} on this line; the file is probably saved as "
            "Windows-1252 or Latin-1); re-save the whole file as UTF-8 (in your editor: Save with Encoding, UTF-8)",
        )
    if not text.strip():
        return None, Problem(0, f"{what} is empty; it needs content")
    return text, None


def wide_encoding(data: bytes) -> str:
    """'UTF-16' or 'UTF-32' when ``data`` is text saved in that encoding (with or without a
    byte-order mark), else ''. Such files are full of NUL bytes but are not binary."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4000]
    if len(sample) < 4 or b"\x00" not in sample:
        return ""
    for encoding, name in (("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16")):
        unit = 4 if name == "UTF-32" else 2
        cut = len(sample) - len(sample) % unit
        try:
            text = sample[:cut].decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) / len(text) > 0.95 and "\x00" not in text:
            return name
    return ""


class _Mark(Protocol):
    line: int
    column: int


def _line(mark: _Mark | None) -> int:
    return mark.line + 1 if mark is not None else 0


def _column(mark: _Mark | None) -> int:
    return mark.column + 1 if mark is not None else 0


def _scalar(event: yaml.ScalarEvent) -> tuple[Any, str | None]:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value, None  # most values: no constructor needed
    if tag not in _ALLOWED_TAGS:
        if tag == "tag:yaml.org,2002:timestamp":
            return event.value, None  # a date-looking value stays text; schemas decide
        return None, f"the tag {tag!r} is not allowed; write a plain value"
    node = yaml.ScalarNode(tag, event.value)
    try:
        return _constructor.construct_object(node, deep=True), None
    except (yaml.YAMLError, ValueError, OverflowError):  # pragma: no cover - resolver matched already
        return event.value, None


def _quoted_too_early(line: str) -> bool:
    """True when the line's value starts with a quote that closes before the line ends."""
    value = line.strip()
    if value.startswith("- "):
        value = value[2:].lstrip()
    if ": " in value and not value.startswith(("'", '"')):
        value = value.split(": ", 1)[1].lstrip()
    if not value.startswith(("'", '"')):
        return False
    quote, rest = value[0], value[1:]
    index = 0
    while index < len(rest):
        char = rest[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and rest[index + 1 : index + 2] == "'":
                index += 2
                continue
            tail = rest[index + 1 :].strip()
            return bool(tail) and not tail.startswith("#")
        index += 1
    return False


def _unclosed_quote_above(lines: list[str], line: int) -> int:
    """The line (1-based, above ``line``) whose quoted value opens a quote that its line never
    closes, when the error line is where that runaway value ends; else 0."""
    if not 0 < line <= len(lines) or '"' not in lines[line - 1]:
        return 0
    for number in range(line - 1, max(line - 8, 0), -1):
        value = lines[number - 1].strip()
        if value.startswith("- "):
            value = value[2:].lstrip()
        if ": " in value and not value.startswith('"'):
            value = value.split(": ", 1)[1].lstrip()
        if value.startswith('"') and (len(value) == 1 or not value.rstrip().endswith('"') or value.rstrip().endswith('\\"')):
            return number
        if value.startswith('"'):
            return 0  # a closed quoted value: the runaway is not above it
    return 0


ODD_SPACES = {
    "\u00a0": "a non-breaking space",
    "\u2007": "a figure space",
    "\u202f": "a narrow non-breaking space",
    "\u3000": "an ideographic space",
}
KEY_LINE_RE = re.compile(r"^(\s*)(- +)?([^\s#'\"\[{][^:#]*?):(\s+(.*))?$")


def _odd_space(lines: list[str], line: int) -> tuple[int, str] | None:
    """(line, name) of the last line at or above ``line`` whose indentation, or the space after its
    key's colon, is a space YAML does not count (a non-breaking space pasted from Word, say)."""
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1]
        lead = text[: len(text) - len(text.lstrip())]
        after_colon = re.match(r"^ *(?:- +)?[^: \t]+:([^ \t])", text.lstrip("".join(ODD_SPACES)))
        for char, name in ODD_SPACES.items():
            if char in lead or (after_colon and after_colon.group(1) == char):
                return number, name
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _misindented(lines: list[str], line: int) -> tuple[int, int] | None:
    """(spaces, expected spaces) when the error line is a key indented deeper than the key line
    above it, whose value is plain text (so YAML reads the line as part of that value)."""
    if not 1 < line <= len(lines) or not KEY_LINE_RE.match(lines[line - 1]):
        return None
    above = next((lines[n] for n in range(line - 2, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")), "")
    match = KEY_LINE_RE.match(above)
    if match is None or not (match.group(5) or "").strip() or (match.group(5) or "").strip()[0] in "|>":
        return None
    expected = len(match.group(1)) + len(match.group(2) or "")
    spaces = _indent(lines[line - 1])
    return (spaces, expected) if spaces > expected else None


def _syntax_problem(exc: yaml.YAMLError, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    line = mark.line + 1 if mark is not None else 0
    column = mark.column + 1 if mark is not None else 0
    hint = "check the indentation and quoting on this line and the one before"
    lines = text.splitlines()
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    odd = _odd_space(lines, line)
    shifted = _misindented(lines, line)
    if odd is not None:
        return Problem(
            odd[0],
            f"YAML syntax error: this line has {odd[1]} (often pasted from Word) where YAML needs a plain space, at the start "
            "of the line or after the colon; delete the spaces there and type them again",
        )
    if "\t" in bad_line[: column + 1] or "'\\t'" in problem:
        hint = "a tab character is used for indentation; YAML needs spaces"
    elif shifted is not None and ("mapping values are not allowed" in problem or "expected key" in problem):
        return Problem(
            line,
            f"YAML syntax error: this line is indented by {shifted[0]} spaces, more than the line above ({shifted[1]}), so YAML "
            f"reads it as part of that line's value; indent it by {shifted[1]} spaces, like the keys above it",
            column,
        )
    elif "nesting depth" in problem:
        return Problem(line, f"the data is nested more than {MAX_DEPTH} levels deep; flatten it", column)
    elif _quoted_too_early(bad_line) and (
        "mapping values are not allowed" in problem or "expected key" in problem or "expected <block end>" in problem
    ):
        hint = (
            "the value is quoted, but its quotes close before the end of the line; put one pair of quotes around the "
            "whole value, and write a quote inside it as \\\" in double quotes or as '' in single quotes"
        )
    elif _unclosed_quote_above(lines, line) and (
        "expected key" in problem or "expected <block end>" in problem or "mapping values" in problem
    ):
        return Problem(
            _unclosed_quote_above(lines, line),
            "YAML syntax error: the quoted value on this line has no closing quote, so it runs on into the next lines; "
            "add the closing quote at the end of the value",
        )
    elif "mapping values are not allowed" in problem:
        hint = 'a value contains ": "; put the whole value in quotes'
    elif "found undefined alias" in problem or "found undefined anchor" in problem:
        hint = "remove the '*' or '&' at the start of the value, or quote the value"
    elif "could not find expected ':'" in problem:
        hint = "a key is missing its ':' or an indented line is misaligned"
    elif "found character" in problem and "cannot start any token" in problem:
        hint = "quote the value: it starts with a character YAML reserves (such as @ or `)"
    elif "while parsing a flow" in (context or "") and getattr(exc, "context_mark", None) is not None:
        start = exc.context_mark  # type: ignore[attr-defined]
        opener = "[" if "sequence" in (context or "") else "{"
        closer = "]" if opener == "[" else "}"
        return Problem(
            start.line + 1,
            f"YAML syntax error: the '{opener}' that opens here is never closed; add the closing '{closer}', "
            "or put the whole value in quotes if it is text that starts with "
            f"'{opener}'",
            start.column + 1,
        )
    elif "quoted scalar" in (context or ""):
        start = getattr(exc, "context_mark", None)
        if start is not None:  # point at the opening quote, not at the end of the file
            line, column = start.line + 1, start.column + 1
        hint = "a quoted value is not closed; add the closing quote at the end of the value"
    detail = f"{context}, {problem}" if context else problem
    return Problem(line, f"YAML syntax error: {detail}; {hint}", column)


def load(text: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document from text into a Node tree, with every problem found."""
    problems: list[Problem] = []
    # stack entries: [container_node, pending_key, pending_key_line]
    stack: list[list[Any]] = []
    root: Node | None = None
    documents = 0
    duplicates = 0

    def attach(node: Node) -> bool:
        nonlocal root, duplicates
        if not stack:
            root = node
            return True
        frame = stack[-1]
        container: Node = frame[0]
        if isinstance(container.value, list):
            container.value.append(node)
            return True
        if frame[1] is None:  # this node is a key
            if isinstance(node.value, (dict, list)):
                problems.append(Problem(node.line, "a mapping key must be a plain word, not a list or mapping"))
                frame[1] = ("<invalid>",)
                frame[2] = node.line
                return True
            key = "" if node.value is None else str(node.value)
            if key in container.value or key in container.key_lines:
                first = container.key_lines.get(key, node.line)
                problems.append(
                    Problem(
                        node.line,
                        f"the key '{key}' appears twice in one mapping (first at line {first}); "
                        "YAML would keep only the last one: merge them or rename one",
                        node.column,
                    )
                )
                frame[1] = ("<duplicate>", key)
                duplicates += 1
            else:
                frame[1] = key
            frame[2] = node.line
            return True
        key = frame[1]
        if isinstance(key, str):
            container.value[key] = node
            container.key_lines[key] = frame[2]
        frame[1] = None
        return True

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(
                        Problem(
                            _line(event.start_mark),
                            "the file holds more than one YAML document ('---'); keep one document per file",
                        )
                    )
                    break
            elif isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(
                        _line(event.start_mark),
                        "anchors and aliases ('&name', '*name') are not allowed; write the value out in full",
                        _column(event.start_mark),
                    )
                )
                break
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent)):
                if getattr(event, "anchor", None):
                    problems.append(
                        Problem(
                            _line(event.start_mark),
                            "anchors and aliases ('&name', '*name') are not allowed; write the value out in full",
                            _column(event.start_mark),
                        )
                    )
                    break
                line, col = _line(event.start_mark), _column(event.start_mark)
                if isinstance(event, yaml.ScalarEvent):
                    value, error = _scalar(event)
                    if error:
                        problems.append(Problem(line, error, col))
                        break
                    attach(Node(value, line, col))
                    continue
                if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                    problems.append(Problem(line, f"the tag {event.tag!r} is not allowed; remove it", col))
                    break
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem(line, f"the data is nested more than {MAX_DEPTH} levels deep; flatten it", col))
                    break
                node = Node({} if isinstance(event, yaml.MappingStartEvent) else [], line, col)
                stack.append([node, None, 0])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node = stack.pop()[0]
                attach(node)
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, text))
    except (RecursionError, MemoryError):  # pragma: no cover - guarded by MAX_DEPTH and MAX_BYTES
        problems.append(Problem(0, "the file is too complex to read; simplify it"))
    if len(problems) > duplicates:  # anything beyond repeated keys leaves no usable tree
        return None, problems
    return root, problems


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def read_file(
    path: os.PathLike[str] | str, what: str = "file", reader: Callable[[Path, int], bytes] | None = None
) -> tuple[Node | None, list[Problem], str | None]:
    """Read and parse a YAML file; returns (tree, problems, text). ``reader`` reads the bytes
    (a project's :class:`coursekit.model.sources.Sources`, so that each file is read once)."""
    try:
        if reader is not None:
            data = reader(Path(path), MAX_BYTES)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [Problem(0, f"cannot read {what}: {exc.strerror}; check that the file exists and that you may read it")], None
    text, problem = decode(data, what)
    if problem:
        return None, [problem], None
    assert text is not None
    node, problems = load(text)
    if node is None and not problems:
        problems = [Problem(0, f"{what} holds no data; it needs content")]
    return node, problems, text
