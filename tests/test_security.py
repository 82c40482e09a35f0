"""Security headers on every response; the page still works under its Content Security Policy."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from dashboard.web import ids
from dashboard.web.security import STATIC_HEADERS

PATHS = ["/", "/healthz", "/_dash-layout", "/_dash-dependencies", "/assets/style.css"]


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_headers(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    for name, value in STATIC_HEADERS.items():
        assert resp.headers[name] == value
    csp = directives(resp.headers["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]


def test_error_responses_have_the_headers_too(client):
    resp = client.get("/no-such-file-anywhere.js")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in resp.headers


def test_each_inline_script_on_the_page_is_allowed_by_its_hash(client):
    resp = client.get("/")
    allowed = set(directives(resp.headers["Content-Security-Policy"])["script-src"])
    # Dash's IE warning sits in an <!--[if IE]> comment: no browser that reads CSP runs it
    html = re.sub(r"<!--.*?-->", "", resp.get_data(as_text=True), flags=re.S)
    inline = [
        body
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        if "src=" not in attrs and "application/json" not in attrs and body.strip()
    ]
    assert inline, "expected Dash's inline renderer start-up script"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_request_size_is_limited(app, client):
    limit = app.server.config["MAX_CONTENT_LENGTH"]  # 12 MB, raised to fit a 10 MB upload
    assert limit and limit < 16 * 1024 * 1024
    resp = client.post(
        "/_dash-update-component",
        data=b"x" * (limit + 1),
        headers={"Content-Type": "application/json"},
    )
    assert resp.status_code == 413


@pytest.mark.browser
def test_page_renders_under_the_policy_without_violations(page):
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(page.origin + "/")
    assert "script-src" in response.headers["content-security-policy"]
    page.wait_for_selector(
        f"#{ids.MAP} .geo .layer.countries path", state="attached", timeout=20000
    )
    page.wait_for_function(
        f"() => document.querySelectorAll('#{ids.MAP} .scattergeo path.js-line').length >= 2",
        timeout=20000,
    )
    for graph in (ids.TRADE, ids.INVESTMENT):
        page.wait_for_function(
            f"() => {{ const g = document.querySelector('#{graph} .js-plotly-plot');"
            " return g && g.querySelector('.trace'); }",
            timeout=20000,
        )
    # a filter change still round-trips through a callback under the policy
    page.goto(page.origin + "/?countries=UZB")
    page.wait_for_function(
        f"() => {{ const g = document.querySelector('#{ids.TRADE} .js-plotly-plot');"
        " return g && g.data && g.data.some(t => t.name === 'Uzbekistan'); }",
        timeout=20000,
    )
    assert page.evaluate("window.__cspViolations") == []
    assert page.console_errors == []
    assert page.foreign_requests == []
