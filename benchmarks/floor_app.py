"""Dash's own floor: the smallest Dash app with one dcc.Graph, served like the dashboard.

Same server settings as the dashboard (scripts served locally, flask-compress on, debug off), so
the benchmark's ratios compare the dashboard with what any Dash page costs, not with a straw man.

    python benchmarks/floor_app.py --port 8051
"""

from __future__ import annotations

import argparse

import plotly.graph_objects as go
from dash import Dash, dcc, html


def create_floor_app() -> Dash:
    app = Dash(__name__, serve_locally=True, compress=True, title="floor", update_title=None)
    # A fixed three-point figure: the floor is about Dash + plotly.js, not about data.
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2], mode="lines+markers"))
    app.layout = html.Div([dcc.Graph(id="graph", figure=fig)])
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    create_floor_app().run(host=args.host, port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
