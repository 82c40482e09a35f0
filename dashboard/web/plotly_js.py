"""plotly.js with only the trace types the dashboard draws, served where Dash serves plotly.js.

dcc.Graph loads plotly.js from `<prefix>_dash-component-suites/plotly/package_data/plotly.min.js`
(serve_locally). The full bundle is 4.8 MB of JavaScript that the browser must download and
evaluate before the first chart: on this 2-core machine 0.7 s of main-thread time, most of a
page load. assets/vendor/plotly-dashboard.min.js (scripts/build_plotly_bundle.sh) is the same
plotly.js version with only scatter, bar, scattergeo and choropleth: 1.4 MB.

tests/test_plotly_bundle.py fails if a figure uses a trace type the bundle lacks or if the
bundle's version is not the plotly package's. Exports (kaleido images, the offline HTML page)
keep the full plotly.js.
"""

from __future__ import annotations

import gzip
from functools import cache

import flask
from dash import Dash

from ..config import ASSETS_DIR

BUNDLE = ASSETS_DIR / "vendor" / "plotly-dashboard.min.js"
TRACE_TYPES = ("scatter", "bar", "scattergeo", "choropleth")  # what the bundle registers
PLOTLY_JS = "_dash-component-suites/plotly/package_data/plotly.min.js"


def install_plotly_bundle(app: Dash) -> None:
    """Answer Dash's plotly.js URL with the partial bundle: read once, gzipped once (on the
    first request that accepts it, not at start-up and not on every page load as
    flask-compress would), cached by the browser for a day."""
    body = BUNDLE.read_bytes()
    path = app.config.requests_pathname_prefix + PLOTLY_JS
    gzipped = cache(lambda: gzip.compress(body, compresslevel=6))

    @app.server.before_request
    def _partial_plotly_js():
        if flask.request.path != path:
            return None
        response = flask.Response(body, mimetype="application/javascript")
        if "gzip" in flask.request.accept_encodings:
            response.set_data(gzipped())
            response.headers["Content-Encoding"] = "gzip"  # flask-compress leaves it alone
        response.vary.add("Accept-Encoding")
        response.cache_control.public = True
        response.cache_control.max_age = 24 * 3600
        return response
