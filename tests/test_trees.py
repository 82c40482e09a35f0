"""The page's HTML tables as whole expected trees (vizro-style asserts): a change of structure,
order, class or text anywhere fails, not only in the parts a property test looks at."""

from __future__ import annotations

import pandas as pd
from conftest import FakeBundle, assert_component_equal, investment_frame, source
from dash import html

from dashboard.filters import Filters
from dashboard.web.panels import deals_table, headline_cards
from dashboard.web.tables import DATA_TEXT, route_table

HEADS = ("Year", "Country", "Value", "Measure", "Financier", "Project", "Source")


def test_deals_table_tree():
    bundle = FakeBundle(
        investment=investment_frame(
            {
                "year": 2017,
                "value_usd": 6e8,
                "investor": "AIIB",
                "financier_kind": "multilateral_chinese_led",
                "project": "TAP",
            },
            {"year": 2019, "measure": "contract", "value_usd": 2.5e8, "source_id": "s2"},
            {"year": 2019, "measure": "fdi_flow", "value_usd": 9e8},  # not a deal
            {"year": 2019, "country": "GEO", "direction": "partner_to_china"},  # other direction
        ),  # fmt: skip
        sources_by_id={"s1": source("s1"), "s2": source("s2", url="")},
    )
    got = deals_table(bundle, Filters(countries=("AZE", "GEO"), years=(2013, 2024)))

    def row(year, value, measure, financier, project, publisher, url):
        return html.Tr(
            [
                html.Td(year),
                html.Td("AZE"),
                html.Td(value, className="num"),
                html.Td(measure),
                html.Td(financier),
                html.Td(project),
                html.Td(html.A(publisher, href=url)),
            ]
        )

    expected = html.Table(
        className="deals",
        children=[
            html.Caption("Loans, announced deals and contracts behind the numbers."),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in HEADS])),
            html.Tbody(
                [
                    row(
                        "2019",
                        "$250.0 m",
                        "Construction contracts won by Chinese firms",
                        "",
                        "",
                        "Publisher s2",
                        None,
                    ),
                    row(
                        "2017",
                        "$600.0 m",
                        "Loans from Chinese lenders and the AIIB",
                        "AIIB (multilateral bank, Chinese-led)",
                        "TAP",
                        "Publisher s1",
                        "https://example.org/s1",
                    ),
                ]
            ),  # fmt: skip
        ],
    )
    assert_component_equal(got, expected)


def test_deals_table_without_deals_says_so():
    bundle = FakeBundle(investment=investment_frame({"measure": "fdi_flow"}), sources_by_id={})
    assert_component_equal(
        deals_table(bundle, Filters()),
        html.P("No loans, deals or contracts for this selection.", className="summary"),
    )


def test_headline_cards_tree():
    items = [{"label": "Trade", "value": "$1.00 bn", "detail": "2024. Source: X"}]
    expected = [
        html.Div(
            className="headline",
            children=[
                html.Div("Trade", className="headline-label"),
                html.Div("$1.00 bn", className="headline-value"),
                html.Div("2024. Source: X", className="headline-detail"),
            ],
        )
    ]
    assert_component_equal(headline_cards(items), expected)


def test_route_table_tree():
    df = pd.DataFrame(
        [
            {"route": "middle", "name": "Middle", "start": "Xi'an", "end": "Istanbul",
             "length_km": 6123.4, "border_crossings": 3, "crossings": "KAZ→AZE",
             "transshipments": 2, "transshipment_places": "Aktau; Alat", "days_min": 12.0,
             "days_max": 18.0, "transit_claims": ["A: 12 days", "B: 18 days"]},
            {"route": "suez", "name": "Suez", "start": "Shanghai", "end": "Rotterdam",
             "length_km": 19000.0, "border_crossings": 0, "crossings": "", "transshipments": 0,
             "transshipment_places": "", "days_min": None, "days_max": None,
             "transit_claims": []},
        ]
    )  # fmt: skip
    got = route_table(df)

    def cell(n, words):
        return html.Td([f"{n}", html.Br(), html.Small(words, className=DATA_TEXT)])

    # issue 17: transit times left this table (compared like for like under the map)
    heads = ["Route", "From → to", "Length (km)", "Border crossings", "Transshipments"]
    body = [
        html.Tr(
            [
                html.Th(
                    "Middle Corridor",
                    scope="row",
                    title="Middle Corridor (via Kazakhstan, Caspian, Azerbaijan, Georgia)",
                ),
                html.Td("Xi'an → Istanbul", className=DATA_TEXT),
                html.Td("6,123", className="num"),
                cell(3, "KAZ→AZE"),
                cell(2, "Aktau; Alat"),
            ]
        ),
        html.Tr(
            [
                html.Th("Sea via Suez", scope="row", title="Sea route via Suez"),
                html.Td("Shanghai → Rotterdam", className=DATA_TEXT),
                html.Td("19,000", className="num"),
                cell(0, ""),
                cell(0, ""),
            ]
        ),
    ]
    expected_caption = got.children[0]  # the long caption: its text is checked in test_i18n
    expected = html.Table(
        className="route-table",
        children=[
            expected_caption,
            html.Thead(html.Tr([html.Th(h, scope="col") for h in heads])),
            html.Tbody(body),
        ],
    )
    assert_component_equal(got, expected)
    assert isinstance(expected_caption, html.Caption) and "below the map" in str(
        expected_caption.children
    )
