"""One test per validation rule, on a copy of the fixture course."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE, replace_in

from coursekit.app import validate
from coursekit.model.diagnostics import Diagnostic

BANK = "quizzes/01-alpha.yml"
PAGE = "modules/01-alpha/index.md"


def diagnostics(root: Path) -> list[Diagnostic]:
    return validate(root).report.sorted()


def errors(root: Path) -> list[Diagnostic]:
    return [d for d in diagnostics(root) if d.severity == "error"]


def only_error(root: Path) -> Diagnostic:
    found = errors(root)
    assert len(found) == 1, "\n".join(d.format() for d in found)
    return found[0]


def test_the_fixture_course_is_valid(course_dir: Path) -> None:
    assert errors(course_dir) == []


# (file, text to replace, replacement, expected line, words in the message)
CASES = {
    "yaml-syntax": (
        BANK,
        "    stem: |\n      What comes",
        "    stem: [oops\n      What comes",
        8,
        "the '[' that opens here is never closed",
    ),
    "unknown-key": (BANK, "    skill: recall", "    skil: recall", 6, "unknown key 'skil' in item 'alp-first' (did you mean 'skill'?)"),
    "missing-key": (
        BANK,
        '        feedback: "No: they are expensive and come last."\n',
        "",
        14,
        "an option of item 'alp-first' is missing the required key 'feedback'",
    ),
    "mistyped-key": (
        BANK,
        '        correct: true\n        feedback: "Yes: they are cheap',
        '        correct: yes please\n        feedback: "Yes: they are cheap',
        12,
        "'correct' in an option of item 'alp-first' must be true or false",
    ),
    "repeated-key": (BANK, "    skill: recall\n", "    skill: recall\n    skill: judgement\n", 7, "the key 'skill' appears twice"),
    "two-correct-in-single": (
        BANK,
        "      - text: Opportunity studies\n",
        "      - text: Opportunity studies\n        correct: true\n",
        10,
        "has 2 correct options; a single item needs exactly one",
    ),
    "empty-feedback": (
        BANK,
        'feedback: "No: they are expensive and come last."',
        'feedback: ""',
        15,
        "'feedback' in an option of item 'alp-first' is empty",
    ),
    "repeated-option": (BANK, "      - text: Trade fairs", "      - text: opportunity  studies", 16, "repeats the option at line 14"),
    "all-of-the-above": (BANK, "      - text: Trade fairs", "      - text: All of the above", 16, "avoid 'All of the above'"),
    "none-of-the-above": (BANK, "      - text: Trade fairs", "      - text: None of these", 16, "avoid 'None of these'"),
    "true-false-options": (BANK, '      - text: "False"', '      - text: "Maybe"', 37, "needs exactly two options, 'True' and 'False'"),
    "bad-item-id": (BANK, "id: alp-tf", "id: Alp TF", 33, "the id must be lowercase letters"),
    "bad-type": (
        BANK,
        "    type: true-false",
        "    type: truefalse",
        34,
        "use one of: single, multiple, true-false (did you mean 'true-false'?)",
    ),
    "vague-objective": (PAGE, "text: Explain why", "text: Understand why", 14, "starts with 'Understand'"),
    "prerequisite-unknown": (PAGE, "prerequisites: []", "prerequisites: [09-nowhere]", 15, "prerequisite '09-nowhere' is not a module"),
    "broken-link": (
        PAGE,
        "[notebook](scoring.ipynb)",
        "[notebook](scoring-v2.ipynb)",
        22,
        "points to 'modules/01-alpha/scoring-v2.ipynb', which does not exist",
    ),
    "broken-anchor": (PAGE, "[the rule](#the-rule)", "[the rule](#the-rules)", 22, "'#the-rules' points to no heading"),
    "plain-http": (
        PAGE,
        "<https://clustercollaboration.eu/cluster-definitions>",
        "[defs](http://clustercollaboration.eu/cluster-definitions)",
        54,
        "uses plain http",
    ),
    "quiz-block-unknown-bank": (PAGE, "/// quiz | 01-alpha", "/// quiz | 01-alfa", 49, "names bank '01-alfa'"),
    "quiz-block-unknown-item": (
        PAGE,
        "/// quiz | 01-alpha\n",
        "/// quiz | 01-alpha\n    items: alp-first alp-nope\n",
        50,
        "asks for item 'alp-nope'",
    ),
    "session-length": ("modules/01-alpha/session.yml", "length: 30", "length: 45", 1, "add up to 30 minutes but 'length' is 45"),
    "session-unknown-poll": ("modules/01-alpha/session.yml", "quiz:alp-first", "quiz:alp-zero", 3, "uses poll 'alp-zero'"),
    "session-missing-page": (
        "modules/01-alpha/session.yml",
        '"index.md#the-rule"',
        '"exercise.md"',
        8,
        "names 'exercise.md', which is not a page of this module",
    ),
    "session-missing-anchor": (
        "modules/01-alpha/session.yml",
        '"index.md#the-rule"',
        '"index.md#the-rules"',
        8,
        "has no heading with the anchor '#the-rules'",
    ),
    "course-nav-missing-page": ("course.yml", "[index.md, progress.md,", "[index.md, progres.md,", 7, "docs/progres.md does not exist"),
    "glossary-source": ("docs/glossary.yml", "source: https://", "source: http://", 7, "must be an https URL"),
    "docs-page-link": ("docs/index.md", "(glossary.md)", "(glossary-old.md)", 3, "'glossary-old.md', which does not exist"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_rule(course_dir: Path, case: str) -> None:
    file, old, new, line, words = CASES[case]
    replace_in(course_dir / file, old, new)
    found = only_error(course_dir)
    assert found.path == file
    assert found.line == line, found.format()
    assert words in found.message, found.format()


def test_multiple_choice_without_a_correct_option(course_dir: Path) -> None:
    replace_in(course_dir / BANK, "sanctions.\n        correct: true\n", "sanctions.\n")
    replace_in(course_dir / BANK, "certified there.\n        correct: true\n", "certified there.\n")
    found = only_error(course_dir)
    assert (found.path, found.line) == (BANK, 24)
    assert "item 'alp-many' has no correct option; mark at least one with 'correct: true'" in found.message


def test_unknown_objective_is_reported_with_the_objectives_it_leaves_unassessed(course_dir: Path) -> None:
    replace_in(course_dir / BANK, "    objective: pick-market\n    skill: recall", "    objective: pick-markets\n    skill: recall")
    found = [d.format() for d in errors(course_dir)]
    assert found == [
        "modules/01-alpha/index.md:11: error: objective 'pick-market' is not assessed by any quiz item; add an item with 'objective: pick-market'",
        "quizzes/01-alpha.yml:5: error: item 'alp-first' assesses unknown objective 'pick-markets'; use one of this module's objectives: pick-market, explain-rule",
    ]


def test_unassessed_objective(course_dir: Path) -> None:
    replace_in(
        course_dir / BANK, "    objective: explain-rule\n    skill: application", "    objective: pick-market\n    skill: application"
    )
    replace_in(course_dir / BANK, "    objective: explain-rule\n    stem: Knock-out", "    objective: pick-market\n    stem: Knock-out")
    found = only_error(course_dir)
    assert (found.path, found.line) == (PAGE, 13)
    assert "objective 'explain-rule' is not assessed by any quiz item" in found.message


def test_module_without_objectives(course_dir: Path) -> None:
    page = course_dir / PAGE
    content = page.read_text()
    start, end = content.index("objectives:"), content.index("prerequisites:")
    page.write_text(content[:start] + "objectives: []\n" + content[end:])
    messages = [d.message for d in errors(course_dir)]
    assert any("the module has no learning objectives" in m for m in messages)
    assert sum("is not a module's objective" in m or "assesses unknown objective" in m for m in messages) == 3


def test_module_without_timing(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, "minutes:\n  teaching: 20\n  exercises: 10\n", "")
    found = only_error(course_dir)
    assert found.path == PAGE and "missing the required key 'minutes'" in found.message


def test_module_with_zero_minutes(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, "  teaching: 20\n  exercises: 10\n", "  teaching: 0\n  exercises: 0\n")
    assert "the module has no timing" in only_error(course_dir).message


def test_item_ids_repeated_across_banks(course_dir: Path) -> None:
    replace_in(course_dir / "quizzes/02-beta.yml", "id: beta-q", "id: alp-first")
    found = only_error(course_dir)
    assert (found.path, found.line) == ("quizzes/02-beta.yml", 3)
    assert "item id 'alp-first' is already used at quizzes/01-alpha.yml:3" in found.message


def test_notebook_that_is_not_json(course_dir: Path) -> None:
    (course_dir / "modules/01-alpha/scoring.ipynb").write_text('{"cells": [\n  {"cell_type": \n')
    found = only_error(course_dir)
    assert found.path == "modules/01-alpha/scoring.ipynb" and "not valid JSON" in found.message and found.line == 3


def test_notebook_that_is_not_nbformat(course_dir: Path) -> None:
    path = course_dir / "modules/01-alpha/scoring.ipynb"
    data = json.loads(path.read_text())
    data["cells"][1]["cell_type"] = "spreadsheet"
    path.write_text(json.dumps(data))
    found = only_error(course_dir)
    assert "not valid nbformat" in found.message


def test_notebook_without_outputs(course_dir: Path) -> None:
    path = course_dir / "modules/01-alpha/scoring.ipynb"
    data = json.loads(path.read_text())
    data["cells"][1]["outputs"] = []
    data["cells"][1]["execution_count"] = None
    path.write_text(json.dumps(data))
    assert "no stored outputs" in only_error(course_dir).message


def test_module_folder_missing_from_course_order(course_dir: Path) -> None:
    (course_dir / "modules/03-gamma").mkdir()
    found = only_error(course_dir)
    assert found.path == "course.yml" and "modules/03-gamma/ is not in the course order; add '- 03-gamma'" in found.message


def test_link_from_published_page_into_a_draft(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, "## The rule\n", "## The rule\n\nSee [beta](../02-beta/index.md).\n")
    assert "draft module '02-beta'" in only_error(course_dir).message


def test_placeholders_block_a_published_module_and_warn_in_a_draft(course_dir: Path) -> None:
    replace_in(course_dir / PAGE, "Pick one market.\n", "[FILL IN: the task]\n")
    replace_in(course_dir / "modules/02-beta/index.md", "Draft text.", "[FILL IN: text]")
    found = diagnostics(course_dir)
    unfinished = [(d.path, d.severity) for d in found if d.rule == "placeholder"]
    assert unfinished == [("modules/01-alpha/index.md", "error"), ("modules/02-beta/index.md", "warning")]


def test_every_error_in_a_run_is_reported(course_dir: Path) -> None:
    replace_in(course_dir / BANK, "    skill: recall", "    skil: recall")
    replace_in(course_dir / PAGE, "[notebook](scoring.ipynb)", "[notebook](nope.ipynb)")
    replace_in(course_dir / "modules/01-alpha/session.yml", "length: 30", "length: 31")
    assert {d.path for d in errors(course_dir)} == {BANK, PAGE, "modules/01-alpha/session.yml"}


HOSTILE = {
    "empty": (b"", 0, "is empty"),
    "byte-order-mark": (b"\xef\xbb\xbfmodule: 01-alpha\nitems: []\n", 1, "byte-order mark"),
    "latin-1": (b"module: 01-alpha\nitems:\n  - id: caf\xe9\n", 3, "not valid UTF-8"),
    "binary": (bytes(range(256)) * 4, 0, "looks binary"),
    "ten-megabytes": (b"module: 01-alpha\nitems: []\n# " + b"x" * 10_000_000 + b"\n", 0, "larger than"),
    "deep-nesting": (b"module: 01-alpha\nitems: " + b"[" * 3000 + b"]" * 3000 + b"\n", 2, "nested more than"),
    "alias-bomb": (
        b"module: 01-alpha\nx: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nitems: [*b]\n",
        2,
        "aliases",
    ),
    "tabs": (b"module: 01-alpha\nitems:\n\t- id: x\n", 3, "tab character"),
    "list-at-top": (b"- one\n- two\n", 1, "must be a mapping"),
    "wrong-types": (b"module: [01-alpha]\nitems: {id: x}\n", 1, "'module' in the quiz bank must be text"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_bank_gets_a_clear_error(course_dir: Path, case: str) -> None:
    data, line, words = HOSTILE[case]
    (course_dir / "quizzes/01-alpha.yml").write_bytes(data)
    found = [d for d in errors(course_dir) if d.path == BANK]
    assert found, "no error for the broken bank"
    assert found[0].line == line and words in found[0].message, found[0].format()


def test_binary_file_with_a_yml_name_in_quizzes(course_dir: Path) -> None:
    (course_dir / "quizzes/picture.yml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    messages = [d.format() for d in errors(course_dir)]
    assert "quizzes/picture.yml: error: the quiz bank contains NUL bytes and looks binary; save it as plain UTF-8 text" in messages


def test_hostile_front_matter(course_dir: Path) -> None:
    (course_dir / PAGE).write_bytes(b"---\ntitle: [unclosed\n---\nBody\n")
    found = [d for d in errors(course_dir) if d.path == PAGE]
    assert found and found[0].line == 2 and "never closed" in found[0].message  # the line that opens the list


def test_unclosed_front_matter(course_dir: Path) -> None:
    (course_dir / PAGE).write_text("---\ntitle: Alpha\n\n## Body\n")
    found = [d for d in errors(course_dir) if d.path == PAGE]
    assert "never closed" in found[0].message


FRONT = b"---\ntitle: Alpha basics\nsummary: S.\nminutes:\n  teaching: 20\n  exercises: 10\nobjectives:\n  - id: pick-market\n    text: Choose one market.\n  - id: explain-rule\n    text: Explain the rule.\n---\n\n## Body\n"
HOSTILE_MODULES = {
    "empty": (b"", 0, "is empty"),
    "byte-order-mark": (b"\xef\xbb\xbf" + FRONT, 1, "byte-order mark"),
    "latin-1": (FRONT.replace(b"S.", b"caf\xe9"), 3, "not valid UTF-8"),
    "binary": (b"\x89PNG\r\n\x1a\n" + bytes(300), 0, "looks binary"),
    "ten-megabytes": (FRONT + b"x" * 10_000_000, 0, "larger than"),
    "tabs": (FRONT.replace(b"  teaching", b"\tteaching"), 5, "tab character"),
    "bad-indentation": (FRONT.replace(b"    text: Choose", b"   text: Choose"), 9, "YAML syntax error"),
    "repeated-key": (FRONT.replace(b"summary: S.\n", b"summary: S.\nsummary: T.\n"), 4, "'summary' appears twice"),
    "deep-nesting": (FRONT.replace(b"summary: S.", b"summary: " + b"[" * 500 + b"]" * 500), 3, "nested more than"),
    "alias-bomb": (FRONT.replace(b"summary: S.", b"x: &a [1, 1, 1]\nsummary: [*a, *a]"), 3, "aliases"),
    "wrong-types": (FRONT.replace(b"  teaching: 20", b"  teaching: twenty"), 5, "'teaching' in 'minutes' must be a whole number"),
    "missing-keys": (FRONT.replace(b"summary: S.\n", b""), 2, "missing the required key 'summary'"),
    "no-front-matter": (b"## Just a body\n", 1, "has no front matter"),
}


@pytest.mark.parametrize("case", HOSTILE_MODULES, ids=list(HOSTILE_MODULES))
def test_hostile_module_page_gets_a_clear_error(course_dir: Path, case: str) -> None:
    data, line, words = HOSTILE_MODULES[case]
    (course_dir / PAGE).write_bytes(data)
    found = [d for d in errors(course_dir) if d.path == PAGE]
    assert found, "no error for the broken module page"
    assert found[0].line == line and words in found[0].message, found[0].format()


def test_exercise_blocks_are_anchors_for_links_and_run_sheets(course_dir: Path) -> None:
    replace_in(course_dir / "modules/01-alpha/session.yml", '"index.md#the-rule"', '"index.md#exercise-pick-one-market"')
    replace_in(course_dir / PAGE, "[the rule](#the-rule)", "[the exercise](#exercise-pick-one-market)")
    assert errors(course_dir) == []


# --- validate --strict and build --strict give the same verdict (issue 24) ----------------------

# (file, text appended to it): each is a mistake an editor makes, or (the first) none at all.
AGREEMENT = {
    "valid-link": ("docs/index.md", "\nSee [alpha](modules/01-alpha/index.md#the-rule).\n"),
    "folder-link": ("docs/index.md", "\nSee [alpha](modules/01-alpha/).\n"),
    "folder-link-from-a-module": ("modules/01-alpha/index.md", "\nBack to [the start](../../).\n"),
    "link-to-a-yml-file": ("docs/index.md", "\nSee [the terms](glossary.yml).\n"),
    "page-not-in-nav": ("docs/extra.md", "# Extra\n\nMore to read.\n"),
    "page-in-a-module-subfolder": ("modules/01-alpha/data/notes.md", "# Notes\n\nMore to read.\n"),
    "missing-page": ("docs/index.md", "\nSee [beta](modules/01-alpha/other.md).\n"),
    # the same on translated pages, in a course with Spanish: the Spanish site is built strictly too
    "valid-link-in-a-translation": ("docs/index.es.md", "\nVéase [alfa](modules/01-alpha/index.md#the-rule).\n"),
    "folder-link-in-a-translation": ("docs/index.es.md", "\nVéase [alfa](modules/01-alpha/).\n"),
    "folder-link-from-a-translated-module": ("modules/01-alpha/index.es.md", "\nVolver al [inicio](../../).\n"),
    "missing-page-in-a-translation": ("modules/01-alpha/index.es.md", "\nVéase [beta](otra.md).\n"),
}


def with_spanish(root: Path) -> None:
    """course.yml declares English and Spanish, and the fixture's Spanish translations are copied in."""
    shutil.copytree(FIXTURE.parent / "translations", root, dirs_exist_ok=True)
    replace_in(root / "course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es]")


