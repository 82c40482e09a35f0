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


# ------------------------------------------------------------------ volumes (issue 17, item 3)
def _vol(bundle, **kw):
    return make_volumes_figure(bundle.volumes, bundle.sources, Filters(**kw), bundle.events)


def test_every_series_has_its_own_colour_and_symbol_page_wide():
    from dashboard.figures.common import COUNTRY_STYLE_ORDER, country_style
    from dashboard.figures.volumes import SERIES_TITLES, series_style

    pairs = [(series_style(k)["color"], series_style(k)["symbol"]) for k in SERIES_TITLES]
    assert len(set(pairs)) == len(pairs)
    styles = [country_style(c) for c in COUNTRY_STYLE_ORDER]
    countries = {(st["color"], st["symbol"]) for st in styles}
    assert not countries & set(pairs)
    assert "#F0E442" not in {c for c, _s in pairs}  # yellow: too faint for a line


@pytest.mark.parametrize("unit", ["tonnes", "teu", "containers", "trains", "wagons"])
def test_volumes_default_shows_at_most_six_series_each_styled_once(bundle, unit):
    from dashboard.figures.volumes import shown_series

    fig = _vol(bundle, unit=unit, years=(2005, 2025))
    legend = [t for t in fig.data if t.showlegend is not False and t.legendgroup != "events"]
    groups = {t.legendgroup for t in fig.data if t.legendgroup not in (None, "events")}
    assert len(groups) <= 6
    assert len(shown_series(bundle.volumes, Filters(unit=unit))) <= 6
    styles = [(t.marker.color, t.marker.symbol) for t in legend if t.meta == "actual"]
    assert len(set(styles)) == len(styles)


def test_volumes_series_picker_is_honoured(bundle):
    f = Filters.from_query("?unit=tonnes&series=kuryk_port,btk_railway")[0]
    assert f.series == ("kuryk_port", "btk_railway")
    assert Filters.from_query(f.to_query())[0] == f
    fig = make_volumes_figure(bundle.volumes, bundle.sources, f)
    assert {t.legendgroup for t in fig.data} == {"kuryk_port", "btk_railway"}
    # a bad id falls back, a series of another unit draws the unit's default instead
    assert Filters.from_query("?series=Bad Id")[1] == ["series"]
    g = Filters(unit="trains", series=("kuryk_port",))
    assert {t.legendgroup for t in make_volumes_figure(bundle.volumes, bundle.sources, g).data}


def test_series_picker_and_url(bundle):
    from dashboard.web import panels

    options, value = panels.series_picker(bundle, "?unit=tonnes")
    assert len(value) == 6 and {o["value"] for o in options} >= set(value)
    assert len(options) > 6  # the rest can be picked
    # picking what is drawn changes nothing (the picker being set by the page)
    assert panels.pick_series(bundle, "?unit=tonnes", value) is None
    new = panels.pick_series(bundle, "?unit=tonnes", ["kuryk_port"])
    assert new == "?series=kuryk_port"
    # back to the default set: no parameter
    assert panels.pick_series(bundle, new, value) == ""
    # another control changing keeps the series in the URL
    values = panels.control_values(Filters(unit="tonnes"))
    _c, query, _n = panels.sync_state("?series=kuryk_port", values, "controls")
    assert "series=kuryk_port" in query


def _boxes(fig):
    from dashboard.figures.volumes import CHAR_PX, LABEL_PLOT_PX, LINE_PX

    x0, x1 = fig.layout.xaxis.range
    ys = [y for t in fig.data if t.meta != "events" for y in t.y if y is not None]
    lo, hi = min(0, min(ys)), max(ys)
    w, h = LABEL_PLOT_PX
    out = []
    for a in fig.layout.annotations:
        if a.name not in ("end-label", "promise-label"):
            continue
        px, py = (a.x - x0) / (x1 - x0) * w, (a.y - lo) / (hi - lo) * h
        width = CHAR_PX * len(a.text) + 4
        if a.name == "end-label":
            out.append((px - width, py + 4, px, py + 4 + LINE_PX))
        else:
            out.append((px + 6, py - LINE_PX / 2, px + 6 + width, py + LINE_PX / 2))
    return out


@pytest.mark.parametrize("unit", ["tonnes", "teu", "trains"])
def test_volumes_lines_labelled_at_their_ends_without_overlap(bundle, unit):
    fig = _vol(bundle, unit=unit, years=(2013, 2024))
    lines = {t.name: t for t in fig.data if t.meta == "actual"}
    ends = [a for a in fig.layout.annotations if a.name == "end-label"]
    assert ends and all(a.text in lines for a in ends)
    for a in ends:  # at the line's last year with a value, in its colour
        t = lines[a.text]
        last = max(x for x, y in zip(t.x, t.y, strict=True) if y is not None)
        assert a.x == last and a.font.color == t.line.color
    boxes = _boxes(fig)
    for i, b in enumerate(boxes):
        for o in boxes[i + 1 :]:
            assert not (b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3])


