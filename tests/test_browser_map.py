"""The map in real Chromium (Debian's), offline.

Label overlap is measured on the rendered SVG (text and marker bounding boxes), at the width of the
map panel on a 1400-pixel-wide page. The interaction test needs the lead's wiring: a click on a
country in ids.MAP toggles it in ids.COUNTRIES (dashboard.figures.map.toggle_country) and the map
is drawn by make_map_figure(..., trade, volumes).
"""

from __future__ import annotations

import json

import plotly.io as pio
import pytest

from dashboard.export import IMAGE_WIDTH
from dashboard.figures.map import make_map_figure
from dashboard.filters import Filters
from dashboard.web import ids

pytestmark = pytest.mark.browser

PANEL_WIDTH = 1300  # the map panel's widest on a page (the map row at 1400 px and below)
# Labels are checked at every width the map is drawn at: the export's (issue 17: exports draw
# at 1100 px and the labels crossed markers and lines there) and the page's.
WIDTHS = (IMAGE_WIDTH, PANEL_WIDTH)

# Draw one figure into a fresh div on the app's page (plotly.js and the basemap come from the
# test server), then read the boxes of every label and every node marker, with their lon/lat.
MEASURE = """async ([fig, topo, width]) => {
  const div = document.createElement('div');
  div.style.width = width + 'px';
  document.body.prepend(div);
  await Plotly.newPlot(div, fig.data, fig.layout, {topojsonURL: topo});
  const box = el => { const r = el.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; };
  const metaOf = el => String(el.closest('g.trace').__data__[0].trace.meta);
  const texts = [], marks = [];
  div.querySelectorAll('.scattergeo text').forEach(t => {
    if (t.textContent) texts.push({text: t.textContent, box: box(t), lonlat: t.__data__.lonlat});
  });
  div.querySelectorAll('.scattergeo path.point').forEach(p => {
    marks.push({box: box(p), lonlat: p.__data__.lonlat, meta: metaOf(p)});
  });
  // every drawn route line, as points 2 px apart on the screen
  const lines = [];
  div.querySelectorAll('.scattergeo path.js-line').forEach(p => {
    const m = p.getScreenCTM(), n = p.getTotalLength();
    for (let d = 0; d <= n; d += 2) {
      const q = p.getPointAtLength(d);
      lines.push([q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f, metaOf(p)]);
    }
  });
  const frame = box(div.querySelector('.geo .layer.bg'));
  div.remove();
  return {texts, marks, lines, frame};
}"""


