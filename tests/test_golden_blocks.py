"""Golden files for every course block, through the production path: a real Markdown conversion
with the site's extensions from mkdocs.yml, and the course extension configured as the MkDocs
plugin configures it (the course root, drafts left out). Inputs are tests/golden/blocks/NAME.md
beside the expected NAME.html; `pytest --update-golden` rewrites them and prints what changed.
The course is the fixture course with tests/golden/blocks/course-extra/ copied over it (what the
worksheet and template blocks read; see its README)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import golden_files
import markdown
import pytest
from conftest import FIXTURE, ROOT
from mkdocs.utils.yaml import yaml_load

from coursekit.app import open_project

BLOCKS = Path(__file__).parent / "golden" / "blocks"
EXTRA = BLOCKS / "course-extra"


def site_markdown(root: Path) -> markdown.Markdown:
    """A Markdown converter set up as the site's: mkdocs.yml's extensions and their options."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as f:
        config = yaml_load(f)  # MkDocs' own reader (it knows the !ENV tag)
    names: list[str] = []
    options: dict[str, dict[str, Any]] = {}
    for entry in config["markdown_extensions"]:
        name, values = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        options[name] = dict(values or {})
    # What the `course` plugin adds in on_config (coursekit_mkdocs.plugin):
    options.setdefault("coursekit", {}).update({"project": open_project(root), "include_drafts": False})
    return markdown.Markdown(extensions=names, extension_configs=options)


def convert(source: str, root: Path = FIXTURE) -> str:
    md = site_markdown(root)
    return md.convert(source) + "\n"


def course_block_types() -> set[str]:
    """The names of the blocks the course extension registers (read from the extension itself)."""
    from pymdownx.blocks import BlocksProcessor

    from coursekit.render.markdown_ext import CourseExtension

    md = markdown.Markdown(extensions=[CourseExtension(project=open_project(FIXTURE))])
    blocks = md.parser.blockprocessors["blocks"]
    assert isinstance(blocks, BlocksProcessor)
    return set(blocks.blocks)  # {name: class}


@pytest.fixture(scope="module")
def golden_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("golden") / "course"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(EXTRA, root, dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("block", sorted(course_block_types()))
def test_block_golden(block: str, golden_course: Path, request: pytest.FixtureRequest) -> None:
    source_path = BLOCKS / f"{block}.md"
    assert source_path.is_file(), f"the `/// {block}` block has no golden pair: add {source_path.name} (and run --update-golden)"
    source = source_path.read_text(encoding="utf-8")
    assert f"/// {block}" in source  # each pair exercises its own block
    golden_files.check(BLOCKS / f"{block}.html", convert(source, golden_course), request)


def test_every_block_type_has_a_golden_pair() -> None:
    names = course_block_types()
    assert {"quiz", "trainer", "review", "worksheet", "template"} <= names  # the discovery sees blocks from every module
    assert {p.stem for p in BLOCKS.glob("*.md")} == names
    assert {p.stem for p in BLOCKS.glob("*.html")} == names


def test_the_quiz_on_the_page_is_the_bank_rendered() -> None:
    html = convert((BLOCKS / "quiz.md").read_text(encoding="utf-8"))
    assert html.count('class="cq-item"') == 2  # the two items the block asks for, in its order
    assert html.index('data-cq-item="alp-tf"') < html.index('data-cq-item="alp-first"')
    assert 'aria-label="Quiz: Alpha basics"' in html  # the module's title from its front matter


def test_an_image_in_quiz_text_is_embedded_so_it_shows_on_every_page(course_dir: Path) -> None:
    """The quiz shows on the module, print and trainer pages (different depths): its image is a data: URL."""
    from conftest import replace_in

    replace_in(course_dir / "quizzes/01-alpha.yml", "in market selection?", "in market selection? ![The funnel](funnel.svg)")
    html = site_markdown(course_dir).convert("/// quiz | 01-alpha\n    items: alp-first\n///\n")
    assert '<img alt="The funnel" src="data:image/svg+xml;base64,' in html
    import base64

    encoded = html.split("data:image/svg+xml;base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(encoded) == (course_dir / "modules/01-alpha/funnel.svg").read_bytes()


# --- failure cases: a header that makes no block is said, never lost in silence ------------------

REFUSED = Path(__file__).parent / "golden" / "blocks-refused"


@pytest.mark.parametrize("case", sorted(p.stem for p in REFUSED.glob("*.md")))
def test_refused_header_golden(case: str, golden_course: Path, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> None:
    """A header pymdownx.blocks refuses (bad option, bad argument, unknown block) renders as the
    text it is, and the build's log says why with a fix (`mkdocs build --strict` fails on it).
    The golden file holds the page and, after it, the warnings logged."""
    source = (REFUSED / f"{case}.md").read_text(encoding="utf-8")
    with caplog.at_level("WARNING", logger="mkdocs.coursekit"):
        html = convert(source, golden_course)
    warnings = [r.getMessage() for r in caplog.records if r.name == "mkdocs.coursekit"]
    assert warnings, "a refused block header must be logged"
    golden_files.check(REFUSED / f"{case}.html", html + "<!-- logged:\n" + "\n".join(warnings) + "\n-->\n", request)


def test_refused_headers_are_recorded_for_validate() -> None:
    """The page parser records each refused header with its line, so `course validate` reports it."""
    from coursekit.render.pageparse import PageParser

    parser = PageParser()
    for path in sorted(REFUSED.glob("*.md")):
        info = parser.parse(path.read_text(encoding="utf-8"))
        assert [r.line for r in info.refused] == [3], path.name
