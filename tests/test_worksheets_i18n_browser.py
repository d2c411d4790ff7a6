"""The market screening (module 03) and results tracker (module 09) worksheets on the Spanish site:
their captions, headings, buttons, table headings and result sentences are the Spanish messages of
the catalogue, and no English label of their `worksheet.market.*` / `worksheet.tracker.*` keys is
left on the page (the data, such as "SME-01" or "novice", stays as it is)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, expect

from coursekit.i18n.catalogue import raw

pytestmark = pytest.mark.browser

PAGES = {"market": "/es/modules/03-choosing-markets/", "tracker": "/es/modules/09-measuring-results/"}
SHEETS = {"market": "market-screening", "tracker": "results-tracker"}
# Data the example rows hold, which is not interface text: SME ids, market names, experience values.
DATA = re.compile(r"SME-\d+|Market [A-Z]\b|\bnovice\b|\bexperienced\b")


def _texts(message: object) -> list[str]:
    return list(message.values()) if isinstance(message, dict) else [str(message)]


def _english_pieces(prefix: str) -> set[str]:
    """The fixed words of every English message under `prefix` (the text between its {variables})
    that no Spanish message also uses, so finding one on the Spanish page means English was shown."""
    spanish = "\n".join(text for key, message in raw("es").items() for text in _texts(message))
    pieces = set()
    for key, message in raw("en").items():
        if not key.startswith(prefix):
            continue
        for text in _texts(message):
            for piece in re.split(r"\{[A-Za-z_]+\}", text):
                piece = piece.strip(" .:;()-")
                if len(piece) >= 4 and re.search(r"[A-Za-z]{3}", piece) and piece not in spanish:
                    pieces.add(piece)
    return pieces


def _shown_text(sheet: Locator) -> str:
    """What the learner reads and hears in the worksheet: its text, the inputs' names and the live region."""
    text = sheet.inner_text()
    names = sheet.evaluate("el => Array.from(el.querySelectorAll('[aria-label]')).map(e => e.getAttribute('aria-label')).join('\\n')")
    return DATA.sub("", text + "\n" + names)


@pytest.mark.parametrize("kind", ["market", "tracker"])
def test_the_spanish_worksheet_speaks_spanish(browser: Browser, site_url: str, kind: str) -> None:
    es = {key: message for key, message in raw("es").items() if isinstance(message, str)}
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + PAGES[kind])
    page.locator("[data-cq-worksheet]").first.scroll_into_view_if_needed()
    page.wait_for_selector(".cq-worksheet .cq-ws__results table")
    sheet = page.locator(f"[data-cq-worksheet='{SHEETS[kind]}']")
    expect(sheet.locator("h4")).to_have_text(es[f"worksheet.{kind}.result"])
    if kind == "market":
        assert es["worksheet.market.add"] == "Añadir un mercado"
        expect(sheet.get_by_role("button", name="Añadir un mercado")).to_be_visible()
        expect(sheet.get_by_role("button", name=es["worksheet.market.download"])).to_be_visible()
        expect(sheet.locator(".cq-ws__weights caption")).to_have_text(es["worksheet.market.weights_caption"])
        expect(sheet.get_by_label("Ponderación B: Tamaño del mercado (%)")).to_be_visible()
        expect(sheet.locator(".cq-ws__results")).to_contain_text("Lista larga: ")
        expect(sheet.locator(".cq-ws__summary dt").first).to_have_text(es["worksheet.market.short_a"])
        expect(sheet.get_by_role("columnheader", name=es["worksheet.market.members_interested"])).to_be_visible()
    else:
        expect(sheet.get_by_role("button", name="Añadir una pyme")).to_be_visible()
        expect(sheet.get_by_role("button", name=es["worksheet.tracker.download_report"])).to_be_visible()
        expect(sheet.get_by_label(es["worksheet.tracker.budget"])).to_be_visible()
        results = sheet.locator(".cq-ws__results")
        for words in (
            "Contactos cualificados (semana 1)",
            "Coste por operación",
            "Efecto",
            "Señal de impacto",
            "encuesta de seguimiento",
            "semana 1",
        ):
            expect(results).to_contain_text(words)
        expect(sheet.locator(".cq-ws__whatif")).to_contain_text("€ por contacto")
    shown = _shown_text(sheet)
    english = sorted(
        piece for piece in _english_pieces(f"worksheet.{kind}.") if re.search(rf"(?<![A-Za-z]){re.escape(piece)}(?![A-Za-z])", shown)
    )
    assert english == [], f"English labels on the Spanish worksheet: {english}"
    assert errors == []
    context.close()


def test_a_translated_scorecard_on_a_french_fallback_page_says_it_is_french(browser: Browser, site_url: str) -> None:
    """Module 02 is not translated into French yet: its page content is English (lang="en"), but the
    scan's words are French, so the scan says lang="fr", and its shares are written as French
    writes a percentage ("66 %", with a no-break space), in the method text and the results table."""
    page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    page.goto(site_url + "/fr/modules/02-diagnostics/#worksheet-export-readiness")
    scan = page.locator("[data-cq-worksheet='export-readiness']")
    scan.locator(".cq-ws__results").first.wait_for()
    assert scan.get_attribute("lang") == "fr"
    assert scan.evaluate("el => el.parentElement.closest('[lang]').getAttribute('lang')") == "en"  # the English fallback around it
    expect(scan.locator(".cq-sc__method")).to_contain_text(re.compile(r"\d[\u00a0\u202f]%"))
    scan.evaluate(
        """el => { const names = new Set(Array.from(el.querySelectorAll('input[type=radio]')).map(r => r.name));
                   for (const n of names) el.querySelector(`input[type=radio][name="${n}"]`).click(); }"""
    )
    total = scan.locator(".cq-ws__results table").first.locator("tr").last.locator("td, th").last
    expect(total).to_have_text(re.compile(r"^\d+[\u00a0\u202f]%$"))
    page.context.close()
