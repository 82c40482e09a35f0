"""Which language a page is built in, and the picker that changes it.

The URL's `lang` is the view's language like any other setting (Filters.lang). The page's
static text (labels, tabs, notes) is built once per page load by build_layout, so a change of
language reloads the page; the figures follow the URL like every other panel.

Order of choice for a page load (documented in README "Languages"):
    1. `?lang=` in the URL (a shared link opens in its language);
    2. the language this browser last used here (a cookie set on every page load);
    3. the browser's Accept-Language (best match among LANGUAGES), else English.
A page request without `lang` whose choice is not English is redirected to the same URL with
`lang=` added, so the URL (the one source of truth for the view) always names the language.
Dash fetches the layout in a separate request that carries neither the page's query nor (with
Referrer-Policy: no-referrer) its URL, so build_layout reads the cookie the page load just set.
"""

from __future__ import annotations

from urllib.parse import urlencode

import flask
from dash import Dash, Input, Output, State, dcc, html

from ..i18n import LANGUAGE_NAMES, LANGUAGES, best_language
from . import ids

COOKIE = "dashboard_lang"


def _valid(lang) -> str | None:
    return lang if lang in LANGUAGES else None


def request_language() -> str:
    """The language for the current request (cookie, then Accept-Language); 'en' outside one."""
    if not flask.has_request_context():
        return LANGUAGES[0]
    req = flask.request
    return (
        _valid(req.args.get("lang"))
        or _valid(req.cookies.get(COOKIE))
        or best_language(req.accept_languages)
    )


def language_picker(lang: str, label: str) -> html.Div:
    """The labelled language dropdown for the masthead (each language named in itself)."""
    return html.Div(
        className="control lang-control",
        children=[
            html.Label(label, htmlFor=ids.LANG),
            dcc.Dropdown(
                id=ids.LANG,
                options=[{"label": LANGUAGE_NAMES[code], "value": code} for code in LANGUAGES],
                value=lang,
                clearable=False,
                searchable=False,
            ),
            dcc.Store(id=ids.PAGE_LANG, data=lang),
        ],
    )


# The URL changed (picker, back/forward): reload when it names another language than the one
# the page was built in; remember the choice so a URL without `lang` (English) stays English.
RELOAD_JS = (
    """
function(search, rendered) {
    var want = new URLSearchParams(search || "").get("lang") || "%(default)s";
    var known = %(known)s;
    if (known.indexOf(want) >= 0 && want !== rendered) {
        document.cookie = "%(cookie)s=" + want + "; path=/; SameSite=Strict; max-age=31536000";
        window.location.reload();
    } else if (rendered) {
        document.documentElement.lang = rendered;
    }
    return window.dash_clientside.no_update;
}
""".replace("%(default)s", LANGUAGES[0])
    .replace("%(known)s", str(list(LANGUAGES)))
    .replace("%(cookie)s", COOKIE)
)


def register_language(app: Dash) -> None:
    """The page-load hooks (redirect to a URL naming the language, the cookie) and the reload."""
    page_path = app.config.routes_pathname_prefix

    @app.server.before_request
    def _name_the_language():
        req = flask.request
        if req.method != "GET" or req.path != page_path or _valid(req.args.get("lang")):
            return None
        lang = request_language()
        if lang == LANGUAGES[0]:
            return None
        args = [(k, v) for k, vs in req.args.lists() for v in vs if k != "lang"]
        query = urlencode([*args, ("lang", lang)], safe=",.")
        response = flask.redirect(f"{app.config.requests_pathname_prefix}?{query}", code=302)
        response.headers["Vary"] = "Accept-Language, Cookie"
        return response

    @app.server.after_request
    def _remember_the_language(response):
        req = flask.request
        if req.method == "GET" and req.path == page_path and response.status_code == 200:
            response.set_cookie(
                COOKIE, request_language(), max_age=365 * 24 * 3600, samesite="Strict"
            )
            response.headers["Vary"] = "Accept-Language, Cookie"
        return response

    # <html lang> from the first byte (screen readers, hyphenation, CJK font choice); the
    # clientside callback below keeps it right after a change without reload.
    interpolate = app.interpolate_index

    def interpolate_index(**kwargs) -> str:
        page = interpolate(**kwargs)
        return page.replace('<html lang="en">', f'<html lang="{request_language()}">', 1)

    app.interpolate_index = interpolate_index

    app.clientside_callback(
        RELOAD_JS,
        Output(ids.PAGE_LANG, "data"),
        Input(ids.URL, "search"),
        State(ids.PAGE_LANG, "data"),
    )