def test_capacities_and_targets_are_labelled(bundle):
    fig = _vol(bundle, unit="tonnes", years=(2013, 2024))
    words = {a.text for a in fig.layout.annotations if a.name == "promise-label"}
    assert "capacity" in words and words <= {"capacity", "target", "forecast"}


# ------------------------------------------------------------------ events (issue 17, item 4)
def _time_figures(bundle):
    f = Filters(years=(2013, 2024))
    yield make_trade_figure(bundle.trade, bundle.sources, f, bundle.events)
    yield make_trade_figure(bundle.trade, bundle.sources, Filters(reporter="both"), bundle.events)
    yield make_investment_figure(bundle.investment, bundle.sources, f, bundle.events)
    for unit in ("tonnes", "teu"):
        yield make_volumes_figure(bundle.volumes, bundle.sources, Filters(unit=unit), bundle.events)


def test_events_are_one_quiet_layer_with_a_key(bundle):
    from dashboard.figures.common import EVENT_COLOR, EVENT_SYMBOLS

    for fig in _time_figures(bundle):
        markers = [t for t in fig.data if t.meta == "events"]
        assert len(markers) == 1 and markers[0].showlegend is False
        colours = set(markers[0].marker.color)
        assert colours <= {EVENT_COLOR, "#555"}  # grey only: the data keeps the colour
        key = [t for t in fig.data if t.meta == "event-key"]
        drawn = {s for s in markers[0].marker.symbol}
        assert {t.marker.symbol for t in key} == drawn  # a key entry per symbol drawn
        assert {t.name for t in key} <= set(EVENT_SYMBOLS)
        assert {t.legendgroup for t in [*markers, *key]} == {"events"}


def test_a_few_key_events_are_labelled_without_overlap(bundle):
    f = Filters(years=(2013, 2024))
    fig = make_trade_figure(bundle.trade, bundle.sources, f, bundle.events)
    labels = [a for a in fig.layout.annotations if a.name == "event-label"]
    assert 3 <= len(labels) <= 6
    assert {"Ukraine war", "COVID-19"} <= {a.text for a in labels}
    px_per_year = 400 / (f.years[1] - f.years[0] + 1)  # the half-width chart's plot
    by_row: dict = {}
    for a in labels:
        w = (len(a.text) * 5.2 + 8) / px_per_year
        span = (a.x - w, a.x) if a.xanchor == "right" else (a.x, a.x + w)
        by_row.setdefault(a.y, []).append(span)
    for spans in by_row.values():
        assert all(p[1] < q[0] for p, q in itertools.pairwise(sorted(spans)))
    # switched off: no layer, no labels
    off = make_trade_figure(bundle.trade, bundle.sources, Filters(events="off"), bundle.events)
    assert not [t for t in off.data if str(t.meta).startswith("event")]
    assert not [a for a in off.layout.annotations if a.name == "event-label"]


def test_title_block_never_reaches_the_plot(bundle):
    """The events strip is the top of the plot: the margin above it holds the whole title
    block (title 20 px and 17 px per subtitle line, 28 px from the top)."""
    from dashboard.figures.common import title_block_px

    for fig in _time_figures(bundle):
        sub_lines = fig.layout.title.text.split("</b>", 1)[1].count("<br>")
        assert fig.layout.margin.t >= title_block_px(sub_lines)
        assert fig.layout.yaxis9.domain[1] == 1.0


def test_exports_leave_the_events_out(bundle):
    from dashboard.export import export_figure, panel_specs

    for name in ("trade", "investment", "volumes"):
        fig = export_figure(bundle, Filters(), panel_specs()[name])
        assert not [t for t in fig.data if str(t.meta).startswith("event")]


# ------------------------------------------------------------------ both reporters (item 5)
def test_both_reporters_chart_is_taller_and_the_gap_has_its_unit(bundle):
    from dashboard.figures.common import CHART_HEIGHT

    f = Filters(reporter="both", years=(2013, 2024))
    fig = make_trade_figure(bundle.trade, bundle.sources, f, bundle.events)
    assert fig.layout.height >= CHART_HEIGHT + 150
    assert fig.layout.yaxis2.title.text.replace("<br>", " ") == "Gap, US$ billion"
    one = make_trade_figure(bundle.trade, bundle.sources, Filters(), bundle.events)
    assert one.layout.height == CHART_HEIGHT


