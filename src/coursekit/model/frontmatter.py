"""Front matter: the YAML block between '---' lines at the top of a Markdown page."""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.model.yamlsafe import Node, Problem, load


@dataclass
class Page:
    meta: Node | None
    body: str
    body_line: int  # 1-based line number of the first body line
    problems: list[Problem]


def split(text: str) -> tuple[str | None, str, int, Problem | None]:
    """Return (front matter text, body, first body line, problem)."""
    if not text.startswith("---"):
        return None, text, 1, None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, text, 1, None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2, None
    return None, text, 1, Problem(1, "the front matter starting with '---' is never closed; add a '---' line after it")


def parse(text: str) -> Page:
    """Parse a page's front matter with line numbers relative to the whole file."""
    raw, body, body_line, problem = split(text)
    if problem:
        return Page(None, body, body_line, [problem])
    if raw is None:
        return Page(None, body, body_line, [])
    if not raw.strip():
        return Page(None, body, body_line, [])
    node, problems = load(raw)
    shifted = [Problem(p.line + 1 if p.line else 1, p.message, p.column) for p in problems]
    if node is not None:
        _shift(node, 1)
    return Page(node, body, body_line, shifted)


def _shift(node: Node, by: int) -> None:
    stack = [node]
    while stack:
        current = stack.pop()
        current.line += by
        if current.is_map:
            current.key_lines = {k: v + by for k, v in current.key_lines.items()}
            stack.extend(current.value.values())
        elif current.is_list:
            stack.extend(current.value)
