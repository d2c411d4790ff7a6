"""End-to-end: build the fixture course and the real course with `mkdocs build --strict`."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from coursekit.outputs.sitecheck import check_site, format_report

EXTERNAL_RESOURCE = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=["']?(?:https?:)?//|<link\b[^>]*\bhref=["']?(?:https?:)?//|url\(["']?(?:https?:)?//""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def fixture_site(fixture_build: Path) -> Path:
    return fixture_build / "site"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def article(site: Path, page: str) -> str:
    """The page's main content, without the navigation and footer."""
    text = read(site, page)
    return text[text.index("<article") : text.index("</article>")]


def test_module_pages_notebooks_and_assets_are_in_the_site(fixture_site: Path) -> None:
    for path in (
        "index.html",
        "modules/01-alpha/index.html",
        "modules/01-alpha/scoring/index.html",
        "modules/01-alpha/funnel.svg",
        "modules/01-alpha/data/markets.csv",
        "assets/course.js",
        "assets/course.css",
    ):
        assert (fixture_site / path).is_file(), path


def test_data_files_stay_out_of_the_site(fixture_site: Path) -> None:
    assert not list(fixture_site.rglob("*.yml"))


def test_drafts_are_left_out_of_the_published_build(fixture_site: Path) -> None:
    assert not (fixture_site / "modules/02-beta").exists()
    assert "Beta draft" not in read(fixture_site, "index.html")


