"""The CSV contract: one spec per file in data/ (columns, types, allowed values, ranges, keys,
references and each table's own cross-column row checks).

This is the single source of truth for the files; `data/datapackage.json` describes the same
files for people and Frictionless tools, and tests/test_datapackage.py fails when the two
disagree (`python -m dashboard datapackage --write` regenerates its schema parts from here).
The checks run in dashboard/schema/validator.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import N_
from .problems import Rule, params
from .vocabulary import (
    CLAIM_CHECKS,
    CLAIM_TABLES,
    CLAIM_UNITS,
    COMPANY_SCOPES,
    COUNTRY_GROUPS,
    DIRECTIONS,
    EVENT_CATEGORIES,
    FACT_MEASURES,
    FACT_SCOPES,
    FACT_UNITS,
    FINANCIER_KINDS,
    ID_RE,
    MEASURES,
    MODES,
    NODE_KINDS,
    PARTIAL_PERIOD_RE,
    PERIOD_RE,
    QUALIFIERS,
    RANGE_QUALIFIERS,
    REPORTERS,
    ROUTES,
    STATUSES,
    TRADE_FLOWS,
    TRANSIT_SCOPES,
    VOLUME_KINDS,
    VOLUME_UNITS,
    WHOLE_YEAR_RE,
    YES_NO,
)


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


RowCheck = Callable[[dict], list[tuple[str, Rule]]]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    year_field: str | None = None
    # Cross-column rules within one row of this table: row (typed values) -> [(column, rule)]
    row_checks: tuple[RowCheck, ...] = ()

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


# ---------------------------------------------------------------- per-table row checks
def period_rules(row: dict) -> list[tuple[str, Rule]]:
    """A period's months in order and not a disguised full year; an FY figure whose quote
    names part of a year."""
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
    return out


def transit_rules(row: dict) -> list[tuple[str, Rule]]:
    lo, hi = row.get("days_min"), row.get("days_max")
    if isinstance(lo, float) and isinstance(hi, float) and lo > hi:
        return [("days_min", (N_("days_min is greater than days_max"), ()))]
    return []


def segment_rules(row: dict) -> list[tuple[str, Rule]]:
    if row.get("from_node") and row["from_node"] == row.get("to_node"):
        return [("to_node", (N_("segment starts and ends at the same node"), ()))]
    return []


def fact_rules(row: dict) -> list[tuple[str, Rule]]:
    """A departure or arrival has a date and no value; every other fact a value."""
    if row.get("measure") in ("departure", "arrival"):
        if row.get("date") is None:
            return [("date", (N_("a departure or arrival needs a date"), ()))]
        if row.get("unit") != "date":
            return [("unit", (N_("a departure or arrival is in unit date"), ()))]
        return []
    if row.get("value") is None:
        return [("value", (N_("required value is empty"), ()))]
    return []


# Which columns each kind of claim check needs (the checker reads nothing else).
_CLAIM_NEEDS = {
    "equals": ("table", "claimed_value", "precision"),
    "count": ("table", "claimed_value", "precision"),
    "change": ("table", "claimed_value", "precision", "year", "base_year", "measure"),
    "rank": ("table", "claimed_value", "year", "measure", "countries"),
    "range": ("table", "claimed_value", "claimed_high", "precision"),
    "event_date": ("table", "claimed_date", "match_field", "match_text"),
    "duration": ("table", "claimed_value", "precision", "match_field", "match_text"),
    "not_recorded": ("note",),
}


def claim_rules(row: dict) -> list[tuple[str, Rule]]:
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
    if check == "duration" and row.get("table") not in (None, "facts"):
        out.append(("table", (N_("duration claims are checked against facts"), ())))
    table, match_field = TABLE_BY_NAME.get(row.get("table")), row.get("match_field")
    if table and match_field and match_field not in table.columns:
        rule = N_("{file} has no column {column}")
        out.append(("match_field", (rule, params(file=table.filename, column=repr(match_field)))))
    lo, hi = row.get("claimed_value"), row.get("claimed_high")
    if isinstance(lo, float) and isinstance(hi, float) and lo > hi:
        out.append(("claimed_high", (N_("claimed_high is below claimed_value"), ())))
    return out


# No figure here comes near 10 trillion US$ (China's own total goods trade is about 6 trillion a
# year), so anything larger is a typo or a unit slip (e.g. a value already in thousands).
MAX_USD = 1e13

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
            Field(
                "value_usd",
                "number",
                "Value in current US dollars.",
                minimum=0,
                maximum=MAX_USD,
                unit="USD",
            ),
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
        row_checks=(period_rules,),
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
            Field(
                "value_usd",
                "number",
                "Value in US dollars.",
                minimum=0,
                maximum=MAX_USD,
                unit="USD",
            ),
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
        row_checks=(period_rules,),
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
        row_checks=(period_rules,),
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
        row_checks=(segment_rules,),
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
        row_checks=(transit_rules,),
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
        "facts",
        "Single published facts about one journey or project",
        "A train's distance, departure and arrival, a plant's jobs and capacity, as each source "
        "states them, with the part of the journey the figure covers (whole or part, and its "
        "legs): a figure for part of a route is never compared with a claim about the whole.",
        (
            Field(
                "subject",
                "string",
                "Id of the journey or project (e.g. first-container-train-2015).",
                pattern=ID_RE,
            ),
            Field("country", "string", "Country the claim is about (ISO3).", pattern=r"^[A-Z]{3}$"),
            Field("measure", "string", "What the figure is.", enum=FACT_MEASURES),
            _year_opt("Year of the journey or statement; empty when the source gives none."),
            Field(
                "date",
                "date",
                "Date of a departure or arrival (YYYY-MM-DD).",
                required=False,
            ),
            Field("value", "number", "The figure, in unit (empty for dates).", required=False),
            Field("unit", "string", "What the figure counts.", enum=FACT_UNITS),
            _qualifier(),
            Field("scope", "string", "whole (the journey or project) or part.", enum=FACT_SCOPES),
            Field("legs", "string", "The legs or places the figure covers.", required=False),
            _source(),
            _quote(),
            _note(),
        ),
        ("subject", "measure", "scope", "source_id", "value", "date"),
        (_COUNTRY_FK, _SOURCE_FK),
        row_checks=(fact_rules,),
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
        row_checks=(claim_rules,),
    ),
)

TABLE_BY_NAME = {t.name: t for t in TABLES}
