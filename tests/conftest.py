"""Fixtures: the shipped data, fresh apps (Flask-tutorial style), a live server, a real browser."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.config import ROOT, Settings
from dashboard.data import load_bundle

DATA = ROOT / "data"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def bundle():
    return load_bundle(DATA)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break or change files."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


@pytest.fixture()
def app(bundle):
    return create_app(Settings(reload_interval=0), bundle)


@pytest.fixture()
def client(app):
    return app.server.test_client()


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture()
def live_server(app):
    with LiveServer(app) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Never a downloaded browser.

    Missing Chromium skips the browser tests locally, but FAILS when
    DASHBOARD_REQUIRE_BROWSER=1 (set by scripts/test.sh, hence by CI)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("DASHBOARD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and DASHBOARD_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture()
def page(browser, live_server):
    """A page on the live server that records every request leaving its origin and every
    console error, so each browser test can assert the app stayed offline and clean."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.foreign_requests = []
    pg.console_errors = []
    origin = live_server.url

    def on_request(req):
        if not req.url.startswith(origin) and not req.url.startswith("data:"):
            pg.foreign_requests.append(req.url)

    pg.on("request", on_request)
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    # Block anything that is not the test server: a CDN dependency must fail loudly.
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(origin) or route.request.url.startswith("data:")
            else route.abort()
        ),
    )
    pg.origin = origin
    yield pg
    context.close()


# ---------------------------------------------------------------- shared factories
def plain_tree(node):
    """A Dash component tree as plain JSON-like data (vizro's assert_component_equal idea)."""
    if hasattr(node, "to_plotly_json"):
        node = node.to_plotly_json()
    if isinstance(node, dict):
        return {k: plain_tree(v) for k, v in node.items()}
    if isinstance(node, list | tuple):
        return [plain_tree(v) for v in node]
    return node


def assert_component_equal(left, right) -> None:
    """Two component trees are the same: types, props and children, all the way down."""
    assert plain_tree(left) == plain_tree(right)


INVESTMENT_DEFAULTS = {
    "country": "AZE",
    "direction": "china_to_partner",
    "measure": "loan",
    "year": 2018,
    "period": None,
    "value_usd": 1.0e9,
    "qualifier": "exact",
    "investor": None,
    "financier_kind": None,
    "project": None,
    "source_id": "s1",
    "quote": "q",
    "note": None,
}


def investment_frame(*rows: dict):
    """investment.csv rows as the loader types them, each a dict of what differs from a loan."""
    import pandas as pd

    df = pd.DataFrame([{**INVESTMENT_DEFAULTS, **r} for r in rows])
    return df.astype({"year": "Int64", "value_usd": "float64"})


def source(source_id: str = "s1", **kw) -> dict:
    """One sources.csv row (as bundle.sources_by_id holds it)."""
    return {
        "publisher": f"Publisher {source_id}",
        "title": f"Title {source_id}",
        "url": f"https://example.org/{source_id}",
        "published": "2020",
        "accessed": "2026-01-01",
        "licence": "terms",
        "note": None,
        **kw,
    }


class FakeBundle:
    """Just the tables a view function reads (`FakeBundle(investment=..., sources_by_id=...)`)."""

    def __init__(self, **tables):
        self.__dict__.update(tables)
