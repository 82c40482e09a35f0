"""The CSV contract: one spec per file in data/, and the row-level validator.

This module is the single source of truth for columns, types, allowed values, ranges, keys and
references. `data/datapackage.json` describes the same files for people and Frictionless tools;
tests/test_datapackage.py fails when the two disagree (`python -m dashboard datapackage --write`
regenerates the schema parts of the descriptor from this module).

Problems are reported as `file:row:column: rule`, where row is the line number a spreadsheet
shows (the header is row 1, the first data row is row 2).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from .i18n import N_, gettext

# ---------------------------------------------------------------- vocabularies
COUNTRY_GROUPS = ("south_caucasus", "central_asia", "china", "transit", "other")
TRADE_FLOWS = ("turnover", "partner_exports", "partner_imports")
REPORTERS = ("china", "partner")
QUALIFIERS = ("exact", "about", "more_than", "less_than")
RANGE_QUALIFIERS = ("range_low", "range_high")
DIRECTIONS = ("china_to_partner", "partner_to_china")
MEASURES = ("fdi_flow", "fdi_stock", "cumulative_investment", "loan", "commitment", "contract")
# Who put up the money (investment.csv financier_kind): the AIIB is a multilateral bank with a
# Chinese lead, not China; aggregate statistics cover every investor of a country.
FINANCIER_KINDS = (
    "chinese_state",
    "chinese_company",
    "chinese_state_and_companies",
    "chinese_aggregate",
    "chinese_not_stated",
    "multilateral_chinese_led",
    "multilateral_other",
    "partner_state",
    "partner_aggregate",
)
VOLUME_UNITS = ("tonnes", "teu", "containers", "trains", "wagons")
VOLUME_KINDS = ("actual", "forecast", "target", "capacity")
EVENT_CATEGORIES = ("diplomacy", "infrastructure", "finance", "trade", "shock")
NODE_KINDS = (
    "port",
    "border_crossing",
    "dry_port",
    "rail_junction",
    "city",
    "gauge_break",
    "waypoint",
)
ROUTES = ("middle", "northern", "southern", "suez", "pipeline")
TRANSIT_SCOPES = ("hub_to_hub", "unnamed_endpoints", "other_trip")
MODES = ("rail", "ferry", "road", "sea", "pipeline")
STATUSES = ("operating", "under_construction", "planned")
YES_NO = ("yes", "no")
# What the memo-claims checker (dashboard/claims.py) can compare a claim against.
CLAIM_TABLES = ("trade", "investment", "volumes", "companies", "events")
CLAIM_CHECKS = ("equals", "count", "change", "rank", "range", "event_date", "not_recorded")
CLAIM_UNITS = (
    "usd",
    "percent",
    "rank",
    "companies",
    "containers",
    "teu",
    "tonnes",
    "trains",
    "wagons",
    "km",
    "days",
    "jobs",
    "tyres_per_year",
    "date",
)
# Company counts keep the source's wording: "companies with Chinese capital" (any Chinese
# share) is not the same population as "Chinese companies"; counts are never compared across.
COMPANY_SCOPES = ("chinese_capital", "chinese_companies")

PERIOD_RE = re.compile(r"^(FY|M(0[1-9]|1[0-2])-M(0[1-9]|1[0-2]))$")
ID_RE = r"^[a-z0-9][a-z0-9_.-]*$"

# Words that show a figure covers part of a year. A row whose quote contains one of these but
# whose period says FY (full year) is a partial figure passed off as an annual one.
_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)"
)
PARTIAL_PERIOD_RE = re.compile(
    "|".join(
        [
            rf"\b{_MONTH}\s*(-|–|—|to|through|till|until)\s*{_MONTH}\b",
            r"\b(first|second|third|fourth)\s+(half|quarter)\b",
            r"\b(h[12]|q[1-4])\b",
            r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven)[\s-]+months?\b",
            r"январ\w*\s*[-–—]\s*\w+",
            r"(первое|первом|втором)\s+полугоди",
            r"\d{1,2}\s+месяц",
            r"前\s*\d+\s*个?月|上半年|\d+\s*[-—–至]\s*\d+\s*月",
        ]
    ),
    re.IGNORECASE,
)
# ...unless the quote also says the figure itself is for a whole year.
WHOLE_YEAR_RE = re.compile(
    r"whole (of|year)|full[- ]year|for the year|annual|за (весь )?год|全年", re.IGNORECASE
)


# ---------------------------------------------------------------- spec types
@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | integer | number | date (YYYY-MM-DD) | partial_date | list
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    field: str
    table: str
    ref: str
    rule: str  # the problem message, a template with {value} (the bad value)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    year_field: str | None = None

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


def _source() -> Field:
    return Field("source_id", "string", "Id of the row's source in sources.csv.", pattern=ID_RE)


def _quote() -> Field:
    return Field("quote", "string", "The source's exact words for the figure.")


def _note() -> Field:
    return Field("note", "string", "Free text: caveats, basis for the reporter.", required=False)


def _year(desc: str = "Calendar year the figure refers to.", maximum: int = 2030) -> Field:
    return Field("year", "integer", desc, minimum=1990, maximum=maximum)


def _year_opt(desc: str, name: str = "year") -> Field:
    return Field(name, "integer", desc, required=False, minimum=1990, maximum=2030)


def _period(required: bool = True) -> Field:
    return Field(
        "period",
        "string",
        "FY = full calendar year; Mmm-Mnn = the months covered (M01-M09 = January-September)."
        + ("" if required else " Empty where a period does not apply (stocks, deals)."),
        required=required,
        pattern=PERIOD_RE.pattern,
    )


def _qualifier(extra: tuple[str, ...] = ()) -> Field:
    return Field(
        "qualifier",
        "string",
        "How the source states the figure: exact, about, more than, less than"
        + (", or the low/high end of a stated range." if extra else "."),
        enum=QUALIFIERS + extra,
    )


_SOURCE_FK = ForeignKey("source_id", "sources", "source_id", N_("unknown source id ({value})"))
_UNKNOWN_COUNTRY = N_("unknown country code ({value})")
_COUNTRY_FK = ForeignKey("country", "countries", "iso3", _UNKNOWN_COUNTRY)
_UNKNOWN_NODE = N_("unknown node id ({value})")

TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "Sources",
        "One row per source; every row of every other file points at one.",
        (
            Field("source_id", "string", "Unique id of the source.", pattern=ID_RE),
            Field("publisher", "string", "Organisation that published it."),
            Field("title", "string", "Title as published."),
            Field("url", "string", "Address of the page or document.", pattern=r"^https?://\S+$"),
            Field("published", "partial_date", "Publication date, if known.", required=False),
            Field("accessed", "date", "Date the page was read for this project."),
            Field("licence", "string", "Licence or terms of the source."),
            _note(),
        ),
        ("source_id",),
    ),
    Table(
        "countries",
        "Countries",
        "Countries the data and the map refer to (ISO 3166-1 alpha-3).",
        (
            Field("iso3", "string", "ISO 3166-1 alpha-3 code.", pattern=r"^[A-Z]{3}$"),
            Field("name", "string", "English short name."),
            Field(
                "group", "string", "Region group used by the country picker.", enum=COUNTRY_GROUPS
            ),
            Field("focus", "string", "yes = one of the eight study countries.", enum=YES_NO),
            _source(),
        ),
        ("iso3",),
        (_SOURCE_FK,),
    ),
    Table(
        "trade",
        "China's goods trade with each country, as each side reports it",
        "Annual (or partial-year, marked by period) goods trade in current US dollars. Flows are "
        "from the partner's point of view. reporter says whose statistics the figure is.",
        (
            Field("country", "string", "Partner country (ISO3).", pattern=r"^[A-Z]{3}$"),
            _year(),
            _period(),
            Field(
                "flow",
                "string",
                "turnover, partner_exports (to China), partner_imports (from China).",
                enum=TRADE_FLOWS,
            ),
            Field("value_usd", "number", "Value in current US dollars.", minimum=0, unit="USD"),
            _qualifier(),
            Field(
                "reporter",
                "string",
                "china = China's customs/MOFCOM; partner = the "
                "partner's statistics office or customs.",
                enum=REPORTERS,
            ),
            _source(),
            _quote(),
            _note(),
        ),
        # value_usd is part of the key: one page that gives two values for the same year is a
        # conflict to keep (both rows), while an exact repeat is a duplicate.
        ("country", "year", "period", "flow", "reporter", "source_id", "value_usd"),
        (_COUNTRY_FK, _SOURCE_FK),
        year_field="year",
    ),
    Table(
        "investment",
        "Investment between China and each country, by measure",
        "Each row is one measure (never summed across measures): FDI flow, FDI stock, a "
        "government's cumulative figure, a loan, a deal commitment or a construction contract.",
        (
            Field("country", "string", "Partner country (ISO3).", pattern=r"^[A-Z]{3}$"),
            Field("direction", "string", "china_to_partner or partner_to_china.", enum=DIRECTIONS),
            Field("measure", "string", "What the figure measures.", enum=MEASURES),
            _year(
                "Year of the flow, deal or loan; for stocks and cumulative figures the 'as "
                "of' year."
            ),
            _period(required=False),
            Field("value_usd", "number", "Value in US dollars.", minimum=0, unit="USD"),
            _qualifier(),
            Field("investor", "string", "Investor or lender.", required=False),
            Field(
                "financier_kind",
                "string",
                "Who put up the money: Chinese state (government, policy banks), Chinese "
                "company, both, all Chinese investors (aggregate statistics), Chinese but not "
                "stated which, a multilateral bank with a Chinese lead (AIIB) or another "
                "multilateral, the partner's state or all its investors.",
                required=False,
                enum=FINANCIER_KINDS,
            ),
            Field("project", "string", "Project or deal, if any.", required=False),
            _source(),
            _quote(),
            _note(),
        ),
        ("country", "direction", "measure", "year", "period", "investor", "project", "source_id"),
        (_COUNTRY_FK, _SOURCE_FK),
        year_field="year",
    ),
    Table(
        "volumes",
        "Corridor volumes",
        "Cargo on the Middle Corridor and its ports and lines, each in the unit the source counts.",
        (
            Field("series", "string", "Series id (e.g. titr_cargo, baku_port).", pattern=ID_RE),
            Field("location", "string", "Route, port or line in words."),
            _year("Calendar year the figure refers to (targets may look ahead).", maximum=2050),
            _period(),
            Field("unit", "string", "What is counted; containers are not TEU.", enum=VOLUME_UNITS),
            Field("value", "number", "The count, in unit.", minimum=0),
            _qualifier(RANGE_QUALIFIERS),
            Field("kind", "string", "actual, forecast, target or capacity.", enum=VOLUME_KINDS),
            _source(),
            _quote(),
            _note(),
        ),
        ("series", "location", "year", "period", "unit", "kind", "qualifier", "source_id", "value"),
        (_SOURCE_FK,),
        year_field="year",
    ),
    Table(
        "events",
        "Events",
        "Dated events drawn on every time chart.",
        (
            Field("date", "partial_date", "YYYY-MM-DD, or YYYY-MM / YYYY when the day is unknown."),
            Field("title", "string", "Short title."),
            Field("category", "string", "Event category.", enum=EVENT_CATEGORIES),
            Field("countries", "list", "ISO3 codes separated by ';'.", pattern=r"^[A-Z]{3}$"),
            Field("description", "string", "What the source says, in one sentence."),
            _source(),
            _note(),
        ),
        ("date", "title"),
        (ForeignKey("countries", "countries", "iso3", _UNKNOWN_COUNTRY), _SOURCE_FK),
    ),
    Table(
        "nodes",
        "Corridor nodes",
        "Ports, border crossings, dry ports, junctions, cities and waypoints.",
        (
            Field("node_id", "string", "Unique id.", pattern=ID_RE),
            Field("name", "string", "Name in English."),
            Field(
                "country",
                "string",
                "Country (ISO3); empty for waypoints at sea.",
                required=False,
                pattern=r"^[A-Z]{3}$",
            ),
            Field("lat", "number", "Latitude, WGS84.", minimum=-90, maximum=90, unit="degree"),
            Field("lon", "number", "Longitude, WGS84.", minimum=-180, maximum=180, unit="degree"),
            Field("kind", "string", "Kind of node.", enum=NODE_KINDS),
            Field(
                "opened", "integer", "Year it opened.", required=False, minimum=1800, maximum=2035
            ),
            _source(),
            _note(),
        ),
        ("node_id",),
        (_COUNTRY_FK, _SOURCE_FK),
    ),
    Table(
        "segments",
        "Corridor segments",
        "Links between nodes, in route order, with mode, status and opening year.",
        (
            Field("segment_id", "string", "Unique id.", pattern=ID_RE),
            Field("route", "string", "Route the segment belongs to.", enum=ROUTES),
            Field("line", "string", "Name of the line, ferry or pipeline."),
            Field("from_node", "string", "Start node id.", pattern=ID_RE),
            Field("to_node", "string", "End node id.", pattern=ID_RE),
            Field("mode", "string", "Transport mode.", enum=MODES),
            Field("status", "string", "Status today.", enum=STATUSES),
            Field(
                "opened", "integer", "Year it opened.", required=False, minimum=1800, maximum=2035
            ),
            Field(
                "gauge_mm",
                "integer",
                "Rail gauge where it matters.",
                required=False,
                enum=("1435", "1520"),
            ),
            _source(),
            _note(),
        ),
        ("segment_id",),
        (
            ForeignKey("from_node", "nodes", "node_id", _UNKNOWN_NODE),
            ForeignKey("to_node", "nodes", "node_id", _UNKNOWN_NODE),
            _SOURCE_FK,
        ),
    ),
    Table(
        "transit",
        "Published transit times",
        "Transit-time claims per route as published; ranges are kept, never averaged.",
        (
            Field("route", "string", "Route.", enum=ROUTES),
            Field(
                "days_min",
                "number",
                "Shortest days claimed (empty for 'less than N').",
                required=False,
                minimum=0,
                unit="day",
            ),
            Field("days_max", "number", "Longest days claimed.", minimum=0, unit="day"),
            Field(
                "origin",
                "string",
                "Where the claimed trip starts, as the source names it ('China' when it names "
                "no place).",
            ),
            Field(
                "destination",
                "string",
                "Where the claimed trip ends, as the source names it ('Europe' when it names "
                "no place).",
            ),
            Field(
                "scope",
                "string",
                "hub_to_hub: a named China hub to a named European hub (the only claims "
                "compared across routes, and only on the same origin and destination); "
                "unnamed_endpoints: China to Europe without a named hub at one end; "
                "other_trip: part of the way or another trip (shown with its own endpoints).",
                enum=TRANSIT_SCOPES,
            ),
            _qualifier(),
            _source(),
            _quote(),
            _note(),
        ),
        ("route", "origin", "destination", "days_min", "days_max", "source_id"),
        (_SOURCE_FK,),
    ),
    Table(
        "companies",
        "Companies with Chinese capital",
        "Counts of companies, as officials state them, in the source's own scope (companies with "
        "Chinese capital vs Chinese companies); never compared across scopes.",
        (
            Field(
                "country",
                "string",
                "Country the companies operate in (ISO3).",
                pattern=r"^[A-Z]{3}$",
            ),
            _year("Year the count was stated for (as of)."),
            Field("count", "integer", "Number of companies.", minimum=0, unit="companies"),
            _qualifier(),
            Field("scope", "string", "Which companies the source counts.", enum=COMPANY_SCOPES),
            _source(),
            _quote(),
            _note(),
        ),
        ("country", "year", "scope", "source_id", "count"),
        (_COUNTRY_FK, _SOURCE_FK),
        year_field="year",
    ),
    Table(
        "claims",
        "Quantitative claims of the 2019 PONARS Eurasia memo (Valiyev) and what to check",
        "One row per figure claimed, with a machine-readable description of the data to check "
        "it against; dashboard/claims.py computes each verdict from the data files.",
        (
            Field("claim_id", "string", "Unique id of the claimed figure.", pattern=ID_RE),
            Field(
                "memo_claim",
                "integer",
                "Number of the memo claim (1-10, in the order of issue #3).",
                minimum=1,
                maximum=10,
            ),
            Field("claim", "string", "The claim in words."),
            Field(
                "claimed_value",
                "number",
                "The claimed figure (low end of a range).",
                required=False,
            ),
            Field("claimed_high", "number", "High end of a claimed range.", required=False),
            Field("claimed_date", "partial_date", "Claimed date of an event.", required=False),
            Field("unit", "string", "What the claimed figure counts.", enum=CLAIM_UNITS),
            Field(
                "precision",
                "number",
                "The claim's printed precision in its unit: the place value of its last "
                "non-zero digit (1.3 billion -> 1e8; 40 percent -> 10).",
                required=False,
                minimum=0,
            ),
            Field("check", "string", "Kind of comparison.", enum=CLAIM_CHECKS),
            Field(
                "table", "string", "Data file to check against.", required=False, enum=CLAIM_TABLES
            ),
            Field("country", "string", "Country (ISO3).", required=False, pattern=r"^[A-Z]{3}$"),
            Field(
                "countries",
                "list",
                "Countries ranked against each other (rank checks), separated by ';'.",
                required=False,
                pattern=r"^[A-Z]{3}$",
            ),
            _year_opt("Year the claim refers to (stocks: as of); empty = any year."),
            _year_opt("Earlier year of a change claim.", "base_year"),
            Field(
                "measure",
                "string",
                "Trade flow, investment measure, volumes kind or company scope to compare.",
                required=False,
            ),
            Field("direction", "string", "Investment direction.", required=False, enum=DIRECTIONS),
            Field("series", "string", "Volumes series id.", required=False, pattern=ID_RE),
            Field(
                "match_field",
                "string",
                "Column whose text must contain match_text.",
                required=False,
            ),
            Field(
                "match_text",
                "string",
                "Text (case-insensitive) that picks the rows.",
                required=False,
            ),
            Field("source_id", "string", "Id of the memo's source in sources.csv.", pattern=ID_RE),
            _note(),
        ),
        ("claim_id",),
        (
            _COUNTRY_FK,
            ForeignKey("countries", "countries", "iso3", _UNKNOWN_COUNTRY),
            _SOURCE_FK,
        ),
    ),
)

TABLE_BY_NAME = {t.name: t for t in TABLES}


# ---------------------------------------------------------------- problems
Params = tuple[tuple[str, str], ...]


def params(**kw) -> Params:
    """Named values for a rule template, as text (a dataclass field must be hashable)."""
    return tuple(sorted((k, str(v)) for k, v in kw.items()))


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one cell. `template` is the rule as a message id (marked with N_) with
    named {placeholders} filled from `params`, so it can be shown in any language; `rule` and
    str() are the English text (the CLI, logs and tests read those)."""

    file: str
    row: int
    column: str
    template: str
    params: Params = ()

    @property
    def rule(self) -> str:
        # a template without params is plain text and may contain braces (regex patterns)
        return self.template.format(**dict(self.params)) if self.params else self.template

    def rule_text(self, lang: str) -> str:
        """The rule in lang (its placeholders filled in the translation's word order)."""
        return gettext(lang, self.template, **dict(self.params))

    def text(self, lang: str) -> str:
        """'row 3, column value: rule' in lang (row = the line a spreadsheet shows)."""
        # A header cell left blank has no name to show ("" or "-").
        column = self.column if self.column not in ("", "-") else gettext(lang, N_("(unnamed)"))
        return gettext(
            lang,
            N_("row {row}, column {column}: {rule}"),
            row=self.row,
            column=column,
            rule=self.rule_text(lang),
        )

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.rule}"


