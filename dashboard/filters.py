"""The view state: one immutable value, its URL form, and how it filters a table.

URL vocabulary (Grapher style: a parameter is written only when it differs from the default):
    years=2015..2024   countries=AZE,GEO (or a group: countries=central_asia)
    reporter=partner   flow=partner_imports   mode=yoy   scale=log   measure=fdi_stock
    unit=teu   series=titr_cargo,baku_port (volume series; none: the unit's default set)
    events=off   categories=finance,shock   indicator=none   preset=caspian
    tab=table   dataset=volumes   lang=ru (interface language)
Unknown parameters are ignored; a malformed value falls back to its default, and the parse
reports which parameters it could not use so the page can say so.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

import pandas as pd

from .i18n import LANGUAGES, N_, translator
from .schema import EVENT_CATEGORIES, MEASURES, REPORTERS, TRADE_FLOWS, VOLUME_UNITS

FOCUS_COUNTRIES = ("AZE", "GEO", "ARM", "KAZ", "UZB", "TKM", "KGZ", "TJK")
YEAR_MIN, YEAR_MAX = 2005, 2025
PRESETS = ("corridor", "caspian", "caucasus", "world")

# Defaults: the Middle Corridor's own countries, the last decade, China's figures.
DEFAULT_COUNTRIES = ("KAZ", "AZE", "GEO")

# One-click country groups (members in FOCUS_COUNTRIES order).
GROUPS = {
    "middle_corridor": ("KAZ", "AZE", "GEO"),
    "south_caucasus": ("AZE", "GEO", "ARM"),
    "central_asia": ("KAZ", "UZB", "TKM", "KGZ", "TJK"),
}
GROUP_NAMES = {  # English source strings, translated where shown
    "middle_corridor": N_("Middle Corridor"),
    "south_caucasus": N_("South Caucasus"),
    "central_asia": N_("Central Asia"),
}

# A volume series id as volumes.csv writes it (schema.ID_RE), bounded in length.
SERIES_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")
MAX_SERIES = 40


@dataclass(frozen=True)
class Parameter:
    """One URL parameter of the view. `allowed`: a single choice's values, the first the
    default (None for years, countries and categories, which parse their own syntax). `help`
    is the English the export command's --help and error messages give."""

    name: str
    help: str
    allowed: tuple[str, ...] | None = None


