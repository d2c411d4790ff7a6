"""Dates and numbers written as each course language writes them, the same as the browser's
``Intl.DateTimeFormat(lang, {day: "numeric", month: "long", year: "numeric"})`` and
``Intl.NumberFormat(lang)`` give (CLDR patterns), so a date reads the same in a PDF and on the page.

A small table for the course's four languages instead of Babel: the toolkit needs one date
pattern and one number pattern per language, and Babel would be a 30 MB dependency for them.
"""

from __future__ import annotations

import datetime

from coursekit.i18n.catalogue import SOURCE, base_language

MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    "ca": ("gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre", "octubre", "novembre", "desembre"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"),
}

# (group separator, decimal separator, smallest number that is grouped)
NUMBERS: dict[str, tuple[str, str, int]] = {
    "en": (",", ".", 1000),
    "es": (".", ",", 10000),  # CLDR: Spanish groups from five digits ("1000", "10.000")
    "ca": (".", ",", 1000),
    "fr": ("\u202f", ",", 1000),  # a narrow no-break space
}


def _lang(lang: str) -> str:
    code = base_language(lang)
    return code if code in MONTHS else SOURCE


def long_date(day: datetime.date, lang: str = SOURCE) -> str:
    """'7 December 2026', '7 de diciembre de 2026', '7 de desembre del 2026', '7 décembre 2026'."""
    code = _lang(lang)
    month = MONTHS[code][day.month - 1]
    if code in ("en", "fr"):
        return f"{day.day} {month} {day.year}"  # English as the EU writes it (en-GB), not month first
    if code == "ca":
        of = "d’" if month[0] in "aeiou" else "de "
        return f"{day.day} {of}{month} del {day.year}"
    return f"{day.day} de {month} de {day.year}"


def number(value: float, lang: str = SOURCE, decimals: int = 0) -> str:
    """``value`` with the language's digit grouping and decimal sign: 12,345.5 / 12.345,5 / 12 345,5."""
    group, point, smallest = NUMBERS[_lang(lang)]
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if abs(value) >= smallest:
        whole = f"{int(whole):,}".replace(",", group)
    sign = "-" if value < 0 and float(text) != 0 else ""
    return sign + whole + (point + fraction if fraction else "")


def percent(value: float, lang: str = SOURCE) -> str:
    """A whole percentage as the language writes it: '80%', '80 %' (es, ca, fr)."""
    code = _lang(lang)
    return f"{number(round(value), code)}%" if code == "en" else f"{number(round(value), code)}\u00a0%"
