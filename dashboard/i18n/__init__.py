"""The interface in several languages: gettext catalogs (Babel) and locale-correct numbers.

Source strings are English; catalogs live in dashboard/locale/<lang>/LC_MESSAGES/messages.po
(compiled .mo files are committed, so the app needs no build step and no network). Every
user-visible string goes through `translator(lang)`, whose `_` takes named placeholders
(`_("{n} rows", n=3)`) so a translation may put them in any order.

"qps" is a pseudo-locale for the tests: it wraps every translated string in ⟦…⟧, so any text
that reaches the page without passing through `_` shows up unwrapped.
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton, get_month_names
from babel.numbers import format_compact_currency, format_decimal, format_percent

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "ru", "az", "zh", "tr")  # the first is the default and the source language
# Each language named in itself, for the picker (so a reader finds their own language).
LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Русский",
    "az": "Azərbaycanca",
    "zh": "中文（简体）",
    "tr": "Türkçe",
}
PSEUDO = "qps"

# ISO 3166 alpha-3 -> alpha-2 for the countries the interface names (CLDR is keyed by alpha-2).
ALPHA2 = {
    "AZE": "AZ",
    "GEO": "GE",
    "ARM": "AM",
    "KAZ": "KZ",
    "UZB": "UZ",
    "TKM": "TM",
    "KGZ": "KG",
    "TJK": "TJ",
    "CHN": "CN",
    "TUR": "TR",
    "IRN": "IR",
    "RUS": "RU",
    # other countries the map's nodes are in (hover text)
    "BLR": "BY",
    "DEU": "DE",
    "EGY": "EG",
    "ESP": "ES",
    "FRA": "FR",
    "LKA": "LK",
    "NLD": "NL",
    "POL": "PL",
    "PRT": "PT",
    "ROU": "RO",
    "SGP": "SG",
}


def N_(msgid: str) -> str:  # noqa: N802 (gettext convention)
    """Mark a string for extraction without translating it (module-level tables)."""
    return msgid


@cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang not in LANGUAGES or lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation("messages", LOCALE_DIR, languages=[lang], fallback=True)


def gettext(lang: str, msgid: str, **kw) -> str:
    """msgid translated into lang, its {placeholders} filled from kw."""
    text = _catalog(lang).gettext(msgid)
    if kw:
        text = text.format(**kw)
    return f"⟦{text}⟧" if lang == PSEUDO else text


def known_language(value) -> str:
    """value if it is a supported language code, else the default (values from the client)."""
    return value if isinstance(value, str) and value in LANGUAGES else LANGUAGES[0]


def translator(lang: str):
    """A `_(msgid, **kw)` function for one language."""

    def _(msgid: str, **kw) -> str:
        return gettext(lang, msgid, **kw)

    return _


def babel_locale(lang: str) -> str:
    """The Babel locale for number/date formats ('qps' formats like English)."""
    return lang if lang in LANGUAGES else "en"


def best_language(accept_languages) -> str:
    """The best supported language for a werkzeug Accept-Language header (default English)."""
    return (
        accept_languages.best_match(LANGUAGES, default=LANGUAGES[0]) if accept_languages else "en"
    )


def country_name(iso3: str, lang: str, fallback: str | None = None) -> str:
    """A country's name in lang from CLDR (Babel); the fallback (or the code) otherwise."""
    alpha2 = ALPHA2.get(iso3)
    if alpha2 is None:
        return fallback or iso3
    return Locale.parse(babel_locale(lang)).territories.get(alpha2, fallback or iso3)


@lru_cache(maxsize=65536)  # the same figures are formatted on every view
def number(value: float, lang: str, digits: int = 0) -> str:
    """1234567.8 -> '1,234,568' (en), '1 234 568' (ru)."""
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=babel_locale(lang))


@lru_cache(maxsize=65536)  # the same figures are formatted on every view
def percent(value: float, lang: str, signed: bool = False) -> str:
    """12.34 (already in %) -> '12.3%' (en), '12,3 %' (ru); signed adds '+' for gains."""
    fmt = ("+#,##0.0%;-#,##0.0%") if signed else "#,##0.0%"
    return format_percent(value / 100, format=fmt, locale=babel_locale(lang))


@lru_cache(maxsize=65536)  # the same figures are formatted on every view
def compact_usd(value: float, lang: str) -> str:
    """US$ in the locale's short form: '$1.3B', '1,3 млрд $', '13亿美元'."""
    return format_compact_currency(value, "USD", locale=babel_locale(lang), fraction_digits=2)


def month_abbr(month: int, lang: str) -> str:
    """3 -> 'Mar' (en), 'март' (ru), '3月' (zh): CLDR's stand-alone abbreviation."""
    return get_month_names("abbreviated", "stand-alone", locale=babel_locale(lang))[month]


@lru_cache(maxsize=4096)
def date_text(value: str, lang: str) -> str:
    """A data date as the locale writes it: '2017-10-30' -> '30 окт. 2017 г.'; a year-month
    ('2015-08') or a year ('1992') keeps only what the data says (no invented day)."""
    parts = str(value).split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return str(value)
    if len(numbers) == 3:
        return format_date(date(*numbers), "medium", locale=babel_locale(lang))
    if len(numbers) == 2:
        return format_skeleton("yMMM", date(numbers[0], numbers[1], 1), locale=babel_locale(lang))
    return str(value)


def plotly_separators(lang: str) -> str:
    """plotly's layout.separators: the locale's decimal then group symbol (e.g. ', ' for ru)."""
    symbols = Locale.parse(babel_locale(lang)).number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]