def test_a_tenfold_spread_suggests_log_or_share(bundle):
    f = Filters(years=(2013, 2024), countries=("KAZ", "AZE", "GEO"))
    text = make_trade_figure(bundle.trade, bundle.sources, f).layout.title.text
    assert "Log scale or Share (%)" in text
    log = Filters(years=(2013, 2024), countries=("KAZ", "AZE", "GEO"), scale="log")
    assert (
        "Log scale or Share (%)"
        not in make_trade_figure(bundle.trade, bundle.sources, log).layout.title.text
    )


# ------------------------------------------------------------------ smaller ones (item 9)
def test_log_ticks_print_whole_numbers(bundle):
    from dashboard.figures.common import log_ticks

    ticks = log_ticks([1.2, 43.8])
    assert ticks["tickvals"] == [1, 2, 5, 10, 20, 50]
    assert ticks["ticktext"] == ["1", "2", "5", "10", "20", "50"]
    assert log_ticks([0.3, 4])["ticktext"][:3] == ["0.2", "0.5", "1"]
    f = Filters(years=(2013, 2024), scale="log")
    fig = make_trade_figure(bundle.trade, bundle.sources, f, bundle.events)
    assert fig.layout.yaxis.type == "log" and "20" in fig.layout.yaxis.ticktext


def test_change_axis_has_a_zero_line(bundle):
    f = Filters(years=(2013, 2024), mode="yoy")
    axis = make_trade_figure(bundle.trade, bundle.sources, f).layout.yaxis
    assert axis.zeroline is True and axis.zerolinewidth >= 1.5


def test_deals_follow_the_chosen_measure(bundle):
    from dashboard.figures.investment import DEAL_MEASURES, deal_rows

    everything = Filters(years=(2005, 2025), countries=("KAZ", "AZE", "GEO", "UZB"))
    assert set(deal_rows(bundle.investment, everything)["measure"]) <= set(DEAL_MEASURES)
    for measure in DEAL_MEASURES:
        f = Filters(**{**everything.__dict__, "measure": measure})
        assert set(deal_rows(bundle.investment, f)["measure"]) <= {measure}
    loans = Filters(**{**everything.__dict__, "measure": "loan"})
    assert len(deal_rows(bundle.investment, loans)) < len(deal_rows(bundle.investment, everything))


def test_investment_legend_names_countries(bundle):
    f = Filters(years=(2013, 2024), countries=("GEO", "KAZ"))
    fig = make_investment_figure(bundle.investment, bundle.sources, f)
    assert {t.name for t in fig.data if t.meta in ("GEO", "KAZ")} == {"Georgia", "Kazakhstan"}
    ru = Filters(years=(2013, 2024), countries=("GEO",), lang="ru")
    names = {t.name for t in make_investment_figure(bundle.investment, bundle.sources, ru).data}
    assert "Грузия" in names


# ------------------------------------------------------------------ map (item 7)
def test_china_europe_view_colours_each_route_with_a_legend_entry(bundle):
    from dashboard.figures.map import ROUTE_COLORS, make_map_figure

    def lines(preset):
        f = Filters(years=(2013, 2024), preset=preset)
        fig = make_map_figure(bundle.network, bundle.sources_by_id, f, bundle.trade, bundle.volumes)
        return [t for t in fig.data if str(t.legendgroup).startswith("route:")]

    world = lines("world")
    routes = {t.legendgroup[6:] for t in world}
    assert routes >= {"middle", "northern", "southern", "suez"}
    for route in routes:  # one colour per route, one legend entry per route
        part = [t for t in world if t.legendgroup == f"route:{route}"]
        assert {t.line.color for t in part} == {ROUTE_COLORS[route]}
        assert sum(t.showlegend is not False for t in part) == 1
    assert len({ROUTE_COLORS[r] for r in routes}) == len(routes)
    assert lines("corridor") == []  # the corridor views keep colour by mode


def test_trade_legend_names_countries_in_the_page_language(bundle):
    f = Filters(years=(2015, 2024), countries=("GEO", "KAZ"), reporter="both")
    names = {t.name for t in make_trade_figure(bundle.trade, bundle.sources, f).data}
    assert {"Georgia (China)", "Kazakhstan (partner)"} <= names
    assert not any(n.startswith(("GEO", "KAZ")) for n in names), names
    ru = Filters(years=(2015, 2024), countries=("GEO",), lang="ru")
    assert "Грузия" in {t.name for t in make_trade_figure(bundle.trade, bundle.sources, ru).data}
