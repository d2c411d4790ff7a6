"""Worksheets in other languages (issue 19): a module's ``worksheets.es.yml`` gives each worksheet's
title and intro, and a scorecard's ``data/<name>.es.yml`` its questions, bands and labels; the
Spanish site shows them, `course translations` lists them, and validation holds them to the English
structure (a translation that lost an item is refused, and the page shows the English meanwhile)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, make_course, replace_in, run_course

from coursekit.app import open_project
from coursekit.render.markdown_ext import CourseExtension
from coursekit.render.worksheets import catalogue, load_definition, starting_data

DIAGNOSTICS = ROOT / "modules" / "02-diagnostics"


def test_every_worksheet_of_the_course_has_its_spanish_words() -> None:
    english, spanish = catalogue(ROOT), catalogue(ROOT, "es")
    assert set(spanish) == set(english) == {"export-readiness", "cluster-benchmark", "market-screening", "results-tracker"}
    for name, sheet in english.items():
        assert spanish[name].title.startswith("Hoja de trabajo:") and spanish[name].intro != sheet.intro
        assert spanish[name].notebook == sheet.notebook and spanish[name].definition == sheet.definition  # settings stay English
    for name in ("export-readiness", "cluster-benchmark"):
        en = starting_data(english[name], ROOT)["definition"]
        es = starting_data(spanish[name], ROOT, "es")["definition"]
        assert [a["id"] for a in es["areas"]] == [a["id"] for a in en["areas"]]
        assert es["labels"]["clear"].startswith("Borrar") and es["areas"][0]["title"] != en["areas"][0]["title"]


@pytest.mark.parametrize("lang", ["ca", "fr"])
def test_every_worksheet_of_the_course_has_its_catalan_and_french_words(lang: str) -> None:
    """The self-assessment tools work in every language (issue 21): each worksheet's title and
    intro, and each scorecard's questions and labels, in Catalan and French, on the English ids."""
    english, translated = catalogue(ROOT), catalogue(ROOT, lang)
    assert set(translated) == set(english)
    for name, sheet in english.items():
        assert translated[name].title != sheet.title and translated[name].intro != sheet.intro
    for name in ("export-readiness", "cluster-benchmark"):
        en = starting_data(english[name], ROOT)["definition"]
        other = starting_data(translated[name], ROOT, lang)["definition"]
        assert [[i["id"] for i in a["items"]] for a in other["areas"]] == [[i["id"] for i in a["items"]] for a in en["areas"]]
        assert other["labels"]["clear"] != en["labels"]["clear"] and other["areas"][0]["title"] != en["areas"][0]["title"]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """The fixture course in four languages, with module 02's scorecards and their Spanish translations
    (not the Catalan and French ones)."""
    root = make_course(tmp_path / "course")
    replace_in(root / "course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es, ca, fr]")
    module = root / "modules" / "01-alpha"
    for name in ("worksheets.yml", "worksheets.es.yml"):
        shutil.copy(DIAGNOSTICS / name, module / name)
    for path in (DIAGNOSTICS / "data").glob("*.yml"):
        if not path.name.endswith((".ca.yml", ".fr.yml")):  # Catalan and French stay missing here
            shutil.copy(path, module / "data" / path.name)
    return root


def render(root: Path, lang: str) -> str:
    md = markdown.Markdown(extensions=["pymdownx.blocks.admonition", CourseExtension(project=open_project(root), lang=lang)])
    return md.convert("/// worksheet | export-readiness\n///\n")


def test_the_spanish_site_shows_the_spanish_worksheet(course: Path) -> None:
    spanish, english = render(course, "es"), render(course, "en")
    assert "Hoja de trabajo: análisis de la preparación de una pyme para exportar" in spanish
    assert "Compromiso y plan" in spanish and "Prepararse primero" in spanish and "Commitment and plan" not in spanish
    payload = json.loads(spanish.split("data-cq-worksheet-data>", 1)[1].split("</script>", 1)[0])
    assert payload["definition"]["labels"]["answers"] == "Sus respuestas"
    assert payload["definition"]["areas"][0]["items"][0]["id"] == "goal"  # the English ids: answers follow the learner
    assert "Worksheet: SME export-readiness scan" in english and "Compromiso" not in english
    assert "Worksheet: SME export-readiness scan" in render(course, "fr")  # no French translation: English


