"""HTML tables of the page, rendered from the data the views compute: the route comparison (the
deals and headline cards are in panels.py)."""

from __future__ import annotations

import pandas as pd
from dash import html

from ..i18n import number, translator
from ..i18n.labels import ROUTE_NAMES
from ..views.routes import days_text

# Class of the cells that show the data's own words (place names, quoted claims): not translated
# (tests/test_i18n.py skips them; the page says so once).
DATA_TEXT = "data-text"


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
                            days_text(row, _),
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
