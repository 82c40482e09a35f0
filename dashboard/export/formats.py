"""The export formats of a view: the rows behind each panel as CSV, images (PNG/SVG/PDF), one
multi-page PDF report, and one standalone interactive HTML file that works offline.

The panels (their figures, rows, words and file names) come from dashboard/views; this module
only turns them into files. dashboard/export/__init__.py's `make()` is the one dispatch the
download routes and the command line call.

Images are drawn by kaleido in Debian's Chromium, never a downloaded browser: plotly.js comes
from the installed plotly package, MathJax is off (kaleido would fetch it from a CDN), and the
basemap is read from assets/topojson as a file:// URI.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from ..config import TOPOJSON_DIR
from ..data import DataBundle
from ..figures.common import MODEBAR_REMOVE
from ..filters import Filters
from ..i18n import N_, translator
from ..views import PanelError, PanelSpec, report_filename
from ..views import resolve_panels as _resolve_panels

IMAGE_FORMATS = ("png", "svg", "pdf")
FORMATS = ("csv", *IMAGE_FORMATS, "html")
IMAGE_WIDTH = 1100  # px; the panels' heights come from their own layouts
CAPTION_PX = 18  # room for the one line of "filter in words" added above the plot
# kaleido's PDF page cuts off about the last 6 px of a figure (measured with kaleido 1.5.0:
# the sources line lost every glyph below its x-height); every export gets this much more room.
BOTTOM_PAD_PX = 12
SCALE_RANGE = (0.5, 4.0)
SOURCE_COLUMNS = {
    "publisher": "source_publisher",
    "title": "source_title",
    "url": "source_url",
    "published": "source_published",
    "accessed": "source_accessed",
}
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """An export could not be made; the message is fit to show a user as it is."""


def resolve_panels(names: Iterable[str] | None) -> list[PanelSpec]:
    """Specs for the given names (all panels when None), or ExportError naming the unknown."""
    try:
        return _resolve_panels(names)
    except PanelError as exc:
        raise ExportError(str(exc)) from exc


# ---------------------------------------------------------------- CSV
def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where every STRING cell a spreadsheet would run as a formula gets a leading
    apostrophe. Numbers are never touched, so -3.5 stays the number -3.5."""

    def cell(v):
        return "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v

    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(cell).astype(object)
    return out