Rule = tuple[str, Params]  # (template, params)


@dataclass
class TableResult:
    table: Table
    rows: list[dict] = field(default_factory=list)  # typed values; row numbers in "_row"
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------- value checks
def parse_partial_date(text: str) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD -> the first day it can mean. Raises ValueError."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        raise ValueError(text)
    y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    return date(y, mo, d)


def _typed(f: Field, raw: str) -> tuple[object, Rule | None]:
    """Return (value, problem rule or None)."""
    bad = params(value=repr(raw))  # the cell as the rule quotes it
    if f.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw):
            return None, (N_("not an integer ({value})"), bad)
        value: object = int(raw)
    elif f.type == "number":
        try:
            value = float(raw)
        except ValueError:
            return None, (N_("not a number ({value})"), bad)
        if value != value or value in (float("inf"), float("-inf")):
            return None, (N_("not a finite number ({value})"), bad)
    elif f.type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return None, (N_("not a date YYYY-MM-DD ({value})"), bad)
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            return None, (N_("not a valid date ({value})"), bad)
    elif f.type == "partial_date":
        try:
            parse_partial_date(raw)
        except ValueError:
            return None, (N_("not a date YYYY, YYYY-MM or YYYY-MM-DD ({value})"), bad)
        value = raw
    elif f.type == "list":
        value = tuple(p.strip() for p in raw.split(";") if p.strip())
        if f.pattern:
            wrong = [p for p in value if not re.fullmatch(f.pattern, p)]
            if wrong:
                rule = N_("list item does not match {pattern} ({value})")
                return None, (rule, params(pattern=f.pattern, value=repr(wrong[0])))
        return value, None
    else:
        value = raw
    rule = _bounds_rule(f, raw, value)
    return (None, rule) if rule else (value, None)


