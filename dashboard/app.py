"""The application factory."""

from __future__ import annotations

import logging
from functools import partial

from dash import Dash
from flask import jsonify

from .config import ASSETS_DIR, Settings
from .data import DataBundle, DataStore
from .data.cache import load_bundle_cached
from .web.callbacks import register_callbacks
from .web.downloads import register_downloads
from .web.guards import register_callback_guard
from .web.language import register_language, request_language
from .web.layout import build_layout
from .web.plotly_js import install_plotly_bundle
from .web.preload import install_preloads
from .web.security import install_security_headers
from .web.upload_ui import register_upload_callbacks

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, data: DataBundle | None = None) -> Dash:
    """Build a new Dash app. Loads and validates the data (raising DataError) unless given.

    Everything the page needs is served from this process: Dash's own JS bundles
    (serve_locally), assets/ (CSS, the topojson basemap). No CDN, tiles or tokens.
    """
    settings = settings or Settings()
    load = partial(load_bundle_cached, cache_dir=settings.cache_dir)
    bundle = data if data is not None else load(settings.data_dir)
    store = DataStore(bundle, interval=settings.reload_interval, loader=load)
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        assets_ignore=r"^plotly-dashboard\.min\.js$",  # served on request (plotly_js.py)
        serve_locally=True,
        compress=settings.compress,
        title="Middle Corridor dashboard",
        update_title=None,
        suppress_callback_exceptions=False,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.server.config["MAX_CONTENT_LENGTH"] = 12 * 1024 * 1024
    topojson_url = app.get_asset_url("topojson/")

    def layout():
        # Built once per data bundle and language, then reused: Dash asks for the layout when
        # it is set, on its first request and on every page load, and the page (with the
        # claims checker's verdicts) depends only on the data and the language. Dash only
        # serialises it, never changes it.
        bundle, lang = store.get(), request_language()
        key = (build_layout, topojson_url, lang)
        return bundle.memo.get(key, lambda: build_layout(bundle, topojson_url, lang))

    app.layout = layout
    register_callbacks(app, store, topojson_url)
    register_upload_callbacks(app, store)
    register_language(app)  # ?lang= / cookie / Accept-Language; the picker reloads the page
    register_callback_guard(app)  # malformed callback requests: 400, not a 500
    app.server.extensions["data_store"] = store
    register_downloads(app.server, store)
    install_security_headers(app)
    install_plotly_bundle(app)
    install_preloads(app, topojson_url)

    @app.server.route("/healthz")
    def healthz():
        current = store.get()
        return jsonify(
            status="ok",
            data_dir=current.data_dir,
            rows={name: len(df) for name, df in current.tables.items()},
            last_reload_error=None if store.last_error is None else len(store.last_error.problems),
        )

    return app
