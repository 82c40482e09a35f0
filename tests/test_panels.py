"""The analysts' panels: mirror gap, YoY, share, balance, volumes periods, events, deals,
table rows and headlines, on small fixtures where the right answer is worked out by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest
from test_figures import _sources, _trade

from dashboard.figures.common import MONEY_TITLES, event_rows, event_x
from dashboard.figures.investment import investment_rows, make_investment_figure
from dashboard.figures.trade import make_trade_figure, mirror_gap, series_values, transform
from dashboard.figures.volumes import make_volumes_figure, period_words, volume_rows
from dashboard.filters import Filters
from dashboard.schema import MEASURES
from dashboard.web import panels

SOURCES = _sources(a="2019-01-01", b="2020-05-01")
# Turnover, both reporters; the partner's 2017 figure is missing (a gap, not a zero).
TRADE = _trade(
    [
        ("AZE", 2015, "FY", "turnover", 100.0, "exact", "china", "a", "q", ""),
        ("AZE", 2016, "FY", "turnover", 150.0, "exact", "china", "a", "q", ""),
        ("AZE", 2017, "FY", "turnover", 120.0, "exact", "china", "a", "q", ""),
        ("AZE", 2015, "FY", "turnover", 80.0, "exact", "partner", "b", "q", ""),
        ("AZE", 2016, "FY", "turnover", 90.0, "exact", "partner", "b", "q", ""),
        ("GEO", 2015, "FY", "turnover", 300.0, "exact", "china", "a", "q", ""),
        ("GEO", 2016, "FY", "turnover", 350.0, "exact", "china", "a", "q", ""),
        ("AZE", 2016, "FY", "partner_exports", 40.0, "exact", "china", "a", "q", ""),
        ("AZE", 2016, "FY", "partner_imports", 110.0, "exact", "china", "a", "q", ""),
        ("AZE", 2016, "M01-M06", "turnover", 70.0, "exact", "china", "a", "q", ""),
    ]
)
F = Filters(years=(2015, 2017), countries=("AZE", "GEO"), events="off")


MONEY_SCALES = {title: scale for scale, title in MONEY_TITLES.items()}  # axis title -> divisor


def _trace(fig, name, meta=None):
    return next(t for t in fig.data if t.name == name and (meta is None or t.meta == meta))


def test_mirror_gap_is_china_minus_partner_where_both_exist():
    f = Filters(years=(2015, 2017), countries=("AZE",), reporter="both", events="off")
    gap = mirror_gap(series_values(TRADE, SOURCES, f))
    assert gap.set_index("year")["gap"].to_dict() == {2015: 20.0, 2016: 60.0}
    fig = make_trade_figure(TRADE, SOURCES, f)
    bars = _trace(fig, "Azerbaijan: China's figure − partner's")
    china, partner = _trace(fig, "Azerbaijan (China)"), _trace(fig, "Azerbaijan (partner)")
    assert list(bars.x) == [2015, 2016]
    assert list(bars.y) == [c - p for c, p in zip(china.y[:2], partner.y[:2], strict=True)]
    assert partner.y[2] is None and partner.connectgaps is False  # 2017: a gap, not a zero


def test_year_on_year_change_only_between_consecutive_years():
    f = Filters(years=(2015, 2017), countries=("AZE",), mode="yoy", events="off")
    y = transform(series_values(TRADE, SOURCES, f), f).set_index("year")["y"]
    assert y[2016] == pytest.approx(50.0) and y[2017] == pytest.approx(-20.0)
    assert 2015 not in y.index
    fig = make_trade_figure(TRADE, SOURCES, f)
    assert fig.layout.yaxis.ticksuffix == "%"


def test_share_of_the_selection_only_where_every_country_reports():
    f = Filters(years=(2015, 2017), countries=("AZE", "GEO"), mode="share", events="off")
    out = transform(series_values(TRADE, SOURCES, f), f)
    got = out.set_index(["country", "year"])["y"].to_dict()
    assert got[("AZE", 2015)] == pytest.approx(25.0) and got[("GEO", 2015)] == pytest.approx(75.0)
    assert got[("AZE", 2016)] == pytest.approx(30.0)
    assert ("AZE", 2017) not in got  # GEO has no 2017 figure: no share that year
    for year in (2015, 2016):
        assert out[out["year"] == year]["y"].sum() == pytest.approx(100.0)


def test_balance_is_exports_minus_imports_and_never_logged():
    f = Filters(years=(2015, 2017), countries=("AZE",), flow="balance", scale="log", events="off")
    values = series_values(TRADE, SOURCES, f)
    assert values.set_index("year")["usd"].to_dict() == {2016: -70.0}
    fig = make_trade_figure(TRADE, SOURCES, f)
    assert fig.layout.yaxis.type != "log"
    assert "Log scale not used" in fig.layout.title.text


def test_log_scale_and_partial_periods_kept_off_the_annual_line():
    f = Filters(years=(2015, 2017), countries=("AZE",), scale="log", events="off")
    fig = make_trade_figure(TRADE, SOURCES, f)
    assert fig.layout.yaxis.type == "log"
    assert 70.0 not in [v for t in fig.data for v in (t.y or []) if v is not None]


VOLUMES = pd.DataFrame(
    [
        ("titr_cargo", "Trans-Caspian route", 2022, "FY", "tonnes", 1.5e6, "exact", "actual", "a"),
        ("titr_cargo", "Trans-Caspian route", 2023, "FY", "tonnes", 2.7e6, "exact", "actual", "a"),
        (
            "titr_cargo",
            "Trans-Caspian route",
            2024,
            "M01-M07",
            "tonnes",
            2.5e6,
            "exact",
            "actual",
            "a",
        ),
        (
            "titr_cargo",
            "Trans-Caspian route",
            2024,
            "FY",
            "tonnes",
            4.2e6,
            "exact",
            "forecast",
            "b",
        ),
        (
            "titr_containers",
            "Trans-Caspian route",
            2023,
            "FY",
            "teu",
            20000,
            "exact",
            "actual",
            "a",
        ),
        (
            "forecast_azerbaijan_route",
            "Azerbaijani route",
            2020,
            "FY",
            "containers",
            300000,
            "range_low",
            "forecast",
            "b",
        ),
        (
            "forecast_azerbaijan_route",
            "Azerbaijani route",
            2020,
            "FY",
            "containers",
            400000,
            "range_high",
            "forecast",
            "b",
        ),
    ],
    columns=[
        "series",
        "location",
        "year",
        "period",
        "unit",
        "value",
        "qualifier",
        "kind",
        "source_id",
    ],
).assign(quote="q", note="")


def test_volumes_partial_periods_and_forecasts_are_not_on_the_line():
    f = Filters(years=(2020, 2024), unit="tonnes", events="off")
    fig = make_volumes_figure(VOLUMES, SOURCES, f)
    # drawn in millions, as the axis title says; the hover gives the exact figure
    assert fig.layout.yaxis.title.text == "tonnes, millions"
    line = _trace(fig, "Trans-Caspian route cargo", "actual")
    assert dict(zip(line.x, line.y, strict=True)) == {
        2020: None,
        2021: None,
        2022: 1.5,
        2023: 2.7,
        2024: None,
    }
    assert [c[3] for c in line.customdata] == ["", "", "1,500,000", "2,700,000", ""]
    partial = _trace(fig, "Trans-Caspian route cargo", "part-year")
    assert list(partial.y) == [2.5] and partial.mode == "markers"
    assert partial.customdata[0][1] == "Jan–Jul"
    forecast = _trace(fig, "Trans-Caspian route cargo", "forecast")
    assert list(forecast.y) == [4.2]
    assert all(t.yaxis in (None, "y") for t in fig.data)  # one unit, one axis
    assert [t.showlegend for t in fig.data if t.legendgroup == "titr_cargo"] == [True, False, False]


def test_container_forecast_drawn_against_teu_with_the_unit_difference_stated():
    f = Filters(years=(2015, 2024), unit="teu", events="off")
    fig = make_volumes_figure(VOLUMES, SOURCES, f)
    rng = next(t for t in fig.data if t.meta == "forecast-range")
    scale = {"TEU, millions": 1e6, "TEU, thousands": 1e3}[fig.layout.yaxis.title.text]
    assert [v * scale for v in rng.y] == [300000]
    assert [v * scale for v in rng.error_y.array] == [100000]
    assert rng.customdata[0][0] == "300,000–400,000"
    assert "not TEU" in rng.name
    assert "CONTAINERS" in fig.layout.title.text
    units = {t.name for t in fig.data}
    assert "Trans-Caspian route containers" in units


def test_period_words():
    assert period_words("FY") == "full year"
    assert period_words("M01-M09") == "Jan–Sep"


def test_investment_measures_are_never_combined(bundle):
    f = Filters(years=(2005, 2025), countries=("KAZ", "AZE", "GEO", "UZB"), events="off")
    for measure in MEASURES:
        g = Filters(**{**f.__dict__, "measure": measure})
        rows = investment_rows(bundle.investment, g)
        assert set(rows["measure"]) <= {measure}
        fig = make_investment_figure(bundle.investment, bundle.sources, g)
        scale = MONEY_SCALES[fig.layout.yaxis.title.text] if len(fig.data) else 1.0
        plotted = sorted(
            v * scale
            for t in fig.data
            if t.meta != "events"
            for v in (t.y or [])
            if v is not None  # a year without a source: a gap in the line
        )
        values = rows["value_usd"].tolist()  # every point is a published figure, none summed
        assert bool(plotted) == bool(values), (
            f"{measure}: rows but no points (or points but no rows)"
        )
        unused = list(values)  # each point uses up one published row: no row drawn twice
        for p in plotted:
            hit = next((v for v in unused if math.isclose(p, v, rel_tol=1e-9)), None)
            assert hit is not None, f"{measure}: {p} is no published value (a sum?)"
            unused.remove(hit)


def test_events_inside_the_year_range_and_chosen_categories_only(bundle):
    f = Filters(years=(2015, 2018), countries=("AZE", "GEO"), categories=("infrastructure",))
    rows = event_rows(bundle.events, f)
    assert not rows.empty
    assert rows["date"].str[:4].astype(int).between(2015, 2018).all()
    assert set(rows["category"]) == {"infrastructure"}
    fig = make_trade_figure(bundle.trade, bundle.sources, f, bundle.events)
    xs = [x for t in fig.data if t.meta == "events" for x in t.x]
    assert len(xs) == len(rows) and all(2015 <= x < 2019 for x in xs)
    off = Filters(**{**f.__dict__, "events": "off"})
    assert not [
        t
        for t in make_trade_figure(bundle.trade, bundle.sources, off, bundle.events).data
        if t.meta == "events"
    ]


def test_event_x_positions():
    assert event_x("2017-10-30") == pytest.approx(2017 + 9 / 12 + 29 / 365)
    assert event_x("2015") == 2015.0


def test_table_rows_are_the_chart_rows_with_sources(bundle):
    f = Filters(years=(2015, 2024), countries=("AZE", "GEO"), reporter="partner")
    rows = panels.table_rows(bundle, f, "trade")
    expected = bundle.trade[
        bundle.trade["country"].isin(["AZE", "GEO"])
        & bundle.trade["year"].between(2015, 2024)
        & (bundle.trade["period"] == "FY")
        & (bundle.trade["flow"] == "turnover")
        & (bundle.trade["reporter"] == "partner")
    ]
    assert len(rows) == len(expected) > 0
    assert rows["source_publisher"].str.len().gt(0).all()
    assert rows["source_url"].str.startswith("http").all()
    # every dataset: exactly the rows its chart's row function picks, each with its source
    g = replace(f, years=(2005, 2025), countries=("KAZ", "AZE", "GEO", "UZB"))
    expected = {
        "investment": investment_rows(bundle.investment, g),
        "volumes": volume_rows(bundle.volumes, g),
        "events": event_rows(bundle.events, replace(g, events="on")),
    }
    for dataset, want in expected.items():
        got = panels.table_rows(bundle, g, dataset)
        assert len(got) == len(want) > 0, dataset
        assert list(got["source_id"]) == list(want["source_id"]), dataset
        assert got["source_publisher"].str.len().gt(0).all(), dataset


def test_headline_turnover_is_the_sum_of_the_plotted_values(bundle):
    f = Filters(years=(2013, 2024), countries=("KAZ", "UZB"))
    items = panels.headlines(bundle, f)
    trade = items[0]
    values = series_values(bundle.trade, bundle.sources, f)
    main = values[~values["other"]]
    year = int(trade["detail"][:4])
    total = main[main["year"] == year]["usd"].sum()
    assert trade["value"] == f"${total / 1e9:,.2f} bn"
    assert set(main[main["year"] == year]["country"]) == {"KAZ", "UZB"}
    assert not math.isnan(total)
