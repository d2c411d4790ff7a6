"""What a `course serve` rebuild redoes after an edit: the pages that show the edit, and no others.

The builds run in this process the way `course serve` runs them (MkDocs' dirty builds with the
course plugin kept between them), so a test can look at which built pages were rewritten.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import replace_in

SERVE_URL = "http://127.0.0.1:8000/"


def _fresh_plugins() -> None:
    """MkDocs keeps plugin instances between configurations in one process (as `serve` needs):
    forget them, so that the next build starts as a new `course serve` would."""
    from mkdocs.config.defaults import MkDocsConfig

    MkDocsConfig.plugins.plugin_cache.clear()  # type: ignore[attr-defined]


@pytest.fixture
def serving(course_dir: Path) -> Iterator[Callable[..., None]]:
    """``rebuild(site_dir)``: one serve build of the course into ``site_dir`` (the first one full,
    later ones dirty, as after a save); ``rebuild(site_dir, restart=True)``: the first build of a
    new `course serve`."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    _fresh_plugins()
    started: list[MkDocsConfig] = []
    cwd = Path.cwd()
    os.chdir(course_dir)

    def rebuild(site_dir: Path, restart: bool = False) -> None:
        if restart:
            for config in started:
                config.plugins.on_shutdown()
            started.clear()
            _fresh_plugins()
        config = load_config(config_file=str(course_dir / "mkdocs.yml"), site_dir=str(site_dir), strict=False)  # as serve
        config.site_url = SERVE_URL
        if not started:
            config.plugins.on_startup(command="serve", dirty=True)
            started.append(config)
        build(config, serve_url=SERVE_URL, dirty=True)

    try:
        yield rebuild
    finally:
        for config in started:
            config.plugins.on_shutdown()
        os.chdir(cwd)
        _fresh_plugins()