def _meets(a, b, pad=0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def label_clashes(page, fig, width: int = PANEL_WIDTH) -> list[str]:
    """Pairs of labels that overlap, labels drawn over another node's marker or any other
    marker (direction arrows), labels crossed by a route line, and labels cut by the edge of
    the map, with the map drawn `width` px wide."""
    got = page.evaluate(
        MEASURE, [json.loads(pio.to_json(fig)), page.origin + "/assets/topojson/", width]
    )
    texts, marks, (x0, y0, x1, y1) = got["texts"], got["marks"], got["frame"]
    out = []
    for a in texts:
        # a line through the label's inner box (1 px in from each side) crosses its words
        left, top, right, bottom = a["box"]
        crossing = {
            meta
            for x, y, meta in got["lines"]
            if left + 1 < x < right - 1 and top + 1 < y < bottom - 1
        }
        out += [f"{a['text']} crossed by a {meta} line" for meta in sorted(crossing)]
    for i, a in enumerate(texts):
        left, top, right, bottom = a["box"]
        if left < x0 or top < y0 or right > x1 or bottom > y1:
            out.append(f"{a['text']} crosses the edge of the map")
        out += [f"{a['text']} / {b['text']}" for b in texts[i + 1 :] if _meets(a["box"], b["box"])]
        out += [
            f"{a['text']} over a marker at {m['lonlat']}"
            for m in marks
            if m["lonlat"] != a["lonlat"] and _meets(a["box"], m["box"])
        ]
    return out


def wait_map(page):
    page.wait_for_selector(
        f"#{ids.MAP} .geo .layer.countries path", state="attached", timeout=20000
    )
    page.wait_for_function("() => typeof window.Plotly !== 'undefined'", timeout=20000)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("preset", ["corridor", "caspian", "caucasus", "world"])
def test_labels_do_not_overlap(page, bundle, preset, width):
    page.goto(page.origin + "/")
    wait_map(page)
    f = Filters(years=(2013, 2024), preset=preset)
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    fig = make_map_figure(
        bundle.network, bundle.sources_by_id, f, bundle.trade, bundle.volumes, names
    )
    labels = [x for t in fig.data if getattr(t, "mode", "") == "markers+text" for x in t.text if x]
    assert len(labels) >= 8  # the check is about real labels, not an empty map
    clashes = label_clashes(page, fig, width)
    assert clashes == []
    assert page.foreign_requests == []


DRAWN = (
    "() => { const g = document.querySelector('#" + ids.MAP + " .js-plotly-plot');"
    " const t = ((g && g.data) || []).find(t => t.meta === 'direction');"
    " return t ? Array.from(t.customdata) : []; }"
)


def test_year_control_changes_the_drawn_segments(page):
    page.goto(page.origin + "/")
    wait_map(page)
    page.wait_for_function(f"() => ({DRAWN})().includes('btk_akh_kars')", timeout=20000)
    # The upper handle of the year range, from 2024 back to 2016 with the keyboard.
    handle = page.locator(f"#{ids.YEARS} [role=slider]").nth(1)
    handle.focus()
    for _ in range(8):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => !({DRAWN})().includes('btk_akh_kars')", timeout=15000)
    drawn = set(page.evaluate(DRAWN))
    assert "ferry_aktau_alat" not in drawn  # opened 2017
    assert "kz_khorgos_almaty" in drawn  # opened 2012
    assert "years=2013..2016" in page.url
    assert page.foreign_requests == []
    assert page.console_errors == []


# Page coordinates of a lon/lat on the map, from plotly's own projection of the geo subplot.
PROJECT = (
    """([lon, lat]) => {
  const gd = document.querySelector('#"""
    + ids.MAP
    + """ .js-plotly-plot');
  const geo = gd._fullLayout.geo._subplot;
  const [x, y] = geo.projection([lon, lat]);
  const r = gd.querySelector('.main-svg').getBoundingClientRect();
  return [r.left + x, r.top + y];
}"""
)

TRADE_NAMES = (
    "() => { const g = document.querySelector('#" + ids.TRADE + " .js-plotly-plot');"
    " return Array.from((g && g.data) || []).map(t => t.name); }"
)


MAP_SELECTED = (
    "() => { const g = document.querySelector('#" + ids.MAP + " .js-plotly-plot');"
    " const t = Array.from((g && g.data) || []).find(t => t.type === 'choropleth'"
    " && (t.locations || []).length && t !== g.data[0]);"
    " return t ? Array.from(t.locations) : []; }"
)


def test_clicking_a_country_toggles_it_and_the_trade_chart_follows(page):
    page.goto(page.origin + "/")
    wait_map(page)
    page.wait_for_function(f"() => ({TRADE_NAMES})().includes('Kazakhstan')", timeout=20000)
    assert "Uzbekistan" not in page.evaluate(TRADE_NAMES)
    # Kyzylkum desert, inside Uzbekistan, away from every route line and node.
    x, y = page.evaluate(PROJECT, [63.5, 42.0])
    page.mouse.click(x, y)
    page.wait_for_function(f"() => ({TRADE_NAMES})().includes('Uzbekistan')", timeout=30000)
    assert "countries=KAZ,AZE,GEO,UZB" in page.url
    # The map redraws with UZB outlined; a click before that lands on the plot being replaced.
    page.wait_for_function(f"() => ({MAP_SELECTED})().includes('UZB')", timeout=30000)
    page.mouse.click(x, y)  # a second click removes it again
    page.wait_for_function(f"() => !({TRADE_NAMES})().includes('Uzbekistan')", timeout=30000)
    assert page.foreign_requests == []
    assert page.console_errors == []


HOVERED = (
    """() => { const gd = document.querySelector('#"""
    + ids.MAP
    + """ .js-plotly-plot');
  return (gd._hoverdata || []).map(p => p.location || null); }"""
)


def test_hovering_a_country_names_it_without_errors(page):
    """plotly.js needs each basemap country's centroid (properties.ct) for choropleth hover
    and click; a basemap without it throws on every mouse move over a country."""
    page.goto(page.origin + "/")
    wait_map(page)
    page.wait_for_function(
        f"() => document.querySelectorAll('#{ids.MAP} .choroplethlocation').length > 0",
        timeout=20000,
    )
    x, y = page.evaluate(PROJECT, [63.5, 42.0])
    page.mouse.move(x - 20, y - 20)
    page.mouse.move(x, y, steps=4)
    page.wait_for_function(f"() => ({HOVERED})().includes('UZB')", timeout=10000)
    assert page.console_errors == []
