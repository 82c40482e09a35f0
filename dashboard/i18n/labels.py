"""Every label the interface shows for a value of the data's vocabulary
(dashboard/schema/vocabulary.py) or of the URL's (dashboard/filters.py), in one place, as
marked English message ids (`N_`) translated where shown (`translator(lang)(LABEL[value])`).

One value may need several forms (a control's option, a chart title, a phrase in a sentence):
each table is named for where it is used. `COVERAGE` lists which vocabulary each table must
label completely; tests/test_labels.py checks every value has its label, translated in every
language.
"""

from __future__ import annotations

from ..schema.vocabulary import (
    EVENT_CATEGORIES,
    FINANCIER_KINDS,
    MEASURES,
    NODE_KINDS,
    REPORTERS,
    STATUSES,
    VOLUME_KINDS,
    VOLUME_UNITS,
)
from . import N_

# whose statistics: legends, hovers, the claims tab
REPORTER_NAMES = {"china": N_("China's customs"), "partner": N_("partner's statistics")}


# one word, in hovers
REPORTER_SHORT = {"china": N_("China"), "partner": N_("partner")}


# the headline's detail (whole phrases: the possessive is grammar)
WHOSE_FIGURES = {"china": N_("China's figures"), "partner": N_("partner's figures")}


# the 'reported by' control
REPORTER_OPTIONS = {
    "china": N_("China's customs"),
    "partner": N_("Partner's statistics"),
    "both": N_("Both"),
}


# the trade chart's subtitle
REPORTER_PHRASES = {
    "china": N_("as reported by China's customs"),
    "partner": N_("as reported by each partner country"),
    "both": N_("China's figures (solid) and each partner's (dotted)"),
}


# the filter in words of an export
REPORTER_VIEW_WORDS = {
    "china": N_("as reported by China's customs"),
    "partner": N_("as reported by each partner"),
    "both": N_("as reported by both sides"),
}


# chart titles and the flow control
FLOW_TITLES = {
    "turnover": N_("Trade turnover with China"),
    "partner_exports": N_("Exports to China"),
    "partner_imports": N_("Imports from China"),
    "balance": N_("Trade balance with China"),
}


# a note under the chart where a flow needs one
FLOW_NOTES = {
    "balance": N_("Exports to China minus imports from China (negative: a deficit with China)."),
}


# the trade chart's subtitle
MODE_WORDS = {
    "usd": N_("current US dollars"),
    "yoy": N_("change on the previous year, %"),
    "share": N_("share of the selected countries' total, %"),
}


# the values control
MODE_LABELS = {"usd": N_("US$"), "yoy": N_("Change %"), "share": N_("Share %")}


# the scale control
SCALE_LABELS = {"linear": N_("Linear"), "log": N_("Log")}


# a value as the source qualifies it ('exact' needs no words)
QUALIFIER_WORDS = {
    "about": N_("about {value}"),
    "more_than": N_("more than {value}"),
    "less_than": N_("less than {value}"),
}


# who put up the money
FINANCIER_KIND_WORDS = {
    "chinese_state": N_("Chinese state"),
    "chinese_company": N_("Chinese company"),
    "chinese_state_and_companies": N_("Chinese state and companies"),
    "chinese_aggregate": N_("all Chinese investors"),
    "chinese_not_stated": N_("Chinese, kind not stated"),
    "multilateral_chinese_led": N_("multilateral bank, Chinese-led"),
    "multilateral_other": N_("multilateral bank"),
    "partner_state": N_("partner's state"),
    "partner_aggregate": N_("all partner investors"),
}


# chart titles, the measure control, headlines, deals
# Investment measures that say how much is invested (not deals), in neutral words (no
# direction): the claims checker names them as context for a claim about one of the others.
POSITION_WORDS = {
    "fdi_flow": N_("FDI flow"),
    "fdi_stock": N_("FDI stock"),
    "cumulative_investment": N_("investment to date"),
}
MEASURE_TITLES = {
    "fdi_flow": N_("Chinese FDI flows"),
    "fdi_stock": N_("Chinese FDI stock"),
    "cumulative_investment": N_("Chinese investment to date, as stated by governments"),
    "loan": N_("Loans from Chinese lenders and the AIIB"),
    "commitment": N_("Announced Chinese investment deals"),
    "contract": N_("Construction contracts won by Chinese firms"),
}


# what each measure is, under the chart
MEASURE_NOTES = {
    "fdi_flow": N_("FDI flow in the year, US$."),
    "fdi_stock": N_("FDI position at the stated date, US$."),
    "cumulative_investment": N_(
        "Cumulative totals 'as of' the year shown; neither a flow nor a statistical stock. US$."
    ),
    "loan": N_("Loans approved or signed, by year, US$."),
    "commitment": N_("Announced or signed deal values (not disbursed), by year, US$."),
    "contract": N_("Contract values by year, US$."),
}


# the volumes chart's title and export words
UNIT_WORDS = {
    "tonnes": N_("tonnes of cargo"),
    "teu": N_("TEU (twenty-foot equivalent units)"),
    "containers": N_("containers (a container is 1 or 2 TEU)"),
    "trains": N_("trains"),
    "wagons": N_("wagons"),
}


