"""HTTP downloads of the exact view, and the links the page shows for them.

    /download/<panel>.csv?<query>                     the rows the panel shows, with citations
    /download/<panel>.<png|svg|pdf>?<query>&image_scale=2
    /download/report.pdf?<query>                      one page per panel
    /download/view.html?<query>                       standalone, interactive, works offline

<query> is the page's own URL query (Filters vocabulary); a bad parameter falls back to its
default (named in the X-View-Fallback header), as on the page. The image scale is
`image_scale`, not `scale`: `scale=log` already means the chart's axis scale in the URL.
Errors answer 400/404/500 with one line of plain text, never a traceback; an image, PDF or
report the renderer pool cannot take now answers 503 with Retry-After (render_pool.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from dash import html
from flask import Flask, Response, request

from .. import export
from ..data import DataStore
from ..export import (
    ExportError,
    ExportUnavailable,
    RendererMissing,
    check_scale,
    renderer_missing,
)
from ..filters import Filters
from ..i18n import translator
from ..i18n.labels import PANEL_WORDS
from ..views import panel_specs, report_filename

log = logging.getLogger(__name__)

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
REPORT, VIEW = "report", "view"


@dataclass(frozen=True)
class Download:
    status: int
    body: bytes
    mimetype: str = "text/plain; charset=utf-8"
    filename: str | None = None
    fallback: tuple[str, ...] = ()
    retry_after: int | None = None  # 503: the image renderer is busy or restarting


def _error(status: int, message: str) -> Download:
    return Download(status, (message + "\n").encode("utf-8"))


def make_download(
    bundle, name: str, query: str, image_scale: str | None = None, base_url: str = ""
) -> Download:
    """What /download/<name>?<query> answers (no Flask here: the route only wraps it).
    base_url: the dashboard's address, for the view's URL printed on images and PDF pages."""
    name = name[:80]  # echoed in error messages; no real download name is longer
    stem, dot, ext = name.rpartition(".")
    specs = panel_specs()
    known = ", ".join([*(f"{p}.csv|png|svg|pdf" for p in specs), "report.pdf", "view.html"])
    if not dot or ext not in MIMETYPES:
        return _error(404, f"unknown download {name!r}; known: {known}")
    f, rejected = Filters.from_query(query)
    try:
        scale = check_scale(1 if image_scale is None else image_scale)
    except ExportError as exc:
        return _error(400, f"{name}: {exc}")
    if (stem, ext) in ((REPORT, "pdf"), (VIEW, "html")):
        panels = None  # every panel, in one file
    elif stem in specs and ext != "html":
        panels = [stem]
    else:
        return _error(404, f"unknown download {name!r}; known: {known}")
    try:
        ((filename, body),) = export.make(bundle, f, ext, panels, scale, base_url)
    except RendererMissing as exc:  # this machine cannot draw images: say what to install
        return _error(503, str(exc))
    except ExportUnavailable as exc:
        log.warning("download %s?%s refused for now: %s", name, query, exc)
        message = f"{name}: {exc} (retry after {exc.retry_after} s)\n"
        return Download(503, message.encode("utf-8"), retry_after=exc.retry_after)
    except ExportError as exc:
        log.warning("download %s?%s failed: %s", name, query, exc)
        return _error(500, f"{name}: {exc}")
    except Exception:  # a bug must reach the log, never the browser as a traceback
        log.exception("download %s?%s failed", name, query)
        return _error(500, f"{name}: the export failed; the error was logged on the server.")
    return Download(200, body, MIMETYPES[ext], filename, tuple(rejected))


def register_downloads(server: Flask, store: DataStore) -> None:
    """Add the /download/ routes to the app's Flask server; each request uses the current
    (last good) data from `store`."""

    def download(name: str):
        query = request.query_string.decode("utf-8", "replace")
        result = make_download(
            store.get(), name, query, request.args.get("image_scale"), request.url_root
        )
        headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
        if result.filename:
            headers["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        if result.fallback:
            headers["X-View-Fallback"] = ",".join(result.fallback)
        if result.retry_after is not None:
            headers["Retry-After"] = str(result.retry_after)
        # content_type, not mimetype: Flask would add a second "; charset=utf-8"
        return Response(result.body, result.status, headers, content_type=result.mimetype)

    server.add_url_rule("/download/<name>", "dashboard_download", download, methods=["GET"])


def download_href(name: str, f: Filters, prefix: str = "/") -> str:
    return f"{prefix}download/{name}{f.to_query()}"


PNG_SCALES = (1, 2, 4)  # 1,100 px wide at 1×: 2× for slides, 4× for print


def download_links(f: Filters, prefix: str = "/") -> html.Nav | html.Div:
    """Links to every download of the view `f`, for the page to show (and rebuild when the URL
    changes). `prefix` is the app's requests_pathname_prefix."""
    specs = panel_specs()
    _ = translator(f.lang)

    def named(spec) -> str:
        return _(PANEL_WORDS[spec.name]) if spec.name in PANEL_WORDS else spec.name

    def link(text: str, name: str, ext: str, spec=None, scale: int | None = None) -> html.A:
        target = report_filename(f, [spec] if spec else list(specs.values()), ext)
        href = download_href(name, f, prefix)
        if scale is not None:  # `scale` in the URL is the axis scale: images use image_scale
            href += ("&" if "?" in href else "?") + f"image_scale={scale}"
        return html.A(text, href=href, download=target)

    def pngs(n: str, s) -> html.Span:
        sizes = [link(f"{k}×", f"{n}.png", "png", s, k) for k in PNG_SCALES]
        return html.Span([f"{named(s)} ", *[x for a in sizes for x in (a, " ")][:-1]])

    def row(label: str, links: list) -> html.Li:
        items = [x for pair in zip([" · "] * len(links), links, strict=True) for x in pair][1:]
        return html.Li([_("{label}:", label=label) + " ", *items])

    nav = html.Nav(
        className="download-links",
        **{"aria-label": _("Downloads of this view")},
        children=html.Ul(
            [
                row(
                    _("Data (CSV)"),
                    [link(named(s), f"{n}.csv", "csv", s) for n, s in specs.items()],
                ),
                row(
                    _("Chart (PDF)"),
                    [link(named(s), f"{n}.pdf", "pdf", s) for n, s in specs.items()],
                ),
                row(
                    _("Chart (SVG)"),
                    [link(named(s), f"{n}.svg", "svg", s) for n, s in specs.items()],
                ),
                row(_("Chart (PNG, scale)"), [pngs(n, s) for n, s in specs.items()]),
                row(_("All charts"), [link(_("PDF report"), "report.pdf", "pdf")]),
                row(
                    _("This view, interactive, works offline"),
                    [link(_("HTML"), "view.html", "html")],
                ),
            ]
        ),
    )
    why = renderer_missing()
    if why is None:
        return nav
    # No Chromium (or kaleido) here: the image and PDF links would fail, so the page says why in
    # one sentence with the command that fixes it (operator words, in English like the CLI's).
    return html.Div([html.P(why, className="notice renderer-missing", lang="en"), nav])
