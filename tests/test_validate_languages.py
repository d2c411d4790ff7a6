"""`course validate` checks every language (issue 19): links and anchors on translated pages resolve
in their language's site, every glossary term has its entry in each language's glossary, and no
interface string is left in English on a translated page (the message catalogue in validate, the
built pages in `course links`). Through the real command line; the rule table (tests/test_rules.py)
holds one case per message, with its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE, make_course, replace_in, run_course

from coursekit.outputs.sitecheck import EnglishStrings, check_site, format_report

TRANSLATIONS = FIXTURE.parent / "translations"
INDEX_ES = "docs/index.es.md"
GLOSSARY_ES = "docs/glossary.es.yml"


@pytest.fixture
def spanish(tmp_path: Path) -> Path:
    """The fixture course in English and Spanish, with its Spanish translations."""
    import shutil

    course = make_course(tmp_path / "course")
    shutil.copytree(TRANSLATIONS, course, dirs_exist_ok=True)
    replace_in(course / "course.yml", "title: Fixture course", "title: Fixture course\nlanguages: [en, es]")
    return course


def test_the_spanish_fixture_is_valid_in_every_language(spanish: Path) -> None:
    result = run_course(spanish, "validate", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_anchor_on_a_translated_page_fails_with_file_line_and_the_english_anchors(spanish: Path) -> None:
    # A translator links to the Spanish heading's words; the Spanish page keeps the English anchor.
    replace_in(spanish / INDEX_ES, "(modules/01-alpha/index.md)", "(modules/01-alpha/index.md#la-regla)")
    result = run_course(spanish, "validate")
    assert result.returncode == 1
    assert (
        "docs/index.es.md:7: error: the link 'modules/01-alpha/index.md#la-regla' names anchor '#la-regla', which is not a "
        "heading in modules/01-alpha/index.md as the 'es' site shows it (modules/01-alpha/index.es.md); its anchors are the "
        "English ones: check-your-understanding, sources, the-rule, why-rules-first"
    ) in result.stdout
    assert "Traceback" not in result.stderr
    replace_in(spanish / INDEX_ES, "#la-regla", "#the-rule")
    assert run_course(spanish, "validate", "--strict").returncode == 0


def test_a_link_to_an_untranslated_page_is_checked_against_the_english_fallback(spanish: Path) -> None:
    # review.md has no Spanish translation: the Spanish site shows the English page, with its anchors.
    replace_in(spanish / INDEX_ES, "(glossary.md)", "(review.md#why-review-like-this)")
    assert run_course(spanish, "validate", "--strict").returncode == 0, "an anchor of the English fallback page resolves"
    replace_in(spanish / INDEX_ES, "#why-review-like-this", "#por-que-repasar")
    result = run_course(spanish, "validate")
    assert result.returncode == 1
    assert "as the 'es' site shows it (the English page, not translated yet)" in result.stdout


def test_a_missing_glossary_entry_is_a_warning_that_fails_strict(spanish: Path) -> None:
    glossary = spanish / GLOSSARY_ES
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text[: text.index("  - term: Organización de clúster")], encoding="utf-8")
    lenient = run_course(spanish, "validate")
    assert lenient.returncode == 0, lenient.stdout  # the site shows the English entry in its place
    assert (
        "docs/glossary.es.yml:1: warning: no entry translates the English term 'Cluster organisation' "
        "(id 'cluster-organisation', docs/glossary.yml:5)"
    ) in lenient.stdout
    strict = run_course(spanish, "validate", "--strict")
    assert strict.returncode == 1


def test_a_glossary_entry_that_translates_no_english_term_is_an_error(spanish: Path) -> None:
    replace_in(spanish / GLOSSARY_ES, "    id: cluster-organisation\n", "    id: cluster-organization\n")
    result = run_course(spanish, "validate")
    assert result.returncode == 1
    assert (
        "docs/glossary.es.yml:7: error: the term 'Organización de clúster' (#cluster-organization) translates no term of "
        "docs/glossary.yml, so its anchor differs from the English one; write 'id: cluster-organisation' under it"
    ) in result.stdout
    # one mistake, one message: the English term it meant is not reported missing as well
    assert "no entry translates the English term 'Cluster organisation'" not in result.stdout


def test_a_link_to_a_glossary_term_resolves_with_the_languages_glossary(spanish: Path) -> None:
    # The glossary page's terms are anchors; a translated term keeps the English term's anchor.
    (spanish / "docs/glossary.es.md").write_text(
        f"---\nsource_commit: {'0' * 40}\n---\n\n# Glosario\n\n/// glossary\n///\n", encoding="utf-8"
    )
    replace_in(spanish / INDEX_ES, "(glossary.md)", "(glossary.md#cluster-organisation)")
    assert run_course(spanish, "validate", "--strict").returncode == 0
    replace_in(spanish / INDEX_ES, "#cluster-organisation", "#organizacion-de-cluster")
    result = run_course(spanish, "validate")
    assert result.returncode == 1
    assert "names anchor '#organizacion-de-cluster', which is not a heading in glossary.md as the 'es' site shows it" in result.stdout


# --- the built site: no English interface string on a translated page ----------------------------


def page(lang: str, body: str) -> str:
    return f'<!doctype html><html lang="{lang}"><head><title>x</title></head><body>{body}</body></html>'


def built(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return tmp_path / "site"


def test_english_interface_strings_on_a_translated_page_are_found(tmp_path: Path) -> None:
    site = built(
        tmp_path,
        {
            "index.html": page("en", '<button type="button">Check answer</button>'),  # English page: English interface
            "es/index.html": page(
                "es",
                '<button type="button">Check answer</button>'
                '<nav aria-label="Table of contents"><a href="./" title="Comprobar la respuesta">x</a></nav>'
                "<table><tr><th>Total</th><th>Score</th></tr></table>"
                '<script type="application/json" data-cq-worksheet-data>{"labels": {"result": "Result", "ok": "Resultado"}}</script>'
                '<div lang="en" data-cq-fallback="en"><button>Show answer</button><p>Check answer</p></div>'
                "<p>Check answer</p>",
            ),
        },
    )
    report = check_site(site)
    found = sorted((p, where, text) for p, where, text, _ in report.english)
    assert found == [
        ("es/index.html", "button", "Check answer"),
        ("es/index.html", "script /labels/result", "Result"),
        ("es/index.html", "th", "Score"),
    ], found
    assert not report.ok
    assert "es/index.html: button: 'Check answer' (message 'quiz.check')" in format_report(report)


def test_a_message_with_variables_is_recognised_but_not_a_common_word_pattern() -> None:
    strings = EnglishStrings("es")
    assert strings.key_of("3 questions are due for review.") == "review.due"  # '{count} questions are due for review.'
    assert strings.key_of("Total") is None  # 'Total' reads the same in Spanish (messages/same.yml)
    assert strings.key_of("Comprobar la respuesta") is None
    assert strings.key_of("  Check\n answer ") == "quiz.check"
    # '{done} of {count}' would match any English phrase with 'of' in a translated definition
    assert strings.key_of("acuerdo (en inglés, memorandum of understanding)") is None


def test_course_links_fails_on_an_english_interface_string(tmp_path: Path) -> None:
    course = make_course(tmp_path / "course")
    site = built(tmp_path / "course", {"index.html": page("en", "<p>x</p>"), "es/index.html": page("es", "<button>Check answer</button>")})
    assert site == course / "site"
    result = run_course(course, "links")
    assert result.returncode == 1, result.stdout
    assert re.search(r"English interface strings on translated pages \(1\)", result.stdout), result.stdout
