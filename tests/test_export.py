"""Export: CSV of exactly the rows shown, safe names, formula cells, images with the basemap,
the multi-page PDF report, the standalone HTML, the download routes and the CLI.

Kaleido renders are slow (one Chromium, about 0.3 s per image after a 2 s start): every image
this module checks is made once, in the module-scoped `rendered` fixture."""

from __future__ import annotations

import io
import re
import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from dashboard import export as E
from dashboard.cli import main
from dashboard.data import DataBundle
from dashboard.figures.investment import investment_rows
from dashboard.figures.map import MODE_STYLE
from dashboard.figures.trade import trade_rows
from dashboard.filters import Filters
from dashboard.web.downloads import download_links, make_download

QUERY = "years=2015..2024&countries=AZE,GEO"
VIEW = Filters.from_query(QUERY)[0]
VIEWS = [
    "",
    QUERY,
    "countries=central_asia&reporter=both",
    "reporter=partner&flow=partner_imports&years=2005..2025",
    "countries=",
]
PAGE_TITLES = {
    "map": "The Middle Corridor as it stood in 2024",
    "trade": "Trade turnover with China, 2015–2024",
    "investment": "Chinese FDI flows, 2015–2024",
    "volumes": "Corridor volumes in tonnes, 2015–2024",
}


def view(q: str) -> Filters:
    return Filters.from_query(q)[0]


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