@pytest.mark.parametrize("case", AGREEMENT, ids=list(AGREEMENT))
def test_strict_validate_refuses_what_the_strict_build_refuses(tmp_path: Path, case: str) -> None:
    """Whatever `course build --strict` refuses, `course validate --strict` refuses first, with
    file:line; what the build accepts, validate accepts."""
    from conftest import make_course, run_course

    root = make_course(tmp_path / "course")
    file, text = AGREEMENT[case]
    if ".es." in file:
        with_spanish(root)
    path = root / file
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(text)
    checked = run_course(root, "validate", "--strict")
    built = run_course(root, "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert (checked.returncode == 0) == (built.returncode == 0), (
        f"validate:\n{checked.stdout}{checked.stderr}\nbuild:\n{built.stdout}{built.stderr}"
    )
    if checked.returncode:
        assert f"{file}:" in checked.stdout + checked.stderr, checked.stdout + checked.stderr


# --- the privacy promise: nothing loads from another website, no raw script (issue 24) ---------

EMBEDS = {
    "markdown-image": (
        "![A photo](https://example.org/photo.jpg)",
        "the image 'https://example.org/photo.jpg' is loaded from another website",
    ),
    "reference-image": ("![A photo][p]\n\n[p]: https://example.org/p.png", "the image 'https://example.org/p.png'"),
    "img": ('<img src="https://example.org/a.png" alt="A">', '<img src="https://example.org/a.png">'),
    "img-srcset": ('<img src="a.png" srcset="https://cdn.example.org/a2.png 2x" alt="A">', "<img srcset="),
    "protocol-relative": ('<img src="//example.org/a.png" alt="A">', "<img src="),
    "iframe": ('<iframe src="https://www.youtube.com/embed/x" title="Video"></iframe>', "<iframe src="),
    "video": ('<video controls src="https://example.org/v.mp4"></video>', "<video src="),
    "video-poster": ('<video controls poster="https://example.org/p.jpg"></video>', "<video poster="),
    "audio": ('<audio controls src="https://example.org/a.mp3"></audio>', "<audio src="),
    "source": ('<video controls>\n<source src="https://example.org/v.webm" type="video/webm">\n</video>', "<source src="),
    "stylesheet": ('<link rel="stylesheet" href="https://fonts.example.org/css">', "<link href="),
    "object": ('<object data="https://example.org/doc.pdf"></object>', "<object data="),
    "embed": ('<embed src="https://example.org/a.swf">', "<embed src="),
    "style-attribute": ('<div style="background: url(https://example.org/bg.png)">Text</div>', "the style attribute of <div>"),
    "style-block": ("<style>\n@import url('https://fonts.example.org/font.css');\n</style>", "a <style> block loads"),
    "script-src": ('<script src="https://analytics.example.org/a.js"></script>', "and loads 'https://analytics.example.org/a.js'"),
    "inline-script": ("<script>\nalert(1)\n</script>", "a raw <script> in content"),
    "multi-line-tag": ('<iframe\n  title="Map"\n  src="https://maps.example.org/x"></iframe>', "<iframe src="),
}


