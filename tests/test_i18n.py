"""The message catalogue (coursekit.i18n): every key in every language with the same {variables},
plural forms per language, English where a translation is missing, content keywords read in the
page's language, dates and numbers as each language writes them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURE

from coursekit.i18n import catalogue
from coursekit.i18n.catalogue import LANGUAGES, MessageError, messages, page_language, problems, raw, variables
from coursekit.i18n.formats import long_date, number, percent
from coursekit.i18n.keywords import is_keyword, keyword_match


def test_every_language_has_every_key_with_the_same_variables() -> None:
    assert problems() == []
    english = raw("en")
    assert len(english) > 250
    for lang in LANGUAGES:
        table = raw(lang)
        assert set(table) == set(english), lang
        for key, message in table.items():
            assert variables(message) == variables(english[key]), (lang, key)
            assert isinstance(message, dict) == isinstance(english[key], dict), (lang, key)


@pytest.fixture
def spanish_without(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Spanish messages with one key left out, as a translation that fell behind."""
    missing = "quiz.check"
    loaded = catalogue._load

    def load(lang: str) -> dict[str, catalogue.Message]:
        table = loaded(lang)
        return {k: v for k, v in table.items() if not (lang == "es" and k == missing)}

    monkeypatch.setattr(catalogue, "_load", load)
    raw.cache_clear()
    messages.cache_clear()
    yield missing
    raw.cache_clear()
    messages.cache_clear()


def test_a_missing_translation_falls_back_to_english_and_is_reported(spanish_without: str) -> None:
    assert messages("es").t(spanish_without) == "Check answer"
    assert messages("es").t("quiz.show_answer") == "Mostrar la respuesta"
    assert f"coursekit/i18n/messages/es.yml: no message '{spanish_without}'; translate it from en.yml" in problems()


def test_variables_and_plural_forms_per_language() -> None:
    assert messages("en").t("review.due", count=1) == "1 question is due for review."
    assert messages("en").t("review.due", count=3) == "3 questions are due for review."
    assert messages("es").t("review.due", count=3) == "3 preguntas pendientes de repaso."
    assert messages("ca").t("workbook.answered", count=1, answered=0) == "0 de 1 exercici respost."
    # French takes the singular for 0 and 1; English the plural for 0.
    assert messages("fr").t("review.correct_back_in", count=0) == "Correct. Elle revient dans 0 jour."
    assert messages("en").t("review.correct_back_in", count=0) == "Correct. It comes back in 0 days."
    assert messages("fr-FR").t("quiz.question", number=2) == "Question 2"
    with pytest.raises(MessageError, match=r"needs the variable \{number\}"):
        messages("en").t("quiz.question")
    with pytest.raises(MessageError, match="no message 'quiz.nope'"):
        messages("en").t("quiz.nope")


def test_a_language_without_messages_reads_english() -> None:
    assert messages("de").t("quiz.check") == "Check answer"


def test_markup_keeps_html_variables_and_escapes_the_rest() -> None:
    from markupsafe import Markup

    html = messages("es").markup("quiz.intro", count=1, check=Markup("<strong>Comprobar</strong>"))
    assert html == "1 pregunta. Elija una respuesta y seleccione <strong>Comprobar</strong>."
    assert "&lt;b&gt;" in messages("en").markup("quiz.label", title="<b>")


def test_page_language_by_file_name() -> None:
    assert page_language("modules/03-x/index.es.md") == "es"
    assert page_language(Path("docs/how-to-study.fr.md")) == "fr"
    assert page_language("modules/03-x/index.md") == "en"
    assert page_language("notes.de.md") == "en"  # no messages for German: the source language


def test_dates_and_numbers_per_language() -> None:
    day = datetime.date(2026, 12, 7)
    assert long_date(day, "en") == "7 December 2026"
    assert long_date(day, "es") == "7 de diciembre de 2026"
    assert long_date(day, "ca") == "7 de desembre del 2026"
    assert long_date(datetime.date(2026, 4, 1), "ca") == "1 d’abril del 2026"
    assert long_date(day, "fr") == "7 décembre 2026"
    assert number(12345.5, "en", 1) == "12,345.5"
    assert number(12345.5, "es", 1) == "12.345,5"
    assert number(1234, "es") == "1234"  # Spanish groups from five digits
    assert number(1234, "ca") == "1.234"
    assert number(12345, "fr") == "12\u202f345"
    assert percent(80, "en") == "80%"
    assert percent(80, "fr") == "80\u00a0%"


