"""What a page of a multilingual site shows (issue 19): the translation notice, the fallback
content's language, the links to the same page in the other languages, and the switcher.

Used by the course plugin on every built page; plain functions of the page's HTML and URL.
"""

from __future__ import annotations

import html as html_mod
import re

from coursekit.model.languages import name, site_prefix
from coursekit.translation.status import MISSING, OUTDATED

# move to the catalogue (coursekit.translation.catalogue) once it has landed: the notices' strings.
NOTICES: dict[str, dict[str, str]] = {
    "en": {
        "missing": "This page is not translated yet: it is shown in English.",
        "outdated.one": "This translation is out of date: {count} paragraph of the English page changed since it was translated.",
        "outdated.other": "This translation is out of date: {count} paragraphs of the English page changed since it was translated.",
        "english": "Read the English page",
    },
    "es": {
        "missing": "Esta página aún no está traducida: se muestra en inglés.",
        "outdated.one": "Esta traducción no está al día: {count} párrafo de la página en inglés ha cambiado desde que se tradujo.",
        "outdated.other": "Esta traducción no está al día: {count} párrafos de la página en inglés han cambiado desde que se tradujo.",
        "english": "Leer la página en inglés",
    },
    "ca": {
        "missing": "Aquesta pàgina encara no està traduïda: es mostra en anglès.",
        "outdated.one": "Aquesta traducció no està al dia: {count} paràgraf de la pàgina en anglès ha canviat des que es va traduir.",
        "outdated.other": "Aquesta traducció no està al dia: {count} paràgrafs de la pàgina en anglès han canviat des que es va traduir.",
        "english": "Llegir la pàgina en anglès",
    },
    "fr": {
        "missing": "Cette page n’est pas encore traduite : elle s’affiche en anglais.",
        "outdated.one": "Cette traduction n’est pas à jour : {count} paragraphe de la page anglaise a changé depuis sa traduction.",
        "outdated.other": "Cette traduction n’est pas à jour : {count} paragraphes de la page anglaise ont changé depuis sa traduction.",
        "english": "Lire la page en anglais",
    },
}


def _t(lang: str, key: str, **values: object) -> str:
    table = NOTICES.get(lang, NOTICES["en"])
    return table.get(key, NOTICES["en"][key]).format(**values)


def page_href(page_url: str, here: str, there: str, source: str, site_url: str = "") -> str:
    """The URL of the page ``page_url`` ('modules/01-x/') of the ``there`` site, from the same page
    of the ``here`` site: absolute when the site's URL is known, else relative (any subpath works)."""
    if site_url:
        return site_url.rstrip("/") + "/" + site_prefix(there, source) + page_url
    up = "../" * page_url.count("/") + ("../" if here != source else "")
    return (up + site_prefix(there, source) + page_url) or "./"


def notice(state: str, changed: int, lang: str, english_href: str) -> str:
    """The notice at the top of a page whose translation is missing or outdated ('' otherwise); it
    links to the English page when ``english_href`` is given (not in a package of one language)."""
    if state == MISSING:
        text = _t(lang, "missing")
    elif state == OUTDATED:
        text = _t(lang, "outdated.one" if changed == 1 else "outdated.other", count=changed)
    else:
        return ""
    link = f'<a href="{html_mod.escape(english_href)}" hreflang="en">{html_mod.escape(_t(lang, "english"))}</a>' if english_href else ""
    return (
        f'<div class="admonition info cq-translation" data-cq-translation="{state}" role="note">'
        f"<p>{html_mod.escape(text)} {link}</p></div>\n"
    )


def with_notice(content: str, state: str, changed: int, lang: str, source: str, english_href: str) -> str:
    """The page content with its notice; fallback content is marked as written in ``source``."""
    if state == MISSING:
        return notice(state, changed, lang, english_href) + f'<div lang="{source}" data-cq-fallback="{source}">\n{content}\n</div>'
    return notice(state, changed, lang, english_href) + content


_PAGE_CHROME = re.compile(r'<(label class="md-nav__link md-nav__link--active" for="__toc"|ul class="md-nav__list" data-md-component="toc")')
"""The current page's title in the navigation and its contents list (not the list's heading above it,
'Taula de continguts', which is the theme's word in the site's language)."""


def mark_fallback_chrome(output: str, source: str) -> str:
    """A page shown in English on a translated site: its title and contents list in the navigation
    (Material makes them from the English headings) are marked as written in ``source`` too, as
    its content is (:func:`with_notice`), so that screen readers pronounce them right and the site
    check (coursekit.outputs.sitecheck) reads them as the fallback they are."""
    return _PAGE_CHROME.sub(lambda match: f'<{match.group(1)} lang="{source}"', output)


