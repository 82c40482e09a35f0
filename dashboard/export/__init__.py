"""Export of a view without the UI: one dispatch, `make(bundle, view, fmt, panels)`, used by the
/download/ routes (dashboard/downloads.py) and `python -m dashboard export` (dashboard/cli.py).

    formats.py  CSV with its citation block, kaleido images, the PDF report, offline HTML

The panels themselves (figures, rows, file names) are dashboard/views; nothing here imports Dash.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..data import DataBundle
from ..filters import Filters
from ..views import map_rows, panel_specs, report_filename, safe_filename
from .formats import (
    CHROMIUM_MISSING,
    FORMATS,
    IMAGE_FORMATS,
    IMAGE_WIDTH,
    SCALE_RANGE,
    ExportError,
    ExportUnavailable,
    RendererMissing,
    check_scale,
    export_csv,
    export_figure,
    export_html,
    export_images,
    for_export,
    geo_assets,
    neutralise,
    panel_images,
    pdf_report,
    read_export_csv,
    render,
    renderer_missing,
    resolve_panels,
)

# One file whatever the number of panels (a report with a page per panel, one HTML page);
# every other format is one file per panel.
SINGLE_FILE = ("pdf", "html")


def make(
    bundle: DataBundle,
    f: Filters,
    fmt: str,
    panels: Iterable[str] | None = None,
    scale: float = 1.0,
    base_url: str = "",
) -> list[tuple[str, bytes]]:
    """[(file name, bytes)] of the view in `fmt` for `panels` (default all, in page order).
    base_url: the dashboard's address, for the view's URL printed on images and PDF pages.
    ExportError (fit to show as it is) for an unknown format, panel or scale."""
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    specs = resolve_panels(panels)
    names = [s.name for s in specs]
    if fmt == "pdf":
        return [pdf_report(bundle, f, names, base_url)]
    if fmt == "html":
        return [(report_filename(f, specs, "html"), export_html(bundle, f, names).encode("utf-8"))]
    if fmt == "csv":
        return [export_csv(bundle, f, n) for n in names]
    return panel_images(bundle, f, names, fmt, scale, base_url)


__all__ = [
    "CHROMIUM_MISSING",
    "FORMATS",
    "IMAGE_FORMATS",
    "IMAGE_WIDTH",
    "SCALE_RANGE",
    "SINGLE_FILE",
    "ExportError",
    "ExportUnavailable",
    "RendererMissing",
    "check_scale",
    "export_csv",
    "export_figure",
    "export_html",
    "export_images",
    "for_export",
    "geo_assets",
    "make",
    "map_rows",
    "neutralise",
    "panel_images",
    "panel_specs",
    "pdf_report",
    "read_export_csv",
    "render",
    "renderer_missing",
    "report_filename",
    "resolve_panels",
    "safe_filename",
]
