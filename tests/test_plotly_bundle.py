"""The partial plotly.js bundle (dashboard/plotly_js.py): the plotly package's version, every
trace type the figures use, served where dcc.Graph asks for plotly.js."""

from __future__ import annotations

import re

import pytest
from plotly.offline import get_plotlyjs_version
from test_figure_validity import URL, VIEWS

from dashboard.web import panels
from dashboard.web.plotly_js import BUNDLE, PLOTLY_JS, TRACE_TYPES

TEXT = BUNDLE.read_text(encoding="utf-8")


def test_the_bundle_is_the_plotly_packages_plotly_js_version():
    assert re.match(r"/\*! plotly\.js v(\S+),", TEXT)[1] == get_plotlyjs_version()


def test_the_bundle_registers_exactly_its_trace_types():
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', TEXT))
    assert registered == set(TRACE_TYPES)


@pytest.mark.slow
def test_every_figure_uses_only_trace_types_in_the_bundle(bundle):
    used = set()
    for f in VIEWS:
        for panel in ("map", "trade", "investment", "volumes"):
            fig = getattr(panels, f"{panel}_panel")(bundle, f, URL)[0]
            used |= {t.type for t in fig.data}
    assert used <= set(TRACE_TYPES)
    assert {"scatter", "bar", "scattergeo", "choropleth"} <= used  # the grid reaches them all


def test_served_at_dashs_plotly_url_compressed(client):
    assert client.get("/").status_code == 200
    plain = client.get("/" + PLOTLY_JS)
    assert plain.status_code == 200 and plain.data == BUNDLE.read_bytes()
    assert plain.mimetype == "application/javascript"
    zipped = client.get("/" + PLOTLY_JS, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and len(zipped.data) < len(plain.data) / 2
    page = client.get("/").get_data(as_text=True)
    assert BUNDLE.name not in page  # not a script of every page: dcc.Graph asks for it


def test_the_page_preloads_what_its_first_view_draws_with(client):
    def preloads(query: str) -> list[str]:
        page = client.get("/" + query).get_data(as_text=True)
        return re.findall(r'<link rel="preload" href="([^"]+)"', page)

    default = preloads("")
    assert default == ["/" + PLOTLY_JS, "/_dash-component-suites/dash/dcc/async-graph.js",
                       "/assets/topojson/world_50m.json"]  # fmt: skip
    for path in default:  # each is a file the server has
        assert client.get(path).status_code == 200
    assert preloads("?preset=world")[-1] == "/assets/topojson/world_110m.json"
    assert preloads("?tab=sources") == []  # no chart on that tab, nothing to preload
    assert preloads("?preset=<script>&tab=%00") == default  # anything invalid: the defaults
