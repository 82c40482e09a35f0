"""The data's vocabulary: every allowed value of every coded column (flows, reporters, measures,
units, ...) and the patterns ids and periods follow. Labels for these values, in every language,
are in dashboard/i18n/labels.py, keyed by these tuples."""

from __future__ import annotations

import re

__all__ = [
    "COUNTRY_GROUPS",
    "TRADE_FLOWS",
    "REPORTERS",
    "QUALIFIERS",
    "RANGE_QUALIFIERS",
    "DIRECTIONS",
    "MEASURES",
    "FINANCIER_KINDS",
    "VOLUME_UNITS",
    "VOLUME_KINDS",
    "EVENT_CATEGORIES",
    "NODE_KINDS",
    "ROUTES",
    "MODES",
    "STATUSES",
    "YES_NO",
    "CLAIM_TABLES",
    "CLAIM_CHECKS",
    "CLAIM_UNITS",
    "COMPANY_SCOPES",
    "FACT_MEASURES",
    "FACT_UNITS",
    "FACT_SCOPES",
    "PERIOD_RE",
    "ID_RE",
    "PARTIAL_PERIOD_RE",
    "WHOLE_YEAR_RE",
]

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
# transit.csv scope: which claims the route comparison may set side by side (views/routes.py)
TRANSIT_SCOPES = ("hub_to_hub", "unnamed_endpoints", "other_trip")
MODES = ("rail", "ferry", "road", "sea", "pipeline")
STATUSES = ("operating", "under_construction", "planned")
YES_NO = ("yes", "no")
# What the memo-claims checker (dashboard/claims.py) can compare a claim against.
CLAIM_TABLES = ("trade", "investment", "volumes", "companies", "events", "facts")
CLAIM_CHECKS = (
    "equals",
    "count",
    "change",
    "rank",
    "range",
    "event_date",
    "duration",
    "not_recorded",
)
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
# facts.csv: single published facts about one journey or one project (a train's distance, a
# plant's jobs), each with the part of the journey it covers: "part" rows are never compared
# with a claim about the whole.
FACT_MEASURES = ("distance", "duration", "departure", "arrival", "jobs", "capacity")
FACT_UNITS = ("km", "days", "jobs", "tyres_per_year", "date")
FACT_SCOPES = ("whole", "part")

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
