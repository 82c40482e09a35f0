"""Sharing the exact view in real Chromium: the URL restores it after a reload and on
back/forward, and the page's own download links and chart button give the files."""

from __future__ import annotations

import pytest

from dashboard.export import read_export_csv
from dashboard.filters import Filters
from dashboard.web import ids
from dashboard.web.panels import table_rows

pytestmark = pytest.mark.browser

TRADE_TRACES = (
    "() => { const g = document.querySelector('#" + ids.TRADE + " .js-plotly-plot');"
    " return Array.from((g && g.data) || []).map(t => t.name); }"
)
TITLE = (
    "id => { const g = document.querySelector('#' + id + ' .js-plotly-plot');"
    " return g && g.layout && g.layout.title ? g.layout.title.text : ''; }"
)


def radio_value(page, component_id):
    return page.evaluate(
        f"() => (document.querySelector('#{component_id} input:checked') || {{}}).value"
    )


def wait_title(page, graph_id, text):
    page.wait_for_function(f"() => ({TITLE})('{graph_id}').includes({text!r})", timeout=20000)


def test_view_survives_reload_and_back_forward(page):
    page.goto(page.origin + "/?countries=AZE,GEO")
    wait_title(page, ids.TRADE, "Trade turnover with China")
    page.get_by_label("Change %").check()
    page.wait_for_url("**mode=yoy**", timeout=10000)
    page.get_by_label("Partner's statistics").check()
    page.wait_for_url("**reporter=partner**", timeout=10000)
    wait_title(page, ids.TRADE, "change on the previous year")
    url = page.url
    assert Filters.from_query("?" + url.split("?", 1)[1])[0] == Filters(
        countries=("AZE", "GEO"), mode="yoy", reporter="partner"
    )

    page.reload()
    wait_title(page, ids.TRADE, "change on the previous year")
    assert page.url == url
    assert radio_value(page, ids.REPORTER) == "partner" and radio_value(page, ids.MODE) == "yoy"

    page.go_back()  # to the view before the reporter changed
    page.wait_for_function(
        f"() => (document.querySelector('#{ids.REPORTER} input:checked') || {{}}).value"
        " === 'china'",
        timeout=10000,
    )
    assert "reporter=" not in page.url and "mode=yoy" in page.url
    page.go_forward()
    page.wait_for_function(
        f"() => (document.querySelector('#{ids.REPORTER} input:checked') || {{}}).value"
        " === 'partner'",
        timeout=10000,
    )
    assert page.foreign_requests == [] and page.console_errors == []


def test_table_csv_link_gives_exactly_the_rows_in_the_table(page, bundle, tmp_path):
    query = "?countries=AZE,GEO&reporter=partner&tab=table"
    page.goto(page.origin + "/" + query)
    caption = page.locator(f"#{ids.TABLE_CAPTION}")
    caption.get_by_text("rows from trade.csv").wait_for(timeout=20000)
    shown = int(caption.inner_text().split()[0])
    assert shown == len(table_rows(bundle, Filters.from_query(query)[0]))
    with page.expect_download() as info:
        page.locator(f"#{ids.TABLE_DOWNLOAD} a").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    header, table = read_export_csv(path)
    assert len(table) == shown
    assert info.value.suggested_filename == "china-trade_turnover_partner_usd_AZE-GEO_2013-2024.csv"
    assert any("Sources" in line for line in header)
    assert page.foreign_requests == []


def test_download_menu_and_chart_button_give_files(page, tmp_path):
    page.goto(page.origin + "/?countries=AZE,GEO&years=2015..2024")
    wait_title(page, ids.TRADE, "Trade turnover with China")
    page.locator("details.downloads summary").click()
    with page.expect_download() as info:
        page.locator(f"#{ids.DOWNLOADS} a", has_text="trade").first.click()
    assert info.value.suggested_filename.endswith(".csv")
    csv_path = tmp_path / info.value.suggested_filename
    info.value.save_as(csv_path)
    assert read_export_csv(csv_path)[1]["country"].isin(["AZE", "GEO"]).all()

    # The chart's own camera button, with SVG chosen on the page.
    page.get_by_label("SVG").check()
    page.wait_for_function(
        f"() => {{ const g = document.querySelector('#{ids.TRADE} .js-plotly-plot');"
        " return g && g._context.toImageButtonOptions.format === 'svg'; }",
        timeout=10000,
    )
    page.hover(f"#{ids.TRADE} .js-plotly-plot")
    buttons = page.locator(f"#{ids.TRADE} .modebar-btn")
    titles = [buttons.nth(i).get_attribute("data-title") for i in range(buttons.count())]
    assert not [t for t in titles if "Share" in t]  # never an upload to Plotly Cloud
    with page.expect_download() as info:
        page.locator(f"#{ids.TRADE} .modebar-btn[data-title^='Download plot']").click()
    assert info.value.suggested_filename == ("china-trade_turnover_china_usd_AZE-GEO_2015-2024.svg")
    svg_path = tmp_path / "chart.svg"
    info.value.save_as(svg_path)
    text = svg_path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and "Sources: " in text
    # issue 17: the image says its filter, the view's URL and the licence; no events layer
    assert "AZE, GEO; 2015–2024" in text
    assert "countries=AZE,GEO" in text and "CC BY 4.0" in text
    assert "BTK railway opens" not in text and "Events (hover a marker)" not in text
    # ... unless asked for
    page.get_by_label("Events in images").check()
    with page.expect_download() as info:
        page.locator(f"#{ids.TRADE} .modebar-btn[data-title^='Download plot']").click()
    info.value.save_as(svg_path)
    assert "BTK railway opens" in svg_path.read_text(encoding="utf-8")
    assert page.foreign_requests == [] and page.console_errors == []
