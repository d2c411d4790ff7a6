"""The strict YAML reader: line numbers, repeated keys and hostile files."""

from __future__ import annotations

import time

import pytest

from coursekit.model import yamlsafe
from coursekit.model.yamlsafe import Node, Problem


def load(text: str) -> tuple[Node | None, list[Problem]]:
    return yamlsafe.load(text)


def test_values_and_lines_are_kept() -> None:
    node, problems = load("a: 1\nb:\n  - x\n  - true\nc: 'text'\n")
    assert problems == [] and node is not None
    assert node.plain() == {"a": 1, "b": ["x", True], "c": "text"}
    assert node.key_lines == {"a": 1, "b": 2, "c": 5}
    assert node.value["b"].value[1].line == 4


def test_repeated_key_is_reported_with_both_lines_and_the_rest_still_loads() -> None:
    node, problems = load("id: one\nstem: first\nstem: second\nother: 3\n")
    assert [p.line for p in problems] == [3]
    assert "'stem' appears twice" in problems[0].message and "first at line 2" in problems[0].message
    assert node is not None and node.plain()["other"] == 3


def test_syntax_error_gives_line_and_column() -> None:
    node, problems = load("a: 1\nb: [1, 2\nc: 3\n")
    assert node is None
    assert problems[0].line >= 2 and problems[0].column > 0
    assert problems[0].message.startswith("YAML syntax error")


def test_tab_indentation_is_named() -> None:
    _, problems = load("items:\n\t- id: x\n")
    assert "tab character" in problems[0].message and problems[0].line == 2


def test_unquoted_colon_gets_a_quoting_hint() -> None:
    _, problems = load("feedback: No: this is wrong\n")
    assert "quotes" in problems[0].message


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)
    )
    start = time.perf_counter()
    node, problems = load(bomb)
    assert node is None and "aliases" in problems[0].message
    assert time.perf_counter() - start < 1


def test_deep_nesting_is_refused_without_recursion_error() -> None:
    node, problems = load("[" * 5000 + "]" * 5000)
    assert node is None and "nested more than" in problems[0].message


def test_python_tags_are_refused() -> None:
    node, problems = load("x: !!python/object/apply:os.system ['echo hi']\n")
    assert node is None and "not allowed" in problems[0].message


def test_two_documents_are_refused() -> None:
    _, problems = load("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in problems[0].message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\xef\xbb\xbfa: 1\n", "byte-order mark"),
        (b"a: 1\nb: caf\xe9\n", "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"a: " + b"x" * (yamlsafe.MAX_BYTES + 10), "larger than"),
    ],
)
def test_unreadable_files_get_a_clear_problem(data: bytes, expected: str) -> None:
    text, problem = yamlsafe.decode(data, "the quiz bank")
    assert text is None and problem is not None
    assert expected in problem.message


def test_non_utf8_problem_names_the_line() -> None:
    _, problem = yamlsafe.decode(b"a: 1\nb: 2\nc: caf\xe9\n")
    assert problem is not None and problem.line == 3


def test_date_like_values_stay_text() -> None:
    node, _ = load("when: 2021-09-14\n")
    assert node is not None
    assert node.plain() == {"when": "2021-09-14"}
