"""Rules every time chart keeps (issue 17), checked on figure properties over many views."""

from __future__ import annotations

import itertools

import pytest

from dashboard.figures import make_investment_figure, make_trade_figure
from dashboard.figures.volumes import make_volumes_figure
from dashboard.filters import Filters
from dashboard.schema import MEASURES


def _views():
    countries = [("KAZ", "AZE", "GEO"), ("GEO",), ("AZE", "GEO", "ARM"), ("KAZ", "UZB", "TKM")]
    years = [(2005, 2025), (2013, 2024)]
    for c, y in itertools.product(countries, years):
        for reporter, mode, flow in itertools.product(
            ("china", "partner", "both"), ("usd", "yoy", "share"), ("turnover", "balance")
        ):
            yield "trade", Filters(years=y, countries=c, reporter=reporter, mode=mode, flow=flow)
        for measure in MEASURES:
            yield "investment", Filters(years=y, countries=c, measure=measure)
    for unit in ("tonnes", "teu", "containers", "trains", "wagons"):
        yield "volumes", Filters(unit=unit, years=(2005, 2025))


def _figure(bundle, kind, f):
    if kind == "trade":
        return make_trade_figure(bundle.trade, bundle.sources, f, bundle.events)
    if kind == "investment":
        return make_investment_figure(bundle.investment, bundle.sources, f, bundle.events)
    return make_volumes_figure(bundle.volumes, bundle.sources, f, bundle.events)


def line_joins_across_gap(trace) -> list[tuple]:
    """(x0, x1) pairs a drawn line joins although the years between them have no value.

    A line is drawn between consecutive points of x; a year with no source must be in x with
    y None (plotly breaks the line there, connectgaps off), never left out."""
    if trace.type != "scatter" or "lines" not in (trace.mode or ""):
        return []
    if trace.connectgaps:
        return [("connectgaps", True)]
    points = list(zip(trace.x, trace.y, strict=True))
    joins = []
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if y0 is not None and y1 is not None and abs(float(x1) - float(x0)) > 1:
            joins.append((x0, x1))
        if float(x1) < float(x0):
            joins.append(("unsorted", x0, x1))
    return joins


def test_no_line_joins_across_a_year_without_data(bundle):
    checked = 0
    for kind, f in _views():
        fig = _figure(bundle, kind, f)
        for t in fig.data:
            assert not line_joins_across_gap(t), (kind, f.to_query(), t.name)
            checked += t.type == "scatter" and "lines" in (t.mode or "")
    assert checked > 100


def test_investment_georgia_fdi_has_gaps_between_2014_2017_2019(bundle):
    """The case the issue names: Georgia's FDI flows 2014, 2017, 2019 are three points, not
    one line through them."""
    f = Filters(years=(2013, 2024), countries=("GEO",), measure="fdi_flow")
    fig = make_investment_figure(bundle.investment, bundle.sources, f)
    line = next(t for t in fig.data if t.meta == "GEO")
    ys = dict(zip(line.x, line.y, strict=True))
    assert ys[2015] is None and ys[2016] is None and ys[2018] is None
    assert ys[2014] is not None and ys[2017] is not None and ys[2019] is not None


@pytest.mark.parametrize(
    "trace,expected",
    [
        ({"type": "scatter", "mode": "lines", "x": [1, 3], "y": [1, 2]}, [(1, 3)]),
        ({"type": "scatter", "mode": "lines", "x": [1, 2, 3], "y": [1, None, 2]}, []),
        ({"type": "scatter", "mode": "markers", "x": [1, 3], "y": [1, 2]}, []),
    ],
)
def test_the_gap_checker_itself(trace, expected):
    import plotly.graph_objects as go

    assert line_joins_across_gap(go.Scatter(**{k: v for k, v in trace.items() if k != "type"})) == (
        expected
    )