def _bounds_rule(f: Field, raw: str, value: object) -> Rule | None:
    """Allowed values, pattern, minimum and maximum of a typed value."""
    if f.enum is not None and raw not in f.enum:
        rule = N_("not one of the allowed values {allowed} ({value})")
        return rule, params(allowed=", ".join(f.enum), value=repr(raw))
    if f.pattern and f.type == "string" and not re.fullmatch(f.pattern, raw):
        return N_("does not match {pattern} ({value})"), params(pattern=f.pattern, value=repr(raw))
    if f.minimum is not None and isinstance(value, int | float) and value < f.minimum:
        if f.minimum == 0:
            return N_("negative value ({value})"), params(value=raw)
        return N_("below the minimum {minimum} ({value})"), params(
            minimum=f"{f.minimum:g}", value=raw
        )
    if f.maximum is not None and isinstance(value, int | float) and value > f.maximum:
        return N_("above the maximum {maximum} ({value})"), params(
            maximum=f"{f.maximum:g}", value=raw
        )
    return None


def _row_rules(table: Table, row: dict) -> list[tuple[str, Rule]]:
    """Cross-column rules within one row: (column, rule)."""
    out = []
    period = row.get("period")
    if isinstance(period, str) and period != "FY":
        a, b = int(period[1:3]), int(period[5:7])
        if a > b:
            out.append(
                ("period", (N_("period starts after it ends ({period})"), params(period=period)))
            )
        elif (a, b) == (1, 12):
            out.append(("period", (N_("M01-M12 is a full year: write FY"), ())))
    if period == "FY" and isinstance(row.get("quote"), str):
        m = PARTIAL_PERIOD_RE.search(row["quote"])
        if m and not WHOLE_YEAR_RE.search(row["quote"]):
            rule = N_("partial period marked as full year (quote says {words})")
            out.append(("period", (rule, params(words=repr(m.group(0))))))
    if table.name == "claims":
        out.extend(_claim_rules(row))
    lo, hi = row.get("days_min"), row.get("days_max")
    if table.name == "transit" and isinstance(lo, float) and isinstance(hi, float) and lo > hi:
        out.append(("days_min", (N_("days_min is greater than days_max"), ())))
    if table.name == "segments" and row.get("from_node") and row["from_node"] == row.get("to_node"):
        out.append(("to_node", (N_("segment starts and ends at the same node"), ())))
    return out