def test_content_keywords_in_the_page_language_and_english() -> None:
    assert keyword_match("Exercice : classer les marchés", "content.exercise", "fr")
    assert keyword_match("Exercise: rank the markets", "content.exercise", "fr")  # English content on a French page
    assert keyword_match("Ejercicio: ordenar los mercados", "content.exercise", "es")
    assert not keyword_match("Exercice : classer", "content.exercise", "en")
    assert not keyword_match("Exercises in this module", "content.exercise", "en")  # a whole word only
    assert is_keyword("Fuentes", "content.sources", "es")
    assert is_keyword("Sources", "content.sources", "es")
    assert not is_keyword("Fuentes", "content.sources", "en")


def _convert(source: str, lang: str) -> str:
    from coursekit.app import open_project
    from coursekit.render.markdown_ext import CourseExtension

    md = markdown.Markdown(
        extensions=["admonition", "pymdownx.blocks.admonition", CourseExtension(project=open_project(FIXTURE), lang=lang)]
    )
    return md.convert(source)


def test_a_french_exercise_keeps_its_workbook_box() -> None:
    page = "/// admonition | Exercice : classer les marchés\n\nÉcrivez votre classement.\n///\n"
    html = _convert(page, "fr")
    # data-cq-exercise is where workbook.js puts the answer box; the id is the run sheets' link target.
    assert 'data-cq-exercise="exercice-classer-les-marches"' in html
    assert 'id="exercice-classer-les-marches"' in html
    assert "data-cq-exercise" not in _convert(page, "en")  # on an English page it is not an exercise


def test_a_translated_exercise_with_the_english_id_keeps_its_box_and_its_english_key() -> None:
    """As the translated pages write it: the English exercise's id, so one answer follows the learner
    across languages (the course data lists the English exercises)."""
    page = (
        "/// admonition | Ejercicio: elija un mercado\n    type: example\n    attrs: {id: exercise-pick-one-market}\n\n"
        "Escriba su elección.\n///\n"
    )
    html = _convert(page, "es")
    assert 'data-cq-exercise="exercise-pick-one-market"' in html and 'id="exercise-pick-one-market"' in html
    assert html.count("data-cq-exercise") == 1


def test_spanish_blocks_speak_spanish() -> None:
    html = _convert("/// trainer\nNota.\n///\n\n/// quiz | 01-alpha\n///\n", "es")
    assert "Nota para formadores" in html
    assert "Comprobar la respuesta" in html and "Respuesta y comentarios" in html
    assert "Pregunta 1" in html and "Check answer" not in html


def test_a_spanish_sources_section_is_treated_as_sources() -> None:
    from coursekit.render.search_tuning import tune
    from coursekit.rules.rules_sources import sources_entries

    body = "# Mercados\n\nTexto.\n\n## Fuentes\n\n- Comisión Europea (2024). *Informe*.\n- Otra fuente.\n"
    assert [n for n, _ in sources_entries(body, "es")] == [7, 8]
    assert sources_entries(body, "en") == []
    html = '<h1 id="mercados">Mercados</h1><p>Texto.</p><h2 id="fuentes">Fuentes</h2><ul><li>Comisión</li></ul>'
    tuned = tune(html, "modules/03-x/index.es.md", {})
    assert '<section data-search-exclude="1" class="cq-sources"><ul><li>Comisión</li></ul></section>' in tuned
    assert "data-search-exclude" not in tune(html, "modules/03-x/index.md", {})


def test_key_points_go_before_a_spanish_sources_heading() -> None:
    from coursekit.app import open_project
    from coursekit.render.module_page import decorate

    project = open_project(FIXTURE)
    module = next(m for m in project.course.modules if m.keypoints)
    body = "Texto.\n\n## Fuentes\n\n- Una fuente.\n"
    out = decorate(body, module, project.course, lang="es")
    assert out.index("/// admonition | Puntos clave") < out.index("## Fuentes")
    assert "/// admonition | Presentación" in out
