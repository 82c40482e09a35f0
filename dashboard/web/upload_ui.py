"""Your own data in the browser: the upload section, its callbacks, and the template CSVs.

Data flow: dcc.Upload -> `handle_upload` (validates, dashboard/upload.py) -> a
dcc.Store(storage_type="memory") holding this page's rows as normalised CSV text. Nothing is
written to disk and nothing is shared between users: the rows live in the browser tab and come
back with each callback that lists the store as a State. Figure callbacks call
`bundle_with_user_data(store.get(), stored)`, which validates the stored text again (a client
can send anything) and returns the shipped bundle plus the user's rows.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from dash import Input, Output, State, ctx, dcc, html, no_update
from flask import Response, abort

from ..data import DataBundle, DataStore
from ..data.upload import MAX_BYTES, UPLOAD_TABLES, parse_upload, validate_upload_text
from ..i18n import known_language, translator
from ..schema import TABLE_BY_NAME
from . import ids

log = logging.getLogger(__name__)

# Base64 makes an upload 4/3 of the file; the JSON around it is small. Flask must accept it so
# that a file just over the limit gets our message rather than a bare 413.
REQUEST_LIMIT = MAX_BYTES * 4 // 3 + 1024 * 1024


def template_csv(table_name: str) -> str:
    """Header-only CSV for an uploadable table (the README documents each column)."""
    return ",".join(TABLE_BY_NAME[table_name].columns) + "\n"


def register_template_routes(server) -> None:
    """`/templates/<table>.csv` for trade, investment and volumes; 404 for anything else."""

    @server.route("/templates/<name>.csv")
    def upload_template(name: str):
        if name not in UPLOAD_TABLES:
            abort(404)
        return Response(
            template_csv(name),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={name}-template.csv"},
        )


def upload_store() -> dcc.Store:
    """This page's uploaded rows. Place it at the page's top level, outside any tab, so it
    keeps its data while tabs switch."""
    return dcc.Store(id=ids.UPLOAD_STORE, storage_type="memory")


def upload_section(with_store: bool = True, lang: str = "en") -> html.Section:
    """The layout fragment: upload box, clear button, message area, templates, and (unless
    the page places `upload_store()` itself) the store."""
    templates = [
        html.A(f"{name}.csv", href=f"/templates/{name}.csv", download=f"{name}-template.csv")
        for name in UPLOAD_TABLES
    ]
    _ = translator(lang)
    return html.Section(
        className="panel upload",
        **{"aria-label": _("Your own data")},
        children=[
            html.H2(_("Your own data"), className="upload-title"),
            dcc.Upload(
                id=ids.UPLOAD,
                accept=".csv,text/csv",
                multiple=False,
                max_size=-1,  # the server checks the size and says so; see upload.MAX_BYTES
                className="upload-box",
                children=html.Div(_("Drop a CSV here or click to choose a file")),
            ),
            html.Button(_("Remove my data"), id=ids.UPLOAD_CLEAR, n_clicks=0, type="button"),
            html.P(
                [
                    _(
                        "Trade, investment or volumes; UTF-8 CSV up to {size} MB. Shown on this "
                        "page only, marked as your upload; never saved. Templates:",
                        size=MAX_BYTES // 2**20,
                    )
                    + " ",
                    *_join(templates),
                ],
                className="summary",
            ),
            html.Div(id=ids.UPLOAD_MESSAGE, role="status", **{"aria-live": "polite"}),
            *([upload_store()] if with_store else []),
        ],
    )


def _join(links: list) -> list:
    out = []
    for i, link in enumerate(links):
        out += [", "] if i else []
        out.append(link)
    return out


def message_children(result, lang: str = "en") -> list:
    """The upload's message, its problems and the count of the rest (already in lang)."""
    _ = translator(lang)
    children = [html.P(result.message, className="upload-message")]
    if result.problems:
        children.append(html.Ul([html.Li(p) for p in result.problems], className="problems"))
    if result.n_more:
        children.append(html.P(_("... and {n} more problem(s).", n=result.n_more)))
    return children


def handle_upload(contents, filename, bundle: DataBundle, lang: str = "en") -> tuple:
    """(store data, message children in lang) for one upload. Never raises."""
    _ = translator(lang)
    try:
        countries = set(bundle.countries["iso3"])
        result = parse_upload(contents, filename, MAX_BYTES, countries, lang)
    except Exception:  # a bug must show a message, not a 500
        log.exception("upload failed")
        return None, [html.P(_("The file could not be read. Please check it and try again."))]
    stored = None
    if result.ok:
        stored = {"table": result.table_name, "filename": filename, "csv": result.text}
    return stored, message_children(result, lang)


def removed_message(lang: str = "en") -> list:
    _ = translator(lang)
    return [html.P(_("Your data was removed from this page."))]


@lru_cache(maxsize=8)
def _validated(text: str, filename: str, countries: frozenset[str]):
    return validate_upload_text(text, filename, countries)


def bundle_with_user_data(bundle: DataBundle, stored) -> DataBundle:
    """The bundle plus this page's uploaded rows; the bundle itself when there are none or
    the stored value is not a valid upload (it comes from the browser: never trusted)."""
    if not isinstance(stored, dict):
        return bundle
    text, filename = stored.get("csv"), stored.get("filename")
    if not isinstance(text, str) or not isinstance(filename, str) or len(text) > MAX_BYTES:
        return bundle
    try:
        result = _validated(text, filename, frozenset(bundle.countries["iso3"]))
        if not result.ok:
            return bundle
        return bundle.with_upload(result.table_name, result.frame, filename)
    except Exception:
        log.exception("stored upload could not be used")
        return bundle


def register_upload_callbacks(app, store: DataStore) -> None:
    """Upload -> store + message; Remove my data -> empty store. Registers the template
    routes and raises Flask's request limit to fit a MAX_BYTES file."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = max(
        server.config.get("MAX_CONTENT_LENGTH") or 0, REQUEST_LIMIT
    )
    register_template_routes(server)

    # Upload box / Remove button -> store + message (+ the box emptied, so the same file can
    # be chosen again after removing it)
    @app.callback(
        Output(ids.UPLOAD_STORE, "data"),
        Output(ids.UPLOAD_MESSAGE, "children"),
        Output(ids.UPLOAD, "contents"),
        Input(ids.UPLOAD, "contents"),
        Input(ids.UPLOAD_CLEAR, "n_clicks"),
        State(ids.UPLOAD, "filename"),
        State(ids.PAGE_LANG, "data"),  # the language the page was built in (language.py)
        prevent_initial_call=True,
    )
    def on_upload(contents, _clicks, filename, lang):
        lang = known_language(lang)  # the client can send anything
        if ctx.triggered_id == ids.UPLOAD_CLEAR or contents is None:
            return None, removed_message(lang), None
        stored, message = handle_upload(contents, filename, store.get(), lang)
        return stored, message, no_update
