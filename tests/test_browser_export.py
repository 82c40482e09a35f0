"""Exports in real Chromium (Debian's): the standalone HTML with every request blocked, and
downloads from the live app that the browser saves under the served file name."""

from __future__ import annotations

import pytest

from dashboard import export as E
from dashboard.filters import Filters
from dashboard.web.downloads import download_href

pytestmark = pytest.mark.browser

QUERY = "years=2015..2024&countries=AZE,GEO"
VIEW = Filters.from_query(QUERY)[0]


def count(page, selector: str) -> int:
    return page.evaluate("s => document.querySelectorAll(s).length", selector)


def test_standalone_html_renders_offline(browser, bundle, tmp_path):
    path = tmp_path / "view.html"
    path.write_text(E.export_html(bundle, VIEW), encoding="utf-8")
    url = path.as_uri()
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    leaving, errors = [], []
    page.on("request", lambda r: leaving.append(r.url) if r.url != url else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Nothing but the file itself may load: no CDN, no basemap fetch, no fonts.
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url == url else route.abort()
    )
    try:
        page.goto(url)
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot').length === {len(E.panel_specs())}"
            " && document.querySelector('#panel-map .geo .layer.countries path')",
            timeout=20000,
        )
        outlines = page.evaluate(
            "() => document.querySelector('#panel-map .geo .layer.countries path')"
            ".getAttribute('d').length"
        )
        assert outlines > 10000  # the inline basemap, drawn
        fig = E.panel_specs()["map"].figure(bundle, VIEW)
        expected = sum(len(t.locations) for t in fig.data if t.type == "choropleth")
        assert count(page, "#panel-map .choroplethlocation") == expected > len(VIEW.countries)
        assert count(page, "#panel-map .scattergeo path.js-line") >= 2
        assert count(page, "#panel-trade .scatterlayer .trace .point") > 0
        assert count(page, "#panel-investment .scatterlayer .trace .point") > 0
        assert count(page, "details table tbody tr") == sum(
            len(s.rows(bundle, VIEW)) for s in E.panel_specs().values()
        )
        assert count(page, "#sources li") > 0
        # still interactive: hovering a trade point shows plotly's hover label
        point = page.locator("#panel-trade .scatterlayer .trace .point").first
        point.scroll_into_view_if_needed()
        box = point.bounding_box()
        page.mouse.move(box["x"] - 20, box["y"])
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=3)
        page.wait_for_selector("#panel-trade .hoverlayer .hovertext", timeout=5000)
    finally:
        context.close()
    assert leaving == []
    assert errors == []


def _download(page, href: str):
    """Click an <a download> on a page of the app, as the download menu will."""
    with page.expect_download() as info:
        page.evaluate(
            "h => { const a = document.createElement('a'); a.href = h; a.download = '';"
            " a.textContent = 'x'; document.body.appendChild(a); a.click(); }",
            href,
        )
    return info.value


def test_csv_and_svg_downloads_in_the_browser(page, bundle, tmp_path):
    page.goto(page.origin + "/healthz")  # any page of the app: the links are same-origin

    csv = _download(page, download_href("trade.csv", VIEW))
    name, data = E.export_csv(bundle, VIEW, "trade")
    assert csv.suggested_filename == name
    saved = tmp_path / name
    csv.save_as(saved)
    assert saved.read_bytes() == data
    header, table = E.read_export_csv(saved)
    assert len(table) == len(E.panel_specs()["trade"].rows(bundle, VIEW))

    svg = _download(page, download_href("map.svg", VIEW))
    assert svg.suggested_filename == "middle-corridor-map_corridor_2024.svg"
    svg.save_as(tmp_path / "map.svg")
    text = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert '<g class="layer countries"><path' in text and "Sources: " in text

    assert page.foreign_requests == []
