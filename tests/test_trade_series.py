"""The trade chart's line follows one official series where one exists (never hopping to news
quotes), names it in the hover, and the hover lists every published value of the year, both
reporters, with "no figure" where a reporter has none (issues 14 §1 and 17 item 2)."""

from __future__ import annotations

import math

from test_figures import _sources, _trade

from dashboard.figures import make_trade_figure
from dashboard.figures.trade import OFFICIAL_SERIES, line_values, series_key, trade_rows
from dashboard.filters import Filters

ROWS = _trade(
    [
        ("AZE", 2016, "FY", "turnover", 100.0, "exact", "china", "imf-imts-v1", "", ""),
        ("AZE", 2017, "FY", "turnover", 200.0, "exact", "china", "imf-imts-v1", "", ""),
        ("AZE", 2018, "FY", "turnover", 300.0, "exact", "china", "imf-imts-v1", "", ""),
        # a news quote published later than the dataset, and one for a year the dataset lacks
        ("AZE", 2018, "FY", "turnover", 310.0, "more_than", "china", "news", "", ""),
        ("AZE", 2019, "FY", "turnover", 400.0, "exact", "china", "news", "", ""),
        ("AZE", 2018, "FY", "turnover", 1300.0, "exact", "partner", "stat", "", ""),
        ("GEO", 2017, "FY", "turnover", 50.0, "exact", "china", "news", "", ""),
        ("GEO", 2018, "FY", "turnover", 60.0, "exact", "china", "old", "", ""),
    ]
)
SOURCES = _sources(**{"imf-imts-v1": "2020-01-01", "news": "2024-05-01", "stat": "", "old": ""})
SOURCES.loc[SOURCES["source_id"] == "imf-imts-v1", "publisher"] = "International Monetary Fund"


def _line(fig, name):
    return next(t for t in fig.data if t.meta == name and t.mode == "lines+markers")


def _ys(trace) -> dict:
    return {
        x: (None if y is None or math.isnan(y) else y)
        for x, y in zip(trace.x, trace.y, strict=True)
    }


def _hover(fig, name) -> dict:
    trace = _line(fig, name)
    return dict(zip(trace.x, trace.customdata, strict=True))


def test_series_keys_name_every_vintage_of_a_dataset():
    assert series_key("imf-imts-chn-2001-2024", "china") == "imf-imts"
    assert series_key("imf-imts-api-2026-12-02", "china") == "imf-imts"
    assert series_key("imf-imtsx", "china") == ""  # a prefix of a word is not the series
    assert series_key("un-comtrade-api-2026-12-02", "china") == ""  # Comtrade: partner side
    assert series_key("un-comtrade-api-2026-12-02", "partner") == "un-comtrade"
    assert series_key("geostat-trade-by-country-2026", "partner") == "geostat-trade"
    assert [s.reporter for s in OFFICIAL_SERIES] == ["china", "partner", "partner", "partner"]


def test_line_follows_the_dataset_and_never_hops_to_a_news_quote():
    f = Filters(years=(2015, 2020), countries=("AZE", "GEO"), reporter="china")
    fig = make_trade_figure(ROWS, SOURCES, f)
    aze = _ys(_line(fig, "AZE"))
    # 2018: the dataset's 300, not the later-published 310; 2019: a gap, not the news 400
    assert aze == {2015: None, 2016: 100.0, 2017: 200.0, 2018: 300.0, 2019: None, 2020: None}
    others = next(t for t in fig.data if t.name == "Azerbaijan: other published value")
    assert sorted(zip(others.x, others.y, strict=True)) == [(2018, 310.0), (2019, 400.0)]
    # without a dataset, the latest published value of each year carries the line
    assert _ys(_line(fig, "GEO"))[2017] == 50.0 and _ys(_line(fig, "GEO"))[2018] == 60.0


def test_line_values_names_the_series_per_country():
    ranked = line_values(
        trade_rows(ROWS, Filters(years=(2015, 2020), countries=("AZE", "GEO"))), SOURCES
    )
    on = ranked[~ranked["other"]]
    assert set(on[on["country"] == "AZE"]["series"]) == {"imf-imts"}
    assert set(on[on["country"] == "GEO"]["series"]) == {""}


def test_hover_names_the_series_and_lists_every_published_value():
    f = Filters(years=(2015, 2020), countries=("AZE", "GEO"), reporter="china")
    fig = make_trade_figure(ROWS, SOURCES, f)
    aze = _line(fig, "AZE")
    cd = _hover(fig, "AZE")
    assert cd[2018][3] == "Line: IMF IMTS (China's customs data)"
    listing = cd[2018][4]
    assert "China's customs: $300 (International Monetary Fund); more than $310 (Pub news)" in (
        listing
    )
    assert "partner's statistics: $1,300 (Pub stat)" in listing
    assert "partner's statistics: no figure" in cd[2017][4]
    assert "%{customdata[3]}" in aze.hovertemplate and "%{customdata[4]}" in aze.hovertemplate
    geo = _hover(fig, "GEO")
    assert geo[2017][3] == "Line: latest published figure of each year"


NO_CHINA_2018 = ROWS[~((ROWS["reporter"] == "china") & (ROWS["year"] == 2018))]


def test_partner_view_says_when_china_has_no_figure():
    f = Filters(years=(2015, 2020), countries=("AZE",), reporter="partner")
    cd = _hover(make_trade_figure(NO_CHINA_2018, SOURCES, f), "AZE")
    assert "China's customs: no figure" in cd[2018][4]
    assert "partner's statistics: $1,300 (Pub stat)" in cd[2018][4]


def test_hover_is_in_the_page_language():
    f = Filters(years=(2015, 2020), countries=("AZE",), reporter="partner", lang="ru")
    cd = _hover(make_trade_figure(NO_CHINA_2018, SOURCES, f), "AZE")
    assert "no figure" not in cd[2018][4] and "China's customs" not in cd[2018][4]
    assert "Line:" not in cd[2018][3] and cd[2018][3]


def test_default_view_draws_a_continuous_line_for_every_selected_country(bundle):
    f = Filters()  # the page's first view
    fig = make_trade_figure(bundle.trade, bundle.sources, f)
    years = range(f.years[0], f.years[1] + 1)
    for iso3 in f.countries:
        ys = _ys(_line(fig, iso3))
        assert all(ys[y] is not None for y in years), (iso3, ys)
    # and for all eight countries, China's side, over the IMF's whole span
    eight = Filters(
        years=(2001, 2024),
        countries=("KAZ", "UZB", "KGZ", "TJK", "TKM", "AZE", "GEO", "ARM"),
    )
    fig = make_trade_figure(bundle.trade, bundle.sources, eight)
    for iso3 in eight.countries:
        trace = _line(fig, iso3)
        assert all(v is not None for v in _ys(trace).values()), iso3
        assert {c[3] for c in trace.customdata} == {"Line: IMF IMTS (China's customs data)"}
