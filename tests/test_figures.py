"""Figure functions, tested by their properties (trace names, values, axis ranges)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.figures import make_investment_figure, make_trade_figure
from dashboard.figures.trade import line_values, trade_rows
from dashboard.filters import Filters


def _sources(**published):
    return pd.DataFrame(
        [
            {
                "source_id": k,
                "publisher": f"Pub {k}",
                "title": "t",
                "url": "https://x",
                "published": v,
                "accessed": "2026-11-29",
                "licence": "l",
                "note": "",
            }
            for k, v in published.items()
        ]
    )


def _trade(rows):
    cols = [
        "country",
        "year",
        "period",
        "flow",
        "value_usd",
        "qualifier",
        "reporter",
        "source_id",
        "quote",
        "note",
    ]
    return pd.DataFrame([dict(zip(cols, r, strict=True)) for r in rows])


FIXTURE = _trade(
    [
        ("AZE", 2016, "FY", "turnover", 100.0, "exact", "china", "a", "q", ""),
        ("AZE", 2018, "FY", "turnover", 300.0, "exact", "china", "a", "q", ""),
        ("AZE", 2018, "FY", "turnover", 310.0, "exact", "china", "b", "q", ""),
        ("AZE", 2018, "M01-M06", "turnover", 150.0, "exact", "china", "a", "q", ""),
        ("GEO", 2017, "FY", "turnover", 50.0, "exact", "partner", "a", "q", ""),
    ]
)
SOURCES = _sources(a="2019-01-01", b="2020-05-01")


def test_trade_one_trace_per_country_with_gaps_not_joined():
    f = Filters(years=(2015, 2019), countries=("AZE",), reporter="china")
    fig = make_trade_figure(FIXTURE, SOURCES, f)
    main = [t for t in fig.data if t.name == "Azerbaijan"]
    assert len(main) == 1
    ys = dict(zip(main[0].x, main[0].y, strict=True))
    assert ys[2016] == 100.0
    assert ys[2017] is None or math.isnan(ys[2017])  # gap: no source for 2017
    assert ys[2018] == 310.0  # the most recently published source carries the line
    assert main[0].connectgaps is False
    others = [t for t in fig.data if t.name == "Azerbaijan: other published value"]
    assert list(others[0].y) == [300.0]  # the other value stays visible


def test_partial_periods_never_on_annual_line():
    rows = trade_rows(FIXTURE, Filters(years=(2015, 2019), countries=("AZE",)))
    assert set(rows["period"]) == {"FY"}
    assert 150.0 not in rows["value_usd"].tolist()


def test_x_axis_follows_year_filter():
    fig = make_trade_figure(FIXTURE, SOURCES, Filters(years=(2016, 2018), countries=("AZE",)))
    assert tuple(fig.layout.xaxis.range) == (2015.5, 2018.5)


def test_reporter_switch_selects_rows():
    f = Filters(years=(2015, 2019), countries=("AZE", "GEO"), reporter="partner")
    fig = make_trade_figure(FIXTURE, SOURCES, f)
    assert [t.name for t in fig.data] == ["Georgia"]


def test_both_reporters_are_separate_traces():
    f = Filters(years=(2015, 2019), countries=("AZE", "GEO"), reporter="both")
    names = [t.name for t in make_trade_figure(FIXTURE, SOURCES, f).data]
    assert "Azerbaijan (China)" in names and "Georgia (partner)" in names


def test_sources_line_names_publishers_of_rows_shown():
    fig = make_trade_figure(FIXTURE, SOURCES, Filters(years=(2015, 2019), countries=("AZE",)))
    text = next(a.text for a in fig.layout.annotations if a.name == "sources")
    assert "Pub a (2019)" in text and "Pub b (2020)" in text


@pytest.mark.parametrize("countries", [(), ("TKM",)])
def test_no_data_message_instead_of_empty_axes(countries):
    fig = make_trade_figure(FIXTURE, SOURCES, Filters(countries=countries))
    assert len(fig.data) == 0
    msg = next(a.text for a in fig.layout.annotations if a.name == "no-data")
    assert "No countries selected" in msg or "No data" in msg


def test_line_values_keeps_one_per_year():
    ranked = line_values(
        trade_rows(FIXTURE, Filters(years=(2015, 2019), countries=("AZE",))), SOURCES
    )
    assert (~ranked["other"]).sum() == 2  # 2016 and 2018


def test_figures_do_not_share_layout_objects():
    f = Filters(years=(2015, 2019), countries=("AZE",))
    a = make_trade_figure(FIXTURE, SOURCES, f)
    a.layout.xaxis.range = (0, 1)
    b = make_trade_figure(FIXTURE, SOURCES, f)
    assert tuple(b.layout.xaxis.range) == (2014.5, 2019.5)


def test_investment_only_the_chosen_measure(bundle):
    f = Filters(years=(2005, 2025), countries=("AZE", "KAZ", "GEO"), measure="loan")
    fig = make_investment_figure(bundle.investment, bundle.sources, f)
    shown = sum(len(t.x) for t in fig.data)
    loans = bundle.investment[
        (bundle.investment.measure == "loan")
        & (bundle.investment.direction == "china_to_partner")
        & bundle.investment.country.isin(f.countries)
    ]
    distinct = loans.drop_duplicates(["country", "year", "value_usd", "project", "investor"])
    assert shown == len(distinct) > 0
    assert "Loans" in fig.layout.title.text