def _stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_a_definition_edit_shows_on_the_pages_that_use_the_term_and_leaves_the_others(
    serving: Callable[..., None], course_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    serving(site)
    before = _stamps(site)
    alpha = site / "modules/01-alpha/index.html"
    assert 'title="Small and medium-sized enterprise: A company below set limits of staff and turnover."' in alpha.read_text()

    replace_in(course_dir / "docs/glossary.yml", "below set limits of staff", "below the EU limits of staff")
    serving(site)

    new_title = 'title="Small and medium-sized enterprise: A company below the EU limits of staff and turnover."'
    after = _stamps(site)
    # Every page that uses SME shows the new definition (the module page and the home page among them).
    for page in ("modules/01-alpha/index.html", "index.html"):
        assert new_title in (site / page).read_text(), page
    assert not [p for p in site.rglob("*.html") if "below set limits" in p.read_text()]
    assert "below the EU limits" in (site / "glossary/index.html").read_text()
    # A page that does not use SME is not rebuilt (not even written).
    beta = "modules/02-beta/index.html"
    assert "SME</abbr>" not in (site / beta).read_text()
    assert after[beta] == before[beta]

    # The pages are the same as those of a new `course serve` started after the edit.
    fresh = tmp_path / "fresh"
    serving(fresh, restart=True)
    for page in ("modules/01-alpha/index.html", "index.html", "glossary/index.html"):
        assert (site / page).read_text() == (fresh / page).read_text(), page


def test_a_new_abbreviation_renders_the_pages_and_trainer_notes_that_use_it_again(
    serving: Callable[..., None], course_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    serving(site)
    glossary = course_dir / "docs/glossary.yml"
    replace_in(course_dir / "modules/02-beta/index.md", "Draft text.", "Draft text about a KOR.")
    replace_in(course_dir / "modules/01-alpha/session.yml", "Run the poll.", "Run the poll (PPL).")
    serving(site)
    before = _stamps(site)
    glossary.write_text(
        glossary.read_text()
        + "  - term: Knock-out rule\n    abbr: KOR\n    definition: A rule that removes a market at once.\n"
        + "  - term: Pair poll\n    abbr: PPL\n    definition: A poll answered in pairs.\n"
    )
    serving(site)
    beta = (site / "modules/02-beta/index.html").read_text()
    assert re.search(r'<abbr [^>]*title="Knock-out rule: A rule that removes a market at once\."[^>]*>KOR</abbr>', beta)
    notes = (site / "modules/01-alpha/trainer-notes/index.html").read_text()
    assert re.search(r'<abbr [^>]*title="Pair poll: A poll answered in pairs\."[^>]*>PPL</abbr>', notes)
    assert _stamps(site)["modules/01-alpha/index.html"] == before["modules/01-alpha/index.html"]


def test_a_bank_edit_rebuilds_the_page_that_shows_the_quiz(serving: Callable[..., None], course_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    serving(site)
    before = _stamps(site)
    replace_in(course_dir / "quizzes/01-alpha.yml", "text: Knock-out rules", "text: Knock-out rules first")
    serving(site)
    assert "Knock-out rules first" in (site / "modules/01-alpha/index.html").read_text()
    assert _stamps(site)["modules/02-beta/index.html"] == before["modules/02-beta/index.html"]


def test_a_bank_edit_rebuilds_the_review_page_too(serving: Callable[..., None], course_dir: Path, tmp_path: Path) -> None:
    """The review block declares that it reads every bank (coursekit.render.blocks.learner), so
    the Review page's question pool follows a bank edit while serving."""
    site = tmp_path / "site"
    serving(site)
    assert "Knock-out rules first" not in (site / "review/index.html").read_text()
    replace_in(course_dir / "quizzes/01-alpha.yml", "text: Knock-out rules", "text: Knock-out rules first")
    serving(site)
    assert "Knock-out rules first" in (site / "review/index.html").read_text()


def test_an_edited_quiz_image_shows_its_new_bytes(serving: Callable[..., None], course_dir: Path, tmp_path: Path) -> None:
    """A quiz image is embedded as a data: URL; editing the image file (and nothing else) while
    serving rebuilds the quiz's page with the new bytes (read through the project's sources)."""
    import base64

    replace_in(course_dir / "quizzes/01-alpha.yml", "in market selection?", "in market selection? ![The funnel](funnel.svg)")
    image = course_dir / "modules/01-alpha/funnel.svg"
    site = tmp_path / "site"
    serving(site)
    page = site / "modules/01-alpha/index.html"
    assert base64.b64encode(image.read_bytes()).decode("ascii") in page.read_text()
    image.write_text(image.read_text(encoding="utf-8").replace("</svg>", '<circle r="1"/></svg>'), encoding="utf-8")
    serving(site)
    assert base64.b64encode(image.read_bytes()).decode("ascii") in page.read_text()


def test_a_notebook_saved_while_a_rebuild_ran_is_rendered_again_on_the_next(tmp_path: Path) -> None:
    """The compiled tree's copy of a saved file is newer than the page built from the earlier
    version, even when the file was saved (and so dated) before that page was written: MkDocs'
    dirty build renders a page again only when its source is newer than the built page."""
    from coursekit.model.sources import Sources
    from coursekit.outputs.compile import Tree, Writer

    source = tmp_path / "modules" / "screening.ipynb"
    source.parent.mkdir()
    source.write_text('{"cells": []}')
    sources = Sources()
    sources.read(source)
    writer = Writer(tmp_path / "tree")
    tree = Tree(copies={"modules/screening.ipynb": source})
    writer.write(tree, sources)
    built = tmp_path / "site" / "screening.html"  # the page MkDocs built from that copy
    built.parent.mkdir()
    built.write_text("built from the first version")

    source.write_text('{"cells": [], "metadata": {}}')  # saved while that build ran:
    during = built.stat().st_mtime_ns - 1_000_000_000  # dated before the page was written
    os.utime(source, ns=(during, during))
    assert sources.changed() == {source}
    writer.write(tree, sources)

    copy = tmp_path / "tree" / "modules" / "screening.ipynb"
    assert copy.read_text() == '{"cells": [], "metadata": {}}'
    assert copy.stat().st_mtime_ns > built.stat().st_mtime_ns


def test_a_new_module_shows_in_the_navigation_of_every_page_notebook_pages_included(
    serving: Callable[..., None], course_dir: Path, tmp_path: Path
) -> None:
    from conftest import run_course

    site = tmp_path / "site"
    serving(site)
    assert run_course(course_dir, "new-module", "Working with investors").returncode == 0
    serving(site)
    for page in ("index.html", "modules/01-alpha/index.html", "modules/01-alpha/scoring/index.html"):
        assert "Working with investors" in (site / page).read_text(), page


def test_a_notebook_that_cannot_be_read_shows_a_page_that_says_so_and_comes_back(
    serving: Callable[..., None], course_dir: Path, tmp_path: Path
) -> None:
    """While serving, a broken notebook is no crash (no traceback, no browser left waiting): its page
    says it cannot be read, and the notebook is back after the fix (issue 24)."""
    site = tmp_path / "site"
    serving(site)
    notebook = course_dir / "modules/01-alpha/scoring.ipynb"
    good = notebook.read_bytes()
    notebook.write_text('{"cells": [ {"cell_type": "markdown", ', encoding="utf-8")  # saved half-way
    serving(site)
    page = (site / "modules/01-alpha/scoring/index.html").read_text(encoding="utf-8")
    assert "This notebook cannot be read" in page and "course serve" in page
    notebook.write_bytes(good)
    serving(site)
    page = (site / "modules/01-alpha/scoring/index.html").read_text(encoding="utf-8")
    assert "This notebook cannot be read" not in page and "Scoring" in page


def test_a_new_course_title_shows_on_every_page_while_serving(serving: Callable[..., None], course_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    serving(site)
    replace_in(course_dir / "course.yml", "title: Fixture course", "title: Renamed course")
    serving(site)
    for page in ("glossary/index.html", "modules/01-alpha/index.html", "modules/print/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]*Renamed course</title>", html), page