# the unit control and axis titles
UNIT_NAMES = {
    "tonnes": N_("tonnes"),
    "teu": N_("TEU"),
    "containers": N_("containers"),
    "trains": N_("trains"),
    "wagons": N_("wagons"),
}


# a node's throughput in the map hover
VOLUME_WORDS = {
    "tonnes": N_("{value} t"),
    "teu": N_("{value} TEU"),
    "containers": N_("{value} containers"),
    "trains": N_("{value} trains"),
    "wagons": N_("{value} wagons"),
}


# actual / forecast / target / capacity
KIND_WORDS = {
    "actual": N_("actual"),
    "forecast": N_("forecast"),
    "target": N_("target"),
    "capacity": N_("capacity"),
}


# the event category control
CATEGORY_WORDS = {
    "diplomacy": N_("diplomacy"),
    "infrastructure": N_("infrastructure"),
    "finance": N_("finance"),
    "trade": N_("trade"),
    "shock": N_("shock"),
}


# the map hover
NODE_KIND_WORDS = {
    "gauge_break": N_("gauge break"),
    "port": N_("port"),
    "border_crossing": N_("border crossing"),
    "dry_port": N_("dry port"),
    "rail_junction": N_("rail junction"),
    "waypoint": N_("waypoint"),
    "city": N_("city"),
}


# the map hover
STATUS_WORDS = {
    "operating": N_("operating"),
    "under_construction": N_("under construction"),
    "planned": N_("planned"),
}


# the route comparison (the pipeline is not a route for goods)
ROUTE_NAMES = {
    "middle": N_("Middle Corridor (via Kazakhstan, Caspian, Azerbaijan, Georgia)"),
    "northern": N_("Northern route (via Kazakhstan, Russia, Belarus)"),
    "southern": N_("Southern route (via Kazakhstan, Turkmenistan, Iran)"),
    "suez": N_("Sea route via Suez"),
}


# the map view control and export words
PRESET_WORDS = {
    "corridor": N_("Whole corridor"),
    "caspian": N_("Caspian crossing"),
    "caucasus": N_("South Caucasus"),
    "world": N_("China to Europe (all routes)"),
}


# the map's colour bar ('none' draws none)
INDICATOR_TITLES = {
    "turnover": N_("Trade turnover with China"),
    "turnover_change": N_("Change in trade turnover with China"),
}


# the map colour control
INDICATOR_OPTIONS = {
    "turnover": N_("Trade turnover with China"),
    "turnover_change": N_("Change in turnover on the year before"),
    "none": N_("No colouring"),
}


# the tabs
TAB_WORDS = {
    "charts": N_("Charts"),
    "table": N_("Data table"),
    "sources": N_("Sources & method"),
    "claims": N_("Memo claims"),
}


# the data table's picker
DATASET_WORDS = {
    "trade": N_("Trade"),
    "investment": N_("Investment"),
    "volumes": N_("Volumes"),
    "events": N_("Events"),
}


# the camera button's format
FORMAT_WORDS = {"png": N_("PNG"), "svg": N_("SVG")}


# the panels in the download menu (file names keep the keys)
PANEL_WORDS = {
    "map": N_("map"),
    "trade": N_("trade"),
    "investment": N_("investment"),
    "volumes": N_("volumes"),
}


# a URL parameter named in the fallback notice
PARAM_WORDS = {
    "years": N_("year range"),
    "countries": N_("countries"),
    "reporter": N_("reporter"),
    "flow": N_("trade flow"),
    "mode": N_("values"),
    "scale": N_("scale"),
    "measure": N_("investment measure"),
    "unit": N_("volume unit"),
    "series": N_("volume series"),
    "events": N_("events"),
    "categories": N_("event categories"),
    "indicator": N_("map colour"),
    "preset": N_("map view"),
    "tab": N_("tab"),
    "dataset": N_("table"),
    "lang": N_("language"),
    "query": N_("link"),
}


# table -> the values it must label (the URL's choices are added by dashboard/filters.py's
# table in tests, which sit above this module)
COVERAGE: dict[str, tuple[tuple[str, ...], dict]] = {
    "REPORTER_NAMES": (REPORTERS, REPORTER_NAMES),
    "REPORTER_SHORT": (REPORTERS, REPORTER_SHORT),
    "WHOSE_FIGURES": (REPORTERS, WHOSE_FIGURES),
    "FINANCIER_KIND_WORDS": (FINANCIER_KINDS, FINANCIER_KIND_WORDS),
    "MEASURE_TITLES": (MEASURES, MEASURE_TITLES),
    "MEASURE_NOTES": (MEASURES, MEASURE_NOTES),
    "UNIT_WORDS": (VOLUME_UNITS, UNIT_WORDS),
    "UNIT_NAMES": (VOLUME_UNITS, UNIT_NAMES),
    "VOLUME_WORDS": (VOLUME_UNITS, VOLUME_WORDS),
    "KIND_WORDS": (VOLUME_KINDS, KIND_WORDS),
    "CATEGORY_WORDS": (EVENT_CATEGORIES, CATEGORY_WORDS),
    "NODE_KIND_WORDS": (NODE_KINDS, NODE_KIND_WORDS),
    "STATUS_WORDS": (STATUSES, STATUS_WORDS),
}