# Which columns each kind of claim check needs (the checker reads nothing else).
_CLAIM_NEEDS = {
    "equals": ("table", "claimed_value", "precision"),
    "count": ("table", "claimed_value", "precision"),
    "change": ("table", "claimed_value", "precision", "year", "base_year", "measure"),
    "rank": ("table", "claimed_value", "year", "measure", "countries"),
    "range": ("table", "claimed_value", "claimed_high", "precision"),
    "event_date": ("table", "claimed_date", "match_field", "match_text"),
    "not_recorded": ("note",),
}


def _claim_rules(row: dict) -> list[tuple[str, Rule]]:
    check = row.get("check")
    out = [
        (col, (N_("required for check {check}"), params(check=check)))
        for col in _CLAIM_NEEDS.get(check, ())
        if row.get(col) in (None, ())
    ]
    if check == "not_recorded" and row.get("table"):
        out.append(("table", (N_("a not_recorded claim names no table"), ())))
    if check == "event_date" and row.get("table") not in (None, "events"):
        out.append(("table", (N_("event_date claims are checked against events"), ())))
    table, match_field = TABLE_BY_NAME.get(row.get("table")), row.get("match_field")
    if table and match_field and match_field not in table.columns:
        rule = N_("{file} has no column {column}")
        out.append(("match_field", (rule, params(file=table.filename, column=repr(match_field)))))
    lo, hi = row.get("claimed_value"), row.get("claimed_high")
    if isinstance(lo, float) and isinstance(hi, float) and lo > hi:
        out.append(("claimed_high", (N_("claimed_high is below claimed_value"), ())))
    return out


