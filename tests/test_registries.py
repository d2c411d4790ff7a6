"""The registries: blocks, front-end features and exports each declare themselves once, and what
the site needs from them (the Markdown extension's blocks, serve dependencies, slide and print
rules, the loader's feature list, `course export --format`) is derived from the declarations.

The walkthrough of docs/editor-guide.md ("Adding a block") is followed once here: a block defined
in this test registers through the public registry, and a feature module declares itself in a JS
file; nothing else is edited, and the block shows on the page, is kept off slides and print as it
declares, and makes `course serve` rebuild its page when what it reads changes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from conftest import ROOT, replace_in
from test_golden_blocks import site_markdown

from coursekit.app import open_project, validate
from coursekit.outputs import compile as compile_site
from coursekit.render import blocks, features

DEMO_PAGE = "docs/demo.md"


@pytest.fixture
def demo_block() -> Iterator[type]:
    """Step 1 of the walkthrough: one Python module with one declared block (here, in the test)."""

    @blocks.declare(reads=("glossary",), slides="skip", prints=False, selector=".cq-demo")
    class DemoBlock(blocks.CourseBlock):
        NAME = "demo"
        ATTRS: ClassVar[dict[str, str]] = {"class": "cq-demo", "data-cq-demo": ""}

        def fill(self, block: etree.Element) -> None:
            block.text = f"{len(self.project().glossary)} terms"

    yield DemoBlock
    blocks.unregister("demo")


def test_a_declared_block_is_on_the_page(demo_block: type, course_dir: Path) -> None:
    html = site_markdown(course_dir).convert("# Demo\n\n/// demo\n///\n")
    count = len(open_project(course_dir).glossary)
    assert f'<div class="cq-demo" data-cq-demo="">{count} terms</div>' in html


def test_a_declared_block_is_kept_off_slides_and_print_as_declared(demo_block: type, course_dir: Path) -> None:
    project = open_project(course_dir)
    found = re.search(r"SLIDE_SKIP = (\".*?\");", features.registry_js(project))
    assert found, "the registry script sets SLIDE_SKIP"
    skip = json.loads(found.group(1))
    assert ".cq-demo" in skip.split(", ")
    assert ".cq-demo" in features.registry_css(project)
    blocks.unregister("demo")
    assert ".cq-demo" not in features.registry_js(project) + features.registry_css(project)  # derived, not kept


def test_a_declared_block_makes_serve_rebuild_its_page_when_what_it_reads_changes(demo_block: type, course_dir: Path) -> None:
    (course_dir / DEMO_PAGE).write_text("# Demo\n\n/// demo\n///\n", encoding="utf-8")
    project = open_project(course_dir)
    before = compile_site.compile_tree(project, include_drafts=False).deps
    replace_in(course_dir / "docs/glossary.yml", "below set limits of staff", "below the EU limits of staff")
    project.refresh()
    after = compile_site.compile_tree(project, include_drafts=False).deps
    assert after["demo.md"] != before["demo.md"]  # it declared that it reads the glossary
    assert after["progress.md"] == before["progress.md"]  # a page whose blocks do not read it stays


def test_a_declared_block_header_with_a_stray_argument_is_reported(demo_block: type, course_dir: Path) -> None:
    (course_dir / DEMO_PAGE).write_text("# Demo\n\n/// demo | extra\n///\n", encoding="utf-8")
    found = [d for d in validate(course_dir).report.sorted() if d.rule == "block-header"]
    assert [(d.path, d.line) for d in found] == [(DEMO_PAGE, 3)]
    assert "the '/// demo' block takes no argument; remove '| extra'" in found[0].message


def test_a_feature_module_declares_itself_for_the_loader(course_dir: Path) -> None:
    """Step 2 of the walkthrough: one JS module with its @feature declaration."""
    (course_dir / "docs/assets/demo.js").write_text(
        'export function start() {}\n/* @feature {"name": "demo", "when": "[data-cq-demo]", "adds": ".cq-demo__tools", "slides": false} */\n',
        encoding="utf-8",
    )
    js = features.registry_js(open_project(course_dir))
    found = re.search(r"FEATURES = (\[.*?\]);\n", js)
    assert found, "the registry script sets FEATURES"
    table = json.loads(found.group(1))
    assert ["demo", "./demo.js", "[data-cq-demo]"] in table
    assert ["quiz", "./quiz.js", ".cq-quiz", True] in table  # started when the learner comes near a quiz
    assert ".cq-demo__tools" in js


def test_a_feature_started_near_what_it_works_on_needs_a_selector_and_its_own_file() -> None:
    """``"near": true`` is read; without a ``when`` or with the feature in the bundle it is reported, with the fix."""
    feature, problem = features.parse(Path("demo.js"), '/* @feature {"name": "demo", "when": ".x", "bundle": false, "near": true} */')
    assert problem is None and feature is not None and feature.near
    for declaration in ('{"name": "demo", "when": ".x", "near": true}', '{"name": "demo", "when": null, "bundle": false, "near": true}'):
        feature, problem = features.parse(Path("demo.js"), f"/* @feature {declaration} */")
        assert feature is None and problem is not None
        assert 'needs a "when" selector and "bundle": false' in problem.message


def test_every_built_in_block_is_declared_once_in_its_own_module() -> None:
    specs = blocks.registered()
    assert {"quiz", "trainer", "slide", "review", "worksheet", "template", "offline", "schedule"} <= set(specs)
    for spec in specs.values():
        assert spec.cls.NAME == spec.name
        assert spec.cls.__module__.startswith("coursekit.render.blocks.")
    assert specs["trainer"].slides == "notes" and not specs["trainer"].prints
    assert specs["quiz"].reads == {"bank"} and specs["review"].reads >= {"banks"}


def test_export_formats_come_from_the_registry() -> None:
    from coursekit.export.registry import formats

    known = formats()
    assert {name: (f.extension, f.needs) for name, f in known.items()} == {
        "moodle-xml": (".xml", frozenset({"banks"})),
        "gift": (".txt", frozenset({"banks"})),
        "scorm12": (".zip", frozenset({"site"})),
        "scorm2004": (".zip", frozenset({"site"})),
    }
    assert known["gift"].default_output(Path("/c"), "03-x") == Path("/c/exports/03-x-questions-gift.txt")


def _course_names() -> list[str]:
    """Names that belong to this course, not to the toolkit: its module slugs, the worksheets and
    spreadsheet templates its modules declare, its notebooks and the hosts of its blocked-site list."""
    manifest = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    names = [s for s in manifest["modules"] if isinstance(s, str)]
    assert len(names) >= 5
    for kind in ("worksheets.yml", "spreadsheets.yml"):
        declared = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "modules").glob(f"*/{kind}"))]
        found = [str(name) for data in declared for name in data]
        assert found, kind
        names += found
    names += sorted({p.name for p in (ROOT / "modules").glob("*/*.ipynb")})
    blocked = yaml.safe_load((ROOT / "blocked-sites.yml").read_text(encoding="utf-8"))
    names += [host for hosts in blocked.values() for host in hosts]
    return names


def test_the_toolkit_names_no_module_of_this_course() -> None:
    """Course content stays out of src/coursekit: no module slug, worksheet, spreadsheet template,
    notebook or blocked site of this course appears in its code (they are declared in each module's
    worksheets.yml and spreadsheets.yml, and in blocked-sites.yml)."""
    names = _course_names()
    assert {"03-choosing-markets", "market-screening", "readiness-scoring", "screening.ipynb", "scribd.com"} <= set(names)
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "src" / "coursekit").rglob("*.py"))
        for name in names
        if name in path.read_text(encoding="utf-8")
    ]
    assert found == []
