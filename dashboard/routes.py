"""Route comparison: Middle Corridor vs the Northern route, the route via Iran and the sea.

Lengths, border crossings and transshipments come from the route geometry computed once at load
(geo.Network.paths: one explicit chain of nodes per route); transit times are the published
claims in transit.csv, shown as a range (lowest minimum – highest maximum) with every source,
never averaged.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from .geo import Network
from .i18n import N_, number, translator

ROUTE_NAMES = {
    "middle": N_("Middle Corridor (via Kazakhstan, Caspian, Azerbaijan, Georgia)"),
    "northern": N_("Northern route (via Kazakhstan, Russia, Belarus)"),
    "southern": N_("Southern route (via Kazakhstan, Turkmenistan, Iran)"),
    "suez": N_("Sea route via Suez"),
}
# Class of the cells that show the data's own words (place names, quoted claims): not translated
# (tests/test_i18n.py skips them; the page says so once).
DATA_TEXT = "data-text"
COLUMNS = [
    "route",
    "name",
    "start",
    "end",
    "length_km",
    "border_crossings",
    "crossings",
    "transshipments",
    "transshipment_places",
    "days_min",
    "days_max",
    "transit_claims",
]


def _claims(rows: pd.DataFrame, sources_by_id: dict) -> list[str]:
    out = []
    for r in rows.sort_values(["days_max", "source_id"]).itertuples():
        src = sources_by_id.get(r.source_id, {})
        year = str(src.get("published") or "")[:4]
        who = src.get("publisher", r.source_id) + (f" ({year})" if year else "")
        lo = "" if pd.isna(r.days_min) else f"{int(r.days_min)}"
        days = f"{lo}–{int(r.days_max)}" if lo and lo != f"{int(r.days_max)}" else lo
        if not lo:
            days = f"less than {int(r.days_max)}"
        qual = "about " if r.qualifier == "about" else ""
        out.append(f"{qual}{days} days: {who}; {r.note}")
    return out


def route_comparison(network: Network, transit: pd.DataFrame, sources_by_id: dict) -> pd.DataFrame:
    """One row per route in network.paths, in ROUTE_NAMES order."""
    names = {n["node_id"]: n["name"] for n in network.nodes}
    rows = []
    for route, name in ROUTE_NAMES.items():
        path = network.paths.get(route)
        if path is None:
            continue
        claims = transit[transit["route"] == route]
        places = [f"{p} (gauge)" for p in path["gauge_breaks"]] + path["mode_changes"]
        rows.append(
            {
                "route": route,
                "name": name,
                "start": names[path["nodes"][0]],
                "end": names[path["nodes"][-1]],
                "length_km": path["length_km"],
                "border_crossings": len(path["border_crossings"]),
                "crossings": ", ".join(path["border_crossings"]),
                "transshipments": len(path["gauge_breaks"]) + len(path["mode_changes"]),
                "transshipment_places": "; ".join(places),
                # a claim without a minimum ("less than 13 days") bounds only the maximum
                "days_min": None
                if claims["days_min"].isna().all()
                else int(claims["days_min"].min()),
                "days_max": None if claims.empty else int(claims["days_max"].max()),
                "transit_claims": _claims(claims, sources_by_id),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _days(row, _=str) -> str:
    if row.days_max is None or pd.isna(row.days_max):
        return _("no published claim in the data")
    if row.days_min is None or pd.isna(row.days_min):
        return _("up to {max} days", max=int(row.days_max))
    return _("{min}–{max} days", min=int(row.days_min), max=int(row.days_max))


def route_table(df: pd.DataFrame, lang: str = "en") -> html.Table:
    """The comparison as an accessible table: caption, column and row headers. Place names and
    the transit claims' words are the data's own."""
    _ = translator(lang)
    heads = [
        _("Route"),
        _("From → to"),
        _("Length (km)"),
        _("Border crossings"),
        _("Transshipments"),
        _("Transit time (range of published claims)"),
    ]
    body = []
    for row in df.itertuples():
        body.append(
            html.Tr(
                [
                    html.Th(
                        _(ROUTE_NAMES[row.route]) if row.route in ROUTE_NAMES else row.name,
                        scope="row",
                    ),
                    html.Td(f"{row.start} → {row.end}"),
                    html.Td(number(row.length_km, lang), className="num"),
                    html.Td(
                        [
                            f"{row.border_crossings}",
                            html.Br(),
                            html.Small(row.crossings, className=DATA_TEXT),
                        ]
                    ),
                    html.Td(
                        [
                            f"{row.transshipments}",
                            html.Br(),
                            html.Small(row.transshipment_places, className=DATA_TEXT),
                        ]
                    ),
                    html.Td(
                        [
                            _days(row, _),
                            html.Details(
                                [
                                    html.Summary(_("{n} sources", n=len(row.transit_claims))),
                                    html.Ul(
                                        [html.Li(c) for c in row.transit_claims],
                                        className=DATA_TEXT,
                                    ),
                                ]
                            )
                            if row.transit_claims
                            else "",
                        ]
                    ),
                ]
            )
        )
    return html.Table(
        className="route-table",
        children=[
            html.Caption(
                _(
                    "Routes from China to Europe. Length: geodesic through the route's nodes in "
                    "the data (not surveyed track); border crossings and transshipments (gauge "
                    "breaks, changes of mode) counted from its segments; transit time: lowest to "
                    "highest published claim, each source listed (origins and destinations "
                    "differ)."
                )
            ),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
            html.Tbody(body),
        ],
    )