@pytest.mark.parametrize("case", EMBEDS, ids=list(EMBEDS))
def test_validate_refuses_every_load_from_another_origin(course_dir: Path, case: str) -> None:
    text, words = EMBEDS[case]
    replace_in(course_dir / PAGE, "## The rule\n", f"## The rule\n\n{text}\n")
    found = [d for d in errors(course_dir) if d.rule.startswith("privacy")]
    assert len(found) == 1, [d.format() for d in errors(course_dir)]
    assert found[0].path == PAGE, found[0].format()
    shown = (course_dir / PAGE).read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert "example.org" in shown or "<script" in shown or "<iframe" in shown, f"line {found[0].line} is {shown!r}"
    assert words in found[0].message, found[0].format()
    assert "another website" in found[0].message or "own scripts" in found[0].message


ALLOWED = {
    "plain-link": "See [the platform](https://clustercollaboration.eu/) and <https://clustercollaboration.eu/>.",
    "html-link": '<a href="https://clustercollaboration.eu/">the platform</a>',
    "local-image": '<img src="funnel.svg" alt="A funnel">',
    "data-image": '<img src="data:image/png;base64,iVBORw0KGgo=" alt="A dot">',
    "code-example": '```html\n<iframe src="https://example.org/"></iframe>\n<script>alert(1)</script>\n```',
    "inline-code": 'Never write `<script src="https://x.example/a.js">` in a page.',
    "comment": '<!-- <img src="https://example.org/a.png"> -->',
    "canonical": '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">',
}


