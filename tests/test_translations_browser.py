"""The multilingual site in a real browser (issue 19): the language switcher, the notices, the
learner's answers across languages, and axe on the new pages and states."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser import ready as browser_ready
from browser import serve, text_in
from conftest import run_course
from playwright.sync_api import Browser, Page, expect
from test_accessibility import PALETTE, SCHEMES, axe
from test_translations import multilingual_course, with_outdated_translation

pytestmark = pytest.mark.browser

MODULE = "modules/01-alpha/"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The multilingual fixture course with its Spanish module page outdated (one English paragraph
    edited after the translation), built in every language and served."""
    course = with_outdated_translation(multilingual_course(tmp_path_factory.mktemp("languages-browser") / "course"))
    result = run_course(course, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(course / "site") as base:
        yield base


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def ready(page: Page) -> None:
    browser_ready(page)


def test_the_switcher_stays_on_the_same_page(tab: Page, url: str) -> None:
    tab.goto(url + "/es/" + MODULE)
    ready(tab)
    assert tab.evaluate("document.documentElement.lang") == "es"
    alternates = tab.eval_on_selector_all(
        'link[rel~="alternate"][hreflang]', "els => Object.fromEntries(els.map(e => [e.hreflang, e.href]))"
    )
    assert alternates == {
        "ca": f"{url}/ca/{MODULE}",
        "fr": f"{url}/fr/{MODULE}",
        "en": f"{url}/{MODULE}",
        "x-default": f"{url}/{MODULE}",
    }
    tab.get_by_role("button", name=re.compile("idioma", re.IGNORECASE)).hover()
    tab.get_by_role("link", name="Français").click()
    tab.wait_for_url(f"{url}/fr/{MODULE}")
    ready(tab)
    assert tab.evaluate("document.documentElement.lang") == "fr"
    # French has no translation of this page: English content, French chrome, the notice in French.
    notice = tab.locator('[data-cq-translation="missing"]')
    assert text_in(notice).startswith("Cette page n’est pas encore traduite")
    assert tab.locator("[data-cq-fallback]").get_attribute("lang") == "en"
    notice.get_by_role("link").click()
    tab.wait_for_url(f"{url}/{MODULE}")
    assert tab.evaluate("document.documentElement.lang") == "en"


def test_an_outdated_translation_says_so_and_links_to_english(tab: Page, url: str) -> None:
    tab.goto(url + "/es/" + MODULE)
    ready(tab)
    notice = tab.locator('[data-cq-translation="outdated"]')
    assert "1 párrafo de la página en inglés ha cambiado" in text_in(notice)
    assert notice.get_by_role("link").get_attribute("hreflang") == "en"


def test_an_answer_given_in_english_shows_on_the_spanish_page(tab: Page, url: str) -> None:
    tab.goto(url + "/" + MODULE)
    ready(tab)
    first = tab.locator('[data-cq-item="alp-first"]')
    first.get_by_label("Knock-out rules").check()
    first.get_by_role("button", name="Check answer").click()
    tab.goto(url + "/es/" + MODULE)
    ready(tab)
    spanish = tab.locator('[data-cq-item="alp-first"]')
    assert spanish.get_by_label("Las reglas eliminatorias").is_checked()  # the same option, in Spanish
    keys = tab.evaluate("Object.keys(localStorage).filter(k => k.includes('.__sic.quiz.'))")
    assert keys == ["/.__sic.quiz.alp-first"]  # one prefix for every language


def test_continue_leads_to_the_module_in_the_language_of_the_home_page(tab: Page, url: str) -> None:
    """The last module is remembered once for every language: read in Spanish, "Continue" on the
    French home page leads to the French address with the French site's title for it (English
    here, as French has no translation of the module), and back in Spanish to the Spanish one."""
    tab.goto(url + "/es/" + MODULE)
    ready(tab)
    for home, title, button in [
        ("/fr/", "Alpha basics", "Reprendre\u202f: Alpha basics"),
        ("/es/", "Nociones básicas de alfa", "Continuar: Nociones básicas de alfa"),
    ]:
        tab.goto(url + home)
        ready(tab)
        link = tab.locator("[data-cq-continue] a")  # the "my study" box
        expect(link).to_have_attribute("href", home + MODULE)
        expect(link).to_have_text(title)
        start = tab.locator("a.cq-start")  # the home page's big button
        expect(start).to_have_attribute("href", url + home + MODULE)
        expect(start).to_have_text(button)


@pytest.mark.parametrize("path", ["es/", "es/" + MODULE, "fr/glossary/"])
def test_spanish_pages_and_the_fallback_notice_pass_axe_in_both_palettes(browser: Browser, url: str, path: str) -> None:
    found = {}
    for scheme in SCHEMES:
        context = browser.new_context()
        lang = path.split("/", 1)[0]
        context.add_init_script(f"localStorage.setItem('/{lang}/.__palette', {PALETTE[scheme]!r})")
        page = context.new_page()
        page.goto(url + "/" + path)
        violations = axe(page, scheme)
        if violations:
            found[scheme] = violations
        context.close()
    assert found == {}
