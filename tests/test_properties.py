"""Property-based tests (hypothesis): random and mutated YAML and front matter never crash or hang
the loaders or the validator; they always give a result or a clear, located error."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import FIXTURE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit.app import validate
from coursekit.model import frontmatter, yamlsafe
from coursekit.model.diagnostics import Report
from coursekit.model.quiz import load_bank

VALID_BANK = (FIXTURE / "quizzes/01-alpha.yml").read_text(encoding="utf-8")
VALID_PAGE = (FIXTURE / "modules/01-alpha/index.md").read_text(encoding="utf-8")
YAML_CHARS = st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\t\n  ") + list("abcxyz019"))
SETTINGS = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def mutate(text: str, data: st.DataObject) -> str:
    """Delete, insert or replace a few characters anywhere in ``text``."""
    for _ in range(data.draw(st.integers(1, 6))):
        if not text:
            break
        at = data.draw(st.integers(0, len(text) - 1))
        kind = data.draw(st.sampled_from(["delete", "insert", "replace", "duplicate-line"]))
        if kind == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 20)) :]
        elif kind == "insert":
            text = text[:at] + data.draw(st.text(YAML_CHARS, min_size=1, max_size=8)) + text[at:]
        elif kind == "replace":
            text = text[:at] + data.draw(YAML_CHARS) + text[at + 1 :]
        else:
            lines = text.split("\n")
            index = data.draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            text = "\n".join(lines)
    return text


def yaml_content(text: str) -> bool:
    """True when the text holds more than comments, blank lines and document markers."""
    import yaml

    try:
        return yaml.safe_load(text) is not None
    except yaml.YAMLError:
        return True


def located(problems: list[yamlsafe.Problem], text: str) -> bool:
    lines = text.count("\n") + 1
    return all(p.message and 0 <= p.line <= lines + 1 for p in problems)


@SETTINGS
@given(st.text(YAML_CHARS, max_size=300))
def test_random_yaml_text_never_crashes(text: str) -> None:
    node, problems = yamlsafe.load(text)
    assert located(problems, text)
    if node is None and not problems:  # an empty document: its caller reports "no data"
        assert not yaml_content(text)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    text, problem = yamlsafe.decode(data)
    if text is not None:
        yamlsafe.load(text)
    else:
        assert problem is not None and problem.message


@SETTINGS
@given(st.data())
def test_mutated_banks_load_or_report(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    text = mutate(VALID_BANK, data)
    path = tmp_path_factory.mktemp("bank") / "01-alpha.yml"
    path.write_text(text, encoding="utf-8")
    report = Report(path.parent)
    start = time.perf_counter()
    bank = load_bank(path, report)
    assert time.perf_counter() - start < 1
    assert bank is not None or report.errors
    for diag in report.items:
        assert diag.path == "01-alpha.yml" and diag.message and diag.line <= text.count("\n") + 2


@SETTINGS
@given(st.data())
def test_mutated_front_matter_parses_or_reports(data: st.DataObject) -> None:
    text = mutate(VALID_PAGE, data)
    page = frontmatter.parse(text)
    assert located(page.problems, text)
    assert page.body_line >= 1


@settings(max_examples=25, deadline=10000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_the_validator_survives_mutated_course_files(course_dir: Path, data: st.DataObject) -> None:
    bank = course_dir / "quizzes/01-alpha.yml"
    page = course_dir / "modules/01-alpha/index.md"
    bank.write_text(mutate(VALID_BANK, data), encoding="utf-8")
    page.write_text(mutate(VALID_PAGE, data), encoding="utf-8")
    _, _, report = validate(course_dir)
    assert all(d.path and d.message for d in report.items)
