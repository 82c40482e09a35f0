"""HTML tables of the page, rendered from the data the views compute: the route comparison (the
deals and headline cards are in panels.py)."""

from __future__ import annotations

import pandas as pd
from dash import html

from ..i18n import number, translator
from ..i18n.labels import ROUTE_NAMES
from ..views.routes import SCOPE_WORDS, route_short, transit_comparison

# Class of the cells that show the data's own words (place names, quoted claims): not translated
# (tests/test_i18n.py skips them; the page says so once).
DATA_TEXT = "data-text"


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
                    html.Th(route_short(row.route, _), scope="row", title=full),
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
                    html.Th(route_short(r.route, _), scope="row"),
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