def words(text: str) -> str:
    """ASCII words only, in order: robust to PDF text extraction of CJK glyphs and line breaks."""
    return " ".join(re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKC", plain(text))))


def same_rows(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same values in the same order (the CSV reads 769000000 back as an int, not a float)."""
    assert len(got) == len(expected)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True).astype(object),
        expected.reset_index(drop=True).astype(object),
        check_dtype=False,
    )


def sources_text(fig) -> str:
    return next(a.text for a in fig.layout.annotations if a.name == "sources")


# ---------------------------------------------------------------- CSV rows
@pytest.mark.parametrize("q", VIEWS)
def test_trade_csv_rows_are_the_rows_the_chart_plots(bundle, q):
    f = view(q)
    header, table = E.read_export_csv(E.export_csv(bundle, f, "trade")[1])
    expected = trade_rows(bundle.trade, f)
    cols = ["country", "year", "period", "flow", "value_usd", "reporter", "source_id"]
    same_rows(table[cols], expected[cols])
    assert f"# Rows: {len(expected)}, exactly the rows the panel shows for this view" in header
    if len(table):
        assert set(table["unit"]) == {"USD (current)"}


@pytest.mark.parametrize("measure", ["fdi_flow", "fdi_stock", "loan", "cumulative_investment"])
def test_investment_csv_rows_are_the_rows_the_chart_plots(bundle, measure):
    f = view(f"measure={measure}&countries=central_asia&years=2005..2025")
    _, table = E.read_export_csv(E.export_csv(bundle, f, "investment")[1])
    expected = investment_rows(bundle.investment, f)
    assert len(expected) > 0
    cols = ["country", "year", "measure", "value_usd", "source_id"]
    same_rows(table[cols], expected[cols])


@pytest.mark.parametrize("q", ["", "years=2005..2014&preset=world", "years=2013..2017"])
def test_map_rows_are_what_the_map_draws(bundle, q):
    f = view(q)
    rows = E.map_rows(bundle, f)
    fig = E.panel_specs()["map"].figure(bundle, f)
    line_traces = [t for t in fig.data if t.meta in (*MODE_STYLE, "building", "pending")]
    drawn_segments = sum(list(t.lon).count(None) for t in line_traces)
    segments = rows[rows["feature"] == "segment"]
    assert len(segments) == drawn_segments > 0
    (direction,) = [t for t in fig.data if t.meta == "direction"]
    open_ids = segments[segments["status"].str.startswith("open in")]["id"]
    assert sorted(open_ids) == sorted(direction.customdata)
    nodes = rows[rows["feature"] == "node"]
    node_ids = [i for t in fig.data if str(t.meta).startswith("nodes") for i in t.customdata]
    assert sorted(nodes["id"]) == sorted(node_ids)
    assert segments["status"].str.startswith(("open in", "not open in")).all()
    notes = bundle.segments.set_index("segment_id")["note"]
    assert segments["note"].fillna("").tolist() == segments["id"].map(notes).fillna("").tolist()


def test_csv_cites_every_source_with_columns_and_header(bundle):
    name, data = E.export_csv(bundle, VIEW, "trade")
    header, table = E.read_export_csv(data)
    assert name == "china-trade_turnover_china_usd_AZE-GEO_2015-2024.csv"
    lookup = bundle.sources_by_id
    assert len(table) > 0
    for row in table.itertuples():
        src = lookup[row.source_id]
        assert (row.source_publisher, row.source_url) == (src["publisher"], src["url"])
        assert row.source_accessed == str(src["accessed"])
        assert any(f"[{row.source_id}]" in line and src["url"] in line for line in header)
    text = "\n".join(header)
    assert header[0] == "# China's trade with the selected countries"
    assert "# View: AZE, GEO; 2015–2024" in text
    assert f"# URL query: ?{QUERY}" in text
    assert re.search(r"^# Generated: \d{4}-\d\d-\d\d", text, re.M)
    assert all(line.startswith("#") for line in header)


def test_csv_keeps_values_as_in_the_data(bundle):
    _, data = E.export_csv(bundle, VIEW, "trade")
    assert b",769000000," in data  # not 769000000.0
    assert "\nAZE,2016,FY,turnover,769000000,USD (current),exact,china," in data.decode()


def test_file_names_follow_the_view(bundle):
    assert E.export_csv(bundle, VIEW, "investment")[0] == (
        "china-investment_fdi_flow_AZE-GEO_2015-2024.csv"
    )
    assert E.export_csv(bundle, VIEW, "map")[0] == "middle-corridor-map_corridor_2024.csv"
    with pytest.raises(E.ExportError, match="unknown panel"):
        E.export_csv(bundle, VIEW, "../etc")


# ---------------------------------------------------------------- formula injection
def test_neutralise_strings_only():
    df = pd.DataFrame(
        {"text": ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "ok", "a=b"], "num": [-1.5] * 7}
    )
    out = E.neutralise(df)
    assert out["text"].tolist() == ["'=1+1", "'+cmd", "'-2", "'@SUM(A1)", "'\tx", "ok", "a=b"]
    assert out["num"].tolist() == [-1.5] * 7
    mixed = E.neutralise(pd.DataFrame({"m": [-3, "-3", None]}).astype(object))
    assert mixed["m"].tolist()[:2] == [-3, "'-3"]
    assert df["text"][0] == "=1+1"  # the input is not changed


def test_formula_cells_in_data_are_neutralised_in_the_csv(bundle):
    trade = bundle.trade.copy()
    i = trade.index[(trade["country"] == "GEO") & (trade["flow"] == "turnover")][0]
    trade.loc[i, "quote"] = '=HYPERLINK("http://example.invalid","x")'
    trade.loc[i, "note"] = "@cmd"
    trade.loc[i, "value_usd"] = -5e8
    hostile = DataBundle(bundle.data_dir, {**bundle.tables, "trade": trade}, bundle.network)
    f = view("countries=GEO&reporter=both")
    _, data = E.export_csv(hostile, f, "trade")
    text = data.decode()
    assert "'=HYPERLINK(" in text and ",'@cmd," in text
    assert "\n=" not in text and ',"=' not in text and ",=" not in text
    assert ",-500000000," in text  # a negative NUMBER stays a number
    _, table = E.read_export_csv(data)
    assert table["value_usd"].min() == -5e8


# ---------------------------------------------------------------- file names
SAFE = re.compile(r"[A-Za-z0-9._-]{1,150}")


@given(st.text(max_size=400))
def test_safe_filename_never_lets_anything_unsafe_through(name):
    out = E.safe_filename(name)
    assert SAFE.fullmatch(out)
    assert ".." not in out and not out.startswith((".", "-"))
    assert E.safe_filename(out) == out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("a/b\\c.csv", "a-b-c.csv"),
        ("\x00\x1f\n", "export"),
        ("CON.csv", "file-CON.csv"),
        ("Kütahya–Kars.svg", "Kutahya-Kars.svg"),
        ("Ələt.svg", "l-t.svg"),
        ("x" * 300 + ".csv", "x" * 146 + ".csv"),
    ],
)
def test_safe_filename_examples(name, expected):
    assert E.safe_filename(name) == expected


# ---------------------------------------------------------------- figures for export
def test_for_export_adds_the_filter_in_words_without_touching_the_figure(bundle):
    spec = E.panel_specs()["trade"]
    fig = spec.figure(bundle, VIEW)
    before = fig.to_json()
    out = E.export_figure(bundle, VIEW, spec)
    assert fig.to_json() == before
    assert spec.words(VIEW) in out.layout.title.text
    assert "AZE, GEO; 2015–2024" in out.layout.title.text
    assert out.layout.height > fig.layout.height and out.layout.showlegend is True
    assert sources_text(out) == sources_text(fig)
    again = E.for_export(out, spec.words(VIEW))
    assert again.layout.title.text.count(spec.words(VIEW)) == 1


def test_image_scale_is_checked():
    assert E.check_scale("2") == 2.0
    for bad in ("0", "5", "nan", "x", None):
        with pytest.raises(E.ExportError, match="image scale"):
            E.check_scale(bad)


# ---------------------------------------------------------------- standalone HTML
@pytest.fixture(scope="module")
def standalone(bundle):
    return E.export_html(bundle, VIEW)


def test_html_is_standalone_with_inline_plotlyjs_and_basemap(bundle, standalone):
    from plotly.offline import get_plotlyjs_version

    assert not re.search(r"<script[^>]*\bsrc=", standalone)
    assert "<link" not in standalone and "cdn.plot.ly" not in standalone.split("<script>")[0]
    geo = standalone.index("window.PlotlyGeoAssets")
    assert geo < standalone.index(f"plotly.js v{get_plotlyjs_version()}")
    assert '"world_50m":{"type":"Topology"' in standalone
    for name in E.panel_specs():
        assert f'id="panel-{name}"' in standalone
    assert 4_000_000 < len(standalone.encode()) < 8_000_000


def test_html_has_data_tables_and_citations(bundle, standalone):
    for spec in E.panel_specs().values():
        rows = spec.rows(bundle, VIEW)
        assert f"Data behind this chart: {len(rows)} rows" in standalone
        for sid in set(rows["source_id"]):
            assert f'<li id="src-{sid}">' in standalone


def test_geo_assets_follow_the_map_resolution(bundle):
    world = E.export_figure(bundle, view("preset=world"), E.panel_specs()["map"])
    assert list(E.geo_assets([world])) == ["world_110m"]
    assert E.geo_assets([E.panel_specs()["trade"].figure(bundle, VIEW)]) == {}


# ---------------------------------------------------------------- routes (no kaleido)
def test_csv_route(client, bundle):
    r = client.get(f"/download/trade.csv?{QUERY}")
    assert r.status_code == 200
    assert r.mimetype == "text/csv"
    name = "china-trade_turnover_china_usd_AZE-GEO_2015-2024.csv"
    assert r.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert r.data == E.export_csv(bundle, VIEW, "trade")[1]


def test_html_route(client):
    r = client.get(f"/download/view.html?{QUERY}")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert (
        'filename="middle-corridor-view_AZE-GEO_2015-2024.html"' in r.headers["Content-Disposition"]
    )


def test_bad_view_parameters_fall_back(client):
    r = client.get("/download/trade.csv?years=20x5&countries=AZE&reporter=nobody")
    assert r.status_code == 200
    assert set(r.headers["X-View-Fallback"].split(",")) == {"years", "reporter"}
    assert "china-trade_turnover_china_usd_AZE_2013-2024.csv" in r.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/download/nothing.csv", 404, "unknown download 'nothing.csv'"),
        ("/download/trade.exe", 404, "known: map.csv|png|svg|pdf"),
        ("/download/trade", 404, "unknown download"),
        ("/download/report.csv", 404, "unknown download"),
        ("/download/map.png?image_scale=99", 400, "image scale must be a number"),
    ],
)
def test_bad_downloads_answer_plain_text(client, path, status, message):
    r = client.get(path)
    assert r.status_code == status
    assert message.encode() in r.data
    assert b"Traceback" not in r.data and b"<html" not in r.data.lower()


def test_path_tricks_reach_no_file(client):
    for path in ("/download/..%2F..%2Fetc%2Fpasswd", "/download/%2e%2e/config.py"):
        r = client.get(path)
        assert "Content-Disposition" not in r.headers and b"root:" not in r.data


def test_route_errors_never_leak_a_traceback(bundle, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("dashboard.export.make", boom)
    d = make_download(bundle, "trade.csv", QUERY)
    assert d.status == 500 and b"secret" not in d.body and b"logged" in d.body


def _links(node) -> list:
    if getattr(node, "href", None):
        return [node]
    children = getattr(node, "children", None)
    children = children if isinstance(children, list) else [children]
    return [a for c in children if c is not None and not isinstance(c, str) for a in _links(c)]


def test_download_links_carry_the_view():
    nav = download_links(VIEW)
    links = _links(nav)
    hrefs = {a.href: a.download for a in links}
    assert hrefs[f"/download/trade.csv?{QUERY}"] == (
        "china-trade_turnover_china_usd_AZE-GEO_2015-2024.csv"
    )
    assert hrefs[f"/download/report.pdf?{QUERY}"] == "middle-corridor-view_AZE-GEO_2015-2024.pdf"
    assert f"/download/view.html?{QUERY}" in hrefs
    assert all(SAFE.fullmatch(name) for name in hrefs.values())
    assert download_links(Filters()).children.children[0].children[1].href == ("/download/map.csv")
    # PNG at a chosen scale: image_scale, never `scale` (the axis scale in the view's URL)
    for k in (1, 2, 4):
        png = f"/download/trade.png?{QUERY}&image_scale={k}"
        assert hrefs[png] == "china-trade_turnover_china_usd_AZE-GEO_2015-2024.png"
    assert f"/download/map.svg?{QUERY}" in hrefs


# ---------------------------------------------------------------- CLI (no kaleido)
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "2015..2030"], "--years '2015..2030' is not valid"),
        (["--countries", "AZE,XXX"], "--countries 'AZE,XXX' is not valid"),
        (["--panels", "map,nope"], "unknown panel(s) 'nope'"),
        (["--image-scale", "0"], "image scale must be a number"),
        (["--format", "csv", "--out", "x.csv"], "is one file, but 4 csv files"),
    ],
)
def test_cli_bad_values_exit_2(capsys, args, message):
    assert main(["export", *args]) == 2
    assert message in capsys.readouterr().err


def test_cli_bad_choice_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--reporter", "nobody"])
    assert exc.value.code == 2
    assert "invalid choice: 'nobody'" in capsys.readouterr().err


def test_cli_csv_writes_one_file_per_panel(tmp_path, capsys):
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--years", "2015..2024", "--countries",
                 "AZE,GEO", "--out", str(out)]) == 0  # fmt: skip
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "china-investment_fdi_flow_AZE-GEO_2015-2024.csv",
        "china-trade_turnover_china_usd_AZE-GEO_2015-2024.csv",
        "corridor-volumes_tonnes_2015-2024.csv",
        "middle-corridor-map_corridor_2024.csv",
    ]
    assert capsys.readouterr().out.count("wrote ") == 4


def test_cli_html_to_a_named_file(tmp_path, bundle):
    out = tmp_path / "v.html"
    assert main(["export", "--format", "html", "--panels", "trade", "--reporter", "partner",
                 "--out", str(out)]) == 0  # fmt: skip
    text = out.read_text(encoding="utf-8")
    assert 'id="panel-trade"' in text and 'id="panel-map"' not in text
    assert "as reported by each partner" in text


# ---------------------------------------------------------------- kaleido (one fixture)
@pytest.fixture(scope="module")
def rendered(bundle, tmp_path_factory):
    """Every image this module checks, made once: the CLI's PDF report of all panels, the
    map as PNG and SVG."""
    tmp = tmp_path_factory.mktemp("export")
    report = tmp / "report.pdf"
    code = main(["export", "--format", "pdf", "--years", "2015..2024", "--countries", "AZE,GEO",
                 "--out", str(report)])  # fmt: skip
    assert code == 0
    png, svg = (E.export_images(bundle, VIEW, ["map"], fmt, tmp / fmt)[0] for fmt in ("png", "svg"))
    yield {"report": report, "png": png, "svg": svg}


def test_pdf_report_has_one_page_per_panel_with_title_view_and_sources(bundle, rendered):
    reader = PdfReader(rendered["report"])
    specs = list(E.panel_specs().values())
    assert len(reader.pages) == len(specs)
    assert [o["/Title"] for o in reader.outline] == [s.title for s in specs]
    for page, spec in zip(reader.pages, specs, strict=True):
        text = page.extract_text()
        fig = spec.figure(bundle, VIEW)
        assert PAGE_TITLES[spec.name] in text
        assert words(spec.words(VIEW)) in words(text)
        assert sources_text(fig).startswith("Sources: ") and "none" not in sources_text(fig)
        assert words(sources_text(fig)) in words(text)
        # issue 17: each page says where the view (and the full source list) is, and the licence
        assert "countries=AZE,GEO" in text and "CC BY 4" in text


def test_exported_figures_end_with_the_views_url_and_the_licence(bundle):
    for spec in E.panel_specs().values():
        fig = E.export_figure(bundle, VIEW, spec, base_url="http://example.org/")
        note = next(a for a in fig.layout.annotations if a.name == "export-note")
        assert f"http://example.org/{VIEW.to_query()}".replace("&", "&amp;") in note.text
        assert "CC BY 4.0" in note.text
        # the note sits inside the figure, under the sources line
        assert note.yshift < 0 and -note.yshift < fig.layout.margin.b


def test_map_png_draws_the_basemap(rendered):
    img = Image.open(rendered["png"]).convert("RGB")
    assert img.width == E.IMAGE_WIDTH
    raw = img.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    share = {
        name: sum(1 for p in pixels if max(abs(a - b) for a, b in zip(p, rgb, strict=True)) < 6)
        / len(pixels)
        for name, rgb in {
            "land": (247, 245, 240),  # map.LAND: only drawn from the topojson
            "water": (212, 230, 241),  # the geo background shows through the Caspian
        }.items()
    }
    assert share["land"] > 0.2 and share["water"] > 0.01
    borders = sum(1 for p in pixels if all(140 <= c <= 170 for c in p))  # countrycolor #9a9a9a
    assert borders > 2000


def test_map_svg_has_country_outlines(rendered, bundle):
    svg = rendered["svg"].read_text(encoding="utf-8")
    countries = re.search(r'<g class="layer countries"><path[^>]* d="([^"]+)"', svg)
    assert countries and countries[1].count("M") > 50
    assert re.search(r'<g class="layer land"><path[^>]* d="M', svg)
    selected = re.findall(r'class="choroplethlocation"[^>]* d="([^"]*)"', svg) or re.findall(
        r'<path[^>]* d="([^"]*)"[^>]*class="choroplethlocation"', svg
    )
    fig = E.panel_specs()["map"].figure(bundle, VIEW)
    expected = sum(len(t.locations) for t in fig.data if t.type == "choropleth")
    assert len(selected) == expected and all(len(d) > 100 for d in selected)


def test_image_route_answers_png_at_the_asked_scale(client):
    r = client.get(f"/download/trade.png?{QUERY}&image_scale=2")
    assert r.status_code == 200 and r.mimetype == "image/png"
    name = "china-trade_turnover_china_usd_AZE-GEO_2015-2024.png"
    assert r.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert Image.open(io.BytesIO(r.data)).width == 2 * E.IMAGE_WIDTH
