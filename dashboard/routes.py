"""Route comparison: Middle Corridor vs the Northern route, the route via Iran and the sea.

Lengths, border crossings and transshipments come from the route geometry computed once at load
(geo.Network.paths: one explicit chain of nodes per route). Transit times are the published
claims in transit.csv, each with the endpoints its source names (origin, destination) and its
scope, and they are compared like for like only:
- hub_to_hub claims (a named China hub to a named European hub) are listed per origin and
  destination; routes are set side by side only on the same origin and destination;
- claims without named endpoints, and partial or other trips, are rows of their own, each
  labelled with its endpoints (its legs);
- no range is ever made across claims of different endpoints, and nothing is averaged.
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
    "transit_claims",
]
SCOPE_WORDS = {
    "hub_to_hub": N_("China hub to European hub, both named: compared on the same endpoints only."),
    "unnamed_endpoints": N_("China to Europe, an endpoint not named: not compared."),
    "other_trip": N_(
        "Part of the way or another trip (each with its own endpoints): not compared."
    ),
}
TRANSIT_COLUMNS = ["scope", "origin", "destination", "route", "days", "claims", "routes_on_pair"]


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
                "transit_claims": _claims(claims, sources_by_id),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _days_text(days_min, days_max, qualifier, _=str) -> str:
    if days_min is None or pd.isna(days_min):
        return _("less than {max} days", max=int(days_max))
    lo, hi = int(days_min), int(days_max)
    text = _("{min}–{max} days", min=lo, max=hi) if lo != hi else _("{n} days", n=lo)
    return _("about {value}", value=text) if qualifier == "about" else text


def transit_comparison(transit: pd.DataFrame, sources_by_id: dict, lang: str = "en"):
    """One row per published claim: scope, origin, destination, route, days (as published),
    its source, and how many routes have a claim on the same origin and destination (a
    like-for-like comparison exists only where that is 2 or more). Sorted by scope, then
    endpoints, then route."""
    _ = translator(lang)
    order = {k: i for i, k in enumerate(SCOPE_WORDS)}
    route_order = {k: i for i, k in enumerate(ROUTE_NAMES)}
    pairs = transit.groupby(["origin", "destination"])["route"].nunique().to_dict()
    rows = []
    for r in transit.itertuples():
        src = sources_by_id.get(r.source_id, {})
        year = str(src.get("published") or "")[:4]
        rows.append(
            {
                "scope": r.scope,
                "origin": r.origin,
                "destination": r.destination,
                "route": r.route,
                "days": _days_text(r.days_min, r.days_max, r.qualifier, _),
                "claims": src.get("publisher", r.source_id) + (f" ({year})" if year else ""),
                "quote": r.quote,
                "routes_on_pair": pairs[(r.origin, r.destination)],
                "_sort": (
                    order.get(r.scope, 9),
                    r.origin,
                    r.destination,
                    route_order.get(r.route, 9),
                    r.days_max,
                ),
            }
        )
    rows.sort(key=lambda r: r.pop("_sort"))
    return pd.DataFrame(rows, columns=[*TRANSIT_COLUMNS, "quote"])


def _route_short(route: str, _) -> str:
    return _(ROUTE_SHORT[route]) if route in ROUTE_SHORT else route


ROUTE_SHORT = {
    "middle": N_("Middle Corridor"),
    "northern": N_("Northern route"),
    "southern": N_("Southern route"),
    "suez": N_("Sea via Suez"),
}


def route_table(df: pd.DataFrame, lang: str = "en") -> html.Table:
    """The routes' geometry as an accessible table (caption, column and row headers): short
    route names (the full one in the row header's title), numbers, and the places counted in
    small text. Place names are the data's own."""
    _ = translator(lang)
    heads = [
        _("Route"),
        _("From → to"),
        _("Length (km)"),
        _("Border crossings"),
        _("Transshipments"),
    ]
    body = []
    for row in df.itertuples():
        full = _(ROUTE_NAMES[row.route]) if row.route in ROUTE_NAMES else row.name
        body.append(
            html.Tr(
                [
                    html.Th(_route_short(row.route, _), scope="row", title=full),
                    html.Td(f"{row.start} → {row.end}", className=DATA_TEXT),
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
                ]
            )
        )
    return html.Table(
        className="route-table",
        children=[
            html.Caption(
                _(
                    "Routes from China to Europe as drawn on the map. Length: geodesic through "
                    "the route's nodes in the data (not surveyed track); border crossings and "
                    "transshipments (gauge breaks, changes of mode) counted from its segments. "
                    "Transit times: in the table below the map."
                )
            ),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
            html.Tbody(body),
        ],
    )


def transit_table(transit: pd.DataFrame, sources_by_id: dict, lang: str = "en") -> html.Div:
    """The published transit times, like for like: a table per scope (its heading says what
    is compared), a row per claim with its own endpoints, days as published and its source
    (the quote on hover). Where routes share an origin and destination the rows say so."""
    _ = translator(lang)
    df = transit_comparison(transit, sources_by_id, lang)
    heads = [_("From"), _("To"), _("Route"), _("Transit time (as published)"), _("Source")]
    parts = [
        html.H3(_("Published transit times, like for like"), className="transit-title"),
        html.P(
            _(
                "Each row is one published claim with the endpoints its source names. Routes "
                "are compared only on the same origin and destination; claims for part of the "
                "way or without named endpoints are listed apart and never make a route's "
                "range."
            ),
            className="summary",
        ),
    ]
    for scope, words in SCOPE_WORDS.items():
        rows = df[df["scope"] == scope]
        if scope == "hub_to_hub" and not (rows["routes_on_pair"] > 1).any():
            note = _("No origin and destination has claims for more than one route yet.")
        else:
            note = ""
        body = [
            html.Tr(
                [
                    html.Td(r.origin, className=DATA_TEXT),
                    html.Td(r.destination, className=DATA_TEXT),
                    html.Th(_route_short(r.route, _), scope="row"),
                    html.Td(
                        r.days
                        + (
                            " " + _("(same endpoints as the rows beside it)")
                            if scope == "hub_to_hub" and r.routes_on_pair > 1
                            else ""
                        ),
                        className="days",
                    ),
                    html.Td(r.claims, className=DATA_TEXT, title=r.quote),
                ]
            )
            for r in rows.itertuples()
        ]
        if not body:
            continue
        parts.append(
            html.Table(
                className="route-table transit-table",
                children=[
                    html.Caption(_(words) + (f" {note}" if note else "")),
                    html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
                    html.Tbody(body),
                ],
            )
        )
    return html.Div(parts)
