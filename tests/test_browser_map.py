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

from dashboard import ids
from dashboard.figures.map import make_map_figure
from dashboard.filters import Filters

pytestmark = pytest.mark.browser

PANEL_WIDTH = 1300  # the map panel's width on a 1400 px page (docs/screenshot.png)

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
    if (metaOf(p).startsWith('nodes')) marks.push({box: box(p), lonlat: p.__data__.lonlat});
  });
  const frame = box(div.querySelector('.geo .layer.bg'));
  div.remove();
  return {texts, marks, frame};
}"""


def _meets(a, b, pad=0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def label_clashes(page, fig) -> list[str]:
    """Pairs of labels that overlap, labels drawn over another node's marker, and labels cut
    by the edge of the map."""
    got = page.evaluate(
        MEASURE, [json.loads(pio.to_json(fig)), page.origin + "/assets/topojson/", PANEL_WIDTH]
    )
    texts, marks, (x0, y0, x1, y1) = got["texts"], got["marks"], got["frame"]
    out = []
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


@pytest.mark.parametrize("preset", ["corridor", "caspian", "caucasus", "world"])
def test_labels_do_not_overlap(page, bundle, preset):
    page.goto(page.origin + "/")
    wait_map(page)
    f = Filters(years=(2013, 2024), preset=preset)
    names = bundle.countries.set_index("iso3")["name"].to_dict()
    fig = make_map_figure(
        bundle.network, bundle.sources_by_id, f, bundle.trade, bundle.volumes, names
    )
    labels = [x for t in fig.data if getattr(t, "mode", "") == "markers+text" for x in t.text if x]
    assert len(labels) >= 8  # the check is about real labels, not an empty map
    clashes = label_clashes(page, fig)
    assert clashes == []
    assert page.foreign_requests == []