@pytest.mark.parametrize("embed", ["markdown-image", "iframe", "inline-script", "style-attribute"])
@pytest.mark.parametrize("page", ["modules/01-alpha/index.es.md", "docs/index.es.md"])
def test_a_translated_page_is_held_to_the_privacy_promise(course_dir: Path, page: str, embed: str) -> None:
    """The Spanish site is published too: an embed in a translation is refused as in English, with its file:line."""
    with_spanish(course_dir)
    text, words = EMBEDS[embed]
    with (course_dir / page).open("a", encoding="utf-8") as out:
        out.write(f"\n{text}\n")
    found = [d for d in errors(course_dir) if d.rule.startswith("privacy")]
    assert [d.path for d in found] == [page], [d.format() for d in diagnostics(course_dir)]
    assert words in found[0].message, found[0].format()
    shown = (course_dir / page).read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert shown == text.splitlines()[0], f"line {found[0].line} is {shown!r}"


@pytest.mark.parametrize("case", ALLOWED, ids=list(ALLOWED))
def test_links_to_other_sites_and_code_examples_stay_allowed(course_dir: Path, case: str) -> None:
    replace_in(course_dir / PAGE, "## The rule\n", f"## The rule\n\n{ALLOWED[case]}\n")
    assert [d.format() for d in diagnostics(course_dir) if d.rule.startswith("privacy")] == []


