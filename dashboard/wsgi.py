"""WSGI entry for a production server (gunicorn), built by a factory call at load time.

    gunicorn --workers 2 --threads 4 --preload --bind 127.0.0.1:8050 \
        'dashboard.wsgi:create_server()'

Importing this module loads no data; `create_server()` reads the DASHBOARD_* environment (the
same settings as `python -m dashboard serve`, host and port aside: gunicorn's --bind decides),
loads and validates the data once, and returns the Flask server. With --preload the data is
loaded once in gunicorn's master and shared by the forked workers. The app holds no per-user
state (the view lives in the URL and the browser), so any worker can answer any request.
"""

from __future__ import annotations

import logging

from flask import Flask

from .app import create_app
from .config import Settings

log = logging.getLogger(__name__)


def create_server(environ: dict | None = None) -> Flask:
    settings = Settings.resolve(environ=environ)
    if settings.debug:
        # Dash's debug tools only start with app.run(debug=True); a WSGI server never runs them.
        log.warning("DASHBOARD_DEBUG is ignored under a WSGI server: debug stays off")
    return create_app(settings).server
