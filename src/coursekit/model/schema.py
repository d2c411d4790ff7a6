"""A small typed schema for YAML mappings: required, unknown and mistyped keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coursekit.model.diagnostics import Report
from coursekit.model.yamlsafe import Node, suggest

_TYPE_NAMES: dict[type, str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping (indented 'key: value' lines)",
}


@dataclass(frozen=True)
class Field:
    """One allowed key of a mapping."""

    name: str
    kind: type
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


SOURCE_COMMIT = Field(
    "source_commit", str, help="in a translation only: the git commit of the English file it translates (see the editor guide)"
)


def type_ok(value: object, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is str:
        return isinstance(value, str)
    return isinstance(value, kind)


def describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


def check_map(
    node: Node,
    fields: Sequence[Field],
    report: Report,
    path: Path,
    what: str,
    rule: str,
) -> dict[str, Node]:
    """Check ``node`` against ``fields``; return the present, well-typed values by key."""
    if not node.is_map:
        report.add(path, node.line, f"{what} must be a mapping of 'key: value' lines, not {describe(node.plain())}", rule=rule)
        return {}
    known = {f.name: f for f in fields}
    good: dict[str, Node] = {}
    for key, value in node.value.items():
        field = known.get(key)
        line = node.key_lines.get(key, value.line)
        if field is None:
            allowed = ", ".join(sorted(known))
            report.add(
                path,
                line,
                f"unknown key '{key}' in {what}{suggest(key, list(known))}; allowed keys: {allowed}",
                rule=rule,
            )
            continue
        raw = value.value if not (value.is_map or value.is_list) else value.plain()
        if field.kind is str and isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = str(raw)  # a bare number where text is expected is harmless
            value = Node(raw, value.line, value.column)
        if not type_ok(raw if not (value.is_map or value.is_list) else value.value, field.kind):
            hint = f" ({field.help})" if field.help else ""
            report.add(
                path,
                value.line,
                f"'{key}' in {what} must be {_TYPE_NAMES[field.kind]}{hint}, not {describe(raw)}",
                rule=rule,
            )
            continue
        if field.kind is str and not str(raw).strip() and field.required:
            report.add(path, value.line, f"'{key}' in {what} is empty; write its text", rule=rule)
            continue
        if field.choices and raw not in field.choices:
            report.add(
                path,
                value.line,
                f"'{key}' in {what} is {describe(raw)}; use one of: {', '.join(field.choices)}{suggest(str(raw), field.choices)}",
                rule=rule,
            )
            continue
        good[key] = value
    for field in fields:
        if field.required and field.name not in node.value:
            hint = f" ({field.help})" if field.help else ""
            report.add(path, node.line, f"{what} is missing the required key '{field.name}'{hint}", rule=rule)
    return good


def text(node: Node | None, default: str = "") -> str:
    return default if node is None else str(node.value)