def test_navigation_is_derived_from_course_yml(fixture_site: Path) -> None:
    page = read(fixture_site, "modules/01-alpha/index.html")
    tabs = page[page.index('class="md-tabs__list"') : page.index("</nav>", page.index('class="md-tabs__list"'))]
    labels = [t.strip() for t in re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', tabs)]
    assert labels == ["Start", "Modules", "Resources", "Trainers"]  # Trainers: added for the generated pages
    assert "1. Alpha basics" in page and "Scoring notebook" in page


def test_module_page_has_overview_quiz_and_key_points(fixture_site: Path) -> None:
    page = article(fixture_site, "modules/01-alpha/index.html")
    assert "<h1" in page and "Alpha basics" in page
    assert "Choose one market with a knock-out rule." in page  # objective, from front matter
    assert page.index("After this module you can") < page.index("Why rules first")
    assert page.index('data-cq-item="alp-first"') < page.index("Key points") < page.index('id="sources"')
    assert 'class="cq-trainer"' in page


def test_notebook_page_offers_the_ipynb_download(fixture_site: Path) -> None:
    page = article(fixture_site, "modules/01-alpha/scoring/index.html")
    assert '<a href="scoring.ipynb" download>' in page  # the notebook alone
    assert 'href="../scoring-notebook.zip" download>Download to run' in page  # with its data (coursekit.outputs.downloads)
    assert (fixture_site / "modules/01-alpha/scoring/scoring.ipynb").is_file()
    assert (fixture_site / "modules/01-alpha/scoring-notebook.zip").is_file()
    assert "7" in page  # the stored output is shown


def test_course_map_sums_the_times(fixture_site: Path) -> None:
    page = read(fixture_site, "index.html")
    # 20 min teaching + 10 min exercises + the quiz (3 items at 45 s, rounded up to 3 min)
    assert "Whole course" in page and "<td>3 min</td>" in page and "<td>33 min</td>" in page
    assert 'href="modules/01-alpha/"' in page


def test_glossary_gives_hover_definitions(fixture_site: Path) -> None:
    assert (
        '<abbr class="cq-term" tabindex="0" title="Small and medium-sized enterprise: A company below set limits of staff and turnover.">SME</abbr>'
        in read(fixture_site, "index.html")
    )


def test_no_page_loads_anything_from_another_host(fixture_site: Path) -> None:
    for page in fixture_site.rglob("*.html"):
        match = EXTERNAL_RESOURCE.search(page.read_text(encoding="utf-8"))
        assert match is None, f"{page}: {match.group(0) if match else ''}"


def test_the_real_course_builds_strictly_with_no_warnings(real_build: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    site, result = real_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    modules = sorted(p.name for p in (site / "modules").iterdir())
    assert modules == sorted([p.name for p in (ROOT / "modules").iterdir() if p.is_dir()] + ["print"])


def test_every_internal_link_and_anchor_in_the_real_site_resolves(real_site: Path) -> None:
    report = check_site(real_site)
    assert report.pages >= 19 and report.checked > 1000
    assert report.broken == []
    assert report.insecure == []
    assert dict(report.embeds) == {}  # nothing on any page loads from another website (test_privacy relies on it)
    # and no interface string of the English catalogue on a page of the Spanish, Catalan or French site (issue 19)
    assert report.english == [], format_report(report)


def test_translated_sites_show_their_own_language_outside_fallback_content(real_site: Path) -> None:
    # The whole-course print page and the trainer notes read the translated module pages...
    spanish = read(real_site, "es/modules/print/index.html")
    assert "Ejercicio: escriba su punto de partida" in spanish and "Exercise: write your starting point" not in spanish
    assert "Ejercicio: aplique la rúbrica a un borrador" in read(real_site, "es/modules/10-capstone/trainer-notes/index.html")
    # ...and mark the modules not translated yet as English, as their own pages do.
    catalan = read(real_site, "ca/modules/print/index.html")
    assert re.search(r'<div class="cq-print-module"[^>]*\blang="en"', catalan)
    assert 'data-cq-fallback="en"' in read(real_site, "ca/modules/10-capstone/trainer-notes/index.html")
    # The workbook's exercise titles (data for the scripts) are the translated ones, under the English ids.
    data = (real_site / "es/assets/course-data.json").read_text(encoding="utf-8")
    assert '"exercise-write-your-starting-point","title":"Escriba su punto de partida"' in data
    # A translated glossary term keeps the English term's anchor.
    assert re.search(r'<dt id="agent">Agente</dt>', read(real_site, "es/glossary/index.html"))
    # The theme's colour toggle and the headings' permalinks (written in English in mkdocs.yml) are translated.
    page = read(real_site, "es/modules/03-choosing-markets/index.html")
    assert "Switch to light mode" not in page and 'title="Cambiar al modo oscuro"' in page
    assert 'title="Permanent link"' not in page and 'title="Enlace permanente"' in page
    assert 'title="Permanent link"' in read(real_site, "modules/03-choosing-markets/index.html")


def test_notebook_pages_link_to_their_module_page(real_site: Path) -> None:
    page = read(real_site, "modules/03-choosing-markets/screening/index.html")
    assert 'href="index.md"' not in page and 'href="../"' in page


def test_notebook_pages_carry_no_inline_jupyter_css_or_cdn_scripts(real_site: Path) -> None:
    page = read(real_site, "modules/03-choosing-markets/screening/index.html")
    assert "<style" not in article(real_site, "modules/03-choosing-markets/screening/index.html")
    assert "cdnjs" not in page and '<script src="">' not in page
    assert "ClipboardCopyElement" not in page and "clipboard-copy-txt" not in page
    assert not (real_site / "assets/notebook.css").exists()  # JupyterLab's 0.6 MB of CSS is not shipped
    assert len(page.encode()) < 300_000


def test_every_module_has_a_trainer_notes_page(real_site: Path) -> None:
    for module in sorted((ROOT / "modules").glob("[0-9][0-9]-*")):
        page = article(real_site, f"modules/{module.name}/trainer-notes/index.html")
        assert "Run sheet" in page and "<table>" in page and "Notes in the module" in page


def test_schedule_page_offers_half_day_and_full_day_programmes(real_site: Path) -> None:
    page = article(real_site, "schedule/index.html")
    assert "Whole course" in page and "Half day 1" in page and "Day 1" in page and "Lunch" in page


def test_trainer_notes_never_leak_into_learner_pages_without_the_trainer_class(real_site: Path) -> None:
    # Every trainer note in a learner page is inside the hidden .cq-trainer element.
    page = article(real_site, "modules/03-choosing-markets/index.html")
    assert page.count('class="cq-trainer"') >= 2


def test_the_spanish_module_03_diagram_has_spanish_labels_and_the_english_one_english(real_site: Path) -> None:
    """A localised image (modules/03-choosing-markets/funnel.es.svg) replaces the English one on the
    Spanish pages, at the address the page already uses; the English site keeps the English labels."""
    page = (real_site / "es/modules/03-choosing-markets/index.html").read_text(encoding="utf-8")
    found = re.search(r'<img [^>]*src="([^"]*funnel[^"]*)"', page)
    assert found is not None and found.group(1) == "funnel.svg"
    spanish = (real_site / "es/modules/03-choosing-markets/funnel.svg").read_text(encoding="utf-8")
    assert "1. Lista larga: de 10 a 40 mercados" in spanish and "Long list" not in spanish
    assert '<title id="title">El embudo de selección de mercados</title>' in spanish
    english = (real_site / "modules/03-choosing-markets/funnel.svg").read_text(encoding="utf-8")
    assert "1. Long list: 10 to 40 markets" in english and "Lista larga" not in english
    assert sorted(p.name for p in real_site.rglob("*.svg") if p.name.count(".") > 1) == []  # no stray funnel.es.svg
