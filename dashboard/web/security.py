"""Security headers on every response, with a Content Security Policy the page works under.

The page loads only from its own origin (Dash's scripts are served locally, the basemap comes
from assets/), so the policy can be strict:
- scripts: 'self' plus the sha256 of each inline script Dash writes (`app.csp_hashes()`: the
  renderer start-up and any clientside callbacks), never 'unsafe-inline' or 'unsafe-eval';
- styles: 'self' and 'unsafe-inline', because plotly.js and Dash's components set style
  attributes and plotly.js adds <style> elements at run time (styles cannot run code);
- images: 'self', data: and blob: (plotly's modebar icons and the PNG/SVG download);
- connect: 'self' (callbacks, the topojson basemap); no plugins, no framing, no base tag.
"""

from __future__ import annotations

from dash import Dash

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def content_security_policy(script_hashes: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def install_security_headers(app: Dash) -> None:
    """Add the headers to every response of app.server (pages, assets, callbacks, /healthz)."""
    policy: list[str] = []  # computed at the first response: every callback is registered by then

    @app.server.after_request
    def _headers(response):
        if not policy:
            policy.append(content_security_policy(list(app.csp_hashes())))
        response.headers["Content-Security-Policy"] = policy[0]
        for name, value in STATIC_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