_ELLIPSIS = re.compile(r'<(span|div) class="md-ellipsis">(\s*)([^<]+?)(\s*)</\1>')
_NAV_TITLE = re.compile(
    r'(<label class="md-nav__title" for="__nav[^"]*")(>\s*(?:<span class="md-nav__icon md-icon"></span>)?\s*)([^<]+?)(\s*</label>)'
)


def mark_english_titles(output: str, titles: set[str], source: str) -> str:
    """On a translated site, the titles the navigation and the footer show of pages that are shown in
    English (``titles``, unescaped: see :func:`english_titles`) are marked as written in ``source``: a
    screen reader then reads '2. Diagnostics' in English on a Catalan page (WCAG 2.1, 3.1.2 Language
    of Parts). The words around them ('Anterior') stay in the page's language."""
    if not titles:
        return output

    def ellipsis(match: re.Match[str]) -> str:
        if html_mod.unescape(match.group(3)) not in titles:
            return match.group(0)
        return f'<{match.group(1)} class="md-ellipsis" lang="{source}">{match.group(2)}{match.group(3)}{match.group(4)}</{match.group(1)}>'

    def nav_title(match: re.Match[str]) -> str:
        if html_mod.unescape(match.group(3)) not in titles:
            return match.group(0)
        return f'{match.group(1)} lang="{source}"{match.group(2)}{match.group(3)}{match.group(4)}'

    return _NAV_TITLE.sub(nav_title, _ELLIPSIS.sub(ellipsis, output))


def english_titles(pages: list[tuple[str, str]], sections: list[tuple[str, str]], missing: set[str], overview: str) -> set[str]:
    """The navigation's titles that are in English on a translated site: the title of each page shown
    in English (``pages``: (uri, title); ``missing``: the uris shown in English), except the label the
    navigation gives a module's overview in the site's language (``overview``), and the title of each
    module whose overview is shown in English (``sections``: (title, uri of its first page))."""
    found = {html_mod.unescape(title) for uri, title in pages if uri in missing and title and title != overview}
    module = {
        html_mod.unescape(title)
        for title, first in sections
        if first in missing and first.startswith("modules/") and first.endswith("/index.md")
    }
    return found | module


# The head's links to the same page in the other languages. Material's bundle (9.x) fetches
# "sitemap.xml" next to the href of every element matching `link[rel=alternate]`, taking each one for a
# language's root (squidfunk/mkdocs-material#6582): with links to the same page, every page view
# made one 404 request per language. The rel value is the same token list with a leading space, which
# HTML and search engines read as "alternate" (rel is a set of space-separated tokens) but which that
# exact-value selector does not match. tests/test_script_errors.py fails on any 404 a page makes.
HREFLANG_REL = " alternate"
_ALTERNATE_LINK = re.compile(r'[ \t]*<link rel=" ?alternate" href="[^"]*" hreflang="[^"]*">\n?')
_SWITCH_LINK = re.compile(r'<a href="[^"]*" hreflang="([a-z]{2,3})" class="md-select__link">')


def alternates(output: str, page_url: str, lang: str, languages: tuple[str, ...], source: str, site_url: str = "") -> str:
    """The built page with a ``<link rel="alternate" hreflang>`` to the same page in every other
    language (and x-default, the source), the switcher's links on the same page, and, on a
    translated site, the folder of its language on ``<html>`` (the learner's storage is shared:
    see docs/assets/store.js)."""
    links = [
        f'<link rel="{HREFLANG_REL}" href="{html_mod.escape(page_href(page_url, lang, other, source, site_url))}" hreflang="{other}">'
        for other in languages
        if other != lang
    ]
    links.append(
        f'<link rel="{HREFLANG_REL}" href="{html_mod.escape(page_href(page_url, lang, source, source, site_url))}" hreflang="x-default">'
    )
    output = _ALTERNATE_LINK.sub("", output)
    output = output.replace("</head>", "  " + "\n  ".join(links) + "\n</head>", 1)

    def switch(match: re.Match[str]) -> str:
        other = match.group(1)
        current = ' aria-current="true"' if other == lang else ""
        href = html_mod.escape(page_href(page_url, lang, other, source))
        return f'<a href="{href}" hreflang="{other}" lang="{other}" class="md-select__link"{current}>'

    output = _SWITCH_LINK.sub(switch, output)
    if lang != source:
        output = re.sub(r"<html ", f'<html data-cq-lang-dir="{lang}/" ', output, count=1)
    return output


def switcher(languages: tuple[str, ...]) -> list[dict[str, str]]:
    """Material's ``extra.alternate`` entries (the header's language menu); their links are set per page."""
    return [{"name": name(lang), "link": "./", "lang": lang} for lang in languages]
