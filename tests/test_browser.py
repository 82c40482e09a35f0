"""The page in real Chromium (Debian's), offline: every request must stay on the test server."""

from __future__ import annotations

import pytest

from dashboard.web import ids

pytestmark = pytest.mark.browser

TRACE_NAMES = (
    "id => { const g = document.querySelector('#' + id + ' .js-plotly-plot');"
    " return Array.from((g && g.data) || []).map(t => t.name); }"
)
X_RANGE = "() => document.querySelector('#trade-chart .js-plotly-plot').layout.xaxis.range"


def wait_drawn(page):
    # country outlines (basemap), the route lines and the node markers
    page.wait_for_selector(
        f"#{ids.MAP} .geo .layer.countries path", state="attached", timeout=20000
    )
    page.wait_for_function(
        f"() => document.querySelectorAll('#{ids.MAP} .scattergeo path.js-line').length >= 2",
        timeout=20000,
    )
    page.wait_for_function(
        f"() => {{ const g = document.querySelector('#{ids.TRADE} .js-plotly-plot');"
        " return g && g.data && g.data.length > 0; }",
        timeout=20000,
    )


def test_page_offline_filters_drive_panels(page):
    page.goto(page.origin + "/")
    wait_drawn(page)
    assert page.evaluate(TRACE_NAMES, ids.TRADE)[:1] == ["Kazakhstan"]

    # Countries: add Uzbekistan with the keyboard, see the trade chart follow.
    page.click(f"#{ids.COUNTRIES}")
    page.wait_for_selector(f"#{ids.COUNTRIES}[aria-expanded=true]", timeout=5000)
    page.keyboard.type("Uzbek")
    page.get_by_role("option", name="Uzbekistan (UZB)").wait_for(timeout=5000)
    # Enter picks the highlighted option: wait until the search has left only this one
    page.wait_for_function("() => document.querySelectorAll('[role=option]').length === 1")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function(
        f"() => ({TRACE_NAMES})('{ids.TRADE}').includes('Uzbekistan')", timeout=10000
    )
    assert "countries=KAZ,AZE,GEO,UZB" in page.url

    # Years: move the lower handle right with the keyboard; the x axis follows.
    handle = page.locator(f"#{ids.YEARS} [role=slider]").first
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({X_RANGE})()[0] === 2014.5", timeout=10000)
    assert page.evaluate(X_RANGE) == [2014.5, 2024.5]
    assert "years=2015..2024" in page.url

    assert page.foreign_requests == []
    assert page.console_errors == []


def test_empty_selection_shows_no_data_messages(page):
    page.goto(page.origin + "/?countries=")
    wait_drawn_map = f"#{ids.MAP} .geo .layer.countries path"
    page.wait_for_selector(wait_drawn_map, state="attached", timeout=20000)
    for graph in (ids.TRADE, ids.INVESTMENT):
        page.wait_for_function(
            f"() => (document.querySelector('#{graph}') || {{innerText: ''}}).innerText"
            ".includes('No countries selected')",
            timeout=10000,
        )
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_bad_link_falls_back_with_notice(page):
    page.goto(page.origin + "/?years=banana&countries=AZE")
    page.wait_for_function(
        f"() => (document.querySelector('#{ids.NOTICE}') || {{innerText: ''}}).innerText"
        ".includes('year range')",
        timeout=15000,
    )
    page.wait_for_function(f"() => ({TRACE_NAMES})('{ids.TRADE}').length > 0", timeout=15000)
    assert page.evaluate(TRACE_NAMES, ids.TRADE)[0] == "Azerbaijan"
    assert page.console_errors == []
