"""The trade index gives exactly the rows a full scan gives, and the charts built from it are the
same charts; the per-bundle memo returns what the builder returned and stays bounded."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.data import Memo
from dashboard.figures import make_trade_figure
from dashboard.figures.trade import trade_summary
from dashboard.filters import FOCUS_COUNTRIES, YEAR_MAX, YEAR_MIN, Filters
from dashboard.schema import REPORTERS, TRADE_FLOWS
from dashboard.web import panels

views = st.builds(
    lambda years, countries, reporter, flow, mode: Filters(
        years=tuple(sorted(years)),
        countries=tuple(countries),
        reporter=reporter,
        flow=flow,
        mode=mode,
    ),
    st.tuples(st.integers(YEAR_MIN, YEAR_MAX), st.integers(YEAR_MIN, YEAR_MAX)),
    st.lists(st.sampled_from(FOCUS_COUNTRIES), unique=True, max_size=8),
    st.sampled_from(REPORTERS + ("both",)),
    st.sampled_from((*TRADE_FLOWS, "balance")),
    st.sampled_from(("usd", "yoy", "share")),
)


def scan(trade: pd.DataFrame, f: Filters) -> pd.DataFrame:
    reporters = REPORTERS  # both always: the trade hover names the other side's figures
    flows = ("partner_exports", "partner_imports") if f.flow == "balance" else (f.flow,)
    mask = (
        trade["year"].between(*f.years)
        & trade["country"].isin(f.countries)
        & trade["reporter"].isin(reporters)
        & trade["flow"].isin(flows)
        & (trade["period"] == "FY")
    )
    return trade[mask]


@settings(max_examples=60, deadline=None)
@given(views)
def test_index_selects_what_a_scan_selects(bundle, f):
    rows, sources = panels.trade_view(bundle, f)
    pd.testing.assert_frame_equal(rows, scan(bundle.trade, f))
    # the rows' sources and the events' (for the event markers), nothing else
    cited = set(rows["source_id"]) | set(bundle.events["source_id"])
    assert set(sources["source_id"]) == cited


@settings(max_examples=25, deadline=None)
@given(views)
def test_chart_from_the_index_is_the_chart_from_the_whole_table(bundle, f):
    rows, sources = panels.trade_view(bundle, f)
    full = make_trade_figure(bundle.trade, bundle.sources, f, bundle.events)
    # compared as JSON: NaN gaps are equal there (null), unlike in Python lists
    assert make_trade_figure(rows, sources, f, bundle.events).to_json() == full.to_json()
    assert trade_summary(rows, sources, f) == trade_summary(bundle.trade, bundle.sources, f)


def test_partial_periods_are_selectable(bundle):
    partial = bundle.trade[bundle.trade["period"] != "FY"].iloc[0]
    got = bundle.trade_select(
        [partial.country], (partial.year, partial.year), REPORTERS, TRADE_FLOWS, [partial.period]
    )
    assert partial.name in got.index


def test_memo_returns_built_value_and_is_bounded():
    memo = Memo(maxsize=2)
    calls = []
    for key in ("a", "b", "a", "c", "b"):
        memo.get(key, lambda k=key: calls.append(k) or k.upper())
    # 'a' hit once; 'b' was evicted by 'c' (least recently used) and rebuilt
    assert calls == ["a", "b", "c", "b"]
    assert memo.get("c", lambda: "rebuilt") == "C"


def test_panel_result_is_reused_per_view(bundle):
    f = Filters(countries=("AZE",))
    first = panels.trade_panel(bundle, f, "/assets/topojson/")
    assert panels.trade_panel(bundle, f, "/assets/topojson/") is first
    assert panels.trade_panel(bundle, Filters(countries=("GEO",)), "/assets/topojson/") is not first