def test_a_notebook_image_from_another_site_names_the_notebook_and_cell(course_dir: Path) -> None:
    notebook = course_dir / "modules/01-alpha/scoring.ipynb"
    data = json.loads(notebook.read_text(encoding="utf-8"))
    markdown_cells = [n for n, c in enumerate(data["cells"], 1) if c["cell_type"] == "markdown"]
    data["cells"][markdown_cells[0] - 1]["source"] = ["# Scoring\n", "![chart](https://example.org/chart.png)\n"]
    notebook.write_text(json.dumps(data), encoding="utf-8")
    found = [d for d in errors(course_dir) if d.rule == "privacy-embed"]
    assert [(d.path, d.message.split(":")[0]) for d in found] == [("modules/01-alpha/scoring.ipynb", f"Markdown cell {markdown_cells[0]}")]
    assert "https://example.org/chart.png" in found[0].message


def test_a_translated_notebook_image_from_another_site_names_the_translation(course_dir: Path) -> None:
    """The Spanish site shows scoring.es.ipynb: its Markdown cells are held to the privacy promise too."""
    with_spanish(course_dir)
    data = json.loads((course_dir / "modules/01-alpha/scoring.ipynb").read_text(encoding="utf-8"))
    first = next(n for n, c in enumerate(data["cells"], 1) if c["cell_type"] == "markdown")
    data["cells"][first - 1]["source"] = ["# Puntuación\n", "![gráfico](https://example.org/grafico.png)\n"]
    (course_dir / "modules/01-alpha/scoring.es.ipynb").write_text(json.dumps(data), encoding="utf-8")
    found = [d for d in errors(course_dir) if d.rule == "privacy-embed"]
    assert [(d.path, d.message.split(":")[0]) for d in found] == [("modules/01-alpha/scoring.es.ipynb", f"Markdown cell {first}")]