# ---------------------------------------------------------------- table validation
def read_csv_text(raw: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    """Decode bytes as UTF-8 (a BOM is allowed). Other encodings are refused, not guessed."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        rule = N_("not UTF-8 text (byte {byte})")
        return None, [Problem(filename, 1, "-", rule, params(byte=exc.start))]


def validate_table(table: Table, text: str, filename: str | None = None) -> TableResult:
    """Check one CSV's text against its spec. Never raises on bad input."""
    filename = filename or table.filename
    result = TableResult(table)
    problems = result.problems
    if "\x00" in text:
        problems.append(Problem(filename, 1, "-", N_("file contains NUL bytes")))
        return result
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        rule = N_("not a readable CSV ({error})")
        problems.append(Problem(filename, 1, "-", rule, params(error=exc)))
        return result
    if not records or not any(cell.strip() for cell in records[0]):
        problems.append(Problem(filename, 1, "-", N_("empty file: no header row")))
        return result
    header = [h.strip() for h in records[0]]
    expected = table.columns
    for col in expected:
        if col not in header:
            problems.append(Problem(filename, 1, col, N_("missing column")))
    for col in header:
        if col not in expected:
            problems.append(Problem(filename, 1, col or "-", N_("unknown column")))
    dupes = {c for c in header if header.count(c) > 1}
    for col in sorted(dupes):
        problems.append(Problem(filename, 1, col or "-", N_("column appears twice")))
    if problems:
        return result
    index = {c: i for i, c in enumerate(header)}
    seen_keys: dict[tuple, int] = {}
    for rowno, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) != len(header):
            rule = N_("has {cells} cells, header has {columns}")
            problems.append(
                Problem(filename, rowno, "-", rule, params(cells=len(cells), columns=len(header)))
            )
            continue
        row: dict = {"_row": rowno}
        ok = True
        for f in table.fields:
            raw = cells[index[f.name]].strip()
            if raw == "":
                if f.required:
                    rule = N_("required value is empty")
                    problems.append(Problem(filename, rowno, f.name, rule))
                    ok = False
                row[f.name] = None
                continue
            value, rule = _typed(f, raw)
            if rule:
                problems.append(Problem(filename, rowno, f.name, *rule))
                ok = False
            row[f.name] = value
        for col, rule in _row_rules(table, row):
            problems.append(Problem(filename, rowno, col, *rule))
            ok = False
        key = tuple(row.get(k) for k in table.primary_key)
        if key in seen_keys:
            problems.append(
                Problem(
                    filename,
                    rowno,
                    table.primary_key[0]
                    if len(table.primary_key) == 1
                    else "+".join(table.primary_key),
                    N_("duplicate key (same as row {row})"),
                    params(row=seen_keys[key]),
                )
            )
            ok = False
        else:
            seen_keys[key] = rowno
        if ok:
            result.rows.append(row)
    return result


def check_references(results: dict[str, TableResult]) -> list[Problem]:
    """Foreign keys across files (source ids, country codes, node ids)."""
    problems = []
    for name, res in results.items():
        for fk in res.table.foreign_keys:
            target = results.get(fk.table)
            if target is None:
                continue
            known = {r[fk.ref] for r in target.rows}
            keep = []
            for row in res.rows:
                value = row.get(fk.field)
                values = value if isinstance(value, tuple) else (value,)
                bad = [v for v in values if v is not None and v not in known]
                if bad:
                    problems.append(
                        Problem(
                            res.table.filename,
                            row["_row"],
                            fk.field,
                            fk.rule,
                            params(value=repr(bad[0])),
                        )
                    )
                else:
                    keep.append(row)
            res.rows = keep
        del name
    return problems