def test_a_translated_worksheet_says_its_language_and_writes_percentages_as_that_language_does(course: Path) -> None:
    """On a page that is not translated yet, the page's content is marked English (lang="en"), but a
    worksheet whose words are translated must say it is Spanish, or a screen reader reads it with
    English pronunciation; and its thresholds are written as Spanish writes a percentage."""
    spanish, french = render(course, "es"), render(course, "fr")
    assert re.search(r'<section [^>]*lang="es"', spanish)
    assert not re.search(r"<section [^>]*lang=", french)  # no French words: it inherits the page's language
    method = re.search(r'<p class="cq-sc__method">(.*?)</p>', spanish)
    assert method and re.search(r"\d\u00a0%", method.group(1)) and not re.search(r"\d%", method.group(1))


def test_worksheet_translations_are_listed_by_the_status_report(course: Path) -> None:
    result = run_course(course, "translations", "--json")
    assert result.returncode == 0, result.stderr
    states = {(r["page"], r["lang"]): r["state"] for r in json.loads(result.stdout)}
    assert states[("modules/01-alpha/worksheets.yml", "es")] == "current"
    assert states[("modules/01-alpha/data/export-readiness.yml", "es")] == "current"
    assert states[("modules/01-alpha/data/cluster-benchmark.yml", "fr")] == "missing"


def test_a_worksheet_translation_must_keep_the_english_names_and_structure(course: Path) -> None:
    module = course / "modules" / "01-alpha"
    assert run_course(course, "validate").returncode == 0
    replace_in(module / "worksheets.es.yml", "cluster-benchmark:", "autoevaluacion:")
    text = (module / "data" / "export-readiness.es.yml").read_text(encoding="utf-8")
    lost = '      - {id: ip, text: "Hemos comprobado cómo proteger nuestra marca, nuestros diseños o nuestras patentes en el mercado objetivo."}\n'
    assert lost in text
    (module / "data" / "export-readiness.es.yml").write_text(text.replace(lost, ""), encoding="utf-8")
    result = run_course(course, "validate")
    assert result.returncode == 1
    assert (
        "modules/01-alpha/worksheets.es.yml:9: error: 'autoevaluacion' is not a worksheet of worksheets.yml; use its English name"
        in result.stdout
    )
    assert (
        "modules/01-alpha/data/export-readiness.es.yml:1: error: the translation must keep the English scale points, area and item ids"
        in result.stdout
    )
    assert load_definition(module / "data" / "export-readiness.es.yml")  # a scorecard of its own, but not the English one
    page = render(course, "es")
    assert "Commitment and plan" in page and "Compromiso y plan" not in page  # meanwhile the page shows the English scorecard


def test_an_english_edit_makes_the_worksheet_translation_outdated_not_invalid(course: Path) -> None:
    """An English question added or removed after the translation: the status report says outdated,
    validation still passes (an English edit never waits for the translators), and the Spanish page
    shows the English scorecard until the translation is brought up to date."""
    from test_translations import git

    module = course / "modules" / "01-alpha"
    git(course, "init", "-q")
    git(course, "add", "-A")
    git(course, "commit", "-qm", "English and Spanish")
    english = git(course, "rev-parse", "HEAD")
    for path in module.rglob("*.es.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^source_commit: .*$", f"source_commit: {english}", text), encoding="utf-8")
    git(course, "commit", "-qam", "Spanish: translated from the English commit")
    replace_in(
        module / "data" / "export-readiness.yml",
        '      - {id: ip, text: "We have checked how to protect our brand, designs or patents in the target market."}\n',
        "",
    )
    git(course, "commit", "-qam", "English: one question less")
    result = run_course(course, "translations", "--json", "--lang", "es")
    rows = {r["page"]: r for r in json.loads(result.stdout)}
    assert rows["modules/01-alpha/data/export-readiness.yml"]["state"] == "outdated"
    assert rows["modules/01-alpha/data/export-readiness.yml"]["commits_behind"] == 1
    validate = run_course(course, "validate")
    assert validate.returncode == 0, validate.stdout
    page = render(course, "es")
    assert "Commitment and plan" in page and "Compromiso y plan" not in page