# The one table of URL parameters, in the order a link writes them. Everything else derives
# from it: CHOICES, the page's control ids (web/callbacks.py), the export command's view flags
# (export_cli.py), the fallback notice's words (i18n/labels.PARAM_WORDS); tests/test_docs.py
# checks that the README documents each.
PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter("years", "year range, e.g. 2015..2024"),
        Parameter(
            "countries",
            "ISO3 codes, e.g. AZE,GEO, or a group: middle_corridor, south_caucasus, central_asia",
        ),
        Parameter("categories", "event categories, comma-separated"),
        Parameter(
            "series", "volume series ids, comma-separated (default: the unit's six longest series)"
        ),
        Parameter("reporter", "whose trade statistics", (*REPORTERS, "both")),
        Parameter("flow", "trade flow", (*TRADE_FLOWS, "balance")),
        Parameter("mode", "trade values: US$, change on the year, share", ("usd", "yoy", "share")),
        Parameter("scale", "the trade chart's axis scale", ("linear", "log")),
        Parameter("measure", "investment measure", MEASURES),
        Parameter("unit", "volumes unit", ("tonnes", *(u for u in VOLUME_UNITS if u != "tonnes"))),
        Parameter("events", "event markers on the time charts", ("on", "off")),
        Parameter("indicator", "map colour", ("turnover", "turnover_change", "none")),
        Parameter("preset", "map view", PRESETS),
        Parameter("tab", "tab of the page", ("charts", "table", "sources", "claims")),
        Parameter("dataset", "data table", ("trade", "investment", "volumes", "events")),
        Parameter("lang", "language", LANGUAGES),
    )
}
# Single-choice view settings: allowed values, the first is the default.
CHOICES: dict[str, tuple[str, ...]] = {
    n: p.allowed for n, p in PARAMETERS.items() if p.allowed is not None
}


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int] = (2013, 2024)
    countries: tuple[str, ...] = DEFAULT_COUNTRIES
    reporter: str = "china"
    flow: str = "turnover"
    mode: str = "usd"
    scale: str = "linear"
    measure: str = "fdi_flow"
    unit: str = "tonnes"
    events: str = "on"
    categories: tuple[str, ...] = EVENT_CATEGORIES
    # volume series shown (ids from volumes.csv); () = the unit's default set
    # (figures.volumes.shown_series): a chosen series of another unit is simply not drawn
    series: tuple[str, ...] = ()
    indicator: str = "turnover"
    preset: str = "corridor"
    tab: str = "charts"
    dataset: str = "trade"
    lang: str = LANGUAGES[0]

    # ------------------------------------------------------------ filtering
    def year_mask(self, years: pd.Series) -> pd.Series:
        return years.between(self.years[0], self.years[1])

    def apply(self, df: pd.DataFrame, year_col: str = "year", country_col: str = "country"):
        mask = self.year_mask(df[year_col])
        if country_col in df.columns:
            mask &= df[country_col].isin(self.countries)
        return df[mask]

    # ------------------------------------------------------------ words
    def describe(self) -> str:
        """The filter in words, for chart subtitles and exported files."""
        _ = translator(self.lang)
        ctry = ", ".join(self.countries) if self.countries else _("no countries")
        return f"{ctry}; {self.years[0]}–{self.years[1]}"

    def slug(self) -> str:
        """Safe file-name part, e.g. AZE-GEO_2015-2024."""
        ctry = "-".join(self.countries) or "none"
        return f"{ctry}_{self.years[0]}-{self.years[1]}"

    # ------------------------------------------------------------ URL
    def to_query(self) -> str:
        default = Filters()
        params = {}
        if self.years != default.years:
            params["years"] = f"{self.years[0]}..{self.years[1]}"
        if self.countries != default.countries:
            params["countries"] = ",".join(self.countries)
        for name in CHOICES:
            if getattr(self, name) != getattr(default, name):
                params[name] = getattr(self, name)
        if self.categories != default.categories:
            params["categories"] = ",".join(self.categories)
        if self.series:
            params["series"] = ",".join(self.series)
        return ("?" + urlencode(params, safe=",.")) if params else ""

    @classmethod
    def from_query(cls, query: str | None) -> tuple[Filters, list[str]]:
        """Parse a query string. Returns (filters, names of parameters that fell back)."""
        default = cls()
        rejected: list[str] = []
        if not isinstance(query, str):
            return default, rejected
        try:
            params = parse_qs(query.lstrip("?"), keep_blank_values=True, max_num_fields=50)
        except ValueError:
            return default, ["query"]
        values: dict = {}

        def last(name: str) -> str | None:
            v = params.get(name)
            return v[-1] if v else None

        years = last("years")
        if years is not None:
            m = re.fullmatch(r"\s*(\d{4})\s*\.\.\s*(\d{4})\s*", years)
            if m and YEAR_MIN <= int(m[1]) <= int(m[2]) <= YEAR_MAX:
                values["years"] = (int(m[1]), int(m[2]))
            else:
                rejected.append("years")
        ctry = last("countries")
        if ctry is not None:
            codes = [c.strip().upper() for c in ctry.split(",") if c.strip()]
            if ctry.strip().lower() in GROUPS:
                values["countries"] = GROUPS[ctry.strip().lower()]
            elif ctry.strip() == "":
                values["countries"] = ()
            elif codes and all(c in FOCUS_COUNTRIES for c in codes):
                values["countries"] = tuple(dict.fromkeys(codes))
            else:
                rejected.append("countries")
        cats = last("categories")
        if cats is not None:
            chosen = {c.strip() for c in cats.split(",") if c.strip()}
            if chosen <= set(EVENT_CATEGORIES):
                values["categories"] = tuple(c for c in EVENT_CATEGORIES if c in chosen)
            else:
                rejected.append("categories")
        series = last("series")
        if series is not None:
            ids = [c.strip() for c in series.split(",") if c.strip()]
            if len(ids) <= MAX_SERIES and all(SERIES_ID.fullmatch(c) for c in ids):
                values["series"] = tuple(dict.fromkeys(ids))
            else:
                rejected.append("series")
        for name, allowed in CHOICES.items():
            v = last(name)
            if v is None:
                continue
            if v in allowed:
                values[name] = v
            else:
                rejected.append(name)
        return replace(default, **values), rejected

    @classmethod
    def from_controls(
        cls, years=None, countries=None, categories=None, series=None, **choices
    ) -> Filters:
        """Build from control values; anything invalid falls back to the default."""
        q = {}
        if isinstance(years, list | tuple) and len(years) == 2:
            with contextlib.suppress(TypeError, ValueError):
                q["years"] = f"{int(years[0])}..{int(years[1])}"
        if isinstance(countries, list | tuple):
            q["countries"] = ",".join(c for c in countries if isinstance(c, str))
        if isinstance(categories, list | tuple):
            q["categories"] = ",".join(c for c in categories if isinstance(c, str))
        if isinstance(series, list | tuple):
            q["series"] = ",".join(c for c in series if isinstance(c, str))
        for name, v in choices.items():
            if name in CHOICES and isinstance(v, str):
                q[name] = v
        return cls.from_query(urlencode(q))[0]

    def group(self) -> str | None:
        """The group key when the selection is exactly one group's members."""
        return next((k for k, members in GROUPS.items() if members == self.countries), None)