def with_sources(bundle: DataBundle, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows plus publisher/title/url/published/accessed of each row's source."""
    src = bundle.sources[["source_id", *SOURCE_COLUMNS]].rename(columns=SOURCE_COLUMNS)
    return rows.merge(src, on="source_id", how="left", validate="many_to_one")


def cited_sources(bundle: DataBundle, source_ids: Iterable[str]) -> list[dict]:
    """Source rows in first-seen order, each once."""
    lookup = bundle.sources_by_id
    return [
        {"source_id": sid, **lookup[sid]}
        for sid in dict.fromkeys(s for s in source_ids if isinstance(s, str))
        if sid in lookup
    ]


def citation(src: dict) -> str:
    published = f", {src['published']}" if src.get("published") else ""
    return (
        f"[{src['source_id']}] {src['publisher']}: {src['title']}{published}. "
        f"{src['url']} (accessed {src['accessed']})"
    )


def _one_line(text: str) -> str:
    # A newline inside a header value would end the comment block early.
    return " ".join(str(text).split())


def csv_header(bundle: DataBundle, f: Filters, spec: PanelSpec, rows: pd.DataFrame) -> list[str]:
    """The comment block, in the view's language (the column names below stay the same)."""
    _ = translator(f.lang)
    lines = [
        _(spec.title),
        _("View: {words}", words=spec.words(f)),
        _("URL query: {query}", query=f.to_query() or _("(the default view)")),
        _("Rows: {n}, exactly the rows the panel shows for this view", n=len(rows)),
        _(
            "Generated: {date} by the Middle Corridor dashboard",
            date=dt.date.today().isoformat(),
        ),
        _("Sources:"),
        *(f"  {citation(s)}" for s in cited_sources(bundle, rows["source_id"])),
    ]
    return ["# " + _one_line(line) if line.strip() else "#" for line in lines]


def export_csv(bundle: DataBundle, f: Filters, panel: str) -> tuple[str, bytes]:
    """(file name, UTF-8 CSV) of exactly the rows the panel shows, with source columns.

    The file opens with a comment block (lines starting with '#': title, the filter in words,
    the URL query, the date, the full citations), then one header row and the data. Read it
    back with `read_export_csv` or `pandas.read_csv(path, skiprows=<number of # lines>)`."""
    (spec,) = resolve_panels([panel])
    rows = spec.rows(bundle, f)
    table = neutralise(with_sources(bundle, rows))
    # %.15g writes 769000000 as it stands in the data, not 769000000.0
    body = table.to_csv(index=False, lineterminator="\n", float_format="%.15g")
    text = "\n".join(csv_header(bundle, f, spec, rows)) + "\n" + body
    return spec.filename(f, "csv"), text.encode("utf-8")


def read_export_csv(data: bytes | str | Path) -> tuple[list[str], pd.DataFrame]:
    """(comment lines, table) of a file written by export_csv."""
    if isinstance(data, Path):
        data = data.read_bytes()
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    lines = text.split("\n")
    n = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return lines[:n], pd.read_csv(io.StringIO("\n".join(lines[n:])))


# ---------------------------------------------------------------- figures for export
LICENCE = N_(
    "Data: compilation CC BY 4.0; each figure under its source's terms (data/sources.csv)."
)
NOTE_PX = 30  # the two lines under the sources: the view's URL, the licence


def citation_note(f: Filters, base_url: str = "") -> str:
    """The lines every exported image and PDF page ends with: where the view (and its full
    list of sources) is, and the data licence. base_url: the dashboard's address when known
    (a page download); without it the view's query alone names the view."""
    _ = translator(f.lang)
    url = f"{base_url.rstrip('/')}/{f.to_query()}" if base_url else (f.to_query() or "?")
    return (
        html.escape(_("This view and its full list of sources:") + f" {url}", quote=False)
        + "<br>"
        + html.escape(_(LICENCE), quote=False)
    )


def for_export(fig: go.Figure, words: str, note: str = "") -> go.Figure:
    """A copy of `fig` ready for a file: its title block ends with the filter in words (unless
    it already says it), the legend always shows (plotly hides a lone trace's legend, and an
    exported line must say which country it is), and the figure grows so nothing moves into
    the plot. `fig` itself is not changed."""
    out = go.Figure(fig)
    title = out.layout.title.text or ""
    old_h = out.layout.height or 450
    grow = BOTTOM_PAD_PX
    escaped = html.escape(words, quote=False)  # plotly reads <, > and & as markup
    if escaped not in title:
        out.layout.title.text = (
            f"{title}<br><span style='font-size:12px;color:#555'>{escaped}</span>"
        )
        out.layout.margin.t = (out.layout.margin.t or 80) + CAPTION_PX
        grow += CAPTION_PX
    out.layout.margin.b = (out.layout.margin.b or 80) + BOTTOM_PAD_PX
    if note:
        out.layout.margin.b += NOTE_PX
        grow += NOTE_PX
        out.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-(out.layout.margin.b - 4),
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=False,
            font={"size": 9, "color": "#555"},
            name="export-note",
        )
    out.layout.height = old_h + grow
    out.layout.showlegend = True
    if out.layout.title.yref == "container" and out.layout.title.y is not None:
        # keep the title the same number of pixels below the top edge
        out.layout.title.y = 1 - (1 - out.layout.title.y) * old_h / out.layout.height
    return out


def export_figure(bundle: DataBundle, f: Filters, spec: PanelSpec, base_url: str = "") -> go.Figure:
    return for_export(spec.figure(bundle, f), spec.words(f), citation_note(f, base_url))


def check_scale(scale) -> float:
    """The image scale as a float in SCALE_RANGE, or ExportError."""
    try:
        value = float(scale)
    except (TypeError, ValueError):
        value = float("nan")
    if not SCALE_RANGE[0] <= value <= SCALE_RANGE[1]:
        raise ExportError(
            f"image scale must be a number from {SCALE_RANGE[0]:g} to {SCALE_RANGE[1]:g}, "
            f"not {scale!r}"
        )
    return value


