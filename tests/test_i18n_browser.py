"""The fixture course built with Spanish as the page language (theme.language: es, so
<html lang="es">): the quiz, the workbook and the certificate speak Spanish, from the one message
catalogue, and the certificate's date is written as Spanish writes it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from browser import console_errors, serve, watch_errors
from browser import ready as browser_ready
from conftest import make_course, run_course
from playwright.sync_api import Browser, Page, expect

from coursekit.i18n.formats import long_date

pytestmark = pytest.mark.browser

MODULE = "/modules/01-alpha/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    course = make_course(tmp_path_factory.mktemp("spanish") / "course")
    config = course / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  language: en\n" in text
    config.write_text(text.replace("  language: en\n", "  language: es\n"), encoding="utf-8")
    result = run_course(course, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(course / "site") as url:
        yield url


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context()
    yield watch_errors(context.new_page())
    context.close()


def go(page: Page, url: str) -> None:
    page.goto(url)
    browser_ready(page)


def check(page: Page, item_id: str, label: str) -> None:
    item = page.locator(f'[data-cq-item="{item_id}"]')
    item.get_by_label(label).check()
    item.get_by_role("button", name="Comprobar la respuesta").click()


def test_a_spanish_page_has_a_spanish_quiz_workbook_and_certificate(page: Page, site: str) -> None:
    go(page, site + MODULE)
    assert page.locator("html").get_attribute("lang") == "es"
    first = page.locator('[data-cq-item="alp-first"]')
    # Python (the quiz block) and JavaScript (quiz.js) read the same catalogue.
    expect(page.locator(".cq-quiz__intro").first).to_contain_text("3 preguntas. Elija una respuesta y seleccione Comprobar la respuesta.")
    expect(first.locator(".cq-legend")).to_have_text("Pregunta 1")
    first.get_by_role("button", name="Comprobar la respuesta").click()
    expect(first.locator(".cq-verdict")).to_have_text("Primero elija una respuesta y luego seleccione Comprobar la respuesta.")
    expect(first.get_by_role("button", name="Mostrar la respuesta")).to_be_visible()
    check(page, "alp-first", "Knock-out rules")
    expect(first.locator(".cq-verdict")).to_have_text("Correcto.")
    expect(page.locator("[data-cq-score]").first).to_contain_text("Puntuación: 1 de 3 correctas en el primer intento (respondidas: 1).")
    many = page.locator('[data-cq-item="alp-many"]')
    many.get_by_label("The product cannot be certified there.").check()
    check(page, "alp-many", "The market is under sanctions.")
    check(page, "alp-tf", "False")
    expect(page.locator(".cq-summary")).to_contain_text("Su puntuación en el primer intento: 3 de 3 (100 %).")

    page.get_by_label("Su respuesta a «Pick one market» (se guarda en este navegador mientras escribe)").fill("Chile.")
    expect(page.locator(".cq-work__status")).to_have_text("Guardado en este navegador.")
    go(page, site + "/workbook/")
    expect(page.locator("[data-cq-workbook-note]")).to_have_text(
        "1 de 1 ejercicio respondido. Su cuaderno de trabajo se queda en este navegador; descárguelo o imprímalo para conservar una copia."
    )
    expect(page.get_by_role("button", name="Descargar en Markdown")).to_be_visible()
    expect(page.locator(".cq-workbook__module h2")).to_have_text("Módulo 1: Alpha basics")

    go(page, site + "/certificate/")
    page.get_by_label("Su nombre").fill("Ada Serra")
    page.get_by_role("button", name="Generar mi certificado").click()
    cert = page.get_by_role("region", name="Certificado de finalización")
    expect(cert).to_contain_text("Ada Serra")
    year, month, day = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
    spanish_date = long_date(datetime.date(year, month, day), "es")  # "7 de diciembre de 2026": the same pattern in Python
    text = cert.text_content() or ""
    assert "ha completado el curso abierto «Fixture course», con estas puntuaciones" in text
    assert spanish_date in text  # the date the module was mastered, in the Spanish pattern
    assert "100\u00a0%" in [td.text_content() for td in cert.locator("td").all()]
    expect(cert.get_by_role("button", name="Imprimir el certificado")).to_be_visible()
    assert console_errors(page) == []


def test_the_spanish_page_needs_no_request_for_its_messages(page: Page, site: str) -> None:
    """The bundle (coursekit.outputs.bundle) carries the Spanish messages its modules name, and a module
    outside it (the certificate) its own: no message file is fetched, yet every string is Spanish."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/assets/messages/" in r.url else None)
    go(page, site + MODULE)
    expect(page.locator('[data-cq-item="alp-first"]').get_by_role("button", name="Comprobar la respuesta")).to_be_visible()
    go(page, site + "/certificate/")
    expect(page.locator("[data-cq-certificate-note]")).to_contain_text("Todavía no: ha dominado 0 de")
    assert fetched == []
    assert console_errors(page) == []  # no message missing ("course: no message ...")
