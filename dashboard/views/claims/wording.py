"""How the memo-claims checker words things: the verdicts and outcomes (machine words, and the
page's words for them), values and claimed figures in English (the CLI and the CSV) or in the
page's language (Babel numbers, the catalogs)."""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from ...figures.common import qualified
from ...i18n import N_, babel_locale, compact_usd, date_text, percent, translator
from ...i18n.labels import UNIT_NAMES

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
DIFFERS = "differs by reporter"
DISAGREE = "sources disagree"
NO_DATA = "no data"
VERDICTS = (SUPPORTED, CONTRADICTED, DIFFERS, DISAGREE, NO_DATA)
# The verdicts and reporters as the page shows them (the values above stay the machine words).
VERDICT_WORDS = {
    SUPPORTED: N_("supported"),
    CONTRADICTED: N_("contradicted"),
    DIFFERS: N_("differs by reporter"),
    DISAGREE: N_("sources disagree"),
    NO_DATA: N_("no data"),
}
ENGLISH = translator("en")

MATCH, MISMATCH, INCONCLUSIVE = "match", "mismatch", "inconclusive"


def unit_name(unit: str, _) -> str:
    """Units as the volumes chart names them; other units keep their code."""
    return _(UNIT_NAMES[unit]) if unit in UNIT_NAMES else unit


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"


# The outcomes in the page's words (English keeps the machine words, which the CLI and the
# CSV have always written).
OUTCOME_WORDS = {
    MATCH: N_("match"),
    MISMATCH: N_("mismatch"),
    INCONCLUSIVE: N_("inconclusive"),
}


@dataclass(frozen=True)
class Words:
    """How the checker writes values and evidence: in English by default (the CLI and the CSV
    keep what they always wrote), or in the page's language: numbers by Babel (`1,3 млрд $`),
    words through the catalogs."""

    lang: str = "en"

    @property
    def english(self) -> bool:
        return self.lang == "en"

    def _(self, msgid: str, **kw) -> str:
        return translator(self.lang)(msgid, **kw)

    def number(self, value: float) -> str:
        if self.english:
            return _number(value)
        return format_decimal(value, format="#,##0.######", locale=babel_locale(self.lang))

    def value(self, value: float, unit: str, qualifier: str = "exact") -> str:
        if self.english:
            return format_value(value, unit, qualifier)
        if unit == "usd":
            text = compact_usd(value, self.lang)
        elif unit == "percent":
            text = percent(value, self.lang, signed=True)
        else:
            text = f"{self.number(value)} {unit_name(unit, self._)}"
        return qualified(qualifier, text, self._)

    def outcome(self, outcome: str) -> str:
        return outcome if self.english else self._(OUTCOME_WORDS[outcome])

    def rank(self, rank, countries) -> str:
        if self.english:
            return f"rank {rank} of {', '.join(countries)}"
        return self._("rank {rank} of {countries}", rank=rank, countries=", ".join(countries))

    def date(self, value: str) -> str:
        return value if self.english else date_text(value, self.lang)


ENGLISH_WORDS = Words()


def format_value(value: float, unit: str, qualifier: str = "exact") -> str:
    """The English the CLI and the CSV write: '$1.3 bn', 'about 300,000 containers'."""
    if unit == "usd":
        text = f"${_number(value)}"
        for scale, suffix in ((1e9, "bn"), (1e6, "m")):
            if value >= scale:
                text = f"${value / scale:,.6g} {suffix}"
                break
    elif unit == "percent":
        text = f"{value:+.1f}%"
    else:
        text = f"{_number(value)} {unit.replace('_', ' ')}"
    return qualified(qualifier, text, ENGLISH)


def format_claimed(claim: dict, w: Words = ENGLISH_WORDS) -> str:
    unit, value = claim["unit"], claim.get("claimed_value")
    if claim["check"] == "event_date":
        return w.date(str(claim["claimed_date"]))
    if claim["check"] == "rank":
        return w.rank(int(value), claim["countries"])
    if claim["check"] == "range":
        return f"{w.number(value)}–{w.value(claim['claimed_high'], unit)}"
    if unit == "percent":
        return f"{w.number(value)}%" if w.english else percent(value, w.lang)
    return w.value(value, unit)