# ---------------------------------------------------------------- kaleido
class ExportUnavailable(ExportError):
    """The renderer is busy or was just restarted: try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


CHROMIUM_MISSING = (
    "Images and PDF files are drawn by Chromium, which is not installed here: "
    "run `sudo apt-get install chromium` and try again (CSV and HTML work without it)."
)
KALEIDO_MISSING = (
    "Images and PDF files need kaleido and pypdf, which are not installed here: "
    "run `.venv/bin/pip install -e .` and try again (CSV and HTML work without them)."
)


class RendererMissing(ExportError):
    """Images cannot be drawn on this machine; the message says, in one sentence, what to
    install (the page shows it and the download answers 503, never a 500)."""


def renderer_missing() -> str | None:
    """The sentence to show when this machine cannot draw images, else None."""
    try:
        import kaleido  # noqa: F401
        import pypdf  # noqa: F401
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return KALEIDO_MISSING
    # Debian's chromium (or BROWSER_PATH), never a browser kaleido downloaded for itself
    if Chromium.find_browser(skip_local=True) is None:
        return CHROMIUM_MISSING
    return None


def topojson_uri() -> str:
    return TOPOJSON_DIR.resolve().as_uri() + "/"


def render(
    figs: Sequence[go.Figure] | Callable[[], Sequence[go.Figure]], fmt: str, scale: float = 1.0
) -> list[bytes]:
    """Each figure as PNG/SVG/PDF bytes, drawn by the supervised renderer pool
    (dashboard/render_pool.py: its own process and Chromium, a timeout on every image, a
    bounded queue). ExportUnavailable when the pool is full or a renderer just failed.

    `figs` may be a function that builds them: it is called only once the pool has admitted
    the job, so a refused export costs nothing (building a report's figures takes a while)."""
    if fmt not in IMAGE_FORMATS:
        raise ExportError(f"image format must be one of {', '.join(IMAGE_FORMATS)}, not {fmt!r}")
    scale = check_scale(scale)
    why = renderer_missing()
    if why:
        raise RendererMissing(why)
    from .. import render_pool

    def items():
        return [
            (
                fig.to_dict(),
                {
                    "format": fmt,
                    "width": fig.layout.width or IMAGE_WIDTH,
                    "height": fig.layout.height or 450,
                    "scale": scale,
                },
            )
            for fig in (figs() if callable(figs) else figs)
        ]

    try:
        return render_pool.render_figures(items, topojson_uri())
    except render_pool.RendererUnavailable as exc:
        raise ExportUnavailable(f"the {fmt} image: {exc}", exc.retry_after) from exc
    except render_pool.RenderError as exc:
        raise ExportError(f"the {fmt} image could not be drawn: {exc}") from exc


def panel_images(
    bundle: DataBundle,
    f: Filters,
    panels: Iterable[str] | None,
    fmt: str,
    scale: float = 1.0,
    base_url: str = "",
) -> list[tuple[str, bytes]]:
    """[(file name, image bytes)] for each panel."""
    specs = resolve_panels(panels)
    images = render(lambda: [export_figure(bundle, f, s, base_url) for s in specs], fmt, scale)
    return [(s.filename(f, fmt), data) for s, data in zip(specs, images, strict=True)]


def export_images(
    bundle: DataBundle,
    f: Filters,
    panels: Iterable[str] | None,
    fmt: str,
    out_dir: str | Path,
    scale: float = 1.0,
) -> list[Path]:
    """Write one image per panel into out_dir (created); returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in panel_images(bundle, f, panels, fmt, scale):
        path = out_dir / name
        path.write_bytes(data)
        paths.append(path)
    return paths


# ---------------------------------------------------------------- PDF report
def pdf_report(
    bundle: DataBundle, f: Filters, panels: Iterable[str] | None = None, base_url: str = ""
) -> tuple[str, bytes]:
    """(file name, PDF) with one page per panel, each page the panel's exported figure (title,
    filter in words, sources line), with a bookmark per page."""
    from pypdf import PdfReader, PdfWriter

    specs = resolve_panels(panels)
    _ = translator(f.lang)
    pages = render(lambda: [export_figure(bundle, f, s, base_url) for s in specs], "pdf")
    writer = PdfWriter()
    for spec, data in zip(specs, pages, strict=True):
        first = len(writer.pages)
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
        writer.add_outline_item(title=_(spec.title), page_number=first)
    spec_names = "panels " + ", ".join(s.name for s in specs)
    writer.add_metadata(
        {
            "/Title": _("Middle Corridor dashboard: {view}", view=f.describe()),
            "/Subject": f"View {f.to_query() or '(default)'}; {spec_names}",
            "/Creator": "Middle Corridor dashboard (kaleido + pypdf)",
        }
    )
    buf = io.BytesIO()
    writer.write(buf)
    return report_filename(f, specs, "pdf"), buf.getvalue()


# ---------------------------------------------------------------- standalone HTML
def _script_json(value) -> str:
    # "</" inside a <script> would end it early.
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def geo_assets(figs: Iterable[go.Figure]) -> dict[str, dict]:
    """{topojson name: parsed file} for every basemap the figures use, read from
    assets/topojson. plotly.js names them '<scope>_<resolution>m' (getTopojsonName)."""
    names = set()
    for fig in figs:
        # plotly lists a default `geo` on every figure: only subplots a trace draws on count
        used = {t.geo or "geo" for t in fig.data if t.type in GEO_TRACES}
        for geo in (fig.layout[g] for g in sorted(used)):
            scope = (geo.scope or "world").replace(" ", "-")
            names.add(f"{scope}_{int(geo.resolution or 110)}m")
    assets = {}
    for name in sorted(names):
        path = TOPOJSON_DIR / f"{name}.json"
        if not path.is_file():
            raise ExportError(f"basemap {path} is missing; the HTML map would be blank offline")
        assets[name] = json.loads(path.read_text(encoding="utf-8"))
    return assets


GEO_TRACES = ("scattergeo", "choropleth")
HTML_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": MODEBAR_REMOVE,
    "responsive": True,
    # Never used while the basemap is inline; relative so a miss can never reach a CDN.
    "topojsonURL": "./",
}

HTML_STYLE = """
body{font-family:"Noto Sans","Segoe UI","Helvetica Neue",Arial,sans-serif;color:#222;
margin:1.5rem auto;max-width:1140px;padding:0 1rem;line-height:1.4}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;font-size:.75rem;display:block;overflow-x:auto}
th,td{border:1px solid #ddd;padding:2px 4px;vertical-align:top;text-align:left}
details{margin:.5rem 0 1.5rem}summary{cursor:pointer}li{margin:.2rem 0;font-size:.85rem}
"""


def _panel_section(bundle: DataBundle, spec: PanelSpec, fig: go.Figure, rows, lang="en") -> str:
    import plotly.io as pio

    div = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        config=HTML_CONFIG,
        div_id=f"panel-{spec.name}",
        default_width="100%",
    )
    table = with_sources(bundle, rows).to_html(index=False, na_rep="", border=0, escape=True)
    _ = translator(lang)
    summary = html.escape(_("Data behind this chart: {n} rows", n=len(rows)))
    return (
        f'<section class="panel" id="section-{spec.name}"><h2>{html.escape(_(spec.title))}</h2>'
        f"{div}<details><summary>{summary}</summary>"
        f"{table}</details></section>"
    )


def export_html(bundle: DataBundle, f: Filters, panels: Iterable[str] | None = None) -> str:
    """One standalone HTML page of the view: interactive charts, their data tables and the
    citations, working offline (plotly.js and the basemap are inline; nothing is fetched)."""
    from plotly.offline import get_plotlyjs, get_plotlyjs_version

    specs = resolve_panels(panels)
    figs = [export_figure(bundle, f, s) for s in specs]
    rows = [s.rows(bundle, f) for s in specs]
    sections = "\n".join(
        _panel_section(bundle, s, fig, r, f.lang)
        for s, fig, r in zip(specs, figs, rows, strict=True)
    )
    ids = [sid for r in rows for sid in r["source_id"]]
    citations = "\n".join(
        f'<li id="src-{html.escape(s["source_id"])}">{html.escape(citation(s))}</li>'
        for s in cited_sources(bundle, ids)
    )
    geo = _script_json({"topojson": geo_assets(figs)})
    _ = translator(f.lang)
    title = _("Middle Corridor dashboard: {view}", view=f.describe())
    view = _("View: {words}", words=f.to_query() or _("the default view"))
    offline = _(
        "Generated {date}. Works offline: plotly.js {version} and the Natural Earth basemap "
        "(public domain) are inside this file.",
        date=dt.date.today().isoformat(),
        version=get_plotlyjs_version(),
    )
    return f"""<!DOCTYPE html>
<html lang="{f.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{HTML_STYLE}</style>
<script>window.PlotlyGeoAssets = {geo};</script>
<script>window.PlotlyConfig = {{MathJaxConfig: 'local'}};</script>
<script>{get_plotlyjs()}</script>
</head><body>
<h1>{html.escape(title)}</h1>
<p class="meta">{html.escape(view)}. {html.escape(offline)}</p>
{sections}
<section id="sources"><h2>{html.escape(_("Sources"))}</h2><ol>
{citations}
</ol></section>
</body></html>
"""
